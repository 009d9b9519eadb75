using LabStack.GroundTruth;

namespace LabStack.Tests.GroundTruth;

/// <summary>
/// When the Ground Truth stack is deleted, the labeling jobs notebook 12 left running stop (<see cref="LabelingJobLeftovers"/>):
/// the function's deployed code against recording clients, its grants, and its place in the delete order.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabelingJobLeftoversTests(LabFixture lab)
{
    private readonly JsonObject json = lab.GroundTruth.TemplateJson<GroundTruthStack>();

    [Fact]
    public void RunsBeforeTheWorkteamIsDeletedWithTheNotebooksPrefix()
    {
        var leftovers = json.Resource("Custom::LabelingJobLeftovers");
        Assert.Equal("mllab--nb", (string?)leftovers["Properties"]!["Prefix"]);
        Assert.Contains(json.Id("AWS::SageMaker::Workteam"), leftovers["DependsOn"]!.AsArray().Select(d => (string)d!));
    }

    [Fact]
    public void StopsOnlyThePrefixedJobsInProgressFollowingPagesAndReportsWhatItCouldNotStop()
    {
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(json, "LeftoversHandler"));
        var script = $$"""
            const { stopLabelingJobs } = (await import('{{module}}')).default;
            class Command { constructor(input) { this.input = input; this.name = this.constructor.name; } }
            const commands = Object.fromEntries(['ListLabelingJobsCommand', 'StopLabelingJobCommand'].map((n) => [n, { [n]: class extends Command {} }[n]]));
            const summary = (name) => ({ LabelingJobName: name, LabelingJobArn: `arn:aws:sagemaker:us-east-1:123456789012:labeling-job/${name}`,
              CreationTime: 1764547200, LastModifiedTime: 1764547200, LabelingJobStatus: 'InProgress',
              LabelCounters: { TotalLabeled: 1, HumanLabeled: 1, MachineLabeled: 0, FailedNonRetryableError: 0, Unlabeled: 1 },
              WorkteamArn: 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/team',
              PreHumanTaskLambdaArn: 'arn:aws:lambda:us-east-1:432418664414:function:PRE-ImageMultiClass' });
            const pages = [
              { LabelingJobSummaryList: [summary('mllab--nb-labels-101500'), summary('mllab-nb-labels-1')], NextToken: 't' },
              { LabelingJobSummaryList: [summary('mllab--nb-labels-111500'), summary('mllab-nb--nb-labels-2')] },
            ];
            const calls = [];
            const sagemaker = async (command) => {
              const call = { service: 'sagemaker', name: command.name, input: command.input };
              calls.push(call);
              if (command.name === 'ListLabelingJobsCommand') return call.output = pages[command.input.NextToken ? 1 : 0];
              if (command.input.LabelingJobName === 'mllab--nb-labels-101500') { const e = new Error('throttled'); e.name = 'ThrottlingException'; throw e; }
              return call.output = {};
            };
            const result = await stopLabelingJobs(sagemaker, commands, 'mllab--nb');
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const modelFindings = checkClientCalls(calls.map((c) => ({ ...c, command: c.name })));
            process.stdout.write(JSON.stringify({ calls, result, modelFindings }));
            """;
        var output = JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!;
        Assert.Equal(
        [
            """ListLabelingJobsCommand {"NameContains":"mllab--nb","StatusEquals":"InProgress"}""",
            """StopLabelingJobCommand {"LabelingJobName":"mllab--nb-labels-101500"}""",
            """ListLabelingJobsCommand {"NameContains":"mllab--nb","StatusEquals":"InProgress","NextToken":"t"}""",
            """StopLabelingJobCommand {"LabelingJobName":"mllab--nb-labels-111500"}""",
        ], output["calls"]!.AsArray().Select(c => $"{(string)c!["name"]!} {c["input"]!.ToJsonString()}"));
        Assert.Equal(["mllab--nb-labels-111500"], output["result"]!["done"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(["mllab--nb-labels-101500: ThrottlingException"], output["result"]!["failed"]!.AsArray().Select(d => (string)d!));
        Assert.Empty(output["modelFindings"]!.AsArray()); // every call, and every fake answer, fits SageMaker's API model
    }

    [Fact]
    public void AnswersCloudFormationSuccessEvenWhenAStopFailsAndFailedWhenListingFails()
    {
        // The handler end to end: the response CloudFormation gets, for a stop that fails and for a list that fails.
        var code = InlineFunctionCode.Of(json, "LeftoversHandler");
        var script = $$"""
            const Module = require('module');
            const responses = [];
            require('https').request = (url, options, done) => ({ on() {}, end(body) { responses.push(JSON.parse(body)); done(); } });
            let failList = false;
            class SageMakerClient { async send(command) {
              if (command.constructor.name === 'ListLabelingJobsCommand') {
                if (failList) { const e = new Error('not allowed'); e.name = 'AccessDeniedException'; throw e; }
                return { LabelingJobSummaryList: [{ LabelingJobName: 'mllab--nb-labels-1' }] };
              }
              const e = new Error('gone'); e.name = 'ResourceNotFound'; throw e;
            } }
            const sdk = { SageMakerClient, ListLabelingJobsCommand: class ListLabelingJobsCommand { constructor(i) { this.input = i; } },
              StopLabelingJobCommand: class StopLabelingJobCommand { constructor(i) { this.input = i; } } };
            const original = Module._load;
            Module._load = (request, ...rest) => request === '@aws-sdk/client-sagemaker' ? sdk : original(request, ...rest);
            const m = new Module('handler'); m._compile({{System.Text.Json.JsonSerializer.Serialize(code)}}, 'index.js');
            const event = (type) => ({ RequestType: type, ResponseURL: 'https://example.invalid/', StackId: 's', RequestId: 'r',
              LogicalResourceId: 'LeftoversD4BDAFC8', ResourceProperties: { Prefix: 'mllab--nb' } });
            (async () => {
              console.log = () => {};
              await m.exports.handler(event('Create'), { logStreamName: 'l' });
              await m.exports.handler(event('Delete'), { logStreamName: 'l' });
              failList = true;
              await m.exports.handler(event('Delete'), { logStreamName: 'l' });
              process.stdout.write(JSON.stringify(responses.map((r) => [r.Status, r.Reason])));
            })();
            """;
        var responses = JsonNode.Parse(NodeTools.Run("node", "-e", script))!.AsArray().Select(r => ((string)r![0]!, (string)r[1]!)).ToList();
        Assert.Equal(("SUCCESS", "nothing to do (log stream l)"), responses[0]);
        Assert.Equal(("SUCCESS", "stopped nothing; could not stop mllab--nb-labels-1: ResourceNotFound (log stream l)"), responses[1]);
        Assert.Equal(("FAILED", "not allowed (log stream l)"), responses[2]);
    }

    [Fact]
    public void MayListLabelingJobsAndStopOnlyThePrefixedOnes()
    {
        var statements = json.PolicyStatements("LeftoversHandlerServiceRoleDefaultPolicy");
        Assert.Equal(2, statements.Count);
        Assert.Contains(statements, s => Expect.Actions(s).SequenceEqual(["sagemaker:ListLabelingJobs"]) && s["Resource"]!.ToJsonString() == "\"*\"");
        Assert.Contains(statements, s => Expect.Actions(s).SequenceEqual(["sagemaker:StopLabelingJob"])
            && s["Resource"]!.ToJsonString().EndsWith(":labeling-job/mllab--nb-*\"]]}", StringComparison.Ordinal));
        Assert.Equal(OnDeleteFunction.InlineCode("groundtruth", "stop-labeling-jobs.js"), InlineFunctionCode.Of(json, "LeftoversHandler"));
    }
}
