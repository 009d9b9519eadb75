using Amazon.CDK.Assertions;
using LabStack.DataLake;
using LabStack.Summary;

namespace LabStack.Tests.DataLake;

/// <summary>The Glue ETL job: the smallest job that never runs by itself, bookmarks on, a role that reads and writes only what the job does.</summary>
public sealed class GlueJobTests(LabFixture lab) : StackTests<DataLakeStack>(lab)
{
    [Fact]
    public void TheJobIsTheSmallestGlue5SparkJobWithBookmarksATimeoutAndNoRetries()
    {
        Template.ResourceCountIs("AWS::Glue::Job", 1);
        Template.HasResourceProperties("AWS::Glue::Job", Json("""
            {
              "Command": { "Name": "glueetl", "PythonVersion": "3" },
              "GlueVersion": "5.0", "WorkerType": "G.1X", "NumberOfWorkers": 2, "Timeout": 15, "MaxRetries": 0,
              "ExecutionProperty": { "MaxConcurrentRuns": 1 }
            }
            """));
        var arguments = TemplateJson.Properties("AWS::Glue::Job")["DefaultArguments"]!.AsObject();
        Assert.Equal("job-bookmark-enable", (string?)arguments["--job-bookmark-option"]);
        // Glue 5.0 has no continuous logging; its own pair of log groups is named by the custom prefix.
        Assert.False(arguments.ContainsKey("--enable-continuous-cloudwatch-log"));
        Assert.Equal("/aws-glue/mllab-clean-customers", (string?)arguments["--custom-logGroup-prefix"]);
        Assert.Empty(TemplateJson.ResourcesOf("AWS::Glue::Trigger"));
        Assert.Contains("aws glue start-job-run --job-name ", TemplateJson.Outputs()["StartGlueJob"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void TheRoleReadsOnlyTheCustomersAndTheScriptAndWritesOnlyItsOutput()
    {
        var statements = TemplateJson.PolicyStatements("GlueJobAccess");
        string Resources(JsonObject statement) => statement["Resource"]!.ToJsonString();

        var writes = statements.Where(s => Actions(s).Any(a => a is "s3:PutObject" or "s3:DeleteObject")).ToList();
        // The prefix and its folder marker curated/customers-clean_$folder$, nothing else.
        Assert.All(writes, s => Assert.EndsWith("/curated/customers-clean*\"]]}", Resources(s)));
        Assert.DoesNotContain(writes, s => Resources(s).Contains("raw/", StringComparison.Ordinal));
        var reads = statements.Single(s => Actions(s).SequenceEqual(["s3:GetObject"]));
        Assert.Contains("/raw/customers/*", Resources(reads));
        Assert.DoesNotContain("\"/raw/*\"", Resources(reads));
        // Listing the bucket, unconditioned: a HEAD of a key not written yet carries no s3:prefix, and without
        // s3:ListBucket S3 answers it 403 instead of 404, which fails the sink.
        var list = statements.Single(s => Actions(s).Contains("s3:ListBucket"));
        Assert.Equal(["s3:ListBucket"], Actions(list));
        Assert.Null(list["Condition"]);
        Assert.DoesNotContain("/*", Resources(list));
        var tableWrites = statements.Single(s => Actions(s).Contains("glue:CreateTable"));
        Assert.Contains("/customers_clean\"", Resources(tableWrites));
        Assert.DoesNotContain("/customers\"", Resources(tableWrites));
        Assert.DoesNotContain(statements.SelectMany(Actions), a => a.EndsWith('*') || a.StartsWith("iam:", StringComparison.Ordinal));
        Assert.DoesNotContain("AWSGlueServiceRole", TemplateJson.Resource("AWS::IAM::Role", "GlueJobRole").ToJsonString());
    }

    [Fact]
    public void TheJobLogsToItsOwnPairOfLogGroupsTheStackDeletes()
    {
        // With --custom-logGroup-prefix P, Glue 5.0 writes P/output (the script's stdout and stderr) and P/error.
        var groups = TemplateJson.ResourcesOf("AWS::Logs::LogGroup")
            .Where(g => ((string?)g.Resource["Properties"]!["LogGroupName"] ?? "").StartsWith("/aws-glue/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/aws-glue/mllab-clean-customers/error", "/aws-glue/mllab-clean-customers/output"],
            groups.Select(g => (string)g.Resource["Properties"]!["LogGroupName"]!).Order());
        Assert.All(groups, g => Assert.Equal("Delete", (string?)g.Resource["DeletionPolicy"]));
        var logs = TemplateJson.PolicyStatements("GlueJobAccess").Single(s => Actions(s).Contains("logs:PutLogEvents"));
        Assert.Equal(groups.Select(g => g.Id).Order(), logs["Resource"]!.AsArray().Select(r => (string)r!["Fn::GetAtt"]![0]!).Order());
    }

    [Fact]
    public void TheScriptIsValidPythonThatReadsTheCatalogWithABookmarkAndWritesPartitionedParquet()
    {
        var script = LabPaths.Asset("glue", "clean_customers.py");
        var report = JsonNode.Parse(NodeTools.Run("node", Path.Combine(LabPaths.Root, "tools", "notebooks", "check.mjs"), script))!;
        Assert.Empty(report["clean_customers.py"]!["problems"]!.AsArray());
        var text = File.ReadAllText(script);
        foreach (var part in new[] { "resolveChoice(specs=[(column, \"cast:double\") for column in NUMERIC] + [(\"churned\", \"cast:int\")])",
            "resolve_types(source).toDF()", "F.when(F.trim(F.col(column)) == \"\", None)", "create_dynamic_frame.from_catalog", "transformation_ctx=", "job.commit()", "partitionKeys=[\"region\"]",
            "enableUpdateCatalog=True", "\"glueparquet\"", CleanCustomersJob.OutputPrefix, $"\"{CleanCustomersJob.TargetTable}\"" })
        {
            Assert.Contains(part, text);
        }
    }

    [Fact]
    public void ARunIsPricedInDpuHoursWithTheOneMinuteMinimum()
    {
        var cost = CostModel.Estimate("datalake", JsonNode.Parse("""
            { "Resources": { "Job": { "Type": "AWS::Glue::Job", "Properties": { "WorkerType": "G.1X", "NumberOfWorkers": 2 } } } }
            """)!.AsObject(), PriceTable.UsEast1);
        Assert.Equal(0, cost.IdlePerDay);
        Assert.Equal(2 * (2 * 1 * 2 / 60.0 * 0.44), cost.PracticeHour, 10);
    }

    [Fact]
    public void TheCrawlerMakesOneTablePerFolderOfRaw()
    {
        // Glue counts the table level from the bucket (level 1): for s3://<bucket>/raw/ the folders of raw/ are level 3.
        var crawler = TemplateJson.Properties("AWS::Glue::Crawler");
        var path = crawler["Targets"]!["S3Targets"]![0]!["Path"]!["Fn::Join"]![1]!.AsArray().Last()!.ToString();
        Assert.Equal("/raw/", path);
        var folderLevel = 1 + path.Trim('/').Split('/').Length + 1; // the bucket, the prefix's segments, then a folder under it
        Assert.Equal(3, folderLevel);
        Assert.Equal("""{"Version":1.0,"Grouping":{"TableLevelConfiguration":""" + folderLevel + "}}", (string?)crawler["Configuration"]);
    }
}
