using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// Checks recorded calls against AWS's API models with tools/validate/sdk.mjs's <c>checkClientCalls</c> (the models of
/// node_modules/aws-sdk/apis): the operation exists, every input member is one of the model's, with its type, required
/// ones present, and every member of the fake's answer is one of the output shape's, with its type. A fake answering
/// with a member the real API does not have is a finding, so the test fails. The check runs in the test run's one
/// long-lived Node process (tools/validate/client-calls.mjs through <see cref="NodeToolServer"/>).
/// </summary>
public static class ApiModels
{
    /// <summary>The findings for <paramref name="calls"/> (an error answer is checked for its input only).</summary>
    public static IReadOnlyList<string> Findings(IEnumerable<FakeAws.Call> calls)
    {
        var list = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
        {
            ["service"] = c.Service, ["command"] = c.Operation + "Command", ["input"] = c.Input.DeepClone(),
            ["output"] = c.Output?.DeepClone(), ["where"] = $"{c.Service}:{c.Operation}",
        }).ToArray());
        var input = Path.GetTempFileName();
        File.WriteAllText(input, list.ToJsonString());
        try
        {
            var (stdout, _) = NodeToolServer.Call(Repository.Root, "tools/validate/client-calls.mjs", [input], TimeSpan.FromMinutes(1));
            return JsonNode.Parse(stdout)!.AsArray().Select(f => $"{f!["rule"]}: {f["message"]}").ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }
}
