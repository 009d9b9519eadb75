using System.Diagnostics;
using Amazon.StepFunctions;
using LabStack.Cli.Aws;

namespace LabStack.Cli.Verification;

/// <summary>How a check ended: passed, failed, or not run because its module is not deployed.</summary>
public enum Outcome
{
    /// <summary>What was expected came back.</summary>
    Pass,

    /// <summary>Something else came back, or AWS refused.</summary>
    Fail,

    /// <summary>The module's stack is not in the outputs.</summary>
    NotDeployed,
}

/// <summary>What a check costs: dollars from the lab's price table, or 0 with why it is free.</summary>
/// <param name="Dollars">The price.</param>
/// <param name="How">How it is priced (the rate and the usage), or why it is free.</param>
public sealed record CheckPrice(double Dollars, string How)
{
    /// <summary>A check that only reads (Describe/Get/List calls): AWS does not bill those calls.</summary>
    public static readonly CheckPrice Free = new(0, "free: read-only API calls");
}

/// <summary>What a check found: passed with a detail, or failed with what was expected and what came back.</summary>
public sealed record Verdict(bool Passed, string Detail, string? Expected = null, string? Got = null, CheckPrice? Price = null)
{
    /// <summary>Passed.</summary>
    public static Verdict Pass(string detail, CheckPrice? price = null) => new(true, detail, Price: price);

    /// <summary>Failed: <paramref name="expected"/>, but <paramref name="got"/>; <paramref name="fix"/> says what to do.</summary>
    public static Verdict Fail(string expected, string got, string fix, CheckPrice? price = null) => new(false, $"expected {expected}, got {got}: {fix}", expected, got, price);
}

/// <summary>One check's result as the table and the report show it.</summary>
public sealed record CheckResult(string Module, string Name, Outcome Outcome, string Detail, double Seconds, CheckPrice Price,
    string? Expected = null, string? Got = null, string? ErrorCode = null, string? RequestId = null, string? Action = null);

/// <summary>A named check of a module: what it does, what it costs when its verdict does not say, and how to run it.</summary>
public sealed record Check(string Module, string Name, CheckPrice Price, Func<Task<Verdict>> Run)
{
    /// <summary>Runs the check, timed; an AWS error is its failure, with the code, the request id and the refused action.</summary>
    public async Task<CheckResult> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var verdict = await Run().ConfigureAwait(false);
            return new CheckResult(Module, Name, verdict.Passed ? Outcome.Pass : Outcome.Fail, verdict.Detail, clock.Elapsed.TotalSeconds,
                verdict.Price ?? Price, verdict.Expected, verdict.Got);
        }
        catch (MissingOutputException error)
        {
            return new CheckResult(Module, Name, Outcome.Fail, $"expected {error.Expected}, got none: {error.Message}", clock.Elapsed.TotalSeconds, Price, error.Expected, "none");
        }
        catch (Exception error) when (Refused(error) is (string action, string code, string message, var requestId))
        {
            return new CheckResult(Module, Name, Outcome.Fail, $"{action} answered {code}: {message}", clock.Elapsed.TotalSeconds, Price,
                "an answer", code, code, requestId, action);
        }
    }

    /// <summary>An AWS error as the refused action, its code, message and request id; null for anything else.</summary>
    private static (string Action, string Code, string Message, string? RequestId)? Refused(Exception error) => error switch
    {
        AwsCallException e => (e.Action, e.ErrorCode, e.Message, e.RequestId),
        AmazonStepFunctionsException e => (e.Action, e.ErrorCode, e.Message, e.RequestId),
        Amazon.Runtime.AmazonServiceException e => ("s3", e.ErrorCode ?? e.StatusCode.ToString(), e.Message.ReplaceLineEndings(" "), e.RequestId),
        _ => null,
    };
}
