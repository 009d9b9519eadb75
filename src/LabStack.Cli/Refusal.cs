using Amazon.StepFunctions;
using LabStack.Cli.Aws;

namespace LabStack.Cli;

/// <summary>The two AWS answers a learner fixes differently from a bad input: AccessDenied (exit 3) and throttling (exit 4).</summary>
public static class Refusal
{
    /// <summary>Exit code 3: the caller may not make the call.</summary>
    public const int AccessDenied = 3;

    /// <summary>Exit code 4: AWS kept throttling after every retry.</summary>
    public const int Throttled = 4;

    /// <summary>The exit code and line for <paramref name="error"/>, or null when it is neither.</summary>
    public static (int Code, string Line)? Of(Exception error)
    {
        var (action, code, message) = error switch
        {
            AwsCallException e => (e.Action, e.ErrorCode, e.Message),
            AmazonStepFunctionsException e => (e.Action, e.ErrorCode, e.Message),
            _ => (null, null, null),
        };
        if (action is null || code is null)
        {
            return null;
        }
        if (code is "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation")
        {
            return (AccessDenied, $"AccessDenied: your credentials may not call {action} ({message?.ReplaceLineEndings(" ")}): " +
                $"ask for {action} in your IAM policy (docs/lab-command.md lists what each command calls).");
        }
        return SignedAwsClient.IsThrottling(code)
            ? (Throttled, $"Throttled: AWS kept refusing {action} with {code} after 5 tries: wait a minute and run the command again.")
            : null;
    }
}
