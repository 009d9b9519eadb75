using LabStack.SageMaker;

namespace LabStack.Tests.SageMaker;

/// <summary>
/// When the SageMaker stack is deleted, what the notebooks created and left goes too (<see cref="NotebookLeftovers"/>):
/// the function's deployed code run against recording clients, its grants, and its place in the delete order.
/// </summary>
public sealed class NotebookLeftoversTests(LabFixture lab) : StackTests<SageMakerStack>(lab)
{
    [Fact]
    public void RunsOnlyAfterTheNotebookInstanceIsDeletedWithTheLabsPrefix()
    {
        var leftovers = TemplateJson.Id("Custom::NotebookLeftovers");
        Assert.Equal("mllab--nb", (string?)TemplateJson.Properties("Custom::NotebookLeftovers")["Prefix"]);
        var instance = TemplateJson.Resource("AWS::SageMaker::NotebookInstance");
        Assert.Contains(leftovers, instance["DependsOn"]!.AsArray().Select(d => (string)d!));
    }

    [Fact]
    public void DeletesOnlyWhatIsNamedWithThePrefixFollowingPagesAndReportsWhatItCouldNotDelete()
    {
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(TemplateJson, "NotebookLeftoversHandler"));
        var script = $$"""
            const { deleteLeftovers } = (await import('{{module}}')).default;
            class Command { constructor(input) { this.input = input; this.name = this.constructor.name; } }
            const names = ['ListEndpointsCommand', 'ListEndpointConfigsCommand', 'ListModelsCommand', 'DescribeLogGroupsCommand',
              'DeleteEndpointCommand', 'DeleteEndpointConfigCommand', 'DeleteModelCommand', 'DeleteLogGroupCommand'];
            const commands = Object.fromEntries(names.map((n) => [n, { [n]: class extends Command {} }[n]]));
            const calls = [];
            const pages = {
              ListEndpointsCommand: [{ Endpoints: [{ EndpointName: 'mllab--nb-ab-1' }, { EndpointName: 'mllab-sentiment' }], NextToken: 't' },
                                     { Endpoints: [{ EndpointName: 'mllab-nbx-other' }, { EndpointName: 'mllab-nb-sentiment' }, { EndpointName: 'mllab--nb-serverless-2' }] }],
              ListEndpointConfigsCommand: [{ EndpointConfigs: [{ EndpointConfigName: 'mllab--nb-ab-1' }] }],
              ListModelsCommand: [{ Models: [{ ModelName: 'mllab--nb-tuned-1' }, { ModelName: 'other-model' }, { ModelName: 'mllab-nb--nb-tuned-1' }] }],
              DescribeLogGroupsCommand: [{ logGroups: [{ logGroupName: '/aws/sagemaker/Endpoints/mllab--nb-ab-1' }] }],
            };
            const client = (service) => async (command) => {
              const call = { service, name: command.name, input: command.input };
              calls.push(call);
              if (pages[command.name]) return call.output = pages[command.name][command.input.NextToken || command.input.nextToken ? 1 : 0];
              if (command.input.EndpointName === 'mllab--nb-ab-1') { const e = new Error('in use'); e.name = 'ValidationException'; throw e; }
              return call.output = {};
            };
            const result = await deleteLeftovers(client('sagemaker'), client('logs'), commands, 'mllab--nb');
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const modelFindings = checkClientCalls(calls.map((c) => ({ ...c, command: c.name })));
            process.stdout.write(JSON.stringify({ calls, result, modelFindings }));
            """;
        var output = JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!;
        var calls = output["calls"]!.AsArray().Select(c => $"{(string)c!["name"]!} {c["input"]!.ToJsonString()}").ToList();
        Assert.Equal(
        [
            """ListEndpointsCommand {"NameContains":"mllab--nb"}""",
            """ListEndpointsCommand {"NameContains":"mllab--nb","NextToken":"t"}""",
            """DeleteEndpointCommand {"EndpointName":"mllab--nb-ab-1"}""",
            """DeleteEndpointCommand {"EndpointName":"mllab--nb-serverless-2"}""",
            """ListEndpointConfigsCommand {"NameContains":"mllab--nb"}""",
            """DeleteEndpointConfigCommand {"EndpointConfigName":"mllab--nb-ab-1"}""",
            """ListModelsCommand {"NameContains":"mllab--nb"}""",
            """DeleteModelCommand {"ModelName":"mllab--nb-tuned-1"}""",
            """DescribeLogGroupsCommand {"logGroupNamePrefix":"/aws/sagemaker/Endpoints/mllab--nb-"}""",
            """DeleteLogGroupCommand {"logGroupName":"/aws/sagemaker/Endpoints/mllab--nb-ab-1"}""",
        ], calls);
        Assert.Equal(["endpoint mllab--nb-serverless-2", "endpoint config mllab--nb-ab-1", "model mllab--nb-tuned-1", "log group /aws/sagemaker/Endpoints/mllab--nb-ab-1"],
            output["result"]!["done"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(["endpoint mllab--nb-ab-1: ValidationException"], output["result"]!["failed"]!.AsArray().Select(d => (string)d!));
        Assert.Empty(output["modelFindings"]!.AsArray()); // every call, and every fake answer, fits SageMaker's and CloudWatch Logs' API models
    }

    [Fact]
    public void MayListAndDeleteOnlyThePrefixedEndpointsConfigsModelsAndLogGroups()
    {
        var statements = TemplateJson.PolicyStatements("NotebookLeftoversHandlerServiceRoleDefaultPolicy")
            .Select(s => (Actions: string.Join(" ", Expect.Actions(s)), Resource: s["Resource"]!.ToJsonString())).ToList();
        Assert.Equal(5, statements.Count);
        Assert.Contains(("logs:DescribeLogGroups sagemaker:ListEndpointConfigs sagemaker:ListEndpoints sagemaker:ListModels", "\"*\""), statements);
        Assert.Contains(statements, s => s.Actions == "sagemaker:DeleteEndpoint" && s.Resource.EndsWith(":endpoint/mllab--nb-*\"]]}", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Actions == "sagemaker:DeleteEndpointConfig" && s.Resource.EndsWith(":endpoint-config/mllab--nb-*\"]]}", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Actions == "sagemaker:DeleteModel" && s.Resource.EndsWith(":model/mllab--nb-*\"]]}", StringComparison.Ordinal));
        Assert.Contains(statements, s => s.Actions == "logs:DeleteLogGroup" && s.Resource.EndsWith(":log-group:/aws/sagemaker/Endpoints/mllab--nb-*\"]]}", StringComparison.Ordinal));
        Assert.Equal(OnDeleteFunction.InlineCode("sagemaker", "delete-notebook-leftovers.js"), InlineFunctionCode.Of(TemplateJson, "NotebookLeftoversHandler"));
    }
}
