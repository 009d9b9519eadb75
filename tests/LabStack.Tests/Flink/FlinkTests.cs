using LabStack.Flink;
using LabStack.Summary;
using LabStack.Tests.Validation;

namespace LabStack.Tests.Flink;

/// <summary>
/// The Flink module's template: a Studio notebook on the lab's Glue database that nothing starts, a role that reads the
/// stream and catalog and writes only its lake prefix and tables, logs that go with the stack, the session workflow run
/// locally (scenarios/), and a cost line whose idle figure follows from what the template holds.
/// </summary>
public sealed class FlinkTests(LabFixture lab) : StackTests<FlinkStack>(lab)
{
    private static readonly string ScenarioFolder = Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "Flink", "scenarios");
    private static JsonObject? runs;

    private JsonObject App => TemplateJson.Properties("AWS::KinesisAnalyticsV2::Application");

    [Fact]
    public void TheNotebookIsAStudioApplicationOnTheLabsGlueDatabaseWithFixedParallelism()
    {
        Assert.Equal("INTERACTIVE", (string?)App["ApplicationMode"]);
        Assert.Equal(StudioNotebook.Runtime, (string?)App["RuntimeEnvironment"]);
        var zeppelin = App["ApplicationConfiguration"]!["ZeppelinApplicationConfiguration"]!;
        var database = zeppelin["CatalogConfiguration"]!["GlueDataCatalogConfiguration"]!["DatabaseARN"]!.ToJsonString();
        Assert.Contains(":database/", database);
        Assert.Contains("Fn::ImportValue", database); // the DataLake's exported database name, not a typed one
        var artifact = zeppelin["CustomArtifactsConfiguration"]!.AsArray().Single()!["MavenReference"]!;
        Assert.Equal("flink-sql-connector-kinesis", (string?)artifact["ArtifactId"]);
        var parallelism = App["ApplicationConfiguration"]!["FlinkApplicationConfiguration"]!["ParallelismConfiguration"]!;
        Assert.Equal(1, (int)parallelism["Parallelism"]!);
        Assert.Equal(1, (int)parallelism["ParallelismPerKPU"]!);
        Assert.False((bool)parallelism["AutoScalingEnabled"]!); // autoscaling would add KPUs the cost line does not count
    }

    [Fact]
    public void NothingInTheTemplateStartsTheNotebook()
    {
        // CloudFormation creates the application READY; only StartApplication runs it, and only the session workflow calls
        // that, when a learner starts an execution: no rule, schedule or custom resource does.
        Assert.Null(App["RunConfiguration"]);
        Assert.Empty(TemplateJson.ResourcesOf("AWS::Events::Rule"));
        Assert.Empty(TemplateJson.ResourcesOf("AWS::Scheduler::Schedule"));
        Assert.DoesNotContain(TemplateJson.Resources(), r => ((string?)r.Value!["Type"])!.StartsWith("Custom::", StringComparison.Ordinal));
        var starters = TemplateJson.ResourcesOf("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Any(s => Expect.Actions(s!.AsObject()).Contains("kinesisanalytics:StartApplication")))
            .Select(p => p.Id).ToList();
        Assert.StartsWith("SessionRoleDefaultPolicy", Assert.Single(starters));
    }

    private FlinkStack Stack => Lab.Default.Stack<FlinkStack>();

    [Fact]
    public void TheNotebooksRoleTrustsManagedFlinkAndGrantsOnlyWhatTheNotebookUses()
    {
        var role = TemplateJson.ResourcesOf("AWS::IAM::Role", "NotebookRole").Single();
        var trust = role.Resource["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Single()!;
        Assert.Equal("kinesisanalytics.amazonaws.com", (string?)trust["Principal"]!["Service"]);
        Assert.Null(trust["Condition"]);

        var statements = TemplateJson.PolicyStatements("NotebookRolePolicy");
        var actions = statements.SelectMany(Expect.Actions).ToHashSet();
        Assert.Superset(new HashSet<string> { "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "glue:GetTable", "s3:PutObject", "logs:PutLogEvents" }, actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("kinesis:Put", StringComparison.Ordinal) || a is "glue:DeleteDatabase" or "s3:DeleteBucket");

        string Where(string action) => statements.Single(s => Expect.Actions(s).Contains(action))["Resource"]!.ToJsonString();
        Assert.Contains("/curated/usage-windows/*", Where("s3:PutObject"));
        Assert.Contains($"/{StudioNotebook.TablePrefix}*", Where("glue:CreateTable"));
        Assert.Contains("\"Fn::ImportValue\":\"mllab-Streaming:Export", Where("kinesis:GetRecords")); // the Streaming stack's stream, by its export
        var list = statements.Single(s => Expect.Actions(s).Contains("s3:ListBucket"));
        Assert.Equal("curated/usage-windows/*", (string?)list["Condition"]!["StringLike"]!["s3:prefix"]![0]);
    }

    [Fact]
    public void TheNotebookLogsToALogGroupDeletedWithTheStack()
    {
        var group = TemplateJson.Resource("AWS::Logs::LogGroup", "NotebookLogs");
        Assert.Equal("Delete", (string?)group["DeletionPolicy"]);
        Assert.Equal(7, (int)group["Properties"]!["RetentionInDays"]!);
        Assert.Equal("Delete", (string?)TemplateJson.Resource("AWS::Logs::LogStream")["DeletionPolicy"]);
        Assert.Equal("Delete", (string?)TemplateJson.Resource("AWS::Logs::LogGroup", "SessionLogs")["DeletionPolicy"]);
        TemplateJson.Resource("AWS::KinesisAnalyticsV2::ApplicationCloudWatchLoggingOption");
    }

    [Fact]
    public void TheUsageWindowsTableReadsTheNotebooksPrefixAsJson()
    {
        var table = TemplateJson.Properties("AWS::Glue::Table")["TableInput"]!;
        Assert.Equal(UsageWindowsTable.TableName, (string?)table["Name"]);
        Assert.EndsWith("/curated/usage-windows/\"]]}", table["StorageDescriptor"]!["Location"]!.ToJsonString());
        Assert.Equal("org.openx.data.jsonserde.JsonSerDe", (string?)table["StorageDescriptor"]!["SerdeInfo"]!["SerializationLibrary"]);
        // The notebook's sink writes the table's columns, in its order, to the same prefix.
        var sql = File.ReadAllText(LabPaths.Asset("flink", "usage-windows.sql"));
        var sink = System.Text.RegularExpressions.Regex.Match(sql, @"CREATE TABLE flink_usage_windows \((?<columns>[^;]*?)\) WITH \((?<with>[^;]*?)\);");
        Assert.True(sink.Success);
        var columns = sink.Groups["columns"].Value.Split(',').Select(c => c.Trim().Split(' ')[0]).ToList();
        Assert.Equal(UsageWindowsTable.Columns.Select(c => c.Name), columns);
        Assert.Contains("/" + LabStack.DataLake.LakeLayout.UsageWindows, sink.Groups["with"].Value);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(sql, @"CREATE TABLE (\w+)"), m => Assert.StartsWith(StudioNotebook.TablePrefix, m.Groups[1].Value));
    }

    [Fact]
    public void TheOutputsStartTheSessionAndStopTheNotebookByName()
    {
        var outputs = TemplateJson.Outputs();
        Assert.Contains("aws stepfunctions start-execution --state-machine-arn", outputs["StartNotebook"]!["Value"]!.ToJsonString());
        Assert.Contains("kinesisanalyticsv2 stop-application --application-name", outputs["StopNotebook"]!["Value"]!.ToJsonString());
        Assert.Contains("kinesisanalyticsv2 start-application --application-name", outputs["StartNotebookUnwatched"]!["Value"]!.ToJsonString());
        Assert.Contains("--url-type ZEPPELIN_UI_URL", outputs["NotebookUrl"]!["Value"]!.ToJsonString());
    }

    private JsonObject Runs => runs ??= LocalRuns.Run(Path.Combine(Lab.Default.AssemblyDirectory, $"{Stack.StackName}.template.json"), ScenarioFolder,
        "--machine", "Session");

    [Fact]
    public void TheSessionDefinitionPassesAslValidator() => Assert.Empty(Runs["aslErrors"]!.AsArray());

    [Theory]
    [InlineData("session-stops-after-its-minutes")]
    [InlineData("stopped-by-hand")]
    [InlineData("still-starting-at-the-first-check")]
    [InlineData("already-running-is-watched")]
    [InlineData("not-startable-while-updating")]
    public void TheSessionEndsExactlyAsExpected(string scenario)
    {
        var expect = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioFolder, scenario + ".json")))!["expect"]!;
        var run = Runs["runs"]![scenario]!;
        LocalRuns.AssertRunMatches(expect, run);
        if ((string?)expect["status"] == "FAILED")
        {
            Assert.Equal((string?)expect["error"], (string?)run["error"]);
            Assert.Equal((string?)expect["cause"], (string?)run["cause"]);
        }
    }

    [Fact]
    public void TheSessionChecksAsOftenAsItsMinutesNeed()
    {
        var states = StateMachineDefinitions.AllStates(StateMachineDefinitions.Read(TemplateJson, "Session")).ToDictionary(s => s.Name, s => s.State);
        Assert.Equal(NotebookSession.CheckMinutes * 60, (int)states["Wait between checks"]["Seconds"]!);
        // Stopped only while RUNNING, once the checks reach the session's minutes; ended at once when stopped or stopping.
        var choices = states["Still running?"]["Choices"]!.AsArray();
        Assert.Equal(NotebookSession.Over, choices[0]!["Or"]!.AsArray().Select(c => (string)c!["StringEquals"]!));
        Assert.Contains($"\"NumericGreaterThanEquals\":{60 / NotebookSession.CheckMinutes}", choices[1]!["And"]!.ToJsonString());
        Assert.Contains("\"StringEquals\":\"RUNNING\"", choices[1]!["And"]!.ToJsonString());
        var customized = Lab.Customized.TemplateJson<FlinkStack>();
        var custom = StateMachineDefinitions.AllStates(StateMachineDefinitions.Read(customized, "Session")).ToDictionary(s => s.Name, s => s.State);
        Assert.Contains($"\"NumericGreaterThanEquals\":{30 / NotebookSession.CheckMinutes}", custom["Still running?"]["Choices"]![1]!["And"]!.ToJsonString());
        Assert.Equal(2, (int)customized.Properties("AWS::KinesisAnalyticsV2::Application")["ApplicationConfiguration"]!["FlinkApplicationConfiguration"]!["ParallelismConfiguration"]!["Parallelism"]!);
    }

    [Fact]
    public void ANotebookCostsNothingIdleAndItsKpusAndStorageInPractice()
    {
        var cost = CostModel.Estimate("flink", TemplateJson, PriceTable.UsEast1);
        var line = Assert.Single(cost.Lines);
        Assert.StartsWith(TemplateJson.Id("AWS::KinesisAnalyticsV2::Application") + ": 3 KPUs (1 + 2 Studio)", line.Item);
        Assert.Null(line.Unpriced);
        Assert.Equal(0, cost.IdlePerDay);
        Assert.Equal("$0.00", SynthSummary.Money(cost.Forgotten(30)));
        Assert.Equal(3 * 0.11 + 50 * 0.10 / 30 / 24, cost.PracticeHour, 10); // https://aws.amazon.com/managed-service-apache-flink/pricing/ (read 2026-12-01)
    }

    [Fact]
    public void ATemplateThatCouldStartTheNotebookUnattendedGetsNoIdleEstimate()
    {
        var template = JsonNode.Parse(TemplateJson.ToJsonString())!.AsObject();
        template.Resources()["EverySession"] = JsonNode.Parse("""{ "Type": "AWS::Scheduler::Schedule", "Properties": {} }""");
        var line = Assert.Single(CostModel.Estimate("flink", template, PriceTable.UsEast1).Lines);
        Assert.Equal("EverySession may start the application unattended: no idle estimate", line.Unpriced);
    }
}
