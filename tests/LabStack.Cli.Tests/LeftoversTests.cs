using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// <c>lab leftovers</c> against the fakes, after a destroy: the lab's tagged resources (all pages), the service-made log
/// groups and Transcribe's records, each with its delete command; exit 1 only when something that bills remains.
/// </summary>
public sealed class LeftoversTests : IClassFixture<FakeAwsFixture>, IDisposable
{
    private readonly FakeAws aws;
    private readonly string folder = Directory.CreateTempSubdirectory("lab-leftovers-").FullName;

    private const string KeptLake = "mllab-datalake-storagelakebucketad1898c0-1a2b3c4d5e6f";

    /// <summary>The region's stacks, tagged resources, log groups (name, bytes) and job records after the destroy.</summary>
    private readonly List<(string Name, string Status)> stacks = [("other-app", "CREATE_COMPLETE")];
    private readonly List<string> tagged = [$"arn:aws:s3:::{KeptLake}", "arn:aws:athena:us-east-1:123456789012:workgroup/mllab-workgroup", "arn:aws:glue:us-east-1:123456789012:crawler/mllab-raw"];
    private readonly List<(string Name, long Bytes)> logGroups = [("/aws-glue/crawlers", 2048), ("/aws/sagemaker/NotebookInstances", 0)];
    private int jobs = 3;

    public LeftoversTests(FakeAwsFixture fixture)
    {
        aws = fixture.Aws;
        aws.Reset();
        aws.On("cloudformation", "DescribeStacks", _ => FakeAws.Answer.Ok(new JsonObject
        {
            ["Stacks"] = new JsonArray(stacks.Select(s => (JsonNode)new JsonObject
            {
                ["StackId"] = $"arn:aws:cloudformation:us-east-1:123456789012:stack/{s.Name}/1", ["StackName"] = s.Name, ["CreationTime"] = "2026-12-01T12:00:00Z", ["StackStatus"] = s.Status,
            }).ToArray()),
        }));
        aws.On("resourcegroupstaggingapi", "GetResources", input =>
        {
            var start = input["PaginationToken"] is JsonNode t && (string?)t is { Length: > 0 } token ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return FakeAws.Answer.Ok(new JsonObject
            {
                // Two a page; the last page's token is the empty string, as the API answers.
                ["PaginationToken"] = start + 2 < tagged.Count ? (start + 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                ["ResourceTagMappingList"] = new JsonArray(tagged.Skip(start).Take(2).Select(arn => (JsonNode)new JsonObject
                {
                    ["ResourceARN"] = arn, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "lab", ["Value"] = "mllab" }),
                }).ToArray()),
            });
        });
        aws.On("logs", "DescribeLogGroups", input => FakeAws.Answer.Ok(new JsonObject
        {
            ["logGroups"] = new JsonArray(logGroups.Where(g => g.Name.StartsWith((string)input["logGroupNamePrefix"]!, StringComparison.Ordinal)).Select(g => (JsonNode)new JsonObject
            {
                ["logGroupName"] = g.Name, ["creationTime"] = 1764590400000, ["storedBytes"] = g.Bytes,
                ["arn"] = $"arn:aws:logs:us-east-1:123456789012:log-group:{g.Name}:*",
            }).ToArray()),
        }));
        aws.On("transcribe", "ListTranscriptionJobs", input =>
        {
            var first = input["NextToken"] is null;
            var page = new JsonObject
            {
                ["TranscriptionJobSummaries"] = new JsonArray(Enumerable.Range(0, first ? Math.Min(jobs, 2) : Math.Max(jobs - 2, 0)).Select(i => (JsonNode)new JsonObject
                {
                    ["TranscriptionJobName"] = Guid.NewGuid().ToString(), ["TranscriptionJobStatus"] = "COMPLETED", ["CreationTime"] = 1764590400.0,
                }).ToArray()),
            };
            if (first && jobs > 2)
            {
                page["NextToken"] = "page-2";
            }
            return FakeAws.Answer.Ok(page);
        });
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ProcessResult Run(params string[] args) => aws.RunLab(folder, "leftovers", args);

    private static IReadOnlyList<string> Lines(ProcessResult run) => FakeAws.Lines(run);

    private static string Row(bool bills, string what, string delete) => $"{(bills ? "yes" : "no"),-5}  {what,-72}  {delete}";

