using static LabStack.Iam;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="PipelineModelsCleanup"/>.</summary>
public sealed record PipelineModelsCleanupProps
{
    /// <summary>The pipeline's role: a model the pipeline made runs as it, which tells the lab's from another pipeline's.</summary>
    public required IRole PipelineRole { get; init; }
}

/// <summary>
/// A custom resource that, when the MlOps stack is deleted, deletes the batch models the pipeline's BatchModel step made
/// (assets/mlops/delete-pipeline-models.js). The pipeline names them itself (<see cref="ChurnPipelineDefinition.BatchModelNameContains"/>),
/// so they are found by that name and deleted only when they run as the pipeline's role. The pipeline depends on it (so
/// it runs after the pipeline is gone and no run can add one).
/// </summary>
public sealed class PipelineModelsCleanup(Construct scope, string id, PipelineModelsCleanupProps props) : OnDeleteFunction(scope, id, new OnDeleteFunctionProps
{
    Script = ["mlops", "delete-pipeline-models.js"],
    Description = "ML study lab: on delete, deletes the batch models the MLOps pipeline made (by the name the pipeline gives them, running as its role)",
    ResourceType = "Custom::PipelineModelsCleanup",
    Properties = new Dictionary<string, object> { ["NameContains"] = ChurnPipelineDefinition.BatchModelNameContains, ["Role"] = props.PipelineRole.RoleArn },
    Statements =
    [
        Allow(["sagemaker:ListModels"], "*"),
        Allow(["sagemaker:DescribeModel", "sagemaker:DeleteModel"],
            Stack.Of(scope).FormatArn(new ArnComponents { Service = "sagemaker", Resource = "model", ResourceName = "pipelines-*" })),
    ],
    WildcardReason = "ListModels has no resource-level permission; describing and deleting name only the models a pipeline names pipelines-..., and only those running as the lab's pipeline role are deleted.",
});
