using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.DataLake;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="UploadTrigger"/>.</summary>
public sealed record UploadTriggerProps
{
    /// <summary>The lake (its EventBridge notifications are on).</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The state machine each upload starts.</summary>
    public required IStateMachine StateMachine { get; init; }
}

/// <summary>An EventBridge rule that starts the pipeline for every object created under the lake's inbox/.</summary>
public sealed class UploadTrigger : Construct
{
    /// <summary>The rule.</summary>
    public Rule Rule { get; }

    /// <summary>Creates the UploadTrigger in <paramref name="scope"/>, as <paramref name="props"/> says.</summary>
    public UploadTrigger(Construct scope, string id, UploadTriggerProps props) : base(scope, id)
    {
        Rule = new Rule(this, "OnUpload", new RuleProps
        {
            Description = "ML study lab: analyze every object created under inbox/ of the lake",
            EventPattern = new EventPattern
            {
                Source = ["aws.s3"],
                DetailType = ["Object Created"],
                Detail = new Dictionary<string, object>
                {
                    ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { props.Lake.BucketName } },
                    ["object"] = new Dictionary<string, object> { ["key"] = new object[] { new Dictionary<string, object> { ["prefix"] = LakeLayout.Inbox } } },
                },
            },
            Targets = [new SfnStateMachine(props.StateMachine)],
        });
    }
}
