using System.Text.Json;
using LabStack.Tests.Validation;

namespace LabStack.Tests.Lex;

/// <summary>
/// The lab assistant's fulfilment (assets/lex/fulfilment.mjs, the code the stack deploys) run against a recording S3
/// fake that answers as S3 does: the shipped customers file, pagination of run documents, a lake with nothing in it yet,
/// AccessDenied, throttling and a key deleted between list and read. Every call and every fake answer is checked against
/// S3's API model, and every reply against the session state and messages of Lex V2's runtime model.
/// </summary>
public sealed class FulfilmentTests
{
    private static readonly Lazy<JsonObject> Results = new(RunAll);

    private static JsonObject Case(string name) => Results.Value["cases"]![name]!.AsObject();

    private static string Message(string name) => (string)Case(name)["reply"]!["messages"]![0]!["content"]!;

    private static string State(string name) => (string)Case(name)["reply"]!["sessionState"]!["intent"]!["state"]!;

    private static List<string> Calls(string name) =>
        Case(name)["calls"]!.AsArray().Select(c => $"{(string)c!["command"]!} {c["input"]!.ToJsonString()}").ToList();

    [Fact]
    public void ALookupReadsTheCustomersRowFromTheShippedFile()
    {
        var row = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Single(l => l.StartsWith("C00042,", StringComparison.Ordinal)).Split(',');
        Assert.Equal("Fulfilled", State("lookup"));
        Assert.Equal($"Customer C00042: age {row[1]}, {row[2]} months a customer on a {row[7]} contract, ${row[3]} a month by {row[8]}, " +
            $"{row[5]} support calls last quarter, region {row[9]}. Churned: {(row[11] == "1" ? "yes" : "no")}.", Message("lookup"));
        Assert.Equal(
        [
            """ListObjectsV2Command {"Bucket":"lake","Prefix":"raw/customers/"}""",
            """GetObjectCommand {"Bucket":"lake","Key":"raw/customers/customers.csv"}""",
        ], Calls("lookup"));
    }

    [Fact]
    public void ALowercaseIdIsTheSameCustomerAndAMissingValueIsSaidToBeUnknown()
    {
        Assert.StartsWith("Customer C00042: ", Message("lookup-lowercase"));
        Assert.StartsWith("Customer C00008: age unknown, ", Message("lookup-missing-age")); // C00008 has no age in the sample
    }

    [Fact]
    public void AnIdOutsideTheSampleIsAnsweredWithoutGuessing()
    {
        Assert.Equal("There is no customer C09999 in raw/customers/customers.csv.", Message("lookup-unknown"));
        Assert.Equal("\"X12\" is not a customer id: the sample's ids run from C00001 to C05000.", Message("lookup-not-an-id"));
        Assert.Empty(Calls("lookup-not-an-id"));
    }

    [Fact]
    public void BeforeTheSampleIsInTheLakeTheAssistantSaysSoAndReadsNothing()
    {
        Assert.Equal("Fulfilled", State("lookup-empty-lake"));
        Assert.Equal("The sample customers are not in the lake yet (raw/customers/customers.csv): deploy the datalake module, which uploads them.",
            Message("lookup-empty-lake"));
        Assert.Equal(["""ListObjectsV2Command {"Bucket":"lake","Prefix":"raw/customers/"}"""], Calls("lookup-empty-lake"));
    }

    [Fact]
    public void WithoutThePipelineThereIsNoRunAndTheAssistantSaysHowToMakeOne()
    {
        Assert.Equal("Fulfilled", State("runs-none"));
        Assert.Equal("No pipeline run is in the lake yet: deploy the pipeline module and upload a file to inbox/ (exercise 6).", Message("runs-none"));
    }

    [Fact]
    public void TheNewestRunAcrossPagesAndBothPrefixesIsTheOneDescribed()
    {
        Assert.Equal("The last run (run-5) analyzed inbox/street-sign.png as image and finished at 2026-11-30T10:05:00Z; labels: Road Sign, Text; " +
            "0 text(s) analyzed (curated/ai-results/run-5.json).", Message("runs-paged"));
        var calls = Calls("runs-paged");
        Assert.Equal("""ListObjectsV2Command {"Bucket":"lake","Prefix":"curated/ai-results/","ContinuationToken":"2"}""", calls[1]);
        Assert.Equal("""GetObjectCommand {"Bucket":"lake","Key":"curated/ai-results/run-5.json"}""", calls[^1]);
        Assert.Equal("The last run (run-err) on inbox/not-supported.csv failed at 2026-11-30T11:00:00Z: LabPipeline.UnsupportedUpload: " +
            "csv is not analyzed", Message("runs-error-newest"));
    }

    [Fact]
    public void AccessDeniedThrottlingAndAVanishedKeyFailTheIntentWithWhatToDo()
    {
        Assert.Equal("Failed", State("denied"));
        Assert.Equal("The assistant may not read that part of the lake (AccessDenied): its role reads only raw/customers/, curated/ai-results/ " +
            "and curated/ai-errors/.", Message("denied"));
        Assert.Equal("Failed", State("throttled"));
        Assert.Equal("S3 is throttling the lake's reads (SlowDown): ask again in a few seconds.", Message("throttled"));
        Assert.Equal("That document was deleted while I read it (NoSuchKey): ask again.", Message("vanished"));
        Assert.Equal("The lake bucket is gone (NoSuchBucket): deploy the datalake module again.", Message("no-bucket"));
    }

