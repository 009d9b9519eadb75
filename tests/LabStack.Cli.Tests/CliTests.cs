using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>The <c>lab</c> command against s3rver and the Step Functions fake: analyze, runs, verify, and bad input.</summary>
public sealed partial class CliTests : IClassFixture<LocalAws>, IDisposable
{
    private readonly LocalAws aws;
    private readonly string folder = Directory.CreateTempSubdirectory("lab-cli-").FullName;

    public CliTests(LocalAws aws)
    {
        this.aws = aws;
        Cli.WriteOutputs(folder);
        Cli.UseTemporaryCredentials(aws, false); // the fixture is shared: each test starts with long-term keys
        aws.StepFunctions.ResetFaults();
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string File(string name, string content)
    {
        var path = Path.Combine(folder, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private static string ResultDocument(string execution, string key, string text) => new JsonObject
    {
        ["execution"] = execution, ["bucket"] = LocalAws.Bucket, ["object_key"] = key, ["input_type"] = "text",
        ["labels"] = new JsonArray(), ["text_lines"] = new JsonArray(),
        ["text_analyses"] = new JsonArray(new JsonObject
        {
            ["text"] = text, ["language"] = "en", ["sentiment"] = "POSITIVE", ["translation"] = new JsonObject { ["needed"] = false, ["target"] = "en" },
            ["speech"] = new JsonObject { ["OutputUri"] = $"https://s3.us-east-1.amazonaws.com/{LocalAws.Bucket}/curated/ai-speech/{execution}/.t1.mp3" },
        }),
    }.ToJsonString();

    /// <summary>The key the upload that started <paramref name="execution"/> got (from its S3 event).</summary>
    private string UploadedKey(string execution) => (string)aws.StepFunctions.Input(execution)!["detail"]!["object"]!["key"]!;

    private void AssertEverySignedRequestWasWellFormed() => Assert.Empty(aws.StepFunctions.Problems);

    /// <summary>With long-term keys, and with temporary ones (a session token the fake requires, as AWS does).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnalyzeUploadsFindsTheRunWaitsAndPrintsWhatTheServicesSaid(bool temporaryCredentials)
    {
        Cli.UseTemporaryCredentials(aws, temporaryCredentials);
        var file = File("review-a.txt", "The lab was easy to set up.");
        aws.StepFunctions.OnUpload("review-a.txt", "run-a", ["RUNNING", "RUNNING", "SUCCEEDED"]);
        await aws.PutAsync("curated/ai-results/run-a.json", ResultDocument("run-a", "inbox/review-a.txt", "The lab was easy to set up."));
        aws.StepFunctions.ThrottleNext(1); // the first call is throttled, and retried

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var key = UploadedKey("run-a");
        Assert.Matches(@"^inbox/review-a-[0-9a-f]{8}\.txt$", key);
        Assert.Equal("The lab was easy to set up.", await aws.GetAsync(key));
        Assert.Contains("review-a.txt: SUCCEEDED in 4.2 s (text)", run.Stdout);
        Assert.Contains("language en, sentiment POSITIVE, translation not needed", run.Stdout);
        Assert.Contains($"speech: https://s3.us-east-1.amazonaws.com/{LocalAws.Bucket}/curated/ai-speech/run-a/.t1.mp3", run.Stdout);
        Assert.Contains($"document: s3://{LocalAws.Bucket}/curated/ai-results/run-a.json", run.Stdout);
        Assert.Contains(aws.StepFunctions.Requests, r => r.Target == "AWSStepFunctions.DescribeExecution" && (string?)r.Body["executionArn"] == "arn:aws:states:us-east-1:123456789012:execution:lab-pipeline:run-a");
        AssertEverySignedRequestWasWellFormed();
        Assert.Empty(aws.StepFunctions.Refused);
    }

    [Fact]
    public async Task AFailedRunPrintsItsErrorAndTheErrorDocumentAndExitsOne()
    {
        var file = File("empty-b.txt", "");
        aws.StepFunctions.OnUpload("empty-b.txt", "run-b", ["FAILED"], "LabStack.EmptyObject", "The object is empty: there is nothing to analyze.");
        await aws.PutAsync("curated/ai-errors/run-b.json", """{ "execution": "run-b", "error": "LabStack.EmptyObject" }""");

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("empty-b.txt: FAILED LabStack.EmptyObject: The object is empty: there is nothing to analyze.", run.Stdout);
        Assert.Contains($"document: s3://{LocalAws.Bucket}/curated/ai-errors/run-b.json", run.Stdout);
        AssertEverySignedRequestWasWellFormed();
    }

    [Fact]
    public void ARunThatNeverEndsStopsTheWaitWithAClearMessage()
    {
        var file = File("slow-c.txt", "Still thinking.");
        aws.StepFunctions.OnUpload("slow-c.txt", "run-c", ["RUNNING"]);

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("slow-c.txt: no run ended within 2 s: see the state machine's executions in the Step Functions console", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void ARefusedTypeIsWarnedAboutBeforeItIsUploaded()
    {
        var file = File("report-d.pdf", "%PDF-1.4");
        aws.StepFunctions.OnUpload("report-d.pdf", "run-d", ["FAILED"], "LabStack.UnsupportedType", "Upload .jpg, ...");

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");

        var warning = run.Stderr.IndexOf("warning: the pipeline refuses report-d.pdf (.pdf): its run will record LabStack.UnsupportedType", StringComparison.Ordinal);
        Assert.True(warning >= 0 && warning < run.Stderr.IndexOf("uploaded ", StringComparison.Ordinal), run.Stderr);
        Assert.Contains("report-d.pdf: FAILED LabStack.UnsupportedType", run.Stdout);
    }

    /// <summary>With long-term keys, and with temporary ones (a session token the fake requires, as AWS does).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RunsListsTheRecentExecutionsWithStatusDurationAndKey(bool temporaryCredentials)
    {
        Cli.UseTemporaryCredentials(aws, temporaryCredentials);
        aws.StepFunctions.Start("run-e", "inbox/listed-e.png", ["SUCCEEDED"]);

        var run = Cli.Run(aws, folder, true, "runs", "--last", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("STATUS", run.Stdout);
        Assert.Matches(@"SUCCEEDED\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+4\.2 s  inbox/listed-e\.png", run.Stdout);
        Assert.Equal(1, (int?)aws.StepFunctions.Requests.Last(r => r.Target == "AWSStepFunctions.ListExecutions").Body["maxResults"]);
        AssertEverySignedRequestWasWellFormed();
        Assert.Empty(aws.StepFunctions.Refused);
    }

    [Fact]
    public void AnExecutionThatDoesNotExistIsOneLineNotAStackTrace()
    {
        var arn = aws.StepFunctions.Start("run-f", "inbox/gone-f.txt", ["SUCCEEDED"]);
        aws.StepFunctions.Vanished.Add(arn);

        var run = Cli.Run(aws, folder, true, "runs", "--last", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("AWS refused or could not be reached: Execution Does Not Exist", Assert.Single(run.ErrorLines));
    }

    /// <summary>With long-term keys, and with temporary ones (a session token the fake requires, as AWS does).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VerifyRunsTheSamplesAndChecksEachKnownOutcome(bool temporaryCredentials)
    {
        Cli.UseTemporaryCredentials(aws, temporaryCredentials);
        var samples = Path.Combine(Repository.Root, "src", "LabStack", "assets", "pipeline-samples");
        foreach (var (sample, error) in Verification.PipelineChecks.Expected)
        {
            var name = "verify-" + Path.GetFileNameWithoutExtension(sample);
            aws.StepFunctions.OnUpload(sample, name, ["RUNNING", error is null ? "SUCCEEDED" : "FAILED"], error, error is null ? null : "as the sample is known to");
            await aws.PutAsync($"curated/{(error is null ? "ai-results" : "ai-errors")}/{name}.json", ResultDocument(name, "inbox/" + sample, sample));
        }

        // The pipeline's checks only: the lake's (Athena, Glue) run against FakeAws in VerifyTests.
        var run = Cli.Run(aws, folder, true, "verify", "--modules", "pipeline", "--samples", samples, "--poll", "0.2", "--timeout", "30");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("uses 7 of today's 200 analyzed uploads (maxUploadsPerDay)", run.Stderr);
        Assert.Matches(@"(?m)^pass\s+pipeline\s+not-audio.mp3 records LabStack.TranscriptionFailed ", run.Stdout);
        Assert.Matches(@"(?m)^pass\s+pipeline\s+review-en.txt is analyzed ", run.Stdout);
        Assert.Contains($"All {Verification.PipelineChecks.Expected.Count} checks passed: the lab works ($0.000).", run.Stdout);
        Assert.Equal(new FileInfo(Path.Combine(samples, "speech-en.wav")).Length,
            (await aws.S3.GetObjectMetadataAsync(LocalAws.Bucket, UploadedKey("verify-speech-en"))).ContentLength);
        Assert.Empty(aws.StepFunctions.Refused);
    }

    [Theory]
    [InlineData("missing", "No file ")]
    [InlineData("folder", " is a folder: name the files in it")]
    [InlineData("no-outputs", "No deploy outputs at ")]
    [InlineData("no-credentials", "No AWS credentials: ")]
    [InlineData("bad-option", "Unknown option --colour")]
    public void BadInputIsOneLineAndExitsTwo(string kind, string expected)
    {
        var file = File("ok-g.txt", "fine");
        if (kind == "no-outputs")
        {
            System.IO.File.Delete(Path.Combine(folder, "cdk-outputs.json"));
        }
        var args = kind switch
        {
            "missing" => new[] { "analyze", Path.Combine(folder, "nowhere.txt") },
            "folder" => ["analyze", folder],
            "bad-option" => ["analyze", file, "--colour"],
            _ => ["analyze", file],
        };

        var run = Cli.Run(aws, folder, credentials: kind != "no-credentials", args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData(null, "UnrecognizedClientException")]
    [InlineData("a-token-of-another-session", "UnrecognizedClientException")]
    [InlineData("IQoJb3JpZ2luX2VjEJr-the-right-one", null)]
    public void ATemporaryKeyWorksOnlyWithItsSessionToken(string? token, string? refusal)
    {
        // A temporary key id (ASIA...) whose token AWS knows: without it, or with another, AWS refuses the request.
        aws.StepFunctions.Keys["ASIAQEXAMPLETEMPKEY1"] = ("temporary-secret", "IQoJb3JpZ2luX2VjEJr-the-right-one");
        aws.StepFunctions.Start("run-t", "inbox/t.txt", ["SUCCEEDED"]);
        var refusedBefore = aws.StepFunctions.Refused.Count;

        var run = Cli.RunWith(aws, folder, new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "ASIAQEXAMPLETEMPKEY1", ["AWS_SECRET_ACCESS_KEY"] = "temporary-secret", ["AWS_SESSION_TOKEN"] = token,
        }, "runs", "--last", "1");

        if (refusal is null)
        {
            Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
            Assert.Equal(refusedBefore, aws.StepFunctions.Refused.Count);
        }
        else
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("AWS refused or could not be reached: The security token included in the request is invalid.",
                Assert.Single(run.ErrorLines));
            Assert.Contains(aws.StepFunctions.Refused, r => r == "AWSStepFunctions.ListExecutions: " + refusal);
        }
    }

    [Fact]
    public void CdkDeployWritesTheOutputsFileTheCommandReads()
    {
        var cdkJson = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(Repository.Root, "cdk.json")))!;
        Assert.Equal(LabOutputs.DefaultFile, (string?)cdkJson["outputsFile"]);
        Assert.Contains(LabOutputs.DefaultFile, System.IO.File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")));
    }

    [Fact]
    public void TheCommandTakesExactlyTheExtensionsThePipelineRoutes()
    {
        var routed = LabStack.AiPipeline.UploadKinds.All.SelectMany(kind => kind.Patterns)
            .Select(p => p.TrimStart('*')).Order();
        Assert.Equal(routed, PipelineFiles.Extensions.Order());
    }
}
