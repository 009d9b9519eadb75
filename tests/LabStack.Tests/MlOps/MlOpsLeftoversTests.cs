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
}
