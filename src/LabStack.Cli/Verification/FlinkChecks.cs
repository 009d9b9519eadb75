using System.Text.Json.Nodes;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Verification;

/// <summary>
/// Flink: the Studio notebook (the NotebookApplicationName output) is READY, as the stack creates it (stopped, billing
/// nothing), or RUNNING after a learner started it (a pass too, said so: it bills KPU-hours while running). It does not
/// start it.
/// </summary>
public static class FlinkChecks
{
    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("flink", "Studio notebook READY or RUNNING", CheckPrice.Free, () => NotebookAsync(lab));
    }

    private static async Task<Verdict> NotebookAsync(VerifyContext lab)
    {
        var name = lab.Require("Flink", "NotebookApplicationName");
        var answer = await lab.Clients.Aws.JsonAsync(AwsService.KinesisAnalytics, "DescribeApplication", new JsonObject { ["ApplicationName"] = name }).ConfigureAwait(false);
        var status = SignedAwsClient.Text(answer["ApplicationDetail"]?["ApplicationStatus"]) ?? "no status";
        return status switch
        {
            "READY" => Verdict.Pass($"{name} READY: stopped, as deployed (the StartNotebook output starts it)"),
            "RUNNING" => Verdict.Pass($"{name} RUNNING: it bills KPU-hours until stopped (the StopNotebook output stops it)"),
            _ => Verdict.Fail($"{name} READY or RUNNING", status,
                "STARTING, STOPPING and UPDATING pass in minutes (run lab verify --modules flink again); otherwise the application's CloudWatch log says why"),
        };
    }
}
