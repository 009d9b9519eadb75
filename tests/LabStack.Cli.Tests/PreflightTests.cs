using System.Text.Json.Nodes;
using LabStack.Cli.Commands;

namespace LabStack.Cli.Tests;

/// <summary>The shared fake, one per test class.</summary>
public sealed class FakeAwsFixture : IDisposable
{
    /// <summary>The fake.</summary>
    public FakeAws Aws { get; } = new();

    /// <inheritdoc/>
    public void Dispose() => Aws.Dispose();
}

/// <summary>
/// <c>lab preflight</c> against the fakes: each check's pass, warn and fail with its exact line and the exit code, every
/// request signed with the session token, and every request and answer checked against the API models.
/// </summary>
public sealed class PreflightTests : IClassFixture<FakeAwsFixture>, IDisposable
{
    private readonly FakeAws aws;
    private readonly FakeAccount account = new();
    private readonly string folder = Directory.CreateTempSubdirectory("lab-preflight-").FullName;

    public PreflightTests(FakeAwsFixture fixture)
    {
        aws = fixture.Aws;
        aws.Reset();
        account.AnswerOn(aws);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private const string Arn = "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Learner_0123456789abcdef/learner";

    private static string Line(string check, Preflight.Result result, string detail) => Report.Line(new Report.Row(check, result, detail));

    private static readonly string[] Healthy =
    [
        Line("credentials", Preflight.Result.Pass, $"account 123456789012 as {Arn}, from environment variables (AWS_ACCESS_KEY_ID)"),
        Line("region", Preflight.Result.Pass, "us-east-1"),
        Line("CDK bootstrap", Preflight.Result.Pass, "version 33 (/cdk-bootstrap/hnb659fds/version)"),
        Line("services in the region", Preflight.Result.Pass,
            "all 17 offered in us-east-1: stepfunctions, cloudformation, s3, glue, athena, kinesis, firehose, emr, sagemaker, rekognition, comprehend, translate, transcribe, polly, lex, events, kinesisanalytics"),
        Line("quota ml.t3.medium for notebook instance usage", Preflight.Result.Pass, "1 for the lab's notebook, quota 2 (L-FAKE0001, the AWS default: never raised here)"),
        Line("quota ml.m5.large for training job usage", Preflight.Result.Pass, "1 for the notebooks' training jobs, quota 2 (L-FAKE0003, this account's value)"),
        Line("quota ml.m5.large for transform job usage", Preflight.Result.Pass, "1 for the notebooks' batch transform, quota 2 (L-FAKE0004, this account's value)"),
        Line("quota ml.m5.large for endpoint usage", Preflight.Result.Pass, "1 for the notebooks' endpoint, quota 4 (L-FAKE0005, this account's value)"),
        Line("quota Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", Preflight.Result.Pass, "4 for EMR's 1 m5.xlarge node, quota 32 (L-1216C47A, this account's value)"),
        Line("Lake Formation defaults", Preflight.Result.Pass, "new databases and tables use only IAM access control (IAM_ALLOWED_PRINCIPALS)"),
    ];

    private ProcessResult Run(params string[] args) => Run(new Dictionary<string, string?>(), args);

    private ProcessResult Run(IReadOnlyDictionary<string, string?> overrides, params string[] args) => aws.RunLab(folder, "preflight", args, overrides);

    /// <summary>Every request was signed with the key and its session token, and every call and answer fits the API models.</summary>
    private void AssertSignedAndModelled()
    {
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    private static IReadOnlyList<string> Lines(ProcessResult run) => FakeAws.Lines(run);

    [Fact]
    public void AHealthyAccountPassesEveryCheckAndExitsZero()
    {
        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal([$"{"RESULT",-4}  {"CHECK".PadRight(Report.NameWidth)}  DETAIL", .. Healthy,
            "No check failed (0 warnings; modules expiry,datalake,streaming,emr,sagemaker,pipeline,lex,mlops,flink, region us-east-1)."], Lines(run));
        Assert.Contains("preflight: quotas (servicequotas)", run.ErrorLines);
        // Every page was read: SSM's services (10 a page: 21 services, 3 pages) and the quota lists (2 a page).
        Assert.Equal(3, aws.Calls.Count(c => c.Operation == "GetParametersByPath"));
        Assert.Equal(4, aws.Calls.Count(c => c.Operation == "ListAWSDefaultServiceQuotas" && (string?)c.Input["ServiceCode"] == "sagemaker"));
        AssertSignedAndModelled();
    }

    [Fact]
    public void JsonGivesEveryCheckForScripts()
    {
        account.BootstrapVersion = "20";

        var run = Run("--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var report = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(10, report["checks"]!.AsArray().Count);
        var bootstrap = report["checks"]!.AsArray().Single(c => (string?)c!["check"] == "CDK bootstrap")!;
        Assert.Equal("warn", (string?)bootstrap["result"]);
        Assert.Equal(0, (int)report["failed"]!);
        Assert.Equal(1, (int)report["warned"]!);
    }

    [Theory]
    [InlineData("33", "pass", "version 33 (/cdk-bootstrap/hnb659fds/version)", 0)]
    [InlineData("20", "warn", "version 20 deploys the lab; the pinned CDK CLI bootstraps version 33: run npx cdk bootstrap aws://123456789012/us-east-1 to upgrade", 0)]
    [InlineData("5", "FAIL", "version 5, the lab's templates need 6 or later: run npx cdk bootstrap aws://123456789012/us-east-1", 1)]
    [InlineData(null, "FAIL", "not bootstrapped (no /cdk-bootstrap/hnb659fds/version): run npx cdk bootstrap aws://123456789012/us-east-1", 1)]
    public void TheBootstrapVersionIsCheckedAgainstTheTemplatesAndThePinnedCli(string? version, string result, string detail, int exitCode)
    {
        account.BootstrapVersion = version;

        var run = Run();

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains($"{result,-4}  {"CDK bootstrap".PadRight(Report.NameWidth)}  {detail}", Lines(run));
        AssertSignedAndModelled();
    }

    [Fact]
    public void TheBootstrapQualifierComesFromTheProjectsContext()
    {
        File.WriteAllText(Path.Combine(folder, "cdk.json"), """{ "app": "x", "context": { "@aws-cdk/core:bootstrapQualifier": "labq" } }""");

        var run = Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Line("CDK bootstrap", Preflight.Result.Fail, "not bootstrapped (no /cdk-bootstrap/labq/version): run npx cdk bootstrap aws://123456789012/us-east-1"), Lines(run));
        Assert.Contains(aws.Calls, c => c.Operation == "GetParameter" && (string?)c.Input["Name"] == "/cdk-bootstrap/labq/version");
    }

    [Fact]
    public void RootKeysWarnAndRefusedKeysFailBeforeAnyOtherCall()
    {
        account.Arn = "arn:aws:iam::123456789012:root";
        var warned = Run();
        Assert.True(warned.ExitCode == 0, warned.Stdout + warned.Stderr);
        Assert.Contains(Line("credentials", Preflight.Result.Warn, "account 123456789012 as arn:aws:iam::123456789012:root, from environment variables (AWS_ACCESS_KEY_ID): " +
            "these are the root user's keys; deploy as an IAM Identity Center or IAM user instead (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html)"), Lines(warned));

        aws.Reset();
        account.AnswerOn(aws);
        var refused = Run(new Dictionary<string, string?> { ["AWS_SESSION_TOKEN"] = null });

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal([$"{"RESULT",-4}  {"CHECK".PadRight(Report.NameWidth)}  DETAIL",
            Line("credentials", Preflight.Result.Fail, "AWS refused the credentials from environment variables (AWS_ACCESS_KEY_ID) (InvalidClientTokenId): run aws sso login again, or renew the access keys (aws configure)"),
            Line("region", Preflight.Result.Pass, "us-east-1"),
            "1 of 2 checks failed (modules expiry,datalake,streaming,emr,sagemaker,pipeline,lex,mlops,flink, region us-east-1)."], Lines(refused));
        // A temporary key without its token is refused, as AWS does; nothing else was asked.
        Assert.All(aws.Calls, c => Assert.Equal("GetCallerIdentity", c.Operation));
    }

    [Fact]
    public void ARegionOtherThanThePriceTablesWarnsAndAMissingRegionIsOneLine()
    {
        var warned = Run(new Dictionary<string, string?> { ["AWS_REGION"] = "eu-west-1" });
        Assert.True(warned.ExitCode == 0, warned.Stdout + warned.Stderr);
        Assert.Contains(Line("region", Preflight.Result.Warn, "eu-west-1: the lab's price table (synth summary, lab status) holds us-east-1's prices; this region's may differ (https://aws.amazon.com/pricing/)"), Lines(warned));

        var missing = Run(new Dictionary<string, string?> { ["AWS_REGION"] = null });
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal(["No AWS region: set AWS_REGION (or a region in your AWS profile) to the region the lab is deployed in."], missing.ErrorLines);
    }

    [Fact]
    public void AServiceTheRegionLacksFailsWithTheModuleThatNeedsIt()
    {
        account.RegionServices.Remove("emr");
        account.RegionServices.Remove("transcribe");

        var run = Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Line("services in the region", Preflight.Result.Fail, "not offered in us-east-1: emr (module emr), transcribe (module pipeline): " +
            "deploy to a region that offers them (AWS_REGION), or leave those modules out (-c modules=...)"), Lines(run));
        AssertSignedAndModelled();
    }

    [Fact]
    public void AQuotaBelowTheNeedFailsWithTheRequestCommandAndOneJustEnoughWarns()
    {
        account.Applied.Remove("L-FAKE0005");     // endpoint usage: the AWS default, 0
        account.Applied["L-FAKE0003"] = 1;         // training: exactly the need
        File.WriteAllText(Path.Combine(folder, "cdk.context.json"), """{ "emrCoreNodes": 2, "emrInstanceType": "m5.2xlarge", "notebookInstanceType": "ml.t3.large" }""");
        account.Applied["L-1216C47A"] = 16;        // EMR needs 3 nodes x 8 vCPUs

        var run = Run();

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run);
        Assert.Contains(Line("quota ml.m5.large for endpoint usage", Preflight.Result.Fail, "1 for the notebooks' endpoint, quota 0 (L-FAKE0005, the AWS default: never raised here): " +
            "aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-FAKE0005 --desired-value 1 --region us-east-1"), lines);
        Assert.Contains(Line("quota ml.m5.large for training job usage", Preflight.Result.Warn, "1 for the notebooks' training jobs, quota 1 (L-FAKE0003, this account's value): " +
            "nothing to spare, anything else of this kind in the account is refused"), lines);
        Assert.Contains(Line("quota Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", Preflight.Result.Fail, "24 for EMR's 3 m5.2xlarge nodes, quota 16 (L-1216C47A, this account's value): " +
            "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 24 --region us-east-1"), lines);
        Assert.Contains(Line("quota ml.t3.large for notebook instance usage", Preflight.Result.Pass, "1 for the lab's notebook, quota 2 (L-FAKE0002, the AWS default: never raised here)"), lines);
        Assert.Contains(aws.Calls, c => c.Operation == "GetAWSDefaultServiceQuota" && (string?)c.Input["QuotaCode"] == "L-FAKE0005" && c.Error is null);
        AssertSignedAndModelled();
    }