    [Fact]
    public void TheFallbackSaysWhatTheAssistantAnswers()
    {
        Assert.Equal("Fulfilled", State("fallback"));
        Assert.Contains("tell me about customer C00042", Message("fallback"));
        Assert.Contains("show the last pipeline run", Message("fallback"));
        Assert.Empty(Calls("fallback"));
    }

    [Fact]
    public void EveryReplyClosesTheIntentWithOnePlainTextMessageWithinLexsLimit()
    {
        foreach (var (name, result) in Results.Value["cases"]!.AsObject())
        {
            var reply = result!["reply"]!;
            Assert.Equal("Close", (string?)reply["sessionState"]!["dialogAction"]!["type"]);
            Assert.Equal((string?)result["intent"], (string?)reply["sessionState"]!["intent"]!["name"]);
            var message = Assert.Single(reply["messages"]!.AsArray())!;
            Assert.Equal("PlainText", (string?)message["contentType"]);
            Assert.InRange(((string)message["content"]!).Length, 1, 1000);
        }
    }

    [Fact]
    public void EveryCallAndFakeAnswerFitsS3sModelAndEveryReplyFitsLexsRuntimeModel()
    {
        Assert.Empty(Results.Value["s3Findings"]!.AsArray());
        Assert.Empty(Results.Value["lexFindings"]!.AsArray());
        Assert.True(Results.Value["cases"]!.AsObject().Sum(c => c.Value!["calls"]!.AsArray().Count) >= 15);
    }

