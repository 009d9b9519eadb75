// Sample producer for the lab's Kinesis stream: puts `count` usage events (default 100, at most 5000) for
// customers of the sample dataset (C00001..C05000), so what Firehose delivers joins back to the customers table.
// Invoke: aws lambda invoke --function-name <ProducerFunctionName> --cli-binary-format raw-in-base64-out --payload '{"count":500}' out.json
export const MAX_COUNT = 5000;
const CUSTOMERS = 5000;
const BATCH = 500; // PutRecords accepts at most 500 records per call
const TYPES = [["data", 0.55], ["call", 0.25], ["sms", 0.15], ["support", 0.05]];

/** The usage events to send: plain objects matching the Glue table usage_events. */
export function makeEvents(count, now = new Date(), random = Math.random) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new Error(`count must be a whole number from 1 to ${MAX_COUNT}, got ${JSON.stringify(count)}`);
  }
  return Array.from({ length: count }, (_, i) => {
    const type = pick(random);
    return {
      event_id: `${now.getTime().toString(36)}-${i}`,
      customer_id: `C${String(1 + Math.floor(random() * CUSTOMERS)).padStart(5, "0")}`,
      // Hive JSON SerDe's default timestamp format, which Firehose converts to a Parquet timestamp.
      event_time: new Date(now.getTime() - Math.floor(random() * 60_000)).toISOString().replace("T", " ").replace("Z", ""),
      event_type: type,
      data_mb: type === "data" ? Math.round(Math.exp(2 + random() * 3) * 100) / 100 : 0,
      duration_seconds: type === "call" || type === "support" ? Math.floor(random() * 900) : 0,
    };
  });
}

function pick(random) {
  let r = random();
  for (const [type, weight] of TYPES) if ((r -= weight) < 0) return type;
  return TYPES[0][0];
}

let kinesis;

export async function handler(event = {}) {
  const events = makeEvents(event.count ?? 100);
  // The SDK ships with the Lambda runtime; importing it here keeps makeEvents loadable without it (tests).
  const { KinesisClient, PutRecordsCommand } = await import("@aws-sdk/client-kinesis");
  kinesis ??= new KinesisClient({});
  let failed = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const records = events.slice(i, i + BATCH).map((e) => ({ Data: Buffer.from(JSON.stringify(e) + "\n"), PartitionKey: e.customer_id }));
    const result = await kinesis.send(new PutRecordsCommand({ StreamName: process.env.STREAM_NAME, Records: records }));
    failed += result.FailedRecordCount ?? 0;
  }
  return { stream: process.env.STREAM_NAME, sent: events.length - failed, failed };
}
