using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab extend [--hours N]</c>: restarts the lab's expiry clock as a deploy does, and says when the lab now deletes
/// itself. A deploy with no changes sends no CloudFormation event (the CDK CLI skips the stack), so it does not restart
/// the clock; this starts the clock's state machine with the event a deploy of the Expiry stack would send
/// (UPDATE_COMPLETE), plus <c>expire_after_hours</c>. The new clock stops the older ones itself.
/// </summary>
public static class Extend
{
    /// <summary>The clock and the Expiry stack, as the Expiry stack's outputs give them.</summary>
    private sealed record ExpiryOutputs(string StackName, string ClockArn, string StackId, int ExpireAfterHours);

    /// <summary>Starts a clock for <see cref="CliOptions.Hours"/> (else the deployed expireAfterHours) and prints when it ends.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output)
    {
        var expiry = Read(options.OutputsFile, options.LabName);
        if (expiry.ExpireAfterHours == 0)
        {
            throw new CliException($"Expiry is off in {expiry.StackName} (expireAfterHours=0): the lab stays until you destroy it, there is nothing to extend.");
        }
        var hours = options.Hours ?? expiry.ExpireAfterHours;
        using var clients = LabClients.Create();
        var running = await clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest
        {
            StateMachineArn = expiry.ClockArn, StatusFilter = ExecutionStatus.RUNNING,
        }).ConfigureAwait(false);
        var started = await clients.StepFunctions.StartExecutionAsync(new StartExecutionRequest
        {
            StateMachineArn = expiry.ClockArn, Input = SyntheticEvent(expiry.StackId, hours, DateTime.UtcNow),
        }).ConfigureAwait(false);
        var deletesAt = (started.StartDate ?? DateTime.UtcNow).AddHours(hours);
        if (running.Executions.Count == 0)
        {
            output.WriteLine("No expiry clock was running (cancelled, or a deletion ran): this one starts the expiry again.");
        }
        output.WriteLine($"The lab deletes itself at {deletesAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC ({hours} h from now) " +
            "unless you deploy or extend again.");
        output.WriteLine($"clock: {started.ExecutionArn}");
        return 0;
    }

    /// <summary>
    /// The "CloudFormation Stack Status Change" event of <paramref name="stackId"/> reaching UPDATE_COMPLETE, as the clock
    /// reads it (<c>detail.stack-id</c>, <c>detail.status-details.status</c>, <c>time</c>), and the hours to wait.
    /// </summary>
    public static string SyntheticEvent(string stackId, int hours, DateTime now) => new JsonObject
    {
        ["detail-type"] = "CloudFormation Stack Status Change",
        ["source"] = "labstack.lab-extend",
        ["time"] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["detail"] = new JsonObject
        {
            ["stack-id"] = stackId,
            ["status-details"] = new JsonObject { ["status"] = "UPDATE_COMPLETE" },
        },
        ["expire_after_hours"] = hours,
    }.ToJsonString();

    /// <summary>The Expiry stack's outputs in <paramref name="path"/>, or one line saying what is missing.</summary>
    private static ExpiryOutputs Read(string path, string? labName)
    {
        var file = OutputsFile.Load(path, labName);
        var stacks = file.Stacks("-Expiry");
        if (stacks.Count > 1)
        {
            throw new CliException($"{path} holds several labs' Expiry stacks: pass --lab NAME.");
        }
        if (file.Find("-Expiry", "ClockArn") is not string clock || file.Find("-Expiry", "StackId") is not string id
            || !int.TryParse(file.Find("-Expiry", "ExpireAfterHours"), NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
        {
            throw new CliException($"{path} has no clock of a {labName ?? "<lab>"}-Expiry stack: the Expiry stack is not deployed (npx cdk deploy {labName ?? "mllab"}-Expiry).");
        }
        return new ExpiryOutputs(stacks[0], clock, id, hours);
    }
}