    [Fact]
    public void ARealTimeEndpointOfTheNotebooksTypeNeedsTwoAndAQuotaServiceQuotasDoesNotListWarns()
    {
        File.WriteAllText(Path.Combine(folder, "cdk.context.json"), """{ "endpointMode": "realtime", "endpointInstanceType": "ml.c5.large", "notebookInstanceType": "ml.t3.xlarge" }""");

        var run = Run("--modules", "sagemaker");

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run);
        Assert.Contains(Line("quota ml.c5.large for endpoint usage", Preflight.Result.Fail, "1 for the real-time sentiment endpoint, quota 0 (L-FAKE0006, the AWS default: never raised here): " +
            "aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-FAKE0006 --desired-value 1 --region us-east-1"), lines);
        Assert.Contains(Line("quota ml.t3.xlarge for notebook instance usage", Preflight.Result.Warn,
            "Service Quotas lists no such sagemaker quota in us-east-1: look it up in the Service Quotas console before the lab's notebook start"), lines);
        Assert.DoesNotContain(lines, l => l.Contains("On-Demand Standard", StringComparison.Ordinal));
        Assert.EndsWith("(modules expiry,datalake,sagemaker, region us-east-1).", lines[^1]);
    }

    [Theory]
    [InlineData("flink", "expiry,datalake,streaming,flink")]
    [InlineData("mlops", "expiry,datalake,sagemaker,mlops")]
    [InlineData("groundtruth,lex", "expiry,datalake,sagemaker,lex,groundtruth")]
    public void AModuleBringsTheModulesItNeeds(string selected, string checkedModules)
    {
        var run = Run("--modules", selected);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith($"modules {checkedModules}, region us-east-1).", Lines(run)[^1]);
        AssertSignedAndModelled();
    }

    [Theory]
    [InlineData(true, true, "pass", "new databases and tables use only IAM access control (IAM_ALLOWED_PRINCIPALS)", 0)]
    [InlineData(true, false, "warn", "new databases use IAM access control, new tables do not: tables the crawler adds may be refused to Athena: ", 0)]
    [InlineData(false, true, "FAIL", "new databases do not use only IAM access control: the lab's Glue crawler, jobs and Athena queries would be refused: ", 1)]
    public void LakeFormationDefaultsThatBlockGlueOrAthenaAreNamed(bool databases, bool tables, string result, string detail, int exitCode)
    {
        account.IamOnly = (databases, tables);
        const string fix = "in the Lake Formation console, Data Catalog settings, tick \"Use only IAM access control\" for new databases and new tables, " +
            "or grant the lab's roles Lake Formation permissions on its database";

        var run = Run("--modules", "datalake");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains($"{result,-4}  {"Lake Formation defaults".PadRight(Report.NameWidth)}  {detail}{(result == "pass" ? "" : fix)}", Lines(run));
        AssertSignedAndModelled();
    }

    [Fact]
    public void AccessDeniedIsOneLineNamingTheActionAndExitsThree()
    {
        aws.Deny("servicequotas:GetServiceQuota");

        var run = Run();

        Assert.Equal(3, run.ExitCode);
        var line = Assert.Single(run.ErrorLines, l => !l.StartsWith("preflight:", StringComparison.Ordinal));
        Assert.Equal("AccessDenied: your credentials may not call servicequotas:GetServiceQuota (User: arn:aws:sts::123456789012:assumed-role/learner/panel is not authorized to perform: " +
            "servicequotas:GetServiceQuota because no identity-based policy allows the servicequotas:GetServiceQuota action): ask for servicequotas:GetServiceQuota in your IAM policy " +
            "(docs/lab-command.md lists what each command calls).", line);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void AccessDeniedOnAnSdkClientsCallNamesItsActionToo()
    {
        aws.Deny("ssm:GetParameter");

        var run = Run();

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("AccessDenied: your credentials may not call ssm:GetParameter (", run.ErrorLines[^1]);
    }

    [Fact]
    public void ThrottlingIsRetriedAndThrottlingThatDoesNotStopIsOneLineAndExitsFour()
    {
        aws.ThrottleNext(2, "servicequotas");
        var retried = Run();
        Assert.True(retried.ExitCode == 0, retried.Stdout + retried.Stderr);
        Assert.Equal(2, aws.Calls.Count(c => c.Error == "ThrottlingException"));
        AssertSignedAndModelled();

        aws.ThrottleNext(50, "servicequotas");
        var stopped = Run();
        Assert.Equal(4, stopped.ExitCode);
        Assert.Equal("Throttled: AWS kept refusing servicequotas:ListAWSDefaultServiceQuotas with ThrottlingException after 5 tries: wait a minute and run the command again.", stopped.ErrorLines[^1]);
        Assert.Equal(5, aws.Calls.Count(c => c.Error == "ThrottlingException") - 2);
    }

    [Theory]
    [InlineData(new[] { "--modules", "emr,gpu" }, "Unknown module 'gpu' in --modules: use all or a comma-separated list of expiry, datalake, streaming, emr, sagemaker, pipeline, lex, mlops, flink, groundtruth.")]
    [InlineData(new[] { "--modules" }, "--modules needs a value: --modules LIST.")]
    [InlineData(new[] { "--hours", "3" }, "Unknown option --hours for lab preflight [--modules LIST] [--json]: it takes --modules LIST, --json.")]
    public void BadInputIsOneLineAndExitsTwo(string[] args, string expected)
    {
        var run = Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([expected], run.ErrorLines);
    }

    [Fact]
    public void ABadSettingInTheLearnersContextIsTheDeploysOwnOneLineError()
    {
        File.WriteAllText(Path.Combine(folder, "cdk.context.json"), """{ "emrCoreNodes": 9 }""");

        var run = Run();

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("emrCoreNodes", line);
        Assert.Contains("9", line);
    }

    [Fact]
    public void NoCredentialsIsOneLineAndExitsTwo()
    {
        var run = Run(new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null });

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["No AWS credentials: run aws configure or aws sso login and set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."], run.ErrorLines);
        Assert.Empty(aws.Calls);
    }

    [Fact]
    public void CredentialsFromAProfileAreNamedAsSuch()
    {
        File.WriteAllText(Path.Combine(folder, "credentials"), $"[learner]\naws_access_key_id = {FakeAws.AccessKey}\naws_secret_access_key = {FakeAws.Secret}\naws_session_token = {FakeAws.Token}\n");

        var run = Run(new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = "learner", ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "credentials"),
        });

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains(Line("credentials", Preflight.Result.Pass, $"account 123456789012 as {Arn}, from profile learner"), Lines(run));
        AssertSignedAndModelled();
    }
}
