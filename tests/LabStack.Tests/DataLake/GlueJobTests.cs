using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using LabStack.DataLake;
using LabStack.Summary;
using LabStack.Tests.Validation;
using static LabStack.Tests.Expect;

namespace LabStack.Tests.DataLake;

/// <summary>The Glue ETL job: the smallest job that never runs by itself, bookmarks on, a role that reads and writes only what the job does.</summary>
[Collection(LabCollection.Name)]
public sealed class GlueJobTests(LabFixture lab)
{
    private JsonObject Template => lab.Default.TemplateJson(lab.Default.Stack<DataLakeStack>().StackName);

    [Fact]
    public void TheJobIsTheSmallestGlue5SparkJobWithBookmarksATimeoutAndNoRetries()
    {
        var template = lab.Default.Template(lab.Default.Stack<DataLakeStack>());
        template.ResourceCountIs("AWS::Glue::Job", 1);
        template.HasResourceProperties("AWS::Glue::Job", Json("""
            {
              "Command": { "Name": "glueetl", "PythonVersion": "3" },
              "GlueVersion": "5.0", "WorkerType": "G.1X", "NumberOfWorkers": 2, "Timeout": 15, "MaxRetries": 0,
              "ExecutionProperty": { "MaxConcurrentRuns": 1 }
            }
            """));
        var job = Template["Resources"]!.AsObject().Single(r => (string?)r.Value!["Type"] == "AWS::Glue::Job").Value!;
        var arguments = job["Properties"]!["DefaultArguments"]!.AsObject();
        Assert.Equal("job-bookmark-enable", (string?)arguments["--job-bookmark-option"]);
        Assert.Equal("true", (string?)arguments["--enable-continuous-cloudwatch-log"]);
        Assert.Contains("GlueJobLogs", arguments["--continuous-log-logGroup"]!.ToJsonString());
        Assert.DoesNotContain(Template["Resources"]!.AsObject(), r => (string?)r.Value!["Type"] == "AWS::Glue::Trigger");
        Assert.Contains("aws glue start-job-run --job-name ", Template["Outputs"]!["StartGlueJob"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void TheRoleReadsOnlyTheCustomersAndTheScriptAndWritesOnlyItsOutput()
    {
        var policy = Template["Resources"]!.AsObject().Single(r => r.Key.StartsWith("GlueJobAccess", StringComparison.Ordinal)).Value!;
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
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
        Assert.DoesNotContain("AWSGlueServiceRole", lab.Default.TemplateJson(lab.Default.Stack<DataLakeStack>().StackName)["Resources"]!
            .AsObject().Single(r => r.Key.StartsWith("GlueJobRole", StringComparison.Ordinal)).Value!.ToJsonString());
    }

    [Fact]
    public void TheJobLogsToALogGroupTheStackDeletes()
    {
        var logs = Template["Resources"]!.AsObject().Single(r => r.Key.StartsWith("GlueJobLogs", StringComparison.Ordinal)).Value!;
        Assert.Equal("Delete", (string?)logs["DeletionPolicy"]);
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
    public void TheCrawlerMakesOneTablePerFolderOfRaw() =>
        lab.Default.Template(lab.Default.Stack<DataLakeStack>()).HasResourceProperties("AWS::Glue::Crawler", new Dictionary<string, object>
        {
            ["Configuration"] = """{"Version":1.0,"Grouping":{"TableLevelConfiguration":2}}""",
        });
}
