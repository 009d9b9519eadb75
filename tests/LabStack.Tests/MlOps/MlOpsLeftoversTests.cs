using LabStack.MlOps;

namespace LabStack.Tests.MlOps;

/// <summary>
/// When the MlOps stack is deleted, what its pipeline and deploy made goes too (<see cref="MlOpsLeftovers"/>): the
/// function's deployed code run against recording clients whose calls and answers are checked against the API models,
/// and its grants.
/// </summary>
public sealed class MlOpsLeftoversTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    [Fact]
    public void DeletesTheGroupsPackagesAndOnlyWhatThePrefixNamesFollowingPages()
    {
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(TemplateJson, "LeftoversHandler"));
        var script = $$"""
            const { deleteLeftovers } = (await import('{{module}}')).default;
            class Command { constructor(input) { this.input = input; this.name = this.constructor.name; } }
            const names = ['ListModelPackagesCommand', 'ListEndpointsCommand', 'ListEndpointConfigsCommand', 'ListModelsCommand', 'DescribeLogGroupsCommand',
              'DeleteModelPackageCommand', 'DeleteEndpointCommand', 'DeleteEndpointConfigCommand', 'DeleteModelCommand', 'DeleteLogGroupCommand'];
            const commands = Object.fromEntries(names.map((n) => [n, { [n]: class extends Command {} }[n]]));
            const arn = (v) => `arn:aws:sagemaker:us-east-1:123456789012:model-package/mllab-churn-models/${v}`;
            const summary = (v) => ({ ModelPackageArn: arn(v), ModelPackageGroupName: 'mllab-churn-models', ModelPackageVersion: v,
              CreationTime: '2026-12-01T10:00:00Z', ModelPackageStatus: 'Completed' });
            const calls = [];
            const pages = {
              ListModelPackagesCommand: [{ ModelPackageSummaryList: [summary(1), summary(2)], NextToken: 't' }, { ModelPackageSummaryList: [summary(3)] }],
              ListEndpointsCommand: [{ Endpoints: [{ EndpointName: 'mllab--mlops-churn', EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/mllab--mlops-churn',
                CreationTime: '2026-12-01T10:00:00Z', LastModifiedTime: '2026-12-01T10:00:00Z', EndpointStatus: 'InService' },
                { EndpointName: 'mllab-sentiment-serverless', EndpointArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/mllab-sentiment-serverless',
                CreationTime: '2026-12-01T10:00:00Z', LastModifiedTime: '2026-12-01T10:00:00Z', EndpointStatus: 'InService' }] }],
              ListEndpointConfigsCommand: [{ EndpointConfigs: [{ EndpointConfigName: 'mllab--mlops-churn-v1', EndpointConfigArn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/mllab--mlops-churn-v1', CreationTime: '2026-12-01T10:00:00Z' }] }],
              ListModelsCommand: [{ Models: [{ ModelName: 'mllab--mlops-churn-v1', ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/mllab--mlops-churn-v1', CreationTime: '2026-12-01T10:00:00Z' },
                { ModelName: 'mllab--nb-xgb-1', ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/mllab--nb-xgb-1', CreationTime: '2026-12-01T10:00:00Z' }] }],
              DescribeLogGroupsCommand: [{ logGroups: [{ logGroupName: '/aws/sagemaker/Endpoints/mllab--mlops-churn' }] }],
            };
            const client = (service) => async (command) => {
              const call = { service, name: command.name, input: command.input };
              calls.push(call);
              if (pages[command.name]) return call.output = pages[command.name][command.input.NextToken || command.input.nextToken ? 1 : 0];
              if (command.input.ModelPackageName === arn(2)) { const e = new Error('in use'); e.name = 'ConflictException'; throw e; }
              return call.output = {};
            };
            const result = await deleteLeftovers(client('sagemaker'), client('logs'), commands, 'mllab--mlops', 'mllab-churn-models');
            const { checkClientCalls } = await import('{{Validation.NodeTools.SdkModelCheck}}');
            const modelFindings = checkClientCalls(calls.map((c) => ({ ...c, command: c.name })));
            process.stdout.write(JSON.stringify({ calls, result, modelFindings }));
            """;
        var output = JsonNode.Parse(Validation.NodeTools.Run("node", "--input-type=module", "-e", script))!;
        var deletes = output["calls"]!.AsArray().Where(c => ((string)c!["name"]!).StartsWith("Delete", StringComparison.Ordinal))
            .Select(c => $"{(string)c!["name"]!} {c["input"]!.ToJsonString()}").ToList();
        Assert.Equal(
        [
            """DeleteModelPackageCommand {"ModelPackageName":"arn:aws:sagemaker:us-east-1:123456789012:model-package/mllab-churn-models/1"}""",
            """DeleteModelPackageCommand {"ModelPackageName":"arn:aws:sagemaker:us-east-1:123456789012:model-package/mllab-churn-models/2"}""",
            """DeleteModelPackageCommand {"ModelPackageName":"arn:aws:sagemaker:us-east-1:123456789012:model-package/mllab-churn-models/3"}""",
            """DeleteEndpointCommand {"EndpointName":"mllab--mlops-churn"}""",
            """DeleteEndpointConfigCommand {"EndpointConfigName":"mllab--mlops-churn-v1"}""",
            """DeleteModelCommand {"ModelName":"mllab--mlops-churn-v1"}""",
            """DeleteLogGroupCommand {"logGroupName":"/aws/sagemaker/Endpoints/mllab--mlops-churn"}""",
        ], deletes);
        Assert.Equal(["model package mllab-churn-models/2: ConflictException"], output["result"]!["failed"]!.AsArray().Select(d => (string)d!));
        Assert.True(output["modelFindings"]!.AsArray().Count == 0, output["modelFindings"]!.ToJsonString());
    }

    [Fact]
    public void MayDeleteOnlyTheGroupsPackagesAndThePrefixedResources()
    {
        var statements = TemplateJson.PolicyStatements("LeftoversHandlerServiceRoleDefaultPolicy")
            .Select(s => (Actions: string.Join(" ", Expect.Actions(s)), Resource: s["Resource"]!.ToJsonString())).ToList();
        Assert.Equal(6, statements.Count);
        Assert.Contains(("logs:DescribeLogGroups sagemaker:ListEndpointConfigs sagemaker:ListEndpoints sagemaker:ListModels", "\"*\""), statements);
        Assert.Contains(statements, s => s.Actions == "sagemaker:DeleteModelPackage sagemaker:ListModelPackages" && s.Resource.EndsWith(":model-package/mllab-churn-models/*\"]]}", StringComparison.Ordinal));
        foreach (var (action, resource) in new[] { ("sagemaker:DeleteEndpoint", "endpoint"), ("sagemaker:DeleteEndpointConfig", "endpoint-config"), ("sagemaker:DeleteModel", "model") })
        {
            Assert.Contains(statements, s => s.Actions == action && s.Resource.EndsWith($":{resource}/mllab--mlops-*\"]]}}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void DeletesOnlyThePipelinesOwnBatchModelsFollowingPages()
    {
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(TemplateJson, "PipelineModelsHandler"));
        var script = $$"""
            const { deletePipelineModels } = (await import('{{module}}')).default;
            class Command { constructor(input) { this.input = input; this.name = this.constructor.name; } }
            const commands = Object.fromEntries(['ListModelsCommand', 'DescribeModelCommand', 'DeleteModelCommand'].map((n) => [n, { [n]: class extends Command {} }[n]]));
            const role = 'arn:aws:iam::123456789012:role/mllab-MlOps-TrainingRole1234-ABCD';
            const model = (name) => ({ ModelName: name, ModelArn: `arn:aws:sagemaker:us-east-1:123456789012:model/${name}`, CreationTime: '2026-12-01T10:00:00Z' });
            // Two runs' batch models of the lab's pipeline (one on the second page), another pipeline's with the same step
            // name, one a learner named so by hand, and one whose description AWS refuses.
            const pages = [[model('pipelines-a1b2c3d4e5f6-batchmodel-x1y2z3'), model('pipelines-zz9yy8xx7ww6-batchmodel-q9w8e7'), model('team-batchmodel-keep')],
              [model('pipelines-b2c3d4e5f6a1-batchmodel-p0o9i8'), model('pipelines-c3d4e5f6a1b2-batchmodel-denied')]];
            const roles = { 'pipelines-a1b2c3d4e5f6-batchmodel-x1y2z3': role, 'pipelines-b2c3d4e5f6a1-batchmodel-p0o9i8': role,
              'pipelines-zz9yy8xx7ww6-batchmodel-q9w8e7': 'arn:aws:iam::123456789012:role/another-pipeline' };
            const calls = [];
            const sagemaker = async (command) => {
              const call = { service: 'sagemaker', name: command.name, command: command.name, input: command.input };
              calls.push(call);
              if (command.name === 'ListModelsCommand')
                return call.output = command.input.NextToken ? { Models: pages[1] } : { Models: pages[0], NextToken: 'm' };
              if (command.name === 'DescribeModelCommand') {
                if (!roles[command.input.ModelName]) { const e = new Error('denied'); e.name = 'AccessDeniedException'; throw e; }
                return call.output = { ModelName: command.input.ModelName, ExecutionRoleArn: roles[command.input.ModelName],
                  ModelArn: `arn:aws:sagemaker:us-east-1:123456789012:model/${command.input.ModelName}`, CreationTime: '2026-12-01T10:00:00Z' };
              }
              return call.output = {};
            };
            const result = await deletePipelineModels(sagemaker, commands, '-batchmodel-', role);
            const { checkClientCalls } = await import('{{Validation.NodeTools.SdkModelCheck}}');
            process.stdout.write(JSON.stringify({ calls, result, modelFindings: checkClientCalls(calls) }));
            """;
        var output = JsonNode.Parse(Validation.NodeTools.Run("node", "--input-type=module", "-e", script))!;
        var calls = output["calls"]!.AsArray();
        Assert.Equal(["""{"NameContains":"-batchmodel-"}""", """{"NameContains":"-batchmodel-","NextToken":"m"}"""],
            calls.Where(c => (string?)c!["name"] == "ListModelsCommand").Select(c => c!["input"]!.ToJsonString()));
        Assert.Equal(["pipelines-a1b2c3d4e5f6-batchmodel-x1y2z3", "pipelines-b2c3d4e5f6a1-batchmodel-p0o9i8"],
            calls.Where(c => (string?)c!["name"] == "DeleteModelCommand").Select(c => (string)c!["input"]!["ModelName"]!));
        Assert.DoesNotContain(calls, c => (string?)c!["input"]!["ModelName"] == "team-batchmodel-keep"); // not a pipeline's name: not even described
        Assert.Equal(["model pipelines-c3d4e5f6a1b2-batchmodel-denied: AccessDeniedException"], output["result"]!["failed"]!.AsArray().Select(f => (string)f!));
        Assert.True(output["modelFindings"]!.AsArray().Count == 0, output["modelFindings"]!.ToJsonString());
    }

    [Fact]
    public void ThePipelineModelsCleanupIsGivenThePipelinesRoleMayTouchOnlyPipelineModelsAndRunsAfterThePipelineIsGone()
    {
        var (id, resource) = TemplateJson.Resources().Single(r => (string?)r.Value!["Type"] == "Custom::PipelineModelsCleanup");
        var properties = resource!["Properties"]!;
        Assert.Equal("-batchmodel-", (string?)properties["NameContains"]); // the step BatchModel, as the pipeline writes it in a name
        var role = TemplateJson.Resources().Single(r => r.Key.StartsWith("TrainingRole", StringComparison.Ordinal) && (string?)r.Value!["Type"] == "AWS::IAM::Role").Key;
        Assert.Equal($$"""{"Fn::GetAtt":["{{role}}","Arn"]}""", properties["Role"]!.ToJsonString());
        var statements = TemplateJson.PolicyStatements("PipelineModelsHandlerServiceRoleDefaultPolicy")
            .Select(s => (Actions: string.Join(" ", Expect.Actions(s)), Resource: s["Resource"]!.ToJsonString())).ToList();
        Assert.Equal(2, statements.Count);
        Assert.Contains(("sagemaker:ListModels", "\"*\""), statements);
        Assert.Contains(statements, s => s.Actions == "sagemaker:DeleteModel sagemaker:DescribeModel" && s.Resource.EndsWith(":model/pipelines-*\"]]}", StringComparison.Ordinal));
        var pipeline = TemplateJson.Resources().Single(r => (string?)r.Value!["Type"] == "AWS::SageMaker::Pipeline").Value!;
        Assert.Contains(id, pipeline["DependsOn"]!.AsArray().Select(d => (string)d!));
    }
}