    private static JsonObject RunAll()
    {
        var module = new Uri(LabPaths.Asset("lex", "fulfilment.mjs")).AbsoluteUri;
        var customers = JsonSerializer.Serialize(LabPaths.Asset("sample-data", "customers", "customers.csv"));
        var runtimeModel = JsonSerializer.Serialize(Path.Combine(LabPaths.Root, "node_modules", "aws-sdk", "apis", "runtime.lex.v2-2020-08-07.min.json"));
        var script = $$"""
            import { readFileSync } from 'node:fs';
            const { answer } = await import('{{module}}');
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const names = ['ListObjectsV2Command', 'GetObjectCommand'];
            const commands = Object.fromEntries(names.map((n) => [n, { [n]: class { constructor(input) { this.input = input; this.name = n; } } }[n]]));
            const PAGE = 2; // S3 pages at 1,000 keys; two here, so that a few documents span pages

            // An S3 that holds `objects` ({ key: { body, modified } }) and fails a command as `failures` says.
            function fakeS3(objects, failures = {}) {
              const calls = [];
              const fail = (call, { name, status }) => {
                call.error = name;
                throw Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
              };
              return { calls, send: async (command) => {
                const call = { service: 's3', command: command.name, input: { ...command.input } };
                calls.push(call);
                if (failures[command.name]) fail(call, failures[command.name]);
                if (command.name === 'ListObjectsV2Command') {
                  const keys = Object.keys(objects).filter((k) => k.startsWith(command.input.Prefix)).sort();
                  const start = Number(command.input.ContinuationToken ?? 0);
                  const page = keys.slice(start, start + PAGE);
                  const more = start + PAGE < keys.length;
                  const output = { Name: command.input.Bucket, Prefix: command.input.Prefix, KeyCount: page.length, MaxKeys: PAGE, IsTruncated: more,
                    ...(page.length ? { Contents: page.map((Key) => ({ Key, LastModified: objects[Key].modified, Size: objects[Key].body.length, StorageClass: 'STANDARD' })) } : {}),
                    ...(command.input.ContinuationToken ? { ContinuationToken: command.input.ContinuationToken } : {}),
                    ...(more ? { NextContinuationToken: String(start + PAGE) } : {}) };
                  call.output = output;
                  return { ...output, Contents: output.Contents?.map((o) => ({ ...o, LastModified: new Date(o.LastModified) })) };
                }
                const object = objects[command.input.Key];
                if (!object) fail(call, { name: 'NoSuchKey', status: 404 });
                call.output = { Body: object.body, ContentLength: object.body.length, ContentType: 'application/octet-stream', LastModified: object.modified };
                return { ...call.output, Body: { transformToString: async () => object.body } };
              } };
            }

            const event = (intent, customerId) => ({
              messageVersion: '1.0', invocationSource: 'FulfillmentCodeHook', inputMode: 'Text', sessionId: 'learner-1',
              inputTranscript: customerId ? `tell me about customer ${customerId}` : 'show the last pipeline run',
              sessionState: { intent: { name: intent, state: 'ReadyForFulfillment', confirmationState: 'None',
                slots: customerId === undefined ? {} : { CustomerId: { value: { originalValue: customerId, interpretedValue: customerId, resolvedValues: [customerId] } } } } },
            });
            const customers = { 'raw/customers/customers.csv': { body: readFileSync({{customers}}, 'utf8'), modified: '2026-11-30T09:00:00Z' } };
            const doc = (value) => JSON.stringify(value);
            const result = (n, minute, extra = {}) => ({ body: doc({ execution: `run-${n}`, bucket: 'lake', object_key: `inbox/file-${n}.txt`, input_type: 'text',
              labels: [], text_analyses: [{}], started_at: '2026-11-30T10:00:00Z', finished_at: `2026-11-30T10:0${minute}:00Z`, ...extra }), modified: `2026-11-30T10:0${minute}:00Z` });
            const runs = {
              'curated/ai-results/run-1.json': result(1, 1), 'curated/ai-results/run-2.json': result(2, 2), 'curated/ai-results/run-3.json': result(3, 3),
              'curated/ai-results/run-5.json': result(5, 5, { object_key: 'inbox/street-sign.png', input_type: 'image', text_analyses: [],
                labels: [{ Name: 'Road Sign', Confidence: 98 }, { Name: 'Text', Confidence: 95 }] }),
              'curated/ai-errors/run-4.json': { body: doc({ execution: 'run-4', object_key: 'inbox/x.bin', error: 'E', cause: 'c', failed_at: '2026-11-30T10:04:00Z' }), modified: '2026-11-30T10:04:00Z' },
              'curated/ai-results/README.txt': { body: 'not a run', modified: '2026-12-01T00:00:00Z' },
            };
            const newestError = { ...runs, 'curated/ai-errors/run-err.json': { body: doc({ execution: 'run-err', object_key: 'inbox/not-supported.csv',
              error: 'LabPipeline.UnsupportedUpload', cause: 'csv is not analyzed', failed_at: '2026-11-30T11:00:00Z' }), modified: '2026-11-30T11:00:00Z' } };
            const cases = {
              'lookup': [event('CustomerLookup', 'C00042'), customers],
              'lookup-lowercase': [event('CustomerLookup', 'c00042'), customers],
              'lookup-missing-age': [event('CustomerLookup', 'C00008'), customers],
              'lookup-unknown': [event('CustomerLookup', 'C09999'), customers],
              'lookup-not-an-id': [event('CustomerLookup', 'X12'), customers],
              'lookup-empty-lake': [event('CustomerLookup', 'C00042'), {}],
              'runs-none': [event('LatestPipelineRun'), customers],
              'runs-paged': [event('LatestPipelineRun'), { ...customers, ...runs }],
              'runs-error-newest': [event('LatestPipelineRun'), newestError],
              'denied': [event('CustomerLookup', 'C00042'), customers, { GetObjectCommand: { name: 'AccessDenied', status: 403 } }],
              'throttled': [event('LatestPipelineRun'), runs, { ListObjectsV2Command: { name: 'SlowDown', status: 503 } }],
              'vanished': [event('LatestPipelineRun'), runs, { GetObjectCommand: { name: 'NoSuchKey', status: 404 } }],
              'no-bucket': [event('LatestPipelineRun'), {}, { ListObjectsV2Command: { name: 'NoSuchBucket', status: 404 } }],
              'fallback': [event('FallbackIntent'), customers],
            };

            // The reply's sessionState and messages against the shapes RecognizeText returns them in (Lex V2 runtime model).
            const model = JSON.parse(readFileSync({{runtimeModel}}, 'utf8'));
            const lexFindings = [];
            const shapeOf = (ref) => (ref.shape ? { ...model.shapes[ref.shape], ...shapeOf(model.shapes[ref.shape]) } : ref);
            const check = (ref, value, where) => {
              const shape = shapeOf(ref);
              if ((shape.type ?? 'string') === 'structure') {
                for (const [key, member] of Object.entries(value)) {
                  if (!shape.members?.[key]) lexFindings.push(`${where}.${key} is not a member`); else check(member, value[key], `${where}.${key}`);
                }
                for (const required of shape.required ?? []) if (!(required in value)) lexFindings.push(`${where}.${required} is required`);
              } else if (shape.type === 'list') value.forEach((item, i) => check(shape.member, item, `${where}[${i}]`));
              else if (shape.type === 'map') Object.entries(value).forEach(([k, v]) => check(shape.value, v, `${where}.${k}`));
            };
            const output = model.shapes[model.operations.RecognizeText.output.shape] ?? model.operations.RecognizeText.output;

            const out = {};
            const allCalls = [];
            for (const [name, [ev, objects, failures]] of Object.entries(cases)) {
              const s3 = fakeS3(objects, failures);
              const reply = await answer(ev, s3, commands, 'lake');
              check(output.members.sessionState, reply.sessionState, `${name}: sessionState`);
              check(output.members.messages, reply.messages, `${name}: messages`);
              out[name] = { intent: ev.sessionState.intent.name, reply, calls: s3.calls };
              allCalls.push(...s3.calls.map((c, i) => ({ ...c, where: `${name} call ${i + 1}` })));
            }
            process.stdout.write(JSON.stringify({ cases: out, s3Findings: checkClientCalls(allCalls), lexFindings }));
            """;
        return JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!.AsObject();
    }
}
