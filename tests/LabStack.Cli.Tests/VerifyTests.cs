using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LabStack.Cli.Verification;

namespace LabStack.Cli.Tests;

/// <summary>
/// <c>lab verify</c>'s module checks against the fakes (FakeAws for the services, s3rver for the lake): each check's pass,
/// fail and "module not deployed", the report, and what it must never hold. Every call and answer is checked against the
/// API models. The pipeline's checks run against the Step Functions fake in <see cref="CliTests"/>.
/// </summary>
public sealed class VerifyTests : IClassFixture<FakeAwsFixture>, IClassFixture<LocalAws>, IDisposable
{
    private const string Execution = "arn:aws:states:us-east-1:123456789012:execution:mllab-expiry-clock:extend";
    private readonly FakeAws aws;
    private readonly LocalAws local;
    private readonly FakeLab lab = new();
    private readonly string folder = Directory.CreateTempSubdirectory("lab-verify-").FullName;
    private double waitSeconds = 72 * 3600;

    public VerifyTests(FakeAwsFixture fixture, LocalAws local)
    {
        (aws, this.local) = (fixture.Aws, local);
        aws.Reset();
        // s3rver takes only its own key: the test signs every service with it, as a temporary key with its token.
        aws.Keys["S3RVER"] = ("S3RVER", FakeAws.Token);
        lab.AnswerOn(aws);
        aws.On("states", "GetExecutionHistory", _ => FakeAws.Answer.Ok(new JsonObject
        {
            ["events"] = new JsonArray(
                Event(4, "WaitStateEntered", new JsonObject { ["name"] = ExpiryChecks.WaitState, ["input"] = Waiting(waitSeconds) }),
                Event(3, "PassStateExited", null)),
        }));
        AnswerLake(DataLakeChecks.Rows, "SUCCEEDED", 3 * 1024 * 1024);
        FakeLab.WriteOutputs(folder);
        Outputs(o =>
        {
            var lake = o["mllab-DataLake"]!.AsObject();
            (lake["LakeBucketName"], lake["AthenaWorkGroupName"], lake["GlueDatabaseName"], lake["CrawlerName"]) = (LocalAws.Bucket, "mllab-workgroup", "mllab_lake", "mllab-raw-crawler");
        });
    }

