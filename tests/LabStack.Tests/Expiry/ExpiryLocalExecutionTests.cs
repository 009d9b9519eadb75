using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabStack.Expiry;
using LabStack.Tests.Validation;

namespace LabStack.Tests.Expiry;

/// <summary>
/// The expiry workflows taken from the synthesized template and run by aws-local-stepfunctions with mocked
/// CloudFormation and Step Functions responses shaped like the real APIs' (checked against the API models), waits
/// passing at once: scenarios/clock for the clock, scenarios/deletion (and deletion-kept-lake, with retainData=true)
/// for the deletion. Each scenario's <c>expect</c> holds the status, error and cause, the exact output, the call counts
/// and the exact inputs of the calls it lists.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class ExpiryLocalExecutionTests(LabFixture lab)
{
    private static readonly string ScenarioRoot = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "Expiry", "scenarios");
    private static readonly Dictionary<string, JsonObject> Reports = [];

    /// <summary>Scenario folder: which machine it runs, and with which settings.</summary>
    private static readonly Dictionary<string, (string Machine, string[] Settings)> Folders = new()
    {
        ["clock"] = ("Clock", []),
        ["deletion"] = ("Deletion", []),
        ["deletion-kept-lake"] = ("Deletion", ["retainData=true"]),
        ["clock-alerts"] = ("Clock", ["alertEmail=learner@example.com"]),
        ["deletion-alerts"] = ("Deletion", ["alertEmail=learner@example.com"]),
    };

    private static IEnumerable<(string Folder, string Name)> ScenarioNames => Folders.Keys.SelectMany(folder =>
        Directory.GetFiles(Path.Combine(ScenarioRoot, folder), "*.json").Order(StringComparer.Ordinal)
            .Select(f => (folder, Path.GetFileNameWithoutExtension(f))));

    public static TheoryData<string, string> Scenarios
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (folder, name) in ScenarioNames)
            {
                data.Add(folder, name);
            }
            return data;
        }
    }

    private JsonObject Report(string folder)
    {
        if (!Reports.TryGetValue(folder, out var report))
        {
            var (machine, settings) = Folders[folder];
            var synthesized = settings.Length == 0 ? lab.Default : lab.With(settings);
            report = LocalRuns.Run(Path.Combine(synthesized.AssemblyDirectory, $"{synthesized.Stack<ExpiryStack>().StackName}.template.json"),
                Path.Combine(ScenarioRoot, folder), "--machine", machine);
            Reports[folder] = report;
        }
        return report;
    }

    [Theory]
    [InlineData("clock")]
    [InlineData("deletion")]
    [InlineData("deletion-kept-lake")]
    [InlineData("clock-alerts")]
    [InlineData("deletion-alerts")]
    public void DefinitionPassesAslValidator(string folder) => Assert.Empty(Report(folder)["aslErrors"]!.AsArray());

    [Fact]
    public void TheScenariosCoverWhatAForgottenLabMeets()
    {
        var names = ScenarioNames.Select(s => $"{s.Folder}/{s.Name}").ToHashSet();
        Assert.Superset(
            new HashSet<string> { "clock/deploy-then-expiry", "clock/redeploy-during-the-wait", "clock/deletion-starts", "deletion/full-lab", "deletion/stack-deleted-by-hand",
             "deletion/delete-failed", "deletion/only-some-modules", "deletion-kept-lake/report-in-the-kept-lake", "clock/lake-deleted",
             "clock/extend-for-72-hours", "clock/extend-with-fractional-hours", "clock/delete-failed-restarts",
             "clock-alerts/delete-failed-tells-and-restarts", "deletion-alerts/lab-deleted-tells" },
            names);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ScenarioEndsExactlyAsExpected(string folder, string scenario)
    {
        var expect = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioRoot, folder, scenario + ".json")))!["expect"]!;
        var run = Report(folder)["runs"]![scenario]!;
        var calls = run["calls"]!.AsObject();

        LocalRuns.AssertRunMatches(expect, run);
        if ((string?)expect["status"] == "FAILED")
        {
            Assert.Equal((string?)expect["error"], (string?)run["error"]);
            Assert.Equal((string?)expect["cause"], (string?)run["cause"]);
        }
        if (expect["output"] is JsonNode output)
        {
            LocalRuns.AssertJson(output, WithoutTimes(run["output"]!));
        }
        foreach (var (state, expected) in expect["calls"]?.AsObject() ?? [])
        {
            LocalRuns.AssertJson(expected, calls[state]);
        }
        if (expect["report"] is JsonObject report)
        {
            var written = Assert.Single(calls[(string)report["state"]!]!.AsArray())!;
            Assert.Equal((string?)report["bucket"], (string?)written["Bucket"]);
            Assert.Equal((string?)report["key"], (string?)written["Key"]);
            var document = WithoutTimes(JsonNode.Parse((string)written["Body"]!)!);
            if (expect["output"] is JsonNode success)
            {
                LocalRuns.AssertJson(success, document);
            }
            else
            {
                Assert.Equal(("failed", (string?)expect["error"], (string?)expect["cause"]),
                    ((string?)document["outcome"], (string?)document["error"], (string?)document["cause"]));
            }
        }
    }

    /// <summary>Start and finish times come from the local runner's clock: checked for form, then masked.</summary>
    private static JsonNode WithoutTimes(JsonNode document)
    {
        var copy = document.DeepClone();
        foreach (var (key, placeholder) in new[] { ("started_at", "<execution start>"), ("finished_at", "<state entered>"), ("failed_at", "<state entered>") })
        {
            if (copy[key] is JsonNode time)
            {
                Assert.Matches(Timestamp(), (string)time!);
                copy[key] = placeholder;
            }
        }
        return copy;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex Timestamp();
}
