using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.StepFunctions;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="UploadTrigger"/>.</summary>
public sealed record UploadTriggerProps
{
    /// <summary>The lake (its EventBridge notifications are on).</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The state machine each upload starts.</summary>
    public required IStateMachine StateMachine { get; init; }
}

/// <summary>
/// An EventBridge rule that starts the pipeline for every object created under the lake's inbox/. EventBridge retries a
/// start that fails (throttling, the state machine's quota) for up to a day; an event it still cannot deliver lands in
/// <see cref="Undelivered"/>, an SQS queue that costs nothing while empty, from which it can be replayed.
/// </summary>
public sealed class UploadTrigger : Construct
{
    /// <summary>Attempts EventBridge makes to start an execution for one upload (its maximum).</summary>
    public const int DeliveryAttempts = 185;

    public Rule Rule { get; }

    /// <summary>Upload events EventBridge could not turn into an execution (deleted with the stack).</summary>
    public Queue Undelivered { get; }

    public UploadTrigger(Construct scope, string id, UploadTriggerProps props) : base(scope, id)
    {
        Undelivered = new Queue(this, "Undelivered", new QueueProps
        {
            RetentionPeriod = Duration.Days(14),
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Suppress(Undelivered, new NagSuppression("AwsSolutions-SQS3", "This queue is the rule target's dead-letter queue; it has none of its own."));
        Rule = new Rule(this, "OnUpload", new RuleProps
        {
            Description = "ML study lab: analyze every object created under inbox/ of the lake",
            EventPattern = LakeEvents.ObjectCreatedUnder(props.Lake, LakeLayout.Inbox),
            Targets = [new SfnStateMachine(props.StateMachine, new SfnStateMachineProps
            {
                DeadLetterQueue = Undelivered,
                Role = Iam.ServiceRole(this, "StartRole", ServiceFacts.Trust.EventBridge),
                RetryAttempts = DeliveryAttempts,
                MaxEventAge = Duration.Hours(24),
            })],
        });
    }
}
