using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using LabStack.DataLake;
using LabStack.Expiry;
using static LabStack.Tests.Expect;
using static LabStack.Tests.StateMachineDefinitions;

namespace LabStack.Tests.Expiry;

/// <summary>The expiry module's template: what starts the clock, how long it waits, what the deletion may delete and in which order.</summary>
[Collection(LabCollection.Name)]
public sealed class ExpiryTests(LabFixture lab)
{
    private static readonly string[] ModuleStacks = ["mllab-AiPipeline", "mllab-SageMaker", "mllab-Emr", "mllab-Streaming", "mllab-DataLake"];

    private JsonObject Template(SynthesizedLab synthesized) => synthesized.TemplateJson(synthesized.Stack<ExpiryStack>().StackName);

    private static List<JsonObject> PolicyStatements(JsonObject template, string rolePrefix) =>
        template["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == "AWS::IAM::Policy"
                && r.Value["Properties"]!["Roles"]!.AsArray().Any(role => ((string?)role!["Ref"] ?? "").StartsWith(rolePrefix, StringComparison.Ordinal)))
            .SelectMany(r => r.Value!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()))
            .ToList();

    private const string Account = "111122223333";

    /// <summary>A "CloudFormation Stack Status Change" event as EventBridge delivers it (the CloudFormation user guide's example).</summary>
    private static JsonObject StackStatusEvent(string stackName, string status, string account = Account, string region = "us-east-1") =>
        JsonNode.Parse($$"""
            {
              "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "CloudFormation Stack Status Change",
              "source": "aws.cloudformation", "account": "{{account}}", "time": "2026-12-01T12:00:00Z", "region": "{{region}}",
              "resources": [ "arn:aws:cloudformation:{{region}}:{{account}}:stack/{{stackName}}/b5e6f2a0-cf6d-11ee-9b3a-0a1b2c3d4e5f" ],
              "detail": {
                "stack-id": "arn:aws:cloudformation:{{region}}:{{account}}:stack/{{stackName}}/b5e6f2a0-cf6d-11ee-9b3a-0a1b2c3d4e5f",
                "status-details": { "status": "{{status}}", "status-reason": "" }
              }
            }
            """)!.AsObject();

    [Fact]
    public void NoRuleUsesAWildcardWhichEventBridgeMayFindTooComplex()
    {
        var rules = lab.Default.Stacks.All.SelectMany(stack => lab.Default.TemplateJson(stack.StackName)["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == "AWS::Events::Rule").Select(r => (Id: $"{stack.StackName}/{r.Key}", Pattern: r.Value!["Properties"]!["EventPattern"]!.ToJsonString())))
            .ToList();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.False(rule.Pattern.Contains("\"wildcard\"", StringComparison.Ordinal), $"{rule.Id}: {rule.Pattern}"));
    }

    [Fact]
    public void EveryDeployOrDeletionOfALabStackStartsTheClockAndNothingElseDoes()
    {
        var rule = Template(lab.Default)["Resources"]!.AsObject().Single(r => (string?)r.Value!["Type"] == "AWS::Events::Rule").Value!;
        Assert.Equal("ENABLED", (string?)rule["Properties"]!["State"]);
        var pattern = EventPatterns.Resolve(rule["Properties"]!["EventPattern"]!, partition: "aws", region: "us-east-1", account: Account);
        string[] clockStatuses = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "DELETE_IN_PROGRESS"];
        foreach (var stack in ModuleStacks.Append("mllab-Expiry"))
        {
            foreach (var status in clockStatuses)
            {
                Assert.True(EventPatterns.Matches(pattern, StackStatusEvent(stack, status)), $"{stack} {status} does not start the clock");
            }
            foreach (var status in new[] { "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE", "DELETE_FAILED" })
            {
                Assert.False(EventPatterns.Matches(pattern, StackStatusEvent(stack, status)), $"{stack} {status} starts the clock");
            }
            Assert.False(EventPatterns.Matches(pattern, StackStatusEvent(stack, "CREATE_COMPLETE", account: "444455556666")), $"another account's {stack}");
            Assert.False(EventPatterns.Matches(pattern, StackStatusEvent(stack, "CREATE_COMPLETE", region: "eu-west-1")), $"{stack} in another region");
        }
        // Another lab beside this one (labName=mllab2), and a stack whose name only starts like a lab stack's.
        foreach (var other in new[] { "mllab2-DataLake", "mllab2-Expiry", "mllab-DataLake2", "other-mllab-Emr" })
        {
            Assert.False(EventPatterns.Matches(pattern, StackStatusEvent(other, "CREATE_COMPLETE")), $"{other} starts this lab's clock");
        }
    }

    [Theory]
    [InlineData(new string[0], 24)]
    [InlineData(new[] { "expireAfterHours=6" }, 6)]
    public void TheClockWaitsTheSettingsHoursThenChecksItIsStillTheNewest(string[] overrides, int hours)
    {
        var synthesized = overrides.Length == 0 ? lab.Default : lab.With(overrides);
        var clock = Read(Template(synthesized), "Clock");
        var wait = AllStates(clock).Single(s => s.Name == "Wait for expiry").State;
        Assert.Equal(hours * 3600, (int)wait["Seconds"]!);
        Assert.Equal("Newest clock", (string?)wait["Next"]);
        Assert.Equal("Still the newest?", (string?)AllStates(clock).Single(s => s.Name == "Newest clock").State["Next"]);
    }

    [Fact]
    public void WithExpiryOffEveryEventOnlyStopsClocks()
    {
        var off = lab.With("expireAfterHours=0");
        var clock = Read(Template(off), "Clock");
        Assert.DoesNotContain(AllStates(clock), s => (string?)s.State["Type"] == "Wait");
        Assert.DoesNotContain(AllStates(clock), s => s.Name == "Delete the lab");
        Assert.Equal("0", (string?)Template(off)["Outputs"]!["ExpireAfterHours"]!["Value"]);
    }

    [Fact]
    public void TheDeletionTakesTheModuleStacksDependentsFirstAndTheLakeLast()
    {
        var deletion = Read(Template(lab.Default), "Deletion");
        var stacks = deletion["States"]!["Lab stacks"]!["Parameters"]!["lab"]!["stacks"]!.AsArray().Select(s => (string)s!);
        Assert.Equal(ModuleStacks, stacks);
        var map = deletion["States"]!["Delete each stack"]!;
        Assert.Equal(1, (int)map["MaxConcurrency"]!);
        Assert.Equal("Delete the expiry stack", (string?)deletion["States"]!["Deletion report"]!["Next"]);
        Assert.Equal(LabDeletion.MaxPolls, (int)AllStates(deletion).Single(s => s.Name == "Too long?").State["Choices"]![0]!["NumericGreaterThanEquals"]!);
    }

    [Fact]
    public void TheDeletionMayDescribeAndDeleteOnlyThisLabsStacksAndPassesNoRole()
    {
        var template = Template(lab.Default);
        var statements = PolicyStatements(template, "DeletionRole");
        var stackArns = ModuleStacks.Append("mllab-Expiry").Select(s => $$"""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":cloudformation:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":stack/{{s}}/*"]]}""").ToList();
        var cloudFormation = statements.Where(s => Actions(s).Any(a => a.StartsWith("cloudformation:", StringComparison.Ordinal))).ToList();
        Assert.Equal(["cloudformation:DeleteStack", "cloudformation:DescribeStacks"], cloudFormation.SelectMany(Actions).Distinct().Order(StringComparer.Ordinal));
        Assert.All(cloudFormation, s => Assert.Equal(stackArns.Order(StringComparer.Ordinal),
            s["Resource"]!.AsArray().Select(r => r!.ToJsonString()).Order(StringComparer.Ordinal)));
        Assert.DoesNotContain(statements.SelectMany(Actions), a => a.StartsWith("s3:", StringComparison.Ordinal) || a == "cloudformation:DescribeStackResource");
        Assert.DoesNotContain("iam:PassRole", template.ToJsonString());
        Assert.DoesNotContain("Fn::ImportValue", template.ToJsonString());
    }

    [Fact]
    public void WithTheLakeKeptTheDeletionMayWriteItsReportThereAndNowhereElse()
    {
        var template = Template(lab.With("retainData=true"));
        var statements = PolicyStatements(template, "DeletionRole");
        var put = Assert.Single(statements, s => Actions(s).Contains("s3:PutObject"));
        Assert.Equal(["s3:PutObject"], Actions(put));
        Assert.Equal("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::mllab-datalake-*/curated/lab-expiry/*"]]}""", put["Resource"]!.ToJsonString());
        var find = Assert.Single(statements, s => Actions(s).Contains("cloudformation:DescribeStackResource"));
        Assert.Contains("stack/mllab-DataLake/*", find["Resource"]!.ToJsonString());
    }

    [Fact]
    public void TheClockManagesOnlyItsOwnExecutionsAndStartsOnlyTheDeletion()
    {
        var statements = PolicyStatements(Template(lab.Default), "ClockRole")
            .Where(s => Actions(s).Any(a => a.StartsWith("states:", StringComparison.Ordinal))).ToList();
        string Resources(string action) => statements.Single(s => Actions(s).Contains(action))["Resource"]!.ToJsonString();
        Assert.Equal(["states:ListExecutions", "states:StartExecution", "states:StopExecution"], statements.SelectMany(Actions).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(":stateMachine:mllab-expiry-clock", Resources("states:ListExecutions"));
        Assert.Contains(":execution:mllab-expiry-clock:*", Resources("states:StopExecution"));
        Assert.Contains("DeletionStateMachine", Resources("states:StartExecution"));
    }

    [Fact]
    public void EveryModuleStackIsDeployedAfterAndDestroyedBeforeTheExpiryStack()
    {
        var expiry = lab.Default.Stack<ExpiryStack>();
        Assert.Contains(expiry, lab.Default.Stack<DataLakeStack>().Dependencies);
        Assert.Equal(LabModules.Expiry, LabModules.All[0]);
        Assert.All(LabModules.All.Skip(1), m => Assert.True(m == LabModules.DataLake || m.Needs.Contains(LabModules.DataLake)));
    }

    [Fact]
    public void TheLakeBucketKeepsTheLogicalIdTheDeletionNames() =>
        Assert.Equal("AWS::S3::Bucket",
            (string?)lab.Default.TemplateJson(lab.Default.Stack<DataLakeStack>().StackName)["Resources"]![LakeStorage.LakeBucketLogicalId]!["Type"]);

    [Fact]
    public void OutputsSayWhenTheLabExpiresAndHowToSeeOrCancelTheClock()
    {
        var outputs = Template(lab.Default)["Outputs"]!.AsObject();
        Assert.Equal("The lab deletes itself 24 h after the last deploy of any lab stack; deploy again to extend; -c expireAfterHours=0 to keep it",
            (string?)outputs["ExpireAfterHours"]!["Description"]);
        Assert.Contains("aws stepfunctions list-executions --state-machine-arn ", outputs["ExpiryClock"]!["Value"]!.ToJsonString());
        Assert.Contains("xargs -n1 aws stepfunctions stop-execution --execution-arn", outputs["CancelExpiry"]!["Value"]!.ToJsonString());
    }
}
