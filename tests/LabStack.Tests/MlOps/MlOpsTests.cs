using System.Text.RegularExpressions;
using Amazon.CDK.Assertions;
using LabStack.MlOps;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The mlops module's stack: the registry group, the rules that start the workflows (approvals only; new data under
/// raw/customers/ only), the roles' exact grants, the clean-up's place in the delete order, and the outputs the exercise uses.
/// </summary>
public sealed class MlOpsTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    [Fact]
    public void OnlyAnApprovalOfTheLabsGroupStartsTheDeploy() =>
        Template.HasResourceProperties("AWS::Events::Rule", Expect.Json("""
            {"EventPattern":{"source":["aws.sagemaker"],"detail-type":["SageMaker Model Package State Change"],
             "detail":{"ModelPackageGroupName":["mllab-churn-models"],"ModelApprovalStatus":["Approved"]}},"State":"ENABLED"}
            """));

    [Fact]
    public void NewDataUnderRawCustomersStartsTheStarterByPrefix()
    {
        var rule = TemplateJson.ResourcesOf("AWS::Events::Rule", "StarterOnNewData").Single().Resource["Properties"]!;
        Assert.Equal("""[{"prefix":"raw/customers/"}]""", rule["EventPattern"]!["detail"]!["object"]!["key"]!.ToJsonString());
        Assert.Equal("""["Object Created"]""", rule["EventPattern"]!["detail-type"]!.ToJsonString());
    }

    [Fact]
    public void TheDailyCapCountsRunsOnDemand() =>
        Template.HasResourceProperties("AWS::DynamoDB::Table", Expect.Json("""{"BillingMode":"PAY_PER_REQUEST"}"""));

    [Fact]
    public void ThePipelinesRoleCreatesOnlyCheapShortJobsAndRegistersOnlyIntoItsGroup()
    {
        var statements = TemplateJson.PolicyStatements("TrainingAccess");
        var training = statements.Single(s => Expect.Actions(s).SequenceEqual(["sagemaker:CreateTrainingJob"]));
        Assert.Equal("""{"ForAllValues:StringEquals":{"sagemaker:InstanceTypes":["ml.m5.large"]},"Null":{"sagemaker:InstanceTypes":"false"},"NumericLessThanEquals":{"sagemaker:MaxRuntimeInSeconds":1800}}""",
            training["Condition"]!.ToJsonString());
        var processing = statements.Single(s => Expect.Actions(s).SequenceEqual(["sagemaker:CreateProcessingJob"]));
        Assert.Contains("ml.m5.large", processing["Condition"]!.ToJsonString());
        var register = statements.Single(s => Expect.Actions(s).Contains("sagemaker:CreateModelPackage"));
        Assert.All(Expect.AsList(register["Resource"]), r => Assert.Contains("mllab-churn-models", r.ToJsonString()));
        var writes = statements.Single(s => Expect.Actions(s).SequenceEqual(["s3:PutObject"]));
        Assert.EndsWith("/curated/mlops/*\"]]}", writes["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => Expect.Actions(s).Any(a => a.StartsWith("sagemaker:Delete", StringComparison.Ordinal)));
    }

    /// <summary>What SageMaker calls, as the pipeline's role, for each step type (the pipeline tags what it creates).</summary>
    private static readonly Dictionary<string, string[]> StepCalls = new()
    {
        ["Processing"] = ["sagemaker:CreateProcessingJob", "sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob", "sagemaker:AddTags"],
        ["Training"] = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags"],
        ["Transform"] = ["sagemaker:CreateTransformJob", "sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob", "sagemaker:AddTags"],
        ["Model"] = ["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:AddTags"],
        ["RegisterModel"] = ["sagemaker:CreateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:AddTags"],
        ["Condition"] = [],
        ["Fail"] = [],
    };

    [Fact]
    public void ThePipelinesRoleGrantsExactlyTheSageMakerCallsOfItsSteps()
    {
        var steps = new List<string>();
        void Collect(IEnumerable<object> list)
        {
            foreach (var step in list.Cast<IDictionary<string, object>>())
            {
                steps.Add((string)step["Type"]);
                if (step["Arguments"] is IDictionary<string, object> arguments && arguments.TryGetValue("IfSteps", out var ifSteps))
                {
                    Collect((IEnumerable<object>)ifSteps);
                    Collect((IEnumerable<object>)arguments["ElseSteps"]);
                }
            }
        }
        Collect((IEnumerable<object>)Lab.Default.Stack<MlOpsStack>().Training.Definition["Steps"]);
        Assert.Equal(["Condition", "Fail", "Model", "Processing", "RegisterModel", "Training", "Transform"], steps.Distinct().Order());
        var granted = TemplateJson.PolicyStatements("TrainingAccess").SelectMany(Expect.Actions).Where(a => a.StartsWith("sagemaker:", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(steps.SelectMany(type => StepCalls[type]).ToHashSet().Order(), granted.Order());
    }

    [Fact]
    public void TheBatchScoringCreatesOnlyCheapTransformsAndModelsByThePipelinesNamesAndReadsOnlyTheBatchsKey()
    {
        var statements = TemplateJson.PolicyStatements("TrainingAccess");
        var processing = statements.Single(s => Expect.Actions(s).SequenceEqual(["sagemaker:CreateProcessingJob"]));
        var transform = statements.Single(s => Expect.Actions(s).SequenceEqual(["sagemaker:CreateTransformJob"]));
        Assert.Equal(processing["Condition"]!.ToJsonString(), transform["Condition"]!.ToJsonString());
        Assert.Contains(":transform-job/pipelines-*", transform["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var model = statements.Single(s => Expect.Actions(s).Contains("sagemaker:CreateModel"));
        Assert.EndsWith(":model/pipelines-*\"]]}", Expect.AsList(model["Resource"]).Single().ToJsonString(), StringComparison.Ordinal);
        // The batch asset is read by key, and listed (a processing input is a prefix) only by that key.
        var batchKey = Regex.Match(TemplateJson.Resource("AWS::SageMaker::Pipeline")["Properties"]!.ToJsonString(), "[0-9a-f]{64}\\.csv").Value;
        Assert.NotEmpty(batchKey);
        var reads = statements.Single(s => Expect.Actions(s).SequenceEqual(["s3:GetObject"]));
        Assert.Contains("/" + batchKey, reads["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var listing = statements.Single(s => Expect.Actions(s).SequenceEqual(["s3:ListBucket"]) && s["Condition"] is not null);
        Assert.Contains(batchKey, listing["Condition"]!["StringEquals"]!["s3:prefix"]!.AsArray().Select(k => (string)k!));
        var logs = statements.Single(s => Expect.Actions(s).Contains("logs:PutLogEvents"));
        Assert.Contains("/aws/sagemaker/TransformJobs*", logs["Resource"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheDeployCreatesOnlyWhatItsPrefixNamesAndAServerlessConfig()
    {
        var statements = TemplateJson.PolicyStatements("DeploymentRoleDefaultPolicy");
        foreach (var action in new[] { "sagemaker:CreateModel", "sagemaker:CreateEndpointConfig", "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint" })
        {
            var statement = statements.Single(s => Expect.Actions(s).Contains(action));
            Assert.All(Expect.AsList(statement["Resource"]), r => Assert.Contains("/mllab--mlops-*", r.ToJsonString()));
        }
        var passRole = statements.Single(s => Expect.Actions(s).SequenceEqual(["iam:PassRole"]));
        Assert.Equal("""{"StringEquals":{"iam:PassedToService":"sagemaker.amazonaws.com"}}""", passRole["Condition"]!.ToJsonString());
    }

    [Fact]
    public void TheCleanUpRunsAfterThePipelineAndWorkflowsAndBeforeTheGroupIsDeleted()
    {
        var leftovers = TemplateJson.Id("Custom::MlOpsLeftovers");
        var group = TemplateJson.Id("AWS::SageMaker::ModelPackageGroup");
        Assert.Contains(group, TemplateJson.Resource("Custom::MlOpsLeftovers")["DependsOn"]!.AsArray().Select(d => (string)d!));
        foreach (var (type, prefix) in new[] { ("AWS::SageMaker::Pipeline", ""), ("AWS::StepFunctions::StateMachine", "Starter"), ("AWS::StepFunctions::StateMachine", "Deployment") })
        {
            Assert.Contains(leftovers, TemplateJson.Resource(type, prefix)["DependsOn"]!.AsArray().Select(d => (string)d!));
        }
        Assert.Equal(("mllab-churn-models", "mllab--mlops"),
            ((string)TemplateJson.Properties("Custom::MlOpsLeftovers")["ModelPackageGroup"]!, (string)TemplateJson.Properties("Custom::MlOpsLeftovers")["Prefix"]!));
    }

    [Fact]
    public void TheOutputsTheExerciseUsesExist()
    {
        var outputs = TemplateJson.Outputs();
        foreach (var name in new[] { "PipelineName", "StartPipeline", "ModelPackageGroup", "ListModels", "ApproveModel", "EndpointName", "DeployStateMachineArn", "StartStateMachineArn" })
        {
            Assert.True(outputs.ContainsKey(name), name);
        }
        Assert.Equal("aws sagemaker start-pipeline-execution --pipeline-name mllab-churn", (string?)outputs["StartPipeline"]!["Value"]);
    }
}
