using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// <c>lab status</c> against the fakes: the stacks, what bills (and what does not), prices from the lab's price table,
/// the expiry and today's uploads, every list paged, every call and answer checked against the API models.
/// </summary>
public sealed class StatusTests : IClassFixture<FakeAwsFixture>, IDisposable
{
    private readonly FakeAws aws;
    private readonly FakeLab lab = new();
    private readonly string folder = Directory.CreateTempSubdirectory("lab-status-").FullName;

    public StatusTests(FakeAwsFixture fixture)
    {
        aws = fixture.Aws;
        aws.Reset();
        lab.AnswerOn(aws);
        FakeLab.WriteOutputs(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ProcessResult Run(IReadOnlyDictionary<string, string?>? overrides = null, params string[] args) => aws.RunLab(folder, "status", args, overrides);

    private static IReadOnlyList<string> Lines(ProcessResult run) => run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    private static string Row(string what, string state, string price) => $"{what,-64}  {state,-14}  {price}";

    private void AssertSignedAndModelled()
    {
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    [Fact]
    public void ARunningLabShowsItsStacksWhatBillsAndTheTotals()
    {
        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
        [
            $"{"STACK",-28}  STATUS",
            $"{"mllab-Expiry",-28}  UPDATE_COMPLETE",
            $"{"mllab-DataLake",-28}  UPDATE_COMPLETE",
            $"{"mllab-Streaming",-28}  CREATE_COMPLETE",
            $"{"mllab-Emr",-28}  UPDATE_ROLLBACK_COMPLETE",
            $"{"mllab-SageMaker",-28}  CREATE_COMPLETE",
            $"{"mllab-AiPipeline",-28}  CREATE_COMPLETE",
            "",
            $"{"BILLS BY THE HOUR",-64}  {"STATE",-14}  PER HOUR",
            Row("notebook mllab-notebook (ml.t3.medium)", "InService", "$0.050"),
            Row("endpoint mllab-sentiment-serverless (serverless: billed per request)", "InService", "-"),
            Row("endpoint mllab--nb-xgb-1 (1 x ml.m5.large)", "InService", "$0.115"),
            Row("EMR cluster j-LAB0001 master (1 x m5.xlarge)", "WAITING", "$0.240"),
            Row("Kinesis stream mllab-events (1 shard)", "ACTIVE", "$0.015"),
            Row("Glue job run mllab-features jr_running (2 DPU)", "RUNNING", "$0.880"),
            "",
            "expiry: the lab deletes itself at 2025-12-04 12:00 UTC unless you deploy or run lab extend",
            $"uploads: 7 of 200 pipeline uploads today ({today}, maxUploadsPerDay)",
            "prices: us-east-1's on-demand prices from the lab's price table (read 2026-11-24 to 2026-12-01)",
            "total: $1.300 per hour, $31.200 per day",
            "",
        ], Lines(run));
        // Every page was read: 7 stacks 2 a page, the endpoints 1 a page, the groups 1 a page.
        Assert.Equal(4, aws.Calls.Count(c => c.Operation == "DescribeStacks"));
        Assert.Equal(3, aws.Calls.Count(c => c.Operation == "ListEndpoints"));
        Assert.Equal(2, aws.Calls.Count(c => c.Operation == "ListInstanceGroups"));
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "DescribeEndpoint" && (string?)c.Input["EndpointName"] == "mllab2-endpoint");
        var read = Assert.Single(aws.Calls, c => c.Operation == "GetItem");
        Assert.Equal(today, (string?)read.Input["Key"]!["day"]!["S"]);
        Assert.Equal("mllab-AiPipeline-UploadCapCountersAD6E6D41-1ABC", (string?)read.Input["TableName"]);
        AssertSignedAndModelled();
    }

    [Theory]
    [InlineData("RUNNING", true)]
    [InlineData("READY", false)]
    public void AFlinkStudioNotebookBillsItsKpusOnlyWhileItRuns(string status, bool running)
    {
        lab.AddFlink(aws, folder, status);

        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        // Two KPUs of its own and two for Studio at $0.11 ($0.44), and 2 x 50 GB of running storage at $0.10 a GB-month ($0.014).
        Assert.Contains(Row("Flink application mllab-flink-studio (4 KPUs)", status, running ? "$0.454" : "-"), Lines(run));
        AssertSignedAndModelled();
    }

    [Fact]
    public void ALabAtRestBillsNothingByTheHour()
    {
        lab.Notebook = ("Stopped", "ml.t3.medium");
        lab.Endpoints.RemoveAt(1);
        lab.ClusterState = "TERMINATED";
        lab.Shards = 0;
        lab.JobRuns.RemoveAt(0);
        lab.ClockRunning = false;
        lab.Uploads = 0;

        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = Lines(run);
        Assert.Contains(Row("notebook mllab-notebook (ml.t3.medium)", "Stopped", "-"), lines);
        Assert.Contains(Row("EMR cluster j-LAB0001", "TERMINATED", "-"), lines);
        Assert.Contains(Row("Kinesis stream mllab-events (0 shards)", "ACTIVE", "-"), lines);
        Assert.Contains("expiry: no expiry clock is running (cancelled, or a deletion ran): deploy again or run lab extend", lines);
        Assert.Contains(lines, l => l.StartsWith("uploads: 0 of 200 pipeline uploads today", StringComparison.Ordinal));
        Assert.Contains("total: $0.000 per hour, $0.000 per day", lines);
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "ListInstanceGroups");
        AssertSignedAndModelled();
    }

