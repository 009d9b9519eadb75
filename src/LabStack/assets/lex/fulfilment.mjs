// Fulfilment of the lab assistant, the Lex V2 bot of the lex module: answers from what is in the lake.
// Lex invokes it with the recognized intent and its slots (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html)
// and says the message it returns (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html).
// Its role may list and read only the prefixes below; everything else in the lake is AccessDenied.
export const CUSTOMERS_PREFIX = "raw/customers/";
export const CUSTOMERS_KEY = CUSTOMERS_PREFIX + "customers.csv";
export const RESULTS_PREFIX = "curated/ai-results/";
export const ERRORS_PREFIX = "curated/ai-errors/";
export const MAX_PAGES = 10; // 10,000 run documents: the pipeline's daily upload cap keeps a lab far below that
export const MAX_MESSAGE = 1000; // Lex refuses a longer PlainText message
const THROTTLED = new Set(["SlowDown", "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"]);

/** The reply to one Lex event, reading the lake through `s3` (an S3Client or a fake with `send`). */
export async function answer(event, s3, commands, bucket) {
  const intent = event.sessionState.intent;
  const lake = { send: (command) => s3.send(command), commands, bucket };
  try {
    return close(intent, "Fulfilled", await (INTENTS[intent.name] ?? help)(intent, lake));
  } catch (error) {
    console.error(JSON.stringify({ intent: intent.name, error: error?.name, message: error?.message }));
    return close(intent, "Failed", explain(error));
  }
}

function close(intent, state, content) {
  return {
    sessionState: { dialogAction: { type: "Close" }, intent: { name: intent.name, slots: intent.slots ?? {}, state } },
    messages: [{ contentType: "PlainText", content: content.length > MAX_MESSAGE ? content.slice(0, MAX_MESSAGE - 3) + "..." : content }],
  };
}

/** CustomerLookup: one row of the shipped customers dataset, by its CustomerId slot. */
async function customerLookup(intent, lake) {
  const id = String(intent.slots?.CustomerId?.value?.interpretedValue ?? "").trim().toUpperCase();
  if (!/^C\d{5}$/.test(id)) return `"${id}" is not a customer id: the sample's ids run from C00001 to C05000.`;
  const listed = await lake.send(new lake.commands.ListObjectsV2Command({ Bucket: lake.bucket, Prefix: CUSTOMERS_PREFIX }));
  if (!(listed.Contents ?? []).some((object) => object.Key === CUSTOMERS_KEY)) {
    return `The sample customers are not in the lake yet (${CUSTOMERS_KEY}): deploy the datalake module, which uploads them.`;
  }
  const [header, ...rows] = (await read(lake, CUSTOMERS_KEY)).trim().split(/\r?\n/);
  const row = rows.find((line) => line.startsWith(id + ","));
  if (!row) return `There is no customer ${id} in ${CUSTOMERS_KEY}.`;
  const names = header.split(",");
  const c = Object.fromEntries(row.split(",").map((value, i) => [names[i], value === "" ? "unknown" : value]));
  return `Customer ${id}: age ${c.age}, ${c.tenure_months} months a customer on a ${c.contract_type} contract, ` +
    `$${c.monthly_charges} a month by ${c.payment_method}, ${c.support_calls} support calls last quarter, region ${c.region}. ` +
    `Churned: ${c.churned === "1" ? "yes" : c.churned === "0" ? "no" : c.churned}.`;
}

/** LatestPipelineRun: the newest result or error document the AI pipeline wrote. */
async function latestPipelineRun(_intent, lake) {
  const runs = [...(await listAll(lake, RESULTS_PREFIX)), ...(await listAll(lake, ERRORS_PREFIX))].filter((o) => o.Key.endsWith(".json"));
  if (runs.length === 0) {
    return "No pipeline run is in the lake yet: deploy the pipeline module and upload a file to inbox/ (exercise 6).";
  }
  const newest = runs.reduce((a, b) => (new Date(b.LastModified) > new Date(a.LastModified) ? b : a));
  const run = JSON.parse(await read(lake, newest.Key));
  if (newest.Key.startsWith(ERRORS_PREFIX)) {
    return `The last run (${run.execution}) on ${run.object_key} failed at ${run.failed_at}: ${run.error}: ${run.cause}`;
  }
  const labels = (run.labels ?? []).map((label) => label?.Name).filter(Boolean).slice(0, 3);
  return `The last run (${run.execution}) analyzed ${run.object_key} as ${run.input_type} and finished at ${run.finished_at}` +
    (labels.length ? `; labels: ${labels.join(", ")}` : "") + `; ${(run.text_analyses ?? []).length} text(s) analyzed (${newest.Key}).`;
}

/** FallbackIntent: what the assistant can answer. */
async function help() {
  return "I answer two questions about the lab's data: \"tell me about customer C00042\" and \"show the last pipeline run\".";
}

export const INTENTS = { CustomerLookup: customerLookup, LatestPipelineRun: latestPipelineRun, FallbackIntent: help };

async function listAll(lake, prefix) {
  const objects = [];
  let token;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await lake.send(new lake.commands.ListObjectsV2Command({ Bucket: lake.bucket, Prefix: prefix, ContinuationToken: token }));
    objects.push(...(listed.Contents ?? []));
    token = listed.IsTruncated ? listed.NextContinuationToken : undefined;
    if (!token) break;
  }
  return objects;
}

async function read(lake, key) {
  const object = await lake.send(new lake.commands.GetObjectCommand({ Bucket: lake.bucket, Key: key }));
  return object.Body.transformToString();
}

/** What the learner is told when the lake cannot be read; the log has the error itself. */
export function explain(error) {
  const name = error?.name ?? "Error";
  const status = error?.$metadata?.httpStatusCode;
  if (name === "AccessDenied" || status === 403) {
    return `The assistant may not read that part of the lake (${name}): its role reads only ${CUSTOMERS_PREFIX}, ${RESULTS_PREFIX} and ${ERRORS_PREFIX}.`;
  }
  if (name === "NoSuchBucket") return "The lake bucket is gone (NoSuchBucket): deploy the datalake module again.";
  if (name === "NoSuchKey") return "That document was deleted while I read it (NoSuchKey): ask again.";
  if (THROTTLED.has(name) || status === 503) return `S3 is throttling the lake's reads (${name}): ask again in a few seconds.`;
  return `The lake could not be read (${name}): the function's log group has the details.`;
}

let s3;

export async function handler(event) {
  // The SDK ships with the Lambda runtime; importing it here keeps answer() loadable without it (tests).
  const sdk = await import("@aws-sdk/client-s3");
  s3 ??= new sdk.S3Client({});
  return answer(event, s3, sdk, process.env.LAKE_BUCKET);
}
