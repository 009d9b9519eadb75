using Amazon.CDK.Assertions;
using LabStack.GroundTruth;
using LabStack.Summary;

namespace LabStack.Tests.GroundTruth;

/// <summary>
/// The groundtruth module as <see cref="LabFixture.GroundTruth"/> synthesizes it (it is opt-in, so the default lab has no
/// such stack): the workforce it creates and deletes, the one worker, the grants of the labeling role and notebook 12, the
/// built-in task functions, and the validators over its template.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class GroundTruthTests(LabFixture lab)
{
    private readonly Template template = lab.GroundTruth.Template<GroundTruthStack>();
    private readonly JsonObject json = lab.GroundTruth.TemplateJson<GroundTruthStack>();

    [Fact]
    public void TheUserPoolIsDeletedWithTheStackHasAGeneratedNameAndOnlyTheStackAddsUsers()
    {
        var pool = json.Resource("AWS::Cognito::UserPool");
        Assert.Equal(("Delete", "Delete"), ((string?)pool["DeletionPolicy"], (string?)pool["UpdateReplacePolicy"]));
        var properties = pool["Properties"]!.AsObject();
        Assert.Null(properties["UserPoolName"]);
        Assert.NotEqual("ACTIVE", (string?)properties["DeletionProtection"]);
        Assert.True((bool)properties["AdminCreateUserConfig"]!["AllowAdminCreateUserOnly"]!);
        Assert.Equal("email", (string?)properties["UsernameAttributes"]![0]);
    }

    [Fact]
    public void TheLearnerIsTheOnlyWorkerInvitedByEmailIntoTheTeamsGroup()
    {
        var worker = Assert.Single(json.ResourcesOf("AWS::Cognito::UserPoolUser")).Resource["Properties"]!;
        Assert.Equal("learner@example.com", (string?)worker["Username"]);
        Assert.Equal("EMAIL", (string?)worker["DesiredDeliveryMediums"]![0]);
        var group = json.Id("AWS::Cognito::UserPoolGroup");
        template.HasResourceProperties("AWS::Cognito::UserPoolUserToGroupAttachment", Expect.Json($$"""
            { "GroupName": { "Ref": "{{group}}" }, "Username": { "Ref": "{{json.Id("AWS::Cognito::UserPoolUser")}}" } }
            """));
        Assert.Contains("{####}", (string)json.Properties("AWS::Cognito::UserPool")["AdminCreateUserConfig"]!["InviteMessageTemplate"]!["EmailMessage"]!);
    }

    [Fact]
    public void TheStackOwnsTheRegionsWorkforceSoNoWorkforceOutlivesTheLab()
    {
        var (pool, client) = (json.Id("AWS::Cognito::UserPool"), json.Id("AWS::Cognito::UserPoolClient"));
        template.HasResourceProperties("AWS::SageMaker::Workforce", Expect.Json($$"""
            { "WorkforceName": "mllab-workforce", "CognitoConfig": { "UserPool": { "Ref": "{{pool}}" }, "ClientId": { "Ref": "{{client}}" } } }
            """));
        template.HasResourceProperties("AWS::Cognito::UserPoolClient", Expect.Json("""
            { "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["implicit", "code"],
              "SupportedIdentityProviders": ["COGNITO"] }
            """));
        var workteam = json.Resource("AWS::SageMaker::Workteam");
        Assert.Equal("mllab-workforce", (string?)workteam["Properties"]!["WorkforceName"]);
        Assert.Contains(json.Id("AWS::SageMaker::Workforce"), workteam["DependsOn"]!.AsArray().Select(d => (string)d!));
        var member = workteam["Properties"]!["MemberDefinitions"]![0]!["CognitoMemberDefinition"]!;
        Assert.Equal((pool, client, json.Id("AWS::Cognito::UserPoolGroup")),
            ((string?)member["CognitoUserPool"]!["Ref"], (string?)member["CognitoClientId"]!["Ref"], (string?)member["CognitoUserGroup"]!["Ref"]));
        Assert.Null(workteam["Properties"]!["WorkteamName"]); // generated: the notebook reads its ARN from the stack's outputs
    }

    [Fact]
    public void WithAnExistingWorkforceOnlyTheGroupAndTheWorkerGoIntoItsPool()
    {
        var stack = new Amazon.CDK.Stack(new Amazon.CDK.App(), "Existing");
        new PrivateWorkforce(stack, "Workforce", new PrivateWorkforceProps
        {
            LabName = "mllab", WorkerEmail = "learner@example.com",
            ExistingUserPoolId = "us-east-1_AbC123xyz", ExistingClientId = "1example23456789",
        });
        var existing = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Template.FromStack(stack).ToJSON()))!.AsObject();
        Assert.Equal(["AWS::Cognito::UserPoolGroup", "AWS::Cognito::UserPoolUser", "AWS::Cognito::UserPoolUserToGroupAttachment", "AWS::SageMaker::Workteam"],
            existing.Resources().Select(r => (string)r.Value!["Type"]!).Order(StringComparer.Ordinal));
        Assert.Equal(("us-east-1_AbC123xyz", "mllab-labelers"),
            ((string?)existing.Properties("AWS::Cognito::UserPoolGroup")["UserPoolId"], (string?)existing.Properties("AWS::Cognito::UserPoolGroup")["GroupName"]));
        Assert.Equal("us-east-1_AbC123xyz", (string?)existing.Properties("AWS::Cognito::UserPoolUser")["UserPoolId"]);
        var workteam = existing.Properties("AWS::SageMaker::Workteam");
        var member = workteam["MemberDefinitions"]![0]!["CognitoMemberDefinition"]!;
        Assert.Equal(("us-east-1_AbC123xyz", "1example23456789"), ((string?)member["CognitoUserPool"], (string?)member["CognitoClientId"]));
        Assert.Null(workteam["WorkforceName"]); // the region's one workforce
    }

    [Fact]
    public void TheNotebookMayStartLabelingJobsOnlyForTheLabsTeamAndPassOnlyTheLabelingRole()
    {
        var statements = json.PolicyStatements("AccessNotebookGrants");
        var workteam = json.Id("AWS::SageMaker::Workteam");
        var create = statements.Single(s => Expect.Actions(s).Contains("sagemaker:CreateLabelingJob"));
        Assert.Equal(["sagemaker:CreateLabelingJob"], Expect.Actions(create));
        Assert.Equal("{\"StringEquals\":{\"sagemaker:WorkteamArn\":{\"Ref\":\"" + workteam + "\"}}}", create["Condition"]!.ToJsonString());
        Assert.EndsWith(":labeling-job/mllab--nb-*\"]]}", create["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var pass = statements.Single(s => Expect.Actions(s).Contains("iam:PassRole"));
        Assert.Equal($$"""{"Fn::GetAtt":["{{json.Id("AWS::IAM::Role", "AccessRole")}}","Arn"]}""", pass["Resource"]!.ToJsonString());
        Assert.Equal("""{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""", pass["Condition"]!.ToJsonString());
        Assert.Equal(
        [
            "cloudformation:DescribeStacks", "iam:PassRole", "rekognition:DetectLabels", "s3:DeleteObject", "s3:PutObject", "sagemaker:CreateLabelingJob",
            "sagemaker:DescribeLabelingJob", "sagemaker:DescribeWorkteam", "sagemaker:StopLabelingJob",
        ], statements.SelectMany(Expect.Actions).Order(StringComparer.Ordinal));
        // Attached to the SageMaker stack's notebook role through the export that stack always has.
        var roles = json.Properties("AWS::IAM::Policy", "AccessNotebookGrants")["Roles"]!.ToJsonString();
        Assert.Contains("\"Fn::ImportValue\":\"mllab-SageMaker:ExportsOutputRefNotebookRole", roles);
        Assert.Contains(lab.Default.TemplateJson("mllab-SageMaker").Outputs(),
            o => (string?)o.Value!["Export"]?["Name"] is string name && roles.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void TheLabelingRoleReadsTheImagesAndTheJobsFilesAndWritesOnlyTheJobsPrefix()
    {
        Assert.Equal("""{"Service":"sagemaker.amazonaws.com"}""", json.Properties("AWS::IAM::Role", "AccessRole")["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!.ToJsonString());
        var statements = json.PolicyStatements("AccessRoleGrants");
        var writes = statements.Single(s => Expect.Actions(s).SequenceEqual(["s3:PutObject"]));
        Assert.EndsWith("/curated/labeling-jobs/*\"]]}", writes["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var reads = statements.Single(s => Expect.Actions(s).SequenceEqual(["s3:GetObject"]));
        Assert.Equal(2, reads["Resource"]!.AsArray().Count);
        Assert.Contains("/raw/labeling/images/*", reads["Resource"]!.ToJsonString());
    }

    [Fact]
    public void BuiltInTaskFunctionsComeFromTheRegionsAwsAccount()
    {
        var mapping = json["Mappings"]!["BuiltInTaskFunctions"]!.AsObject();
        Assert.Equal(BuiltInTasks.FunctionAccounts.Count, mapping.Count);
        Assert.Equal("432418664414", (string?)mapping["us-east-1"]!["Account"]);
        var outputs = json.Outputs();
        Assert.EndsWith(":function:PRE-ImageMultiClass\"]]}", outputs["PreAnnotationLambdaArn"]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.EndsWith(":function:ACS-ImageMultiClass\"]]}", outputs["ConsolidationLambdaArn"]!["Value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.All(["WorkteamArn", "LabelingRoleArn", "ImagesUri", "LabelingPortal"], name => Assert.NotNull(outputs[name]));
    }

    [Fact]
    public void TheImagesToLabelAreThePipelinesSamplesAndGoWithTheStack()
    {
        template.HasResourceProperties("Custom::CDKBucketDeployment", Expect.Json("""{ "DestinationBucketKeyPrefix": "raw/labeling/images/", "RetainOnDelete": false }"""));
        var asset = Directory.GetDirectories(lab.GroundTruth.AssemblyDirectory, "asset.*")
            .Single(d => Directory.GetFiles(d).Any(f => f.EndsWith(".png", StringComparison.Ordinal)) && !Directory.GetFiles(d, "*.txt").Any());
        Assert.Equal(Directory.GetFiles(LabPaths.Asset("pipeline-samples"), "*.png").Select(Path.GetFileName).Order(),
            Directory.GetFiles(asset).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void TheValidatorsFindNothingInTheGroundTruthSynthesis()
    {
        // Every stack of it: alertEmail, which groundtruth needs, also gives the Expiry stack its alert topic.
        var report = lab.GroundTruth.Validation;
        Assert.Contains(report.Templates, t => t.Contains("mllab-GroundTruth", StringComparison.Ordinal));
        var findings = report.Findings.Select(f => f.ToString()).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));
        Assert.Contains(report.ResourceStarActions, a => a.Action == "sagemaker:ListLabelingJobs" && a.WildcardOnly);
    }

    [Fact]
    public void NothingIsRetainedOnDelete()
    {
        Assert.DoesNotContain(json.Resources(), r => (string?)r.Value!["DeletionPolicy"] is "Retain" or "RetainExceptOnCreate" or "Snapshot");
    }
}

/// <summary>What the groundtruth stack costs, from its template and the price file.</summary>
[Collection(LabCollection.Name)]
public sealed class GroundTruthCostTests(LabFixture lab)
{
    private readonly JsonObject json = lab.GroundTruth.TemplateJson<GroundTruthStack>();

    [Fact]
    public void IdleItBillsNothingBecauseNoResourceInItsTemplateBillsByTheHour()
    {
        // Every type the template holds: a new one must be looked at here (and priced in CostModel if it bills).
        Assert.Equal(
        [
            "AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolDomain", "AWS::Cognito::UserPoolGroup",
            "AWS::Cognito::UserPoolUser", "AWS::Cognito::UserPoolUserToGroupAttachment", "AWS::IAM::Policy", "AWS::IAM::Role",
            "AWS::Lambda::Function", "AWS::Lambda::LayerVersion", "AWS::Logs::LogGroup", "AWS::SageMaker::Workforce", "AWS::SageMaker::Workteam",
            "Custom::CDKBucketDeployment", "Custom::LabelingJobLeftovers",
        ], json.Resources().Select(r => (string)r.Value!["Type"]!).Distinct().Order(StringComparer.Ordinal));
        var cost = CostModel.Estimate(LabModules.GroundTruth.Key, json, PriceTable.UsEast1);
        Assert.Equal(["UserPool", "Workteam"], cost.Lines.Select(l => l.Item.Split(':')[0].Contains("Pool", StringComparison.Ordinal) ? "UserPool" : "Workteam").Order());
        Assert.All(cost.Lines, l => Assert.Null(l.Unpriced));
        Assert.Equal(0, cost.IdlePerDay);
        Assert.Equal(0, cost.Forgotten(30));
        Assert.Equal("$0.00", SynthSummary.Money(cost.IdlePerDay));
    }

    [Fact]
    public void EachLabeledObjectBillsGroundTruthsPriceAndTheRekognitionCallItIsComparedWith()
    {
        var prices = PriceTable.UsEast1;
        var cost = CostModel.Estimate(LabModules.GroundTruth.Key, json, prices);
        Assert.Equal(0.08, prices.Rate("groundTruthObject"));
        Assert.Equal(0, cost.PracticeHour); // a practice hour labels nothing
        var objects = (double)JsonNode.Parse(File.ReadAllText(LabPaths.Asset("prices", "us-east-1.json")))!["exercises"]!["11-ground-truth"]!["labeledObjects"]!;
        Assert.Equal(Directory.GetFiles(LabPaths.Asset("pipeline-samples"), "*.png").Length, (int)objects); // every image the stack uploads
        Assert.Equal(objects * (0.08 + prices.Rate("rekognitionImage")), cost.Exercise("11-ground-truth"), 10);
    }
}
