using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Sagemaker;
using Amazon.CDK.AWS.StepFunctions;
using LabStack.AiPipeline;
using static LabStack.ServiceCalls;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="PipelineStarter"/>.</summary>
public sealed record PipelineStarterProps
{
    /// <summary>The lake (its EventBridge notifications are on).</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The pipeline new data starts.</summary>
    public required CfnPipeline Pipeline { get; init; }

    /// <summary>Runs new data may start per UTC day.</summary>
    public required int RunsPerDay { get; init; }

    /// <summary>The execution log group's name after <see cref="WorkflowLogs.Prefix"/>.</summary>
    public required string LogName { get; init; }
}

/// <summary>
/// New data starts a training run: an EventBridge rule on objects created under raw/customers/ starts a small workflow
/// that skips the shipped sample (the DataLake stack writes it again at deploys: not new data), counts the run against
/// today's cap (<see cref="DailyUploadCap"/>, counting runs), and calls StartPipelineExecution. A run past the cap fails
/// with LabStack.DailyCapReached and starts nothing: a burst of uploads costs at most <c>mlopsRunsPerDay</c> runs a day.
/// </summary>
public sealed class PipelineStarter : Construct
{
    /// <summary>The key of the shipped sample, which is no new data.</summary>
    public const string SampleKey = LakeLayout.SampleCustomers + "customers.csv";

    private const string Key = "$.detail.object.key";

    public StateMachine StateMachine { get; }

    /// <summary>Today's run counter.</summary>
    public DailyUploadCap Cap { get; }

    /// <summary>The rule on new data.</summary>
    public Rule Rule { get; }

    public PipelineStarter(Construct scope, string id, PipelineStarterProps props) : base(scope, id)
    {
        Cap = new DailyUploadCap(this, "Cap", new DailyUploadCapProps { MaxUploadsPerDay = props.RunsPerDay, Counted = "runs" });
        var pipelineArn = Stack.Of(this).FormatArn(new ArnComponents { Service = "sagemaker", Resource = "pipeline", ResourceName = props.Pipeline.PipelineName });
        var count = Cap.Count(this, "Count run");
        count.AddCatch(new Fail(this, "Daily cap reached", new FailProps
        {
            Error = "LabStack.DailyCapReached",
            Cause = $"{props.RunsPerDay} pipeline runs were started today (UTC), the mlopsRunsPerDay cap: this upload starts none.",
        }), new CatchProps { Errors = ["DynamoDb.ConditionalCheckFailedException"], ResultPath = JsonPath.DISCARD });
        var start = Call(this, "Start pipeline", new ServiceCall
        {
            Service = "sagemaker", Action = "startPipelineExecution", IamAction = "sagemaker:StartPipelineExecution", IamResources = [pipelineArn],
            Parameters = Fields(
                ("PipelineName", props.Pipeline.PipelineName),
                ("PipelineExecutionDescription", "Started by new data under raw/customers/"),
                // 64 hex characters (the token takes 32 to 128), the same on every retry of this run: SageMaker starts one execution.
                ("ClientRequestToken", JsonPath.Hash(JsonPath.StringAt("$$.Execution.Id"), "SHA-256"))),
            ResultPath = "$.started",
        });

        var definition = Chain.Start(new Choice(this, "New data?")
            .When(Condition.And(Condition.IsPresent(Key), Condition.StringEquals(Key, SampleKey)),
                new Succeed(this, "The shipped sample", new SucceedProps { Comment = "Written again by the DataLake stack's deploys: not new data." }))
            .Otherwise(count.Next(start))
            .Afterwards());
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Duration.Minutes(15),
            TracingEnabled = true,
            Logs = new LogOptions { Destination = WorkflowLogs.Create(this, "Logs", props.LogName, RetentionDays.ONE_WEEK), Level = LogLevel.ALL, IncludeExecutionData = true },
            Comment = "ML study lab: start the training pipeline for new data under raw/customers/, at most mlopsRunsPerDay times a day",
        });
        Nag.Suppress(StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "X-Ray and log delivery have no resource to name.", Nag.AnyResource));
        Rule = new Rule(this, "OnNewData", new RuleProps
        {
            Description = "ML study lab: train again on every object created under raw/customers/ of the lake",
            EventPattern = LakeEvents.ObjectCreatedUnder(props.Lake, LakeLayout.SampleCustomers),
            Targets = [new SfnStateMachine(StateMachine, new SfnStateMachineProps { Role = Iam.ServiceRole(this, "StartRole", ServiceFacts.Trust.EventBridge) })],
        });
    }
}
