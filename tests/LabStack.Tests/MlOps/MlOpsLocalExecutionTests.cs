using System.Text.RegularExpressions;
using LabStack.MlOps;
using LabStack.Tests.Validation;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The module's two workflows taken from the synthesized template and run by aws-local-stepfunctions with mocked
/// SageMaker and DynamoDB responses checked against the API models: scenarios/deploy (approve, update, reject, a refused
/// create, an endpoint that fails) and scenarios/start (new data, the daily cap, the shipped sample).
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class MlOpsLocalExecutionTests(LabFixture lab)
{
    private static readonly string ScenarioRoot = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "MlOps", "scenarios");
    private static readonly Dictionary<string, JsonObject> Reports = [];
    private static readonly Dictionary<string, string> Machines = new() { ["deploy"] = "DeploymentStateMachine", ["start"] = "StarterStateMachine" };

    public static TheoryData<string, string> Scenarios
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var folder in Machines.Keys)
            {
                foreach (var file in Directory.GetFiles(Path.Combine(ScenarioRoot, folder), "*.json").Order(StringComparer.Ordinal))
                {
                    data.Add(folder, Path.GetFileNameWithoutExtension(file));
                }
            }
            return data;
        }
    }

    private JsonObject Report(string folder)
    {
        if (!Reports.TryGetValue(folder, out var report))
        {
            report = LocalRuns.Run(Path.Combine(lab.Default.AssemblyDirectory, $"{lab.Default.Stack<MlOpsStack>().StackName}.template.json"),
                Path.Combine(ScenarioRoot, folder), "--machine", Machines[folder]);
            Reports[folder] = report;
        }
        return report;
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("start")]
    public void DefinitionPassesAslValidator(string folder) => Assert.Empty(Report(folder)["aslErrors"]!.AsArray());

    [Fact]
    public void TheScenariosCoverApproveRejectAndAFailedCreate() =>
        Assert.Superset(new HashSet<string> { "deploy/approve-creates-the-endpoint", "deploy/reject-does-nothing", "deploy/create-refused", "start/cap-reached-starts-nothing" },
            Scenarios.Select(row => $"{row[0]}/{row[1]}").ToHashSet());

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ScenarioEndsExactlyAsExpected(string folder, string scenario)
    {
        var expect = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioRoot, folder, scenario + ".json")))!["expect"]!;
        var run = Report(folder)["runs"]![scenario]!;
        LocalRuns.AssertRunMatches(expect, run);
        if ((string?)expect["status"] == "FAILED")
        {
            Assert.Equal(((string?)expect["error"], (string?)expect["cause"]), ((string?)run["error"], (string?)run["cause"]));
        }
        foreach (var (state, expected) in expect["calls"]?.AsObject() ?? [])
        {
            var actual = run["calls"]![state]!.DeepClone();
            foreach (var call in actual.AsArray())
            {
                if (call!["ClientRequestToken"] is JsonNode token)
                {
                    Assert.Matches(Sha256(), (string)token!); // 64 characters: within StartPipelineExecution's 32 to 128
                    call["ClientRequestToken"] = "<sha-256 of the execution id>";
                }
            }
            LocalRuns.AssertJson(expected, actual);
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();
}