    [Fact]
    public void InAnotherRegionThePricesAreSaidToBeUsEast1sAndAnUnpricedPartMakesTheTotalIncomplete()
    {
        lab.Notebook = ("InService", "ml.g4dn.xlarge");

        var run = Run(new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-1" });

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = Lines(run);
        Assert.Contains(Row("notebook mllab-notebook (ml.g4dn.xlarge)", "InService", "not in the price table"), lines);
        Assert.Contains("prices: us-east-1's on-demand prices from the lab's price table (read 2026-11-24 to 2026-12-01); this lab is in eu-west-1, where prices may differ", lines);
        Assert.Contains("total: $1.250 per hour, $30.000 per day, INCOMPLETE: 1 running part(s) not in the price table", lines);
    }

    [Fact]
    public void JsonGivesTheSameForScripts()
    {
        var run = Run(null, "--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var status = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("mllab", (string?)status["lab"]);
        Assert.Equal(6, status["stacks"]!.AsArray().Count);
        Assert.Equal(1.3, (double)status["perHour"]!, 3);
        Assert.Equal(31.2, (double)status["perDay"]!, 2);
        Assert.True((bool)status["complete"]!);
        Assert.Equal("us-east-1", (string?)status["pricesRegion"]);
    }

    [Fact]
    public void AccessDeniedNamesTheActionAndExitsThreeAndThrottlingIsRetried()
    {
        aws.ThrottleNext(2, "sagemaker");
        var retried = Run();
        Assert.True(retried.ExitCode == 0, retried.Stdout + retried.Stderr);
        Assert.Equal(2, aws.Calls.Count(c => c.Error == "ThrottlingException"));

        aws.Deny("elasticmapreduce:DescribeCluster");
        var denied = Run();
        Assert.Equal(3, denied.ExitCode);
        Assert.StartsWith("AccessDenied: your credentials may not call elasticmapreduce:DescribeCluster (User: ", denied.ErrorLines[^1]);
        Assert.Empty(denied.Stdout);
    }

    [Fact]
    public void ThrottlingThatDoesNotStopExitsFour()
    {
        aws.ThrottleNext(50, "cloudformation");

        var run = Run();

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("Throttled: AWS kept refusing cloudformation:DescribeStacks with Throttling after 5 tries: wait a minute and run the command again.", run.ErrorLines[^1]);
    }

    [Theory]
    [InlineData(null, "No deploy outputs at")]
    [InlineData("""{ "other": { "X": "y" } }""", "holds no lab stack: deploy the lab first (npx cdk deploy --all), or pass --outputs FILE.")]
    [InlineData("""{ "a-DataLake": { "X": "y" }, "b-DataLake": { "X": "y" } }""", "holds several labs (a, b): pass --lab NAME.")]
    public void MissingOrAmbiguousOutputsAreOneLineAndExitTwo(string? outputs, string expected)
    {
        var path = Path.Combine(folder, "cdk-outputs.json");
        if (outputs is null)
        {
            File.Delete(path);
        }
        else
        {
            File.WriteAllText(path, outputs);
        }

        var run = Run();

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains(expected, line);
        Assert.Empty(aws.Calls);
    }
}
