using System.Text.Json.Nodes;
using LabStack.AiPipeline;
using LabStack.Tests.Validation;

namespace LabStack.Tests.AiPipeline;

/// <summary>
/// The video header reader's code as deployed (the template's inline code), run on real files (the committed samples,
/// and files the test builds from them) against a fake S3 that answers ranged GetObject calls as S3 does; every call
/// it makes, and the fake's answer, is checked against S3's API model. The scenarios' mocked answers of the reader are
/// what it returns for the sample files.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class VideoHeaderTests(LabFixture lab)
{
    private static readonly string Samples = LabPaths.Asset("pipeline-samples");

    private static readonly string Scenarios = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios");

    /// <summary>
    /// The answers of the deployed code for each named file (a sample's file name, or a file the script builds from the
    /// samples in <c>files</c>), with the calls each made, all checked against S3's model.
    /// </summary>
    private JsonObject Measure(string buildFiles)
    {
        var code = InlineFunctionCode.Of(lab.Default.TemplateJson(lab.Default.Stack<AiPipelineStack>().StackName), "WorkflowVideoHeaderFunction");
        var module = InlineFunctionCode.AsModule(code);
        var samples = Samples.Replace("\\", "/", StringComparison.Ordinal);
        var script = $$"""
            import { readFileSync } from 'node:fs';
            const { measure } = (await import('{{module}}')).default;
            const sample = (name) => readFileSync('{{samples}}/' + name);
            const u32 = (n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
            const u64 = (n) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
            const box = (type, ...parts) => Buffer.concat([u32(8 + parts.reduce((n, p) => n + p.length, 0)), Buffer.from(type, 'latin1'), ...parts]);
            const files = {};
            {{buildFiles}}
            class GetObjectCommand { constructor(input) { this.input = input; } }
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const results = {};
            for (const [name, bytes] of Object.entries({ ...Object.fromEntries(['test-pattern.mp4', 'test-pattern.mov', 'not-video.mp4'].map((n) => [n, sample(n)])), ...files })) {
              const calls = [];
              const send = async (command) => {
                const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(command.input.Range);
                const part = bytes.subarray(Number(from), Math.min(Number(to), bytes.length - 1) + 1);
                calls.push({ service: 's3', command: 'GetObjectCommand', input: command.input, where: name,
                  output: { ContentLength: part.length, ContentRange: `bytes ${from}-${Number(from) + part.length - 1}/${bytes.length}`, ETag: command.input.IfMatch } });
                return { Body: { transformToByteArray: async () => new Uint8Array(part) } };
              };
              const answer = await measure(send, GetObjectCommand, { bucket: 'lab-lake-bucket', key: 'inbox/' + name, etag: '"e"', bytes: bytes.length,
                poll: { base: {{VideoAnalysis.PollBaseSeconds}}, per_minute: {{VideoAnalysis.PollSecondsPerVideoMinute}} } });
              results[name] = { answer, calls: calls.map((c) => c.input) };
              const findings = checkClientCalls(calls);
              if (findings.length) throw new Error(JSON.stringify(findings));
            }
            process.stdout.write(JSON.stringify(results));
            """;
        return JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!.AsObject();
    }

    private JsonObject SamplesMeasured => samplesMeasured ??= Measure("");

    private static JsonObject? samplesMeasured;

    [Fact]
    public void TheCodeIsTheScriptInlineAndFitsLambdasLimit()
    {
        var code = InlineFunctionCode.Of(lab.Default.TemplateJson(lab.Default.Stack<AiPipelineStack>().StackName), "WorkflowVideoHeaderFunction");
        Assert.Equal(InlineScript.Of([LabPaths.Asset("pipeline-functions", "video-header.js")], "video-header.js"), code);
        Assert.True(code.Length <= InlineScript.InlineCodeLimit, "inline Lambda code is limited to 4 KB");
    }

    [Fact]
    public void TheDurationIsFoundWithTheIndexAtTheStartOrAtTheEndWithAFewSmallRangedReads()
    {
        var mp4 = SamplesMeasured["test-pattern.mp4"]!;
        var mov = SamplesMeasured["test-pattern.mov"]!;
        // Both samples last 6 seconds (generate-video.sh); the MP4 has its index right after ftyp, the MOV after the media.
        Assert.Equal(6.0, (double)mp4["answer"]!["seconds"]!);
        Assert.Equal(6.0, (double)mov["answer"]!["seconds"]!);
        Assert.True((bool)mp4["answer"]!["is_video"]! && (bool)mov["answer"]!["is_video"]!);
        Assert.Equal(("isom", "qt"), ((string)mp4["answer"]!["brand"]!, (string)mov["answer"]!["brand"]!));
        Assert.Equal(32, (int)mp4["answer"]!["index_offset"]!);
        Assert.True((int)mov["answer"]!["index_offset"]! > 30_000, "the MOV's moov comes after its media");
        // Every read is a small range of the described version: box headers and the movie header, never the media.
        foreach (var call in mp4["calls"]!.AsArray().Concat(mov["calls"]!.AsArray()))
        {
            Assert.Equal("\"e\"", (string?)call!["IfMatch"]);
            var range = System.Text.RegularExpressions.Regex.Match((string)call["Range"]!, @"^bytes=(\d+)-(\d+)$");
            Assert.InRange(long.Parse(range.Groups[2].Value) - long.Parse(range.Groups[1].Value) + 1, 1, 32);
        }
        Assert.Equal(4, mp4["calls"]!.AsArray().Count);
        Assert.Equal(6, mov["calls"]!.AsArray().Count);
        // The wait between looks at the job: the base, plus its share per minute of video.
        Assert.Equal(VideoAnalysis.PollBaseSeconds + 1, (int)mp4["answer"]!["poll_seconds"]!);
    }

    [Fact]
    public void TheScenariosMockWhatTheReaderAnswersForTheSamples()
    {
        JsonNode Mocked(string scenario) => JsonNode.Parse((string)JsonNode.Parse(File.ReadAllText(Path.Combine(Scenarios, scenario + ".json")))!
            ["mocks"]!["Read video header"]![0]!["result"]!["Payload"]!)!;
        LocalRuns.AssertJson(SamplesMeasured["test-pattern.mp4"]!["answer"], Mocked("video-labels-two-pages"));
        LocalRuns.AssertJson(SamplesMeasured["not-video.mp4"]!["answer"], Mocked("video-not-a-video"));
    }

    [Fact]
    public void LongVideosSixtyFourBitBoxesAndBadFilesAreMeasuredOrNamedWithTheirReason()
    {
        var measured = Measure("""
            const ftyp = box('ftyp', Buffer.from('isom', 'latin1'), u32(512), Buffer.from('isommp41', 'latin1'));
            const mvhd0 = (scale, duration) => box('mvhd', u32(0), u32(0), u32(0), u32(scale), u32(duration), Buffer.alloc(80));
            const mvhd1 = (scale, duration) => box('mvhd', u32(0x01000000), u64(0), u64(0), u32(scale), u64(duration), Buffer.alloc(80));
            // 90.5 s at 1000 units a second, after a media box with a 64-bit size (size field 1).
            const mdat64 = Buffer.concat([u32(1), Buffer.from('mdat', 'latin1'), u64(16 + 4096), Buffer.alloc(4096)]);
            files['long.mp4'] = Buffer.concat([ftyp, mdat64, box('moov', mvhd0(1000, 90500))]);
            // Version 1 movie header: 64-bit times, 2 hours at 600 units a second.
            files['v1.mov'] = Buffer.concat([ftyp, box('moov', box('udta', Buffer.alloc(8)), mvhd1(600, 600 * 7200))]);
            // A file whose duration is "unknown" (all ones), one cut short before its index, one with a box past the end.
            files['unknown.mp4'] = Buffer.concat([ftyp, box('moov', mvhd0(1000, 0xffffffff))]);
            files['cut.mov'] = sample('test-pattern.mov').subarray(0, 30000);
            files['no-moov.mp4'] = Buffer.concat([ftyp, box('free', Buffer.alloc(64))]);
            // More boxes before the index than the reader looks at.
            files['many-boxes.mp4'] = Buffer.concat([ftyp, ...Array.from({ length: 40 }, () => box('free')), box('moov', mvhd0(1000, 1000))]);
            """);
        double Seconds(string name) => (double)measured[name]!["answer"]!["seconds"]!;
        string Reason(string name) => (string)measured[name]!["answer"]!["reason"]!;
        Assert.Equal(90.5, Seconds("long.mp4"));
        Assert.True(Seconds("long.mp4") > UploadKinds.VideoMaxSeconds, "the workflow refuses it as too long");
        Assert.Equal(7200.0, Seconds("v1.mov"));
        Assert.Contains("gives no duration", Reason("unknown.mp4"), StringComparison.Ordinal);
        Assert.Contains("past the end of the file", Reason("cut.mov"), StringComparison.Ordinal);
        Assert.Contains("no movie index (moov box)", Reason("no-moov.mp4"), StringComparison.Ordinal);
        Assert.Contains("within 16 reads", Reason("many-boxes.mp4"), StringComparison.Ordinal);
        Assert.Equal(16, measured["many-boxes.mp4"]!["calls"]!.AsArray().Count);
        Assert.Equal("no MP4 or QuickTime box at byte 0: not an MP4 or MOV file", (string)SamplesMeasured["not-video.mp4"]!["answer"]!["reason"]!);
        foreach (var name in new[] { "unknown.mp4", "cut.mov", "no-moov.mp4", "many-boxes.mp4", "not-video.mp4" })
        {
            var answer = (measured[name] ?? SamplesMeasured[name])!["answer"]!;
            Assert.False((bool)answer["is_video"]!, name);
            Assert.Equal(-1, (double)answer["seconds"]!);
        }
    }
}
