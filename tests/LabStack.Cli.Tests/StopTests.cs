namespace LabStack.Cli.Tests;

/// <summary>
/// <c>lab stop</c> against the fakes: what it stops, deletes and terminates (and only that), what it leaves to a deploy
/// or a destroy, the question it asks, and its errors; every call checked against the API models.
/// </summary>
public sealed class StopTests : IClassFixture<FakeAwsFixture>, IDisposable
{
    private readonly FakeAws aws;
    private readonly FakeLab lab = new();
    private readonly string folder = Directory.CreateTempSubdirectory("lab-stop-").FullName;

    public StopTests(FakeAwsFixture fixture)
    {
        aws = fixture.Aws;
        aws.Reset();
        lab.AnswerOn(aws);
        FakeLab.WriteOutputs(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ProcessResult Run(string? typed, params string[] args) => aws.RunLab(folder, "stop", args, input: typed ?? "");

    private static IReadOnlyList<string> Lines(ProcessResult run) => FakeAws.Lines(run);

    private IReadOnlyList<string> Mutations() => aws.Calls.Where(c => c.Operation is "StopNotebookInstance" or "DeleteEndpoint" or "TerminateJobFlows" or "StopApplication")
        .Select(c => $"{c.Operation} {c.Input.ToJsonString()}").ToList();

    private const string Plan = "* stop the notebook mllab-notebook (its files stay on its ML storage)";

    [Fact]
    public void WithYesItStopsTheNotebookDeletesTheNotebooksEndpointsTerminatesTheClusterAndNamesTheRest()
    {
        var run = Run(null, "--yes");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(
        [
            Plan,
            "* delete the notebooks' endpoint mllab--nb-xgb-1 (its model and configuration stay)",
            "* terminate the EMR cluster j-LAB0001 (WAITING; its output stays in the lake; a fresh one: npx cdk deploy mllab-Emr --exclusively -c labName=mllab -c emrRun=2)",
            "- the Kinesis stream mllab-events bills for its 1 shard until it is deleted: npx cdk destroy mllab-Streaming --exclusively (a later deploy brings it back)",
            "done: stop the notebook mllab-notebook (its files stay on its ML storage)",
            "done: delete the notebooks' endpoint mllab--nb-xgb-1 (its model and configuration stay)",
            "done: terminate the EMR cluster j-LAB0001 (WAITING; its output stays in the lake; a fresh one: npx cdk deploy mllab-Emr --exclusively -c labName=mllab -c emrRun=2)",
        ], Lines(run));
        Assert.Equal(
        [
            """StopNotebookInstance {"NotebookInstanceName":"mllab-notebook"}""",
            """DeleteEndpoint {"EndpointName":"mllab--nb-xgb-1"}""",
            """TerminateJobFlows {"JobFlowIds":["j-LAB0001"]}""",
        ], Mutations());
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    [Theory]
    [InlineData("n\n", false)]
    [InlineData("", false)]
    [InlineData("yes\n", true)]
    public void WithoutYesItAsksAndActsOnlyOnAYes(string typed, bool acts)
    {
        var run = Run(typed);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("Do the 3 marked with * now? [y/N] ", run.Stdout);
        Assert.Equal(acts ? 3 : 0, Mutations().Count);
        Assert.Equal(!acts, run.Stdout.Contains("Nothing stopped (answer y, or pass --yes).", StringComparison.Ordinal));
    }

    [Fact]
    public void AClusterWhoseNameLacksItsSettingsIsNotTerminatedAndARealTimeSentimentEndpointIsLeftToADeploy()
    {
        lab.ClusterName = "mllab-spark";
        lab.Endpoints[0] = ("mllab-sentiment-realtime", "InService", "ml.m5.large", 1);
        File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), File.ReadAllText(Path.Combine(folder, "cdk-outputs.json")).Replace("mllab-sentiment-serverless", "mllab-sentiment-realtime", StringComparison.Ordinal));

        var run = Run(null, "--yes");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var lines = Lines(run);
        Assert.Contains("- the EMR cluster j-LAB0001 (mllab-spark) is not terminated: its name does not carry its settings (an older deploy), so after a termination " +
            "the next deploy that changes a setting would update it in place and fail: deploy the Emr stack again first (npx cdk deploy mllab-Emr), then run lab stop; " +
            "or let it end itself after its idle timeout", lines);
        Assert.Contains("- the real-time sentiment endpoint mllab-sentiment-realtime bills until a deploy replaces it: npx cdk deploy mllab-SageMaker --exclusively " +
            "-c labName=mllab -c endpointMode=serverless (add the other -c settings you deployed with)", lines);
        Assert.DoesNotContain(Mutations(), m => m.StartsWith("TerminateJobFlows", StringComparison.Ordinal) || m.Contains("sentiment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("RUNNING", true)]
    [InlineData("READY", false)]
    public void ARunningFlinkStudioNotebookIsStoppedAndAReadyOneLeftAlone(string status, bool stops)
    {
        lab.AddFlink(aws, folder, status);

        var run = Run(null, "--yes");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        const string what = "stop the Flink Studio notebook mllab-flink-studio (its notes stay; the StartNotebook output starts it again)";
        Assert.Equal(stops, Lines(run).Contains("done: " + what));
        Assert.Equal(stops ? ["""StopApplication {"ApplicationName":"mllab-flink-studio"}"""] : [], Mutations().Where(m => m.StartsWith("StopApplication", StringComparison.Ordinal)));
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    [Fact]
    public void ALabAtRestHasNothingToStop()
    {
        lab.Notebook = ("Stopped", "ml.t3.medium");
        lab.Endpoints.RemoveAt(1);
        lab.ClusterState = "TERMINATED";
        lab.Shards = 0;

        var run = Run(null);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(["Nothing of the lab bills by the hour now: nothing to stop."], Lines(run));
        Assert.Empty(Mutations());
    }

    [Fact]
    public void AccessDeniedOnAStopNamesTheActionAndExitsThree()
    {
        aws.Deny("sagemaker:StopNotebookInstance");

        var run = Run(null, "--yes");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("AccessDenied: your credentials may not call sagemaker:StopNotebookInstance (", run.ErrorLines[^1]);
    }

    [Fact]
    public void ThrottlingIsRetried()
    {
        aws.ThrottleNext(2, "emr");

        var run = Run(null, "--yes");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(3, Mutations().Count);
        Assert.Equal(2, aws.Calls.Count(c => c.Error == "ThrottlingException"));
    }

    [Fact]
    public void BadInputIsOneLineAndExitsTwo()
    {
        var run = Run(null, "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["Unknown option --force for lab stop [--yes]: it takes --outputs FILE, --lab NAME, --yes."], run.ErrorLines);
    }
}
