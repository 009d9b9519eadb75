
namespace LabStack.Tests.Validation;

/// <summary>
/// Local executions of a synthesized state machine (tools/stepfunctions/run-local.mjs: aws-local-stepfunctions with
/// mocked service responses, asl-validator, and the API-model check of every mock), and the checks every scenario shares.
/// </summary>
public static class LocalRuns
{
    /// <summary>Runs <paramref name="scenarioFolder"/>'s scenarios against a template's state machine.</summary>
    /// <param name="template">The synthesized template file.</param>
    /// <param name="scenarioFolder">A folder of scenario files (<c>*.json</c>).</param>
    /// <param name="options">run-local options: <c>--machine &lt;logical id prefix&gt;</c>, <c>--import &lt;export&gt;=&lt;value&gt;</c>.</param>
    public static JsonObject Run(string template, string scenarioFolder, params string[] options) => JsonNode.Parse(NodeTools.Run("node",
    [
        "--import", "./tools/stepfunctions/polyfill.mjs",
        Path.Combine(LabPaths.Root, "tools", "stepfunctions", "run-local.mjs"),
        .. options,
        template,
        .. Directory.GetFiles(scenarioFolder, "*.json").Order(StringComparer.Ordinal),
    ]))!.AsObject();

    /// <summary>
    /// What every scenario must show: mocks that a real API could return, the expected status, every mock consumed,
    /// and exactly the expected number of calls per task.
    /// </summary>
    public static void AssertRunMatches(JsonNode expect, JsonNode run)
    {
        Assert.True(run["modelFindings"]!.AsArray().Count == 0, $"mocked responses that no real API returns:\n{run["modelFindings"]!.ToJsonString()}");
        Assert.Equal((string?)expect["status"], (string?)run["status"]);
        Assert.Empty(run["unusedMocks"]!.AsArray());
        Assert.Equal(
            expect["callCounts"]!.AsObject().ToDictionary(c => c.Key, c => (int)c.Value!),
            run["calls"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.AsArray().Count));
    }

    /// <summary>Two JSON documents are equal, with both shown when they are not.</summary>
    public static void AssertJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected?.ToJsonString()}\nactual:\n{actual?.ToJsonString()}");
}