    /// <summary>
    /// Athena and Glue as the lake answers: a workgroup with a 100 MB cutoff, a query RUNNING once then <paramref name="state"/>
    /// having scanned <paramref name="scanned"/> bytes, its column names and <paramref name="rows"/> rows 1,000 a page; a ready
    /// crawler and the job.
    /// </summary>
    private void AnswerLake(int rows, string state, long scanned)
    {
        var looks = 0;
        aws.On("athena", "GetWorkGroup", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["WorkGroup"] = new JsonObject
            {
                ["Name"] = (string?)input["WorkGroup"], ["State"] = "ENABLED",
                ["Configuration"] = new JsonObject { ["BytesScannedCutoffPerQuery"] = 100L * 1024 * 1024, ["EnforceWorkGroupConfiguration"] = true },
            },
        }));
        aws.On("athena", "StartQueryExecution", _ => FakeAws.Answer.Ok(new JsonObject { ["QueryExecutionId"] = "q-verify-1" }));
        aws.On("athena", "GetQueryExecution", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["QueryExecution"] = new JsonObject
            {
                ["QueryExecutionId"] = (string?)input["QueryExecutionId"], ["Query"] = "SELECT customer_id FROM customers",
                ["Status"] = Interlocked.Increment(ref looks) == 1
                    ? new JsonObject { ["State"] = "RUNNING" }
                    : state == "SUCCEEDED" ? new JsonObject { ["State"] = state }
                    : new JsonObject { ["State"] = state, ["StateChangeReason"] = "Query cancelled: the bytes scanned limit was exceeded" },
                ["Statistics"] = new JsonObject { ["DataScannedInBytes"] = scanned, ["EngineExecutionTimeInMillis"] = 900 },
            },
        }));
        aws.On("athena", "GetQueryResults", input =>
        {
            var start = input["NextToken"] is JsonNode token ? int.Parse((string)token!, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var all = rows + 1; // the column names first
            var page = new JsonObject
            {
                ["ResultSet"] = new JsonObject
                {
                    ["Rows"] = new JsonArray(Enumerable.Range(start, Math.Min(1000, all - start)).Select(i => (JsonNode)new JsonObject
                    {
                        ["Data"] = new JsonArray(new JsonObject { ["VarCharValue"] = i == 0 ? "customer_id" : $"C{i:00000}" }),
                    }).ToArray()),
                },
            };
            if (start + 1000 < all)
            {
                page["NextToken"] = (start + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return FakeAws.Answer.Ok(page);
        });
        aws.On("glue", "GetCrawler", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["Crawler"] = new JsonObject { ["Name"] = (string?)input["Name"], ["State"] = "READY", ["LastCrawl"] = new JsonObject { ["Status"] = "SUCCEEDED" } },
        }));
        aws.On("glue", "GetJob", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["Job"] = new JsonObject { ["Name"] = (string?)input["JobName"], ["Role"] = "arn:aws:iam::123456789012:role/mllab-glue-job", ["GlueVersion"] = "5.0" },
        }));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static JsonObject Event(int id, string type, JsonObject? entered)
    {
        var e = new JsonObject { ["timestamp"] = 1764590400.0, ["type"] = type, ["id"] = id, ["previousEventId"] = id - 1 };
        if (entered is not null)
        {
            e["stateEnteredEventDetails"] = entered;
        }
        return e;
    }

    private static string Waiting(double seconds) => new JsonObject
    {
        ["expire_after_hours"] = 72, ["wait"] = new JsonObject { ["hours"] = seconds / 3600, ["seconds"] = seconds },
    }.ToJsonString();

    private void Outputs(Action<JsonObject> change)
    {
        var path = Path.Combine(folder, "cdk-outputs.json");
        var outputs = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(outputs);
        File.WriteAllText(path, outputs.ToJsonString());
    }

    private ProcessResult Run(params string[] args) => aws.RunLab(folder, "verify", args, new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = "S3RVER", ["AWS_SECRET_ACCESS_KEY"] = "S3RVER", ["AWS_ENDPOINT_URL_S3"] = local.S3Endpoint,
    });

    private static string? Row(ProcessResult run, string module, string check) =>
        FakeAws.Lines(run).FirstOrDefault(l => Regex.IsMatch(l, $@"^\S+\s+{module}\s+{Regex.Escape(check)}\s"));

    /// <summary>The check's row is the AWS error <paramref name="code"/> of its one <paramref name="action"/> call, with the call's request id, and the run failed.</summary>
    private void AssertRefused(ProcessResult run, string module, string check, string action, string code, string message)
    {
        Assert.Equal(1, run.ExitCode);
        var call = Assert.Single(aws.Calls, c => c.Operation == action.Split(':')[1]);
        Assert.EndsWith($"{action} answered {code}: {message} (request id {call.RequestId})", Row(run, module, check));
    }

    private void AssertSignedAndModelled()
    {
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    [Fact]
    public async Task TheClockAndTheDatasetPassAndTheReportSaysSoWithoutSecrets()
    {
        await local.PutAsync(DataLakeChecks.DatasetKey, "customer_id,churn\n1,0\n");
        var report = Path.Combine(folder, "verify.json");
        File.Copy(Path.Combine(Repository.Root, "package.json"), Path.Combine(folder, "package.json"));
        File.WriteAllText(Path.Combine(folder, "cdk.context.json"),
            """{ "labName": "mllab", "alertEmail": "learner@example.com", "endpointMode": "serverless", "@aws-cdk/core:bootstrapQualifier": "hnb659fds" }""");
        var pinned = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "package.json")))!["devDependencies"]!;

        var run = Run("--modules", "expiry,datalake", "--report", report, "--poll", "0.1");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("clock extend deletes the lab at 2025-12-04 12:00 UTC: 72 h from its input's expire_after_hours=72 (lab extend)",
            Row(run, "expiry", "the expiry clock runs and waits as its input asks"));
        Assert.StartsWith("pass", Row(run, "datalake", "sample dataset in the lake"));
        Assert.EndsWith("5000 rows from mllab_lake.customers, 3 MB scanned of the workgroup's 100 MB cutoff", Row(run, "datalake", "Athena returns the 5000 rows of customers"));
        Assert.Contains("$0.00005", Row(run, "datalake", "Athena returns the 5000 rows of customers")); // 10 MB minimum at $5/TB
        Assert.EndsWith("mllab-raw-crawler READY, last crawl SUCCEEDED", Row(run, "datalake", "Glue crawler is ready"));
        Assert.EndsWith("mllab-features (Glue 5.0) with its role", Row(run, "datalake", "Glue job exists"));
        Assert.Equal(6, aws.Calls.Count(c => c.Operation == "GetQueryResults")); // 5,001 rows, 1,000 a page
        Assert.Contains("All 5 checks passed: the lab works ($0.00005).", run.Stdout);
        var json = JsonNode.Parse(File.ReadAllText(report))!;
        Assert.Equal("mllab", (string?)json["lab"]);
        Assert.Equal("us-east-1", (string?)json["region"]);
        Assert.Equal((string?)pinned["aws-cdk-lib"], (string?)json["cdkVersion"]!["aws-cdk-lib"]);
        Assert.Equal((string?)pinned["aws-cdk"], (string?)json["cdkVersion"]!["aws-cdk"]);
        Assert.Null(json["labCommit"]); // the test's folder is no git repository: said as absent, not guessed
        var settings = json["settings"]!.AsObject();
        Assert.Equal(["alertEmail", "endpointMode", "labName"], settings.Select(p => p.Key));
        Assert.Equal(("mllab", "serverless", "(set)"), ((string?)settings["labName"], (string?)settings["endpointMode"], (string?)settings["alertEmail"]));
        Assert.DoesNotContain("learner@example.com", File.ReadAllText(report));
        Assert.Equal(["expiry", "datalake"], json["modules"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(["pass", "pass", "pass", "pass", "pass"], json["checks"]!.AsArray().Select(c => (string)c!["outcome"]!));
        Assert.Equal("free: read-only API calls", (string?)json["checks"]![0]!["priced"]);
        AssertNoSecrets(report);
        AssertSignedAndModelled();
    }

    [Fact]
    public void AClockThatIgnoresItsInputFailsWithWhatWasExpectedAndWhatCameBack()
    {
        waitSeconds = 24 * 3600;

        var run = Run("--modules", "expiry");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("expected a wait of 72 h (its input's expire_after_hours=72 (lab extend)), got 24 h (deletion at 2025-12-02 12:00 UTC): the clock ignores its input: redeploy the Expiry stack",
            Row(run, "expiry", "the expiry clock runs and waits as its input asks"));
        Assert.StartsWith("FAIL", Row(run, "expiry", "the expiry clock runs and waits as its input asks"));
        Assert.Contains("1 of 1 checks failed", run.Stdout);
    }

    [Fact]
    public async Task NoRunningClockAndNoDatasetFail()
    {
        lab.ClockRunning = false;
        await local.S3.DeleteObjectAsync(LocalAws.Bucket, DataLakeChecks.DatasetKey);

        var run = Run("--modules", "expiry,datalake", "--poll", "0.1");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith($"expected a RUNNING execution of {FakeLab.ClockArn}, got none: the lab will not delete itself: deploy again or run lab extend",
            Row(run, "expiry", "the expiry clock runs and waits as its input asks"));
        Assert.EndsWith($"expected s3://{LocalAws.Bucket}/{DataLakeChecks.DatasetKey}, got no such object: redeploy the DataLake stack",
            Row(run, "datalake", "sample dataset in the lake"));
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "GetExecutionHistory");
    }

    [Fact]
    public async Task AQueryCancelledAtTheCutoffOrShortOfRowsFailsWithWhatCameBack()
    {
        await local.PutAsync(DataLakeChecks.DatasetKey, "customer_id,churn\n1,0\n");
        AnswerLake(DataLakeChecks.Rows, "CANCELLED", 100L * 1024 * 1024);

        var cancelled = Run("--modules", "datalake", "--poll", "0.1");

        Assert.Equal(1, cancelled.ExitCode);
        Assert.Contains("expected query q-verify-1 SUCCEEDED, got CANCELLED: Query cancelled: the bytes scanned limit was exceeded: open the query in the Athena console (mllab-workgroup)",
            Row(cancelled, "datalake", "Athena returns the 5000 rows of customers"));
        Assert.Contains("$0.00048", Row(cancelled, "datalake", "Athena returns the 5000 rows of customers")); // a cancelled query bills its scan

        aws.Calls.Clear();
        AnswerLake(4321, "SUCCEEDED", 1024);
        var short_ = Run("--modules", "datalake", "--poll", "0.1");

        Assert.Equal(1, short_.ExitCode);
        Assert.EndsWith("expected 5000 rows within the cutoff, got 4321 rows, 0 MB scanned of the workgroup's 100 MB cutoff: redeploy the DataLake stack (the sample dataset or the table changed)",
            Row(short_, "datalake", "Athena returns the 5000 rows of customers"));
        AssertSignedAndModelled();
    }

    [Theory]
    [InlineData("SUCCEEDED", "SUCCEEDED", 0)]
    [InlineData("FAILED", "FAILED", 1)]
    public async Task RunJobsRunsTheCrawlerAndTheJobAndPricesThem(string crawl, string run, int exit)
    {
        await local.PutAsync(DataLakeChecks.DatasetKey, "customer_id,churn\n1,0\n");
        var crawled = 0;
        aws.On("glue", "StartCrawler", _ => FakeAws.Answer.Ok(new JsonObject()));
        aws.On("glue", "GetCrawler", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["Crawler"] = Interlocked.Increment(ref crawled) <= 2 // the check's first look (ready), then one RUNNING
                ? new JsonObject { ["Name"] = (string?)input["Name"], ["State"] = crawled == 1 ? "READY" : "RUNNING" }
                : new JsonObject
                {
                    ["Name"] = (string?)input["Name"], ["State"] = "READY",
                    ["LastCrawl"] = crawl == "SUCCEEDED"
                        ? new JsonObject { ["Status"] = crawl, ["StartTime"] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds }
                        : new JsonObject { ["Status"] = crawl, ["ErrorMessage"] = "Insufficient Lake Formation permission(s) on raw", ["StartTime"] = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds },
                },
        }));
        aws.On("glue", "StartJobRun", _ => FakeAws.Answer.Ok(new JsonObject { ["JobRunId"] = "jr_verify" }));
        aws.On("glue", "GetJobRun", input =>
        {
            var jobRun = new JsonObject
            {
                ["Id"] = (string?)input["RunId"], ["JobName"] = (string?)input["JobName"], ["JobRunState"] = run, ["WorkerType"] = "G.1X", ["NumberOfWorkers"] = 2, ["ExecutionTime"] = 95,
            };
            if (run == "FAILED")
            {
                jobRun["ErrorMessage"] = "AnalysisException: Path does not exist";
            }
            return FakeAws.Answer.Ok(new JsonObject { ["JobRun"] = jobRun });
        });

        var result = Run("--modules", "datalake", "--run-jobs", "--poll", "0.1");

        Assert.True(result.ExitCode == exit, result.Stdout + result.Stderr);
        var crawlRow = Row(result, "datalake", "Glue crawler runs (--run-jobs)");
        var jobRow = Row(result, "datalake", "Glue job runs (--run-jobs)");
        // 2 DPUs for the 10-minute minimum at $0.44 a DPU-hour; the job: 2 DPUs for 95 s.
        Assert.Contains("$0.147", crawlRow);
        Assert.Contains("$0.023", jobRow);
        if (exit == 0)
        {
            Assert.Contains("mllab-raw-crawler crawled in ", crawlRow);
            Assert.EndsWith("run jr_verify SUCCEEDED in 95 s", jobRow);
        }
        else
        {
            Assert.EndsWith("expected mllab-raw-crawler's crawl SUCCEEDED, got FAILED: Insufficient Lake Formation permission(s) on raw: read the crawler's log in CloudWatch (/aws-glue/crawlers)", crawlRow);
            Assert.EndsWith("expected run jr_verify SUCCEEDED, got FAILED: AnalysisException: Path does not exist: read the job's log (/aws-glue/jobs) for run jr_verify", jobRow);
        }
        Assert.Equal("mllab-features", (string?)Assert.Single(aws.Calls, c => c.Operation == "StartJobRun").Input["JobName"]);
        AssertSignedAndModelled();
    }

    [Theory]
    [InlineData("expiry", "mllab-Expiry")]
    [InlineData("datalake", "mllab-DataLake")]
    [InlineData("sagemaker", "mllab-SageMaker")]
    [InlineData("emr", "mllab-Emr")]
    [InlineData("streaming", "mllab-Streaming")]
    [InlineData("lex", "mllab-Lex")]
    [InlineData("pipeline", "mllab-AiPipeline")]
    [InlineData("mlops", "mllab-MlOps")]
    [InlineData("flink", "mllab-Flink")]
    [InlineData("groundtruth", "mllab-GroundTruth")]
    public void AModuleNotDeployedIsSaidSoAndNotCalled(string module, string stack)
    {
        Outputs(o => o.Remove(stack));

        var run = Run("--modules", module);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal($"absent     {module,-9}  {module + " module",-52}      0.0  $0.000    no {stack} stack in {Path.Combine(folder, "cdk-outputs.json")}: not deployed, nothing to check",
            Row(run, module, module + " module"));
        Assert.Empty(aws.Calls);
    }

    /// <summary>Firehose's delivery stream in <paramref name="status"/> with a 60 s buffer; Kinesis takes the records, and <paramref name="deliver"/> runs as Firehose would.</summary>
    private void AnswerStreaming(string status, Action? deliver)
    {
        // s3rver is the class's: no earlier test's delivery may count as this one's.
        foreach (var old in local.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = LocalAws.Bucket, Prefix = "raw/usage-events/" }).GetAwaiter().GetResult().S3Objects ?? [])
        {
            local.S3.DeleteObjectAsync(LocalAws.Bucket, old.Key).GetAwaiter().GetResult();
        }
        Outputs(o => o["mllab-Streaming"]!["DeliveryStreamName"] = "mllab-usage-events");
        aws.On("firehose", "DescribeDeliveryStream", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["DeliveryStreamDescription"] = new JsonObject
            {
                ["DeliveryStreamName"] = (string?)input["DeliveryStreamName"], ["DeliveryStreamARN"] = "arn:aws:firehose:us-east-1:123456789012:deliverystream/mllab-usage-events",
                ["DeliveryStreamStatus"] = status, ["DeliveryStreamType"] = "KinesisStreamAsSource", ["VersionId"] = "1", ["HasMoreDestinations"] = false,
                ["Destinations"] = new JsonArray(new JsonObject
                {
                    ["DestinationId"] = "destinationId-000000000001",
                    ["ExtendedS3DestinationDescription"] = new JsonObject
                    {
                        ["RoleARN"] = "arn:aws:iam::123456789012:role/mllab-firehose", ["BucketARN"] = $"arn:aws:s3:::{LocalAws.Bucket}", ["Prefix"] = "raw/usage-events/dt=!{timestamp:yyyy-MM-dd}/",
                        ["BufferingHints"] = new JsonObject { ["SizeInMBs"] = 64, ["IntervalInSeconds"] = 60 }, ["CompressionFormat"] = "UNCOMPRESSED",
                        ["EncryptionConfiguration"] = new JsonObject { ["NoEncryptionConfig"] = "NoEncryption" },
                    },
                }),
            },
        }));
        aws.On("kinesis", "PutRecords", input =>
        {
            deliver?.Invoke();
            return FakeAws.Answer.Ok(new JsonObject
            {
                ["FailedRecordCount"] = 0,
                ["Records"] = new JsonArray(input["Records"]!.AsArray().Select((_, i) => (JsonNode)new JsonObject { ["SequenceNumber"] = $"4960{i}", ["ShardId"] = "shardId-000000000000" }).ToArray()),
            });
        });
    }

    [Fact]
    public void TenEventsComeOutAsParquetUnderTheUsageEvents()
    {
        var key = $"raw/usage-events/dt={DateTime.UtcNow:yyyy-MM-dd}/mllab-usage-events-1-{Guid.NewGuid():N}";
        AnswerStreaming("ACTIVE", () => local.PutAsync(key, "PAR1 columns PAR1").GetAwaiter().GetResult());

        var run = Run("--modules", "streaming", "--poll", "0.2");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"Parquet s3://{LocalAws.Bucket}/{key} after ", Row(run, "streaming", "10 events delivered as Parquet"));
        var put = Assert.Single(aws.Calls, c => c.Operation == "PutRecords");
        Assert.Equal("mllab-events", (string?)put.Input["StreamName"]);
        var events = put.Input["Records"]!.AsArray().Select(r => JsonNode.Parse(Convert.FromBase64String((string)r!["Data"]!))!).ToList();
        Assert.Equal(StreamingChecks.Events, events.Count);
        Assert.All(events, e => Assert.Matches("^C000(0[1-9]|10)$", (string)e["customer_id"]!));
        Assert.Equal(["customer_id", "data_mb", "duration_seconds", "event_id", "event_time", "event_type"], events[0].AsObject().Select(p => p.Key).Order());
        AssertSignedAndModelled();
    }

    [Fact]
    public void NothingDeliveredInTimeFailsAndQuickOnlyLooksAtTheDeliveryStream()
    {
        AnswerStreaming("ACTIVE", null);

        var late = Run("--modules", "streaming", "--poll", "0.2", "--timeout", "2");

        Assert.Equal(1, late.ExitCode);
        Assert.Contains($"expected a Parquet file under s3://{LocalAws.Bucket}/raw/usage-events/dt={DateTime.UtcNow:yyyy-MM-dd}/ within 2 s, got none", Row(late, "streaming", "10 events delivered as Parquet"));

        aws.Calls.Clear();
        AnswerStreaming("CREATING", null);
        var quick = Run("--modules", "streaming", "--quick");

        Assert.Equal(1, quick.ExitCode);
        Assert.EndsWith("expected mllab-usage-events ACTIVE, got CREATING: redeploy the Streaming stack", Row(quick, "streaming", "Firehose delivery stream ACTIVE (--quick)"));
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "PutRecords");
        AssertSignedAndModelled();
    }

    /// <summary>The Lex stack's outputs, and Lex answering with <paramref name="intent"/> in <paramref name="state"/> and <paramref name="message"/>.</summary>
    private void AnswerLex(string intent, string state, string message)
    {
        Outputs(o => o["mllab-Lex"] = new JsonObject { ["BotId"] = "BOT0000001", ["BotAliasId"] = "ALIAS00001", ["FulfilmentFunctionName"] = "mllab-lex-fulfilment" });
        aws.On("lexruntimev2", "RecognizeText", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["contentType"] = "PlainText", ["content"] = message }),
            ["sessionState"] = new JsonObject { ["dialogAction"] = new JsonObject { ["type"] = "Close" }, ["intent"] = new JsonObject { ["name"] = intent, ["state"] = state } },
            ["sessionId"] = (string?)input["sessionId"],
        }));
    }

    [Fact]
    public void TheAssistantAnswersTheCustomerLookupWithTheRow()
    {
        AnswerLex("CustomerLookup", "Fulfilled", "Customer C00042: age 51, 23 months a customer on a one-year contract, $70.20 a month.");

        var run = Run("--modules", "lex");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("CustomerLookup Fulfilled: \"Customer C00042: age 51", Row(run, "lex", "the assistant answers CustomerLookup"));
        var asked = Assert.Single(aws.Calls, c => c.Operation == "RecognizeText");
        Assert.Equal(("BOT0000001", "ALIAS00001", LexChecks.Locale, LexChecks.Question),
            ((string?)asked.Input["botId"], (string?)asked.Input["botAliasId"], (string?)asked.Input["localeId"], (string?)asked.Input["text"]));
        AssertSignedAndModelled();
    }

    [Theory]
    [InlineData("FallbackIntent", "Fulfilled", "I can look up a customer or the last pipeline run.")]
    [InlineData("CustomerLookup", "Fulfilled", "There is no customer C00042 in raw/customers/customers.csv.")]
    public void AnotherIntentOrAMissingRowFails(string intent, string state, string message)
    {
        AnswerLex(intent, state, message);

        var run = Run("--modules", "lex");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"expected CustomerLookup Fulfilled with the row of C00042, got {intent} {state}: {message}", Row(run, "lex", "the assistant answers CustomerLookup"));
    }

    /// <summary>The cluster's steps, one a page: a learner's own step first (newest), then the lab's Spark step in <paramref name="state"/>.</summary>
    private void AnswerSteps(string state)
    {
        var steps = new[] { ("s-LEARNER", "my own step", "COMPLETED"), ("s-SPARK", EmrChecks.StepName, state) };
        aws.On("emr", "ListSteps", input =>
        {
            var start = input["Marker"] is JsonNode m ? int.Parse((string)m!, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var (id, name, stepState) = steps[start];
            var status = new JsonObject { ["State"] = stepState };
            if (stepState == "FAILED")
            {
                status["FailureDetails"] = new JsonObject { ["Reason"] = "Unknown Error.", ["LogFile"] = "s3://mllab-logs/j-LAB0001/steps/s-SPARK/stderr.gz" };
            }
            var page = new JsonObject { ["Steps"] = new JsonArray(new JsonObject { ["Id"] = id, ["Name"] = name, ["Status"] = status }) };
            if (start + 1 < steps.Length)
            {
                page["Marker"] = (start + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return FakeAws.Answer.Ok(page);
        });
    }

    [Theory]
    [InlineData("WAITING", "j-LAB0001 WAITING for steps (it terminates itself when idle)")]
    [InlineData("TERMINATED", "j-LAB0001 TERMINATED: it ended itself after idling, as meant")]
    public async Task AnIdleOrSelfTerminatedClusterWithItsStepsOutputPasses(string state, string detail)
    {
        lab.ClusterState = state;
        AnswerSteps("COMPLETED");
        await local.PutAsync(EmrChecks.OutputPrefix + "part-00000.snappy.parquet", "PAR1...PAR1");

        var run = Run("--modules", "emr");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith(detail, Row(run, "emr", "cluster WAITING, or terminated after idling"));
        Assert.EndsWith($"step s-SPARK COMPLETED, 1 Parquet file(s) under s3://{LocalAws.Bucket}/{EmrChecks.OutputPrefix}", Row(run, "emr", "Spark step COMPLETED with its output"));
        Assert.Equal(2, aws.Calls.Count(c => c.Operation == "ListSteps"));
        AssertSignedAndModelled();
    }

    [Fact]
    public void AClusterWithErrorsAndAFailedStepFailWithTheirReasons()
    {
        lab.ClusterState = "TERMINATED_WITH_ERRORS";
        AnswerSteps("FAILED");

        var run = Run("--modules", "emr");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("expected j-LAB0001 WAITING or TERMINATED, got TERMINATED_WITH_ERRORS: read the cluster's events in the EMR console", Row(run, "emr", "cluster WAITING, or terminated after idling"));
        Assert.EndsWith($"expected step '{EmrChecks.StepName}' COMPLETED, got FAILED: Unknown Error. (log s3://mllab-logs/j-LAB0001/steps/s-SPARK/stderr.gz): the step's stderr log says why; the FreshCluster output runs it again",
            Row(run, "emr", "Spark step COMPLETED with its output"));
    }

    [Fact]
    public void TheNotebookIsReadyAndTheEndpointAnswersPositive()
    {
        aws.On("sagemakerruntime", "InvokeEndpoint", _ => FakeAws.Answer.Ok(new JsonObject
        {
            ["Body"] = """[{"label":"POSITIVE","score":0.9998}]""", ["ContentType"] = "application/json", ["InvokedProductionVariant"] = "AllTraffic",
        }));

        var run = Run("--modules", "sagemaker");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("mllab-notebook InService, no failure reason", Row(run, "sagemaker", "notebook ready, its lifecycle script ran"));
        Assert.EndsWith("mllab-sentiment-serverless answered POSITIVE for \"I love this lab\"", Row(run, "sagemaker", "sentiment endpoint answers a request"));
        var invoked = Assert.Single(aws.Calls, c => c.Operation == "InvokeEndpoint");
        Assert.Equal("mllab-sentiment-serverless", (string?)invoked.Input["EndpointName"]);
        Assert.Equal(SageMakerChecks.Request, (string?)invoked.Input["Body"]);
        Assert.Equal("application/json", (string?)invoked.Input["ContentType"]);
        AssertSignedAndModelled();
    }

    [Fact]
    public void AFailedLifecycleScriptAndAnEndpointErrorFailWithTheReasonAndTheErrorCode()
    {
        aws.On("sagemaker", "DescribeNotebookInstance", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["NotebookInstanceArn"] = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/mllab-notebook", ["NotebookInstanceName"] = (string?)input["NotebookInstanceName"],
            ["NotebookInstanceStatus"] = "Failed", ["FailureReason"] = "Notebook Instance Lifecycle Config 'mllab-lifecycle' for Notebook Instance 'mllab-notebook' took longer than 5 minutes.",
        }));
        aws.On("sagemakerruntime", "InvokeEndpoint", _ => FakeAws.Answer.Error("ModelError", "Received server error (500) from primary with message \"model not loaded\"") with
        {
            Status = System.Net.HttpStatusCode.FailedDependency,
        });

        var run = Run("--modules", "sagemaker");

        Assert.Equal(1, run.ExitCode);
        Assert.EndsWith("expected mllab-notebook InService or Stopped without a failure reason, got Failed: Notebook Instance Lifecycle Config 'mllab-lifecycle' for Notebook Instance 'mllab-notebook' took longer than 5 minutes.: " +
            "a lifecycle script that fails stops the start: its log is in CloudWatch (/aws/sagemaker/NotebookInstances)", Row(run, "sagemaker", "notebook ready, its lifecycle script ran"));
        var invoked = Assert.Single(aws.Calls, c => c.Operation == "InvokeEndpoint");
        Assert.EndsWith($"sagemaker:InvokeEndpoint answered ModelError: Received server error (500) from primary with message \"model not loaded\" (request id {invoked.RequestId})",
            Row(run, "sagemaker", "sentiment endpoint answers a request"));
    }

    [Fact]
    public void WithEndpointModeNoneNoSentimentEndpointMayBeLeft()
    {
        Outputs(o => o["mllab-SageMaker"]!.AsObject().Remove("EndpointName"));

        var left = Run("--modules", "sagemaker");

        Assert.Equal(1, left.ExitCode);
        Assert.EndsWith("expected no sentiment endpoint, got mllab-sentiment-serverless (InService): it bills: lab stop deletes it, or deploy the SageMaker stack again",
            Row(left, "sagemaker", "no sentiment endpoint (endpointMode none)"));
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "InvokeEndpoint");

        lab.Endpoints.RemoveAt(0);
        var none = Run("--modules", "sagemaker");

        Assert.True(none.ExitCode == 0, none.Stdout + none.Stderr);
        Assert.EndsWith("endpointMode none: no sentiment endpoint, and none left over", Row(none, "sagemaker", "no sentiment endpoint (endpointMode none)"));
        AssertSignedAndModelled();
    }

    /// <summary>The MlOps stack's outputs; SageMaker describes its pipeline in <paramref name="pipeline"/> (null: ResourceNotFound) and its model group in <paramref name="group"/>.</summary>
    private void AnswerMlOps(string? pipeline, string group)
    {
        Outputs(o => o["mllab-MlOps"] = new JsonObject { ["PipelineName"] = "mllab-churn", ["ModelPackageGroup"] = "mllab-churn-models", ["EndpointName"] = "mllab-churn" });
        aws.On("sagemaker", "DescribePipeline", input => pipeline is null
            ? FakeAws.Answer.Error("ResourceNotFound", $"Pipeline 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/{(string?)input["PipelineName"]}' does not exist.")
            : FakeAws.Answer.Ok(new JsonObject
            {
                ["PipelineArn"] = "arn:aws:sagemaker:us-east-1:123456789012:pipeline/mllab-churn", ["PipelineName"] = (string?)input["PipelineName"], ["PipelineStatus"] = pipeline,
                ["RoleArn"] = "arn:aws:iam::123456789012:role/mllab-churn-pipeline", ["CreationTime"] = 1764590400.0,
            }));
        aws.On("sagemaker", "DescribeModelPackageGroup", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["ModelPackageGroupName"] = (string?)input["ModelPackageGroupName"], ["ModelPackageGroupArn"] = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/mllab-churn-models",
            ["CreationTime"] = 1764590400.0, ["CreatedBy"] = new JsonObject(), ["ModelPackageGroupStatus"] = group,
        }));
    }

    [Fact]
    public void TheTrainingPipelineIsActiveAndItsModelGroupCompleted()
    {
        AnswerMlOps("Active", "Completed");

        var run = Run("--modules", "mlops");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("mllab-churn Active, mllab-churn-models Completed", Row(run, "mlops", "training pipeline Active, its model group Completed"));
        Assert.Equal("mllab-churn", (string?)Assert.Single(aws.Calls, c => c.Operation == "DescribePipeline").Input["PipelineName"]);
        Assert.Equal("mllab-churn-models", (string?)Assert.Single(aws.Calls, c => c.Operation == "DescribeModelPackageGroup").Input["ModelPackageGroupName"]);
        Assert.DoesNotContain(aws.Calls, c => c.Operation.StartsWith("Start", StringComparison.Ordinal));
        AssertSignedAndModelled();
    }

    [Fact]
    public void AFailedModelGroupOrAMissingPipelineFailsWithWhatCameBack()
    {
        AnswerMlOps("Active", "Failed");

        var failed = Run("--modules", "mlops");

        Assert.Equal(1, failed.ExitCode);
        Assert.EndsWith("expected mllab-churn Active and mllab-churn-models Completed, got Active and Failed: the MlOps stack's events say why (npx cdk deploy mllab-MlOps deploys it again)",
            Row(failed, "mlops", "training pipeline Active, its model group Completed"));

        aws.Calls.Clear();
        AnswerMlOps(null, "Completed");
        var missing = Run("--modules", "mlops");

        AssertRefused(missing, "mlops", "training pipeline Active, its model group Completed", "sagemaker:DescribePipeline", "ResourceNotFound", "Pipeline 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/mllab-churn' does not exist.");
        AssertSignedAndModelled();
    }

    /// <summary>The Flink stack's outputs; Kinesis Analytics describes the Studio notebook in <paramref name="status"/> (null: ResourceNotFoundException).</summary>
    private void AnswerFlink(string? status)
    {
        Outputs(o => o["mllab-Flink"] = new JsonObject { ["NotebookApplicationName"] = "mllab-flink-studio" });
        aws.On("kinesisanalyticsv2", "DescribeApplication", input => status is null
            ? FakeAws.Answer.Error("ResourceNotFoundException", $"Application {(string?)input["ApplicationName"]} is not found.")
            : FakeAws.Answer.Ok(FakeLab.FlinkApplication((string?)input["ApplicationName"], status)));
    }

    [Theory]
    [InlineData("READY", "mllab-flink-studio READY: stopped, as deployed (the StartNotebook output starts it)")]
    [InlineData("RUNNING", "mllab-flink-studio RUNNING: it bills KPU-hours until stopped (the StopNotebook output stops it)")]
    public void AReadyOrRunningStudioNotebookPassesAndSaysWhich(string status, string detail)
    {
        AnswerFlink(status);

        var run = Run("--modules", "flink");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith(detail, Row(run, "flink", "Studio notebook READY or RUNNING"));
        Assert.Equal("mllab-flink-studio", (string?)Assert.Single(aws.Calls, c => c.Operation == "DescribeApplication").Input["ApplicationName"]);
        Assert.DoesNotContain(aws.Calls, c => c.Operation == "StartApplication");
        AssertSignedAndModelled();
    }

    [Fact]
    public void AStartingOrMissingStudioNotebookFailsWithWhatCameBack()
    {
        AnswerFlink("STARTING");

        var starting = Run("--modules", "flink");

        Assert.Equal(1, starting.ExitCode);
        Assert.EndsWith("expected mllab-flink-studio READY or RUNNING, got STARTING: STARTING, STOPPING and UPDATING pass in minutes (run lab verify --modules flink again); " +
            "otherwise the application's CloudWatch log says why", Row(starting, "flink", "Studio notebook READY or RUNNING"));

        aws.Calls.Clear();
        AnswerFlink(null);
        var missing = Run("--modules", "flink");

        AssertRefused(missing, "flink", "Studio notebook READY or RUNNING", "kinesisanalytics:DescribeApplication", "ResourceNotFoundException", "Application mllab-flink-studio is not found.");
        AssertSignedAndModelled();
    }

    /// <summary>The GroundTruth stack's outputs; SageMaker describes the workteam with <paramref name="members"/> (null: ResourceNotFound).</summary>
    private void AnswerGroundTruth(JsonArray? members)
    {
        Outputs(o => o["mllab-GroundTruth"] = new JsonObject { ["WorkteamArn"] = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/mllab-labelers" });
        aws.On("sagemaker", "DescribeWorkteam", input => members is null
            ? FakeAws.Answer.Error("ResourceNotFound", $"Workteam {(string?)input["WorkteamName"]} does not exist.")
            : FakeAws.Answer.Ok(new JsonObject
            {
                ["Workteam"] = new JsonObject
                {
                    ["WorkteamName"] = (string?)input["WorkteamName"], ["MemberDefinitions"] = members,
                    ["WorkteamArn"] = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/mllab-labelers", ["Description"] = "ML study lab labelers",
                    ["SubDomain"] = "abc123xyz.labeling.us-east-1.sagemaker.aws",
                },
            }));
    }

    [Fact]
    public void ThePrivateWorkteamIsThereWithItsMemberGroup()
    {
        AnswerGroundTruth(new JsonArray(new JsonObject
        {
            ["CognitoMemberDefinition"] = new JsonObject { ["UserPool"] = "us-east-1_AbCdEfGhI", ["UserGroup"] = "mllab-labelers", ["ClientId"] = "1example23456789" },
        }));

        var run = Run("--modules", "groundtruth");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.EndsWith("mllab-labelers: Cognito group mllab-labelers of us-east-1_AbCdEfGhI, portal abc123xyz.labeling.us-east-1.sagemaker.aws",
            Row(run, "groundtruth", "private workteam with its member group"));
        Assert.Equal("mllab-labelers", (string?)Assert.Single(aws.Calls, c => c.Operation == "DescribeWorkteam").Input["WorkteamName"]);
        AssertSignedAndModelled();
    }

    [Fact]
    public void AWorkteamWithoutMembersOrNoneFailsWithWhatCameBack()
    {
        AnswerGroundTruth([]);

        var empty = Run("--modules", "groundtruth");

        Assert.Equal(1, empty.ExitCode);
        Assert.EndsWith("expected mllab-labelers with a Cognito member group, got no member definition: deploy the GroundTruth stack again (npx cdk deploy mllab-GroundTruth)",
            Row(empty, "groundtruth", "private workteam with its member group"));

        aws.Calls.Clear();
        AnswerGroundTruth(null);
        var missing = Run("--modules", "groundtruth");

        AssertRefused(missing, "groundtruth", "private workteam with its member group", "sagemaker:DescribeWorkteam", "ResourceNotFound", "Workteam mllab-labelers does not exist.");
        AssertSignedAndModelled();
    }

    [Fact]
    public void AccessDeniedIsTheChecksFailureWithItsCodeAndRequestIdInTheReportAndExitsThree()
    {
        aws.Deny("states:ListExecutions");
        var report = Path.Combine(folder, "verify.json");

        var run = Run("--modules", "expiry", "--report", report);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("AccessDenied: your credentials may not call states:ListExecutions (expiry: the expiry clock runs and waits as its input asks)", run.ErrorLines[^1]);
        var denied = Assert.Single(aws.Calls, c => c.Operation == "ListExecutions");
        var check = JsonNode.Parse(File.ReadAllText(report))!["checks"]![0]!;
        Assert.Equal("fail", (string?)check["outcome"]);
        Assert.Equal("AccessDeniedException", (string?)check["errorCode"]);
        Assert.Equal(denied.RequestId, (string?)check["requestId"]);
        Assert.Equal("states:ListExecutions", (string?)check["action"]);
        Assert.Contains($"(request id {denied.RequestId})", Row(run, "expiry", "the expiry clock runs and waits as its input asks"));
        AssertNoSecrets(report);
    }

    [Theory]
    [InlineData("--modules", "expiry,nope", "Unknown module 'nope' in --modules: use all or a comma-separated list of expiry, datalake, streaming, emr, sagemaker, pipeline, lex, mlops, flink, groundtruth.")]
    [InlineData("--report", null, "--report needs a value: --report FILE.")]
    public void BadOptionsAreOneLineAndExitTwo(string option, string? value, string expected)
    {
        var run = Run(value is null ? [option] : [option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, Assert.Single(run.ErrorLines));
        Assert.Empty(aws.Calls);
    }

    [Fact]
    public void EveryModuleOfTheLabIsOneVerifyKnows()
    {
        Assert.Equal(LabModules.All.Select(m => (m.Key, m.StackSuffix)), Commands.Verify.AllModules);
        Assert.Equal(LabStack.Expiry.ExpiryClock.MaxHours, ExpiryChecks.MaxHours);
        var clock = File.ReadAllText(Path.Combine(Repository.Root, "src", "LabStack", "Expiry", "ExpiryClock.cs"));
        Assert.Contains($"new Wait(this, \"{ExpiryChecks.WaitState}\"", clock);
        Assert.Equal(LabStack.DataLake.CustomersSchema.TableName, DataLakeChecks.Table);
        Assert.Equal(LabStack.Emr.SparkCluster.OutputPrefix, EmrChecks.OutputPrefix);
        Assert.Equal(LabStack.Lex.AssistantIntents.Locale, LexChecks.Locale);
        Assert.Contains(LabStack.Lex.AssistantIntents.All, i => i.Name == LexChecks.Intent && i.Utterances.Contains("Tell me about customer {CustomerId}"));
        Assert.Contains($"Name = \"{EmrChecks.StepName}\"", File.ReadAllText(Path.Combine(Repository.Root, "src", "LabStack", "Emr", "SparkCluster.cs")));
        Assert.Equal(DataLakeChecks.Rows + 1, File.ReadAllLines(Path.Combine(Repository.Root, "src", "LabStack", "assets", "sample-data", "customers", "customers.csv")).Count(l => l.Length > 0));
    }

    /// <summary>Neither the key, its secret, its session token, nor any part of a signature is in the report.</summary>
    private static void AssertNoSecrets(string report)
    {
        var text = File.ReadAllText(report);
        foreach (var secret in new[] { "S3RVER", FakeAws.AccessKey, FakeAws.Secret, FakeAws.Token, "Signature=", "Credential=", "X-Amz-Security-Token", "AWS4-HMAC-SHA256" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }
}
