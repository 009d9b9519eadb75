using System.Net;
using System.Net.Sockets;

namespace LabStack.Cli.Tests;

/// <summary>Bad input and odd answers: always one line on stderr and exit code 2, never a stack trace.</summary>
public sealed partial class CliTests
{
    private static void AssertOneLineExitTwo(ProcessResult run, string expected)
    {
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stdout}{run.Stderr}");
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData("{ not json", "is not valid JSON")]
    [InlineData("[1, 2]", "is not the outputs cdk deploy writes (a JSON object of stacks)")]
    [InlineData("\"mllab\"", "is not the outputs cdk deploy writes (a JSON object of stacks)")]
    [InlineData("{}", "has no LakeBucketName of a <lab>-DataLake stack")]
    [InlineData("""{ "mllab-DataLake": "lab-lake-bucket", "mllab-AiPipeline": [] }""", "has no LakeBucketName of a <lab>-DataLake stack")]
    [InlineData("""{ "mllab-DataLake": { "LakeBucketName": 5 }, "mllab-AiPipeline": { "StateMachineArn": "arn" } }""", "has no LakeBucketName")]
    [InlineData("""{ "mllab-DataLake": { "LakeBucketName": "b" }, "mllab-AiPipeline": { "StateMachineArn": null } }""", "has no StateMachineArn of a <lab>-AiPipeline stack")]
    public void AnOutputsFileOfTheWrongShapeIsOneLine(string content, string expected)
    {
        File("cdk-outputs.json", content);

        AssertOneLineExitTwo(Cli.Run(aws, folder, true, "runs"), expected);
    }

    [Theory]
    [InlineData("--timeout", "NaN")]
    [InlineData("--timeout", "Infinity")]
    [InlineData("--timeout", "-Infinity")]
    [InlineData("--timeout", "1e308")]
    [InlineData("--timeout", "0")]
    [InlineData("--poll", "NaN")]
    [InlineData("--poll", "Infinity")]
    [InlineData("--poll", "1e308")]
    [InlineData("--poll", "0.05")]
    [InlineData("--poll", "0")]
    public void SecondsThatAreNotFiniteHugeOrTooSmallAreOneLine(string option, string value)
    {
        var file = File("ok-s.txt", "fine");

        var run = Cli.Run(aws, folder, true, "analyze", file, option, value);

        AssertOneLineExitTwo(run, $"{option} must be a number of seconds ");
        Assert.Contains($"not '{value}'", run.Stderr);
    }

    [Theory]
    [InlineData("runs somefile", "lab runs [--last N] takes no file or other argument, but got 'somefile'")]
    [InlineData("verify extra", "lab verify [--modules LIST] [--report FILE] [--quick] [--run-jobs] takes no file or other argument, but got 'extra'")]
    [InlineData("runs --poll 1", "Unknown option --poll for lab runs [--last N]: it takes --outputs FILE, --lab NAME, --last N")]
    [InlineData("runs --timeout 5", "Unknown option --timeout for lab runs [--last N]")]
    [InlineData("analyze ok-u.txt --last 3", "Unknown option --last for lab analyze FILE...")]
    [InlineData("analyze ok-u.txt --samples x", "Unknown option --samples for lab analyze FILE...")]
    [InlineData("analyze -x ok-u.txt", "Unknown option -x for lab analyze FILE...")]
    [InlineData("verify --lab", "--lab needs a value: --lab NAME")]
    public void AnOptionOrArgumentACommandDoesNotTakeIsOneLine(string commandLine, string expected)
    {
        File("ok-u.txt", "fine");

        AssertOneLineExitTwo(Cli.Run(aws, folder, true, commandLine.Split(' ')), expected);
    }

    [Fact]
    public void AProxysHtmlPageInsteadOfAnAnswerIsOneLine()
    {
        aws.StepFunctions.Start("run-p", "inbox/p.txt", ["SUCCEEDED"]);
        // Every attempt (the first and its four retries of a 5xx) gets the load balancer's page.
        aws.StepFunctions.AnswerNextWith(5, HttpStatusCode.BadGateway, "text/html",
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");

        var run = Cli.Run(aws, folder, true, "runs", "--last", "1");

        AssertOneLineExitTwo(run, "answered HTTP 502 with a page that is not from Step Functions (a proxy or network problem?): 502 Bad Gateway 502 Bad Gateway");
    }

    [Fact]
    public void AnAnswerThatIsNotJsonIsOneLine()
    {
        aws.StepFunctions.AnswerNextWith(1, HttpStatusCode.OK, "text/html", "<html><body>Sign in to the hotel Wi-Fi</body></html>");

        var run = Cli.Run(aws, folder, true, "runs", "--last", "1");

        AssertOneLineExitTwo(run, "Step Functions answered ListExecutions with something that is not JSON: Sign in to the hotel Wi-Fi");
    }

    [Fact]
    public void ANetworkThatDoesNotAnswerStopsTheCommandWithinItsTimeoutInOneLine()
    {
        var file = File("hang-n.txt", "Anyone there?");
        aws.StepFunctions.DelayNext(TimeSpan.FromSeconds(20));
        var started = DateTime.UtcNow;

        var run = Cli.Run(aws, folder, true, "analyze", file, "--timeout", "1.5", "--poll", "0.2");

        // The upload's progress line, then the one line of the error.
        Assert.StartsWith("uploaded ", run.ErrorLines[0]);
        AssertOneLineExitTwo(run with { Stderr = string.Join('\n', run.ErrorLines.Skip(1)) },
            "AWS refused or could not be reached: Step Functions did not answer ListExecutions within 1.5 s (127.0.0.1).");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "the command waited on the answer past its --timeout");
    }

    [Fact]
    public void AStepFunctionsEndpointThatRefusesConnectionsIsOneLine()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: connection refused

        var run = Cli.RunWith(aws, folder, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["AWS_ENDPOINT_URL_SFN"] = $"http://127.0.0.1:{port}/",
        }, "runs");

        AssertOneLineExitTwo(run, "AWS refused or could not be reached: ");
    }

    [Theory]
    [InlineData("hand-bucket-key", """{"bucket":"lab-lake-bucket","key":"inbox/by-hand.txt"}""", "inbox/by-hand.txt")]
    [InlineData("hand-array", "[1,2]", "(no key)")]
    [InlineData("hand-number-key", """{"key":5}""", "(no key)")]
    [InlineData("hand-detail-string", """{"detail":"x"}""", "(no key)")]
    [InlineData("hand-object-string", """{"detail":{"object":"x"}}""", "(no key)")]
    [InlineData("hand-duplicate", """{"key":"a","key":"b"}""", "(no key)")]
    [InlineData("hand-string", "\"just text\"", "(no key)")]
    [InlineData("hand-none", null, "(no key)")]
    public void ARunStartedByHandWithAnyInputIsListedAndDoesNotStopAnalyze(string name, string? input, string shown)
    {
        aws.StepFunctions.StartWith(name, input, ["SUCCEEDED"]);

        var runs = Cli.Run(aws, folder, true, "runs", "--last", "1");

        Assert.True(runs.ExitCode == 0, runs.Stdout + runs.Stderr);
        Assert.Matches($@"SUCCEEDED\s+\S+ \S+\s+4\.2 s  {System.Text.RegularExpressions.Regex.Escape(shown)}", runs.Stdout);

        // analyze reads past it (it describes every new run in the listing) and finds its own
        var file = File($"after-{name}.txt", "Next one.");
        aws.StepFunctions.OnUpload($"after-{name}.txt", $"run-{name}", ["SUCCEEDED"]);
        var analyze = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");
        Assert.Contains($"after-{name}.txt: SUCCEEDED in 4.2 s", analyze.Stdout);
        Assert.DoesNotContain("   at ", analyze.Stderr);
    }
}
