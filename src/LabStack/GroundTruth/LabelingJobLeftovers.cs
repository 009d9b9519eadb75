using static LabStack.Iam;

namespace LabStack.GroundTruth;

/// <summary>Props for <see cref="LabelingJobLeftovers"/>.</summary>
public sealed record LabelingJobLeftoversProps
{
    /// <summary>The start of every name the notebooks give what they create (<c>{labName}--nb</c>).</summary>
    public required string NamePrefix { get; init; }
}

/// <summary>
/// When the Ground Truth stack is deleted, stops the labeling jobs notebook 12 started that still run
/// (assets/groundtruth/stop-labeling-jobs.js): CloudFormation does not own them, and a running job would go on offering
/// tasks to a workteam that is being deleted and writing into the lake while it is emptied. SageMaker keeps a stopped job's
/// record (labeling jobs cannot be deleted; a record bills nothing). Make it depend on the workteam, so it runs first.
/// </summary>
public sealed class LabelingJobLeftovers(Construct scope, string id, LabelingJobLeftoversProps props) : OnDeleteFunction(scope, id, new OnDeleteFunctionProps
{
    Script = ["groundtruth", "stop-labeling-jobs.js"],
    Description = "ML study lab: on delete, stops the labeling jobs the notebooks started that are still in progress",
    ResourceType = "Custom::LabelingJobLeftovers",
    Properties = new Dictionary<string, object> { ["Prefix"] = props.NamePrefix },
    Statements =
    [
        Allow(["sagemaker:ListLabelingJobs"], "*"),
        Allow(["sagemaker:StopLabelingJob"], SageMaker.NotebookJobs.NamedArn(scope, "labeling-job", props.NamePrefix)),
    ],
    WildcardReason = $"Listing has no resource-level permission; stopping names only the notebooks' jobs, {props.NamePrefix}-....",
});
