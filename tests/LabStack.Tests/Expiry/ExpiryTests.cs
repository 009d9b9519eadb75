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
    private static readonly string[] ModuleStacks = ["mllab-GroundTruth", "mllab-Flink", "mllab-MlOps", "mllab-Lex", "mllab-AiPipeline", "mllab-SageMaker", "mllab-Emr", "mllab-Streaming", "mllab-DataLake"];

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
        string[] clockStatuses = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "DELETE_COMPLETE", "DELETE_IN_PROGRESS", "DELETE_FAILED"];
        foreach (var stack in ModuleStacks.Append("mllab-Expiry"))
        {
            foreach (var status in clockStatuses)
            {
                Assert.True(EventPatterns.Matches(pattern, StackStatusEvent(stack, status)), $"{stack} {status} does not start the clock");
            }
            foreach (var status in new[] { "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE" })
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
    [InlineData(new string[0], 8)]
    [InlineData(new[] { "expireAfterHours=6" }, 6)]
    public void TheClockWaitsTheSettingsHoursThenChecksItIsStillTheNewest(string[] overrides, int hours)
    {
        var synthesized = overrides.Length == 0 ? lab.Default : lab.With(overrides);
        var clock = Read(Template(synthesized), "Clock");
        var wait = AllStates(clock).Single(s => s.Name == "Wait for expiry").State;
        Assert.Equal("$.wait.seconds", (string?)wait["SecondsPath"]);
        var deployed = AllStates(clock).Single(s => s.Name == "Deployed hours").State["Parameters"]!;
        Assert.Equal((hours, hours * 3600), ((int)deployed["hours"]!, (int)deployed["seconds"]!));
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
        Assert.Equal("""{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::mllab-datalake-storagelakebucketad1898c0-*/curated/lab-expiry/*"]]}""", put["Resource"]!.ToJsonString());
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
        Assert.Equal("The lab deletes itself 8 h after the last deploy of any lab stack; lab extend [--hours N] restarts the clock " +
            "(a deploy with no changes does not); -c expireAfterHours=0 to keep it",
            (string?)outputs["ExpireAfterHours"]!["Description"]);
        Assert.Equal("""{"Ref":"ClockStateMachine13D2B8F3"}""", outputs["ClockArn"]!["Value"]!.ToJsonString());
        Assert.Equal("""{"Ref":"AWS::StackId"}""", outputs["StackId"]!["Value"]!.ToJsonString());
        Assert.Contains("aws stepfunctions list-executions --state-machine-arn ", outputs["ExpiryClock"]!["Value"]!.ToJsonString());
        Assert.Contains("xargs -n1 aws stepfunctions stop-execution --execution-arn", outputs["CancelExpiry"]!["Value"]!.ToJsonString());
    }

    /// <summary>The fallback line, run by bash with its references filled in, sends the event lab extend sends.</summary>
    [Fact]
    public void TheExtendOutputIsAStartExecutionLineWithTheSyntheticDeployEvent()
    {
        var parts = Template(lab.Default)["Outputs"]!["ExtendExpiry"]!["Value"]!["Fn::Join"]![1]!.AsArray()
            .Select(p => p is JsonValue text ? (string)text! : (string?)p!["Ref"] switch
            {
                "AWS::StackId" => "arn:aws:cloudformation:us-east-1:111122223333:stack/mllab-Expiry/b5e6f2a0",
                var other => $"arn:aws:states:us-east-1:111122223333:stateMachine:{other}",
            });
        var line = string.Concat(parts);
        Assert.StartsWith("aws stepfunctions start-execution --state-machine-arn arn:aws:states:us-east-1:111122223333:stateMachine:ClockStateMachine13D2B8F3 --input '", line);
        // What bash passes as --input: the line's words after "--input", with its quoting and $(date ...) evaluated.
        var input = ProcessRunner.Run("bash", ["-c", "set -- " + line[line.IndexOf("--input", StringComparison.Ordinal)..] + "; printf %s \"$2\""],
            LabPaths.Root, TimeSpan.FromSeconds(30));
        var sent = JsonNode.Parse(input.Stdout)!;
        Assert.Equal("CloudFormation Stack Status Change", (string?)sent["detail-type"]);
        Assert.Equal("UPDATE_COMPLETE", (string?)sent["detail"]!["status-details"]!["status"]);
        Assert.Equal("arn:aws:cloudformation:us-east-1:111122223333:stack/mllab-Expiry/b5e6f2a0", (string?)sent["detail"]!["stack-id"]);
        Assert.Equal(8, (int)sent["expire_after_hours"]!);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", (string)sent["time"]!);
    }

    /// <summary>
    /// CloudFormation names a bucket "&lt;stack&gt;-&lt;logical id&gt;-&lt;suffix&gt;", lowercased, and cuts the stack part to fit S3's
    /// 63 characters (as moto models it, getmoto/moto#3168): the report's IAM pattern must match those names for every
    /// labName up to 20 characters, with a 12- or 13-character suffix, and no other lab's bucket.
    /// </summary>
    [Theory]
    [InlineData("mllab")]
    [InlineData("abcdefghijklmn")]
    [InlineData("abcdefghijklmnopqrst")]
    public void TheReportPatternMatchesTheBucketNameCloudFormationGenerates(string labName)
    {
        var target = new DeletionReportTarget($"{labName}-DataLake", LakeStorage.LakeBucketLogicalId);
        var pattern = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(target.BucketNamePattern()).Replace("\\*", ".*", StringComparison.Ordinal) + "$");
        foreach (var suffix in new[] { "1a2b3c4d5e6f", "1a2b3c4d5e6f7" })
        {
            var right = $"-{LakeStorage.LakeBucketLogicalId}-{suffix}";
            var generated = ($"{labName}-DataLake"[..Math.Min(labName.Length + 9, 63 - right.Length)] + right).ToLowerInvariant();
            Assert.True(generated.Length <= 63, generated);
            Assert.Matches(pattern, generated);
        }
        // Lab "<labName>-datalake" (a valid name while it fits in 20 characters) has a bucket under the old "<stack>-*" pattern, not this one.
        if (labName.Length + "-datalake".Length <= 20)
        {
            Assert.DoesNotMatch(pattern, $"{labName}-datalake-datalake-{LakeStorage.LakeBucketLogicalId.ToLowerInvariant()}-1a2b3c4d5e6f");
        }
        var template = Template(lab.With("retainData=true", $"labName={labName}"));
        var put = Assert.Single(PolicyStatements(template, "DeletionRole"), s => Actions(s).Contains("s3:PutObject"));
        Assert.Contains($":s3:::{target.BucketNamePattern()}/curated/lab-expiry/*", put["Resource"]!.ToJsonString());
    }

    [Fact]
    public void WithAnAlertEmailATopicThatRefusesPlainHttpEmailsIt_AndOnlyTheWorkflowsPublish()
    {
        Assert.DoesNotContain("AWS::SNS::Topic", Template(lab.Default).ToJsonString());
        var template = Template(lab.With("alertEmail=learner@example.com"));
        var resources = template["Resources"]!.AsObject();
        var subscription = resources.Single(r => (string?)r.Value!["Type"] == "AWS::SNS::Subscription").Value!["Properties"]!;
        Assert.Equal(("email", "learner@example.com"), ((string?)subscription["Protocol"], (string?)subscription["Endpoint"]));
        var policy = resources.Single(r => (string?)r.Value!["Type"] == "AWS::SNS::TopicPolicy").Value!["Properties"]!["PolicyDocument"]!["Statement"]![0]!;
        Assert.Equal(("Deny", "false"), ((string?)policy["Effect"], (string?)policy["Condition"]!["Bool"]!["aws:SecureTransport"]));
        foreach (var role in new[] { "ClockRole", "DeletionRole" })
        {
            var publish = Assert.Single(PolicyStatements(template, role), s => Actions(s).Contains("sns:Publish"));
            Assert.Equal(["sns:Publish"], Actions(publish));
            Assert.Equal("""{"Ref":"Alerts91F83244"}""", publish["Resource"]!.ToJsonString());
        }
        // A failed deletion restarts the clock: the deletion may start it, by its name, and nothing else of Step Functions.
        var start = Assert.Single(PolicyStatements(template, "DeletionRole"), s => Actions(s).Contains("states:StartExecution"));
        Assert.Contains(":stateMachine:mllab-expiry-clock", start["Resource"]!.ToJsonString());
    }

    [Fact]
    public void EveryCloudFormationCallOfTheDeletionRetriesThrottlingWithBackoff()
    {
        var deletion = Read(Template(lab.With("retainData=true")), "Deletion");
        var calls = AllStates(deletion).Where(s => ((string?)s.State["Resource"] ?? "").Contains(":aws-sdk:cloudformation:", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, calls.Count);
        Assert.All(calls, call =>
        {
            var retry = Assert.Single(call.State["Retry"]!.AsArray())!;
            Assert.Equal(LabDeletion.CloudFormationError, (string?)retry["ErrorEquals"]![0]);
            Assert.Equal((1, 2, LabDeletion.CloudFormationRetries, "FULL"),
                ((int)retry["IntervalSeconds"]!, (int)retry["BackoffRate"]!, (int)retry["MaxAttempts"]!, (string?)retry["JitterStrategy"]));
        });
    }
}
