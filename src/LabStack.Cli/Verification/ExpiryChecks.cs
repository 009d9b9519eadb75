using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.StepFunctions.Model;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Verification;

/// <summary>
/// The expiry module: a clock runs (a RUNNING execution of the ClockArn output's state machine), and the wait it entered
/// is the one its own input asks for (<c>expire_after_hours</c>, as <c>lab extend --hours</c> sends; else the deployed
/// ExpireAfterHours), so the deletion time it keeps is the one the learner was told.
/// </summary>
public static class ExpiryChecks
{
    /// <summary>The state the clock waits in (ExpiryClock's; a test compares).</summary>
    public const string WaitState = "Wait for expiry";

    /// <summary>The most hours the clock takes from its input (MaxHours; a test compares).</summary>
    public const int MaxHours = 720;

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("expiry", "the expiry clock runs and waits as its input asks", CheckPrice.Free, () => ClockAsync(lab));
    }

    private static async Task<Verdict> ClockAsync(VerifyContext lab)
    {
        var clock = lab.Require("Expiry", "ClockArn");
        var deployed = int.TryParse(lab.Require("Expiry", "ExpireAfterHours"), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : -1;
        if (deployed == 0)
        {
            return Verdict.Pass("expiry is off (expireAfterHours=0): no clock is meant to run");
        }
        var running = await lab.Clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest
        {
            StateMachineArn = clock, StatusFilter = Amazon.StepFunctions.ExecutionStatus.RUNNING,
        }).ConfigureAwait(false);
        var newest = running.Executions.Where(e => e.ExecutionArn is not null && e.StartDate is not null).OrderByDescending(e => e.StartDate).FirstOrDefault();
        if (newest is null)
        {
            return Verdict.Fail($"a RUNNING execution of {clock}", "none", "the lab will not delete itself: deploy again or run lab extend");
        }
        var input = (await lab.Clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = newest.ExecutionArn }).ConfigureAwait(false)).Input;
        var asked = AskedHours(input);
        var expected = asked ?? deployed;
        var wait = await WaitEnteredAsync(lab, newest.ExecutionArn!).ConfigureAwait(false);
        if (wait is not (DateTime entered, double seconds))
        {
            return Verdict.Fail($"clock {newest.Name} waiting in '{WaitState}'", "no such state entered in its history",
                "the clock did not reach its wait: read its history in the Step Functions console");
        }
        var at = entered.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var from = asked is null ? $"the deployed expireAfterHours={deployed}" : $"its input's expire_after_hours={asked} (lab extend)";
        return seconds == expected * 3600.0
            ? Verdict.Pass($"clock {newest.Name} deletes the lab at {at} UTC: {expected} h from {from}")
            : Verdict.Fail($"a wait of {expected} h ({from})", $"{seconds / 3600:0.##} h (deletion at {at} UTC)",
                "the clock ignores its input: redeploy the Expiry stack");
    }

    /// <summary>The input's <c>expire_after_hours</c> when the clock takes it (a whole number from 1 to 720), else null.</summary>
    public static int? AskedHours(string? input) =>
        input is not null && JsonNode.Parse(input) is JsonObject o && o["expire_after_hours"] is JsonValue v && v.TryGetValue<double>(out var x)
            && x == Math.Floor(x) && x is >= 1 and <= MaxHours ? (int)x : null;

    /// <summary>When the execution entered its wait and the seconds its input there says (the newest events first, all pages).</summary>
    private static async Task<(DateTime Entered, double Seconds)?> WaitEnteredAsync(VerifyContext lab, string execution)
    {
        string? token = null;
        do
        {
            var body = new JsonObject { ["executionArn"] = execution, ["reverseOrder"] = true, ["maxResults"] = 100, ["includeExecutionData"] = true };
            if (token is not null)
            {
                body["nextToken"] = token;
            }
            var page = await lab.Clients.Aws.JsonAsync(AwsService.StepFunctions, "GetExecutionHistory", body).ConfigureAwait(false);
            foreach (var e in (page["events"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (SignedAwsClient.Text(e["type"]) == "WaitStateEntered" && e["stateEnteredEventDetails"] is JsonObject details
                    && SignedAwsClient.Text(details["name"]) == WaitState && e["timestamp"] is JsonValue time && time.TryGetValue<double>(out var epoch)
                    && SignedAwsClient.Text(details["input"]) is string state && JsonNode.Parse(state)?["wait"]?["seconds"] is JsonValue s && s.TryGetValue<double>(out var seconds))
                {
                    return (DateTime.UnixEpoch.AddSeconds(epoch), seconds);
                }
            }
            token = SignedAwsClient.Text(page["nextToken"]);
        }
        while (token is { Length: > 0 });
        return null;
    }
}
