using Amazon.Runtime;
using Amazon.StepFunctions;
using LabStack.Cli;
using LabStack.Cli.Commands;

// lab analyze FILE... | lab runs [--last N] | lab verify: drives and checks the deployed lab's AI pipeline;
// lab extend [--hours N]: restarts the lab's expiry clock.
// lab preflight [--modules LIST]: checks the account and region before a first deploy; lab status: what the lab runs and
// what it costs by the hour now; lab stop [--yes]: stops what bills by the hour, keeps the data.
// Exit codes (docs/lab-command.md): 0 all well, 1 a run failed or a check did not pass, 2 bad input, missing outputs or
// credentials, or an AWS error, 3 AccessDenied (the line names the refused action), 4 still throttled after retries;
// each is one line on stderr, no stack trace.
try
{
    var options = CliOptions.Parse(args);
    return options.Command switch
    {
        "analyze" => await Analyze.RunAsync(options.Files, options, Console.Out, Console.Error),
        "runs" => await Runs.RunAsync(options, Console.Out),
        "extend" => await Extend.RunAsync(options, Console.Out),
        "preflight" => await Preflight.RunAsync(options, Console.Out, Console.Error),
        "status" => await Status.RunAsync(options, Console.Out, Console.Error),
        "stop" => await Stop.RunAsync(options, Console.Out, Console.Error, Console.In),
        "leftovers" => await Leftovers.RunAsync(options, Console.Out, Console.Error),
        _ => await Verify.RunAsync(options, Console.Out, Console.Error),
    };
}
catch (Exception error) when (Refusal.Of(error) is (int code, string line))
{
    Console.Error.WriteLine(line);
    return code;
}
catch (Exception error) when (error is CliException or LabStack.Configuration.SettingsException)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
catch (Exception error) when (error is AmazonServiceException or AmazonStepFunctionsException or LabStack.Cli.Aws.AwsCallException or AmazonClientException or HttpRequestException)
{
    Console.Error.WriteLine($"AWS refused or could not be reached: {error.Message.ReplaceLineEndings(" ")}");
    return 2;
}
catch (OperationCanceledException)
{
    // The AWS SDK's S3 client ends a call that goes unanswered past its timeout this way.
    Console.Error.WriteLine("AWS did not answer in time: check the network (or a proxy), then run the command again.");
    return 2;
}
