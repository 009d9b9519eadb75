using System.Text.Json.Nodes;
using LabStack.AiPipeline;
using LabStack.DataLake;
using LabStack.Tests.Validation;

namespace LabStack.Tests.AiPipeline;

/// <summary>
/// The synthesized state machine, taken from the template with its intrinsics resolved, run locally by
/// aws-local-stepfunctions with mocked service responses shaped like the real APIs' (scenarios/*.json), and checked
/// by asl-validator. Each scenario's <c>expect</c> holds the exact document written (or error and error document)
/// and how many times each task was called.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LocalExecutionTests(LabFixture lab)
{
    private static readonly string ScenarioFolder = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios");
    private static JsonObject? runs;

    private static IEnumerable<string> ScenarioNames =>
        Directory.GetFiles(ScenarioFolder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Scenarios => new(ScenarioNames);

    private JsonObject Runs => runs ??= LocalRuns.Run(
        Path.Combine(lab.Default.AssemblyDirectory, $"{lab.Default.Stack<AiPipelineStack>().StackName}.template.json"),
        ScenarioFolder, "--import", $"{LakeBucketExport()}=lab-lake-bucket");

    [Fact]
    public void DefinitionPassesAslValidator() => Assert.Empty(Runs["aslErrors"]!.AsArray());

    [Fact]
    public void TheScenariosCoverEveryKindOfUploadAndFailure() =>
        Assert.Superset(
            new HashSet<string> { "english-text", "spanish-text", "image-labels-only", "image-with-text", "empty-text", "oversized-text",
                "unsupported-type", "throttled-then-succeeds", "missing-object",
                // Bad uploads and lost-run paths: each a row of README's table of outcomes.
                "mixed-case-extension", "no-extension-image", "no-extension-unknown-type", "double-extension", "key-with-special-characters",
                "latin1-text", "utf16-text", "cut-inside-a-character", "no-language-found", "optional-members-left-out", "image-lists-left-out",
                "translation-too-long", "result-not-written", "error-document-not-written", "jpg-that-is-text", "png-over-pixel-limits",
                "same-key-twice-first", "same-key-twice-second", "at-the-daily-cap", "over-the-daily-cap",
                // Issue #26, item 4: the pipeline never loses an upload.
                "transcript-over-the-limit", "mp3-over-its-byte-limit", "audio-too-long", "unsupported-language-pair", "low-confidence-language",
                "replaced-before-it-was-described", "overwrite-between-head-and-get", "latin1-text-two-lines", "binary-txt",
                "no-extension-charset-UTF-8", "no-extension-image-jpg", "folder-marker", "s3-slowdown-on-head", "ogg-not-transcribed",
                // Issue #34: Rekognition Video.
                "video-labels-two-pages", "video-job-failed", "video-polling-runs-out", "video-too-long", "video-not-a-video",
                "video-throttled-until-retries-run-out", "video-header-reader-failed", "video-over-its-byte-limit" },
            ScenarioNames.ToHashSet());

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ScenarioEndsExactlyAsExpected(string scenario)
    {
        var scenarioJson = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioFolder, scenario + ".json")))!;
        var expect = scenarioJson["expect"]!;
        var execution = (string?)scenarioJson["executionName"] ?? "test-execution";
        var run = Runs["runs"]![scenario]!;
        var calls = run["calls"]!.AsObject();

        LocalRuns.AssertRunMatches(expect, run);

        if ((string?)expect["status"] == "SUCCEEDED" && expect["document"]?["ignored"] is not null)
        {
            // An object that is not an upload (a folder marker): the run succeeds with the reason, and writes nothing.
            LocalRuns.AssertJson(expect["document"], run["output"]);
            Assert.False(calls.ContainsKey("Write result") || calls.ContainsKey("Write error"), "an ignored object writes no document");
        }
        else if ((string?)expect["status"] == "SUCCEEDED")
        {
            var output = WithoutStartTime(run["output"]!);
            LocalRuns.AssertJson(expect["document"], output);
            var written = Assert.Single(calls["Write result"]!.AsArray())!;
            Assert.Equal("lab-lake-bucket", (string?)written["Bucket"]);
            Assert.Equal($"curated/ai-results/{execution}.json", (string?)written["Key"]);
            LocalRuns.AssertJson(output, WithoutStartTime(JsonNode.Parse((string)written["Body"]!)!));
        }
        else
        {
            Assert.Equal((string?)expect["error"], (string?)run["error"]);
            Assert.Equal((string?)expect["cause"], (string?)run["cause"]);
            if (expect["errorDocument"] is JsonObject errorDocument)
            {
                var written = Assert.Single(calls["Write error"]!.AsArray())!;
                Assert.Equal($"curated/ai-errors/{execution}.json", (string?)written["Key"]);
                LocalRuns.AssertJson(errorDocument, JsonNode.Parse((string)written["Body"]!));
            }
            else if (expect["callCounts"]?["Write error"] is null)
            {
                Assert.False(calls.ContainsKey("Write error"), "a run refused before it knows the object writes no error document");
            }
        }

        foreach (var (state, expected) in expect["calls"]?.AsObject() ?? [])
        {
            LocalRuns.AssertJson(expected, WithoutStartDay(calls[state]!));
        }
    }

    /// <summary>
    /// The export the pipeline imports the lake bucket's name through: the one whose value is the DataLake stack's
    /// LakeBucketName output.
    /// </summary>
    private string LakeBucketExport()
    {
        var outputs = lab.Default.TemplateJson(lab.Default.Stack<DataLakeStack>().StackName)["Outputs"]!.AsObject();
        var bucketName = outputs["LakeBucketName"]!["Value"]!;
        return outputs.Single(o => o.Value!["Export"] is not null && JsonNode.DeepEquals(o.Value["Value"], bucketName)).Value!["Export"]!["Name"]!.GetValue<string>();
    }

    /// <summary>started_at is the local runner's clock (it does not take the mocked context's start time).</summary>
    [Fact]
    public void ATargetLanguagePollyCannotSpeakIsRecordedNotFailed()
    {
        var synthesized = lab.With("targetLanguage=zh-TW");
        var folder = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios-zh-TW");
        var run = LocalRuns.Run(Path.Combine(synthesized.AssemblyDirectory, $"{synthesized.Stack<AiPipelineStack>().StackName}.template.json"),
            folder, "--import", $"{LakeBucketExport()}=lab-lake-bucket")["runs"]!["no-polly-voice"]!;
        var expect = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "no-polly-voice.json")))!["expect"]!;
        LocalRuns.AssertRunMatches(expect, run);
        LocalRuns.AssertJson(expect["document"], WithoutStartTime(run["output"]!));
        Assert.DoesNotContain(StateMachineDefinitions.AllStates(StateMachineDefinitions.Read(synthesized.TemplateJson(synthesized.Stack<AiPipelineStack>().StackName))),
            s => s.Name == "Speak");
    }

    /// <summary>The daily-cap counter's key is the run's start day, which the local runner takes from the clock.</summary>
    private static JsonNode WithoutStartDay(JsonNode calls)
    {
        var copy = calls.DeepClone();
        foreach (var call in copy.AsArray())
        {
            if (call?["Key"] is JsonObject key && key["day"] is JsonObject day)
            {
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string)day["S"]!);
                day["S"] = "<execution start day>";
            }
        }
        return copy;
    }

    private static JsonNode WithoutStartTime(JsonNode document)
    {
        var copy = document.DeepClone();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", (string)copy["started_at"]!);
        copy["started_at"] = "<execution start>";
        return copy;
    }
}