    [Fact]
    public void WhatADestroyLeftIsListedWithItsDeleteCommandAndABillingLeftoverExitsOne()
    {
        var run = Run();

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
        [
            $"{"BILLS",-5}  {"LEFTOVER",-72}  DELETE WITH",
            Row(true, $"S3 bucket {KeptLake} (the kept lake of retainData=true, or a bucket whose emptying failed)",
                $"copy what you need (aws s3 sync s3://{KeptLake} DEST), then aws s3 rb s3://{KeptLake} --force"),
            Row(false, "athena workgroup/mllab-workgroup", "its service's delete command, or the console (Resource Groups, Tag Editor, tag lab): arn:aws:athena:us-east-1:123456789012:workgroup/mllab-workgroup"),
            Row(false, "glue crawler/mllab-raw", "its service's delete command, or the console (Resource Groups, Tag Editor, tag lab): arn:aws:glue:us-east-1:123456789012:crawler/mllab-raw"),
            Row(true, "log group /aws-glue/crawlers (2048 bytes; a service made it, no stack owns it)", "aws logs delete-log-group --log-group-name /aws-glue/crawlers"),
            Row(false, "log group /aws/sagemaker/NotebookInstances (0 bytes; a service made it, no stack owns it)", "aws logs delete-log-group --log-group-name /aws/sagemaker/NotebookInstances"),
            Row(false, "3 Transcribe job records in the region (the pipeline names its jobs after its runs; Transcribe keeps records 90 days, free)",
                "aws transcribe delete-transcription-job --transcription-job-name NAME (aws transcribe list-transcription-jobs lists them)"),
            "2 of 6 leftovers bill while they stay.",
        ], Lines(run));
        Assert.Equal(2, aws.Calls.Count(c => c.Operation == "GetResources"));
        Assert.Equal(2, aws.Calls.Count(c => c.Operation == "ListTranscriptionJobs"));
        Assert.Equal(5, aws.Calls.Count(c => c.Operation == "DescribeLogGroups"));
        Assert.Empty(aws.Problems);
        Assert.Empty(ApiModels.Findings(aws.Calls));
    }

    [Fact]
    public void OnlyLeftoversThatDoNotBillExitZero()
    {
        tagged.RemoveAt(0);
        logGroups.RemoveAt(0);

        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal("4 leftover(s), none of which bills.", Lines(run)[^1]);
    }

    [Fact]
    public void ACleanRegionSaysSoAndAStackStillThereBills()
    {
        tagged.Clear();
        logGroups.Clear();
        jobs = 0;
        var clean = Run();
        Assert.True(clean.ExitCode == 0, clean.Stdout + clean.Stderr);
        Assert.Equal("Nothing of the lab mllab is left in us-east-1.", Lines(clean)[^1]);

        stacks.Add(("mllab-Emr", "DELETE_FAILED"));
        var failed = Run();
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains(Row(true, "stack mllab-Emr (DELETE_FAILED)", "npx cdk destroy mllab-Emr (or npx cdk destroy --all -c labName=mllab)"), Lines(failed));
    }

    [Fact]
    public void TheLabIsLabsOrTheOutputsOrTheSettings()
    {
        Assert.True(Run("--lab", "otherlab").ExitCode == 1);
        Assert.Equal("""[{"Key":"lab","Values":["otherlab"]}]""", aws.Calls.First(c => c.Operation == "GetResources").Input["TagFilters"]!.ToJsonString());

        aws.Calls.Clear();
        File.WriteAllText(Path.Combine(folder, "cdk.context.json"), """{ "labName": "mylab" }""");
        Run();
        Assert.Equal("""[{"Key":"lab","Values":["mylab"]}]""", aws.Calls.First(c => c.Operation == "GetResources").Input["TagFilters"]!.ToJsonString());

        aws.Calls.Clear();
        FakeLab.WriteOutputs(folder);
        Run();
        Assert.Equal("""[{"Key":"lab","Values":["mllab"]}]""", aws.Calls.First(c => c.Operation == "GetResources").Input["TagFilters"]!.ToJsonString());
    }

    [Fact]
    public void ThrottlingIsRetriedAndAccessDeniedNamesTheAction()
    {
        aws.ThrottleNext(2, "resourcegroupstaggingapi");
        var retried = Run();
        Assert.Equal(1, retried.ExitCode);
        Assert.Equal(2, aws.Calls.Count(c => c.Error == "ThrottlingException"));

        aws.Deny("tag:GetResources");
        var denied = Run();
        Assert.Equal(3, denied.ExitCode);
        Assert.StartsWith("AccessDenied: your credentials may not call tag:GetResources (", denied.ErrorLines[^1]);
    }
}
