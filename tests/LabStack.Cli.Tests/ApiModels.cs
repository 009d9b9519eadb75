using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// Checks recorded calls against AWS's API models with tools/validate/sdk.mjs's <c>checkClientCalls</c> (the models of
/// node_modules/aws-sdk/apis): the operation exists, every input member is one of the model's, with its type, required
/// ones present, and every member of the fake's answer is one of the output shape's, with its type. A fake answering
/// with a member the real API does not have is a finding, so the test fails.
/// </summary>
public static class ApiModels
{
    private static readonly string SdkModule = new Uri(Path.Combine(Repository.Root, "tools", "validate", "sdk.mjs")).AbsoluteUri;

    /// <summary>The findings for <paramref name="calls"/> (an error answer is checked for its input only).</summary>
    public static IReadOnlyList<string> Findings(IEnumerable<FakeAws.Call> calls)
    {
        var list = new JsonArray(calls.Select(c => (JsonNode)new JsonObject
        {
            ["service"] = c.Service, ["command"] = c.Operation + "Command", ["input"] = c.Input.DeepClone(),
            ["output"] = c.Output?.DeepClone(), ["where"] = $"{c.Service}:{c.Operation}",
        }).ToArray());
        var script = $$"""
            import { readFileSync } from 'node:fs';
            const { checkClientCalls } = await import('{{SdkModule}}');
            const calls = JSON.parse(readFileSync(0, 'utf8')).map((c) => c.output === null ? { ...c, output: undefined } : c);
            process.stdout.write(JSON.stringify(checkClientCalls(calls).map((f) => `${f.rule}: ${f.message}`)));
            """;
        var input = Path.GetTempFileName();
        File.WriteAllText(input, list.ToJsonString());
        try
        {
            var run = ProcessRunner.Run("bash", ["-c", $"node --input-type=module -e \"$0\" < '{input}'", script], Repository.Root, TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, run.Stderr);
            return JsonNode.Parse(run.Stdout)!.AsArray().Select(f => (string)f!).ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }
}
