using static LabStack.Iam;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="MlOpsLeftovers"/>.</summary>
public sealed record MlOpsLeftoversProps
{
    /// <summary>The registry group whose model packages go.</summary>
    public required string ModelPackageGroupName { get; init; }

    /// <summary>The start of every name the deploy workflow gives what it creates (see <see cref="ApprovalDeploymentProps.NamePrefix"/>).</summary>
    public required string NamePrefix { get; init; }
}

/// <summary>
/// A custom resource that, when the MlOps stack is deleted (by <c>cdk destroy</c> or the lab's expiry), deletes what the
/// module's pipeline and workflow made and CloudFormation does not own (assets/sagemaker/delete-notebook-leftovers.js, the
/// notebooks' clean-up, given the group): the model packages of the group, which would make the group's own deletion
/// fail, and the endpoint, endpoint configs, models and endpoint log groups the deploy made (the pipeline's own models go
/// by <see cref="PipelineModelsCleanup"/>). It depends on the group (so it runs before the group is deleted), and
/// the pipeline and the workflows depend on it (so it runs after they are gone and nothing new can appear).
/// </summary>
public sealed class MlOpsLeftovers(Construct scope, string id, MlOpsLeftoversProps props) : OnDeleteFunction(scope, id, new OnDeleteFunctionProps
{
    Script = ["sagemaker", "delete-notebook-leftovers.js"], // the notebooks' clean-up, given the group as well
    Description = "ML study lab: on delete, deletes the registry's model packages, the endpoint, configs, models and log groups the deploy made",
    ResourceType = "Custom::MlOpsLeftovers",
    Properties = new Dictionary<string, object> { ["ModelPackageGroup"] = props.ModelPackageGroupName, ["Prefix"] = props.NamePrefix },
    Statements =
    [
        Allow(["sagemaker:ListEndpoints", "sagemaker:ListEndpointConfigs", "sagemaker:ListModels", "logs:DescribeLogGroups"], "*"),
        Allow(["sagemaker:ListModelPackages", "sagemaker:DeleteModelPackage"], ApprovalDeployment.Packages(scope, props.ModelPackageGroupName)),
        Allow(["sagemaker:DeleteEndpoint"], SageMaker.NotebookJobs.NamedArn(scope, "endpoint", props.NamePrefix)),
        Allow(["sagemaker:DeleteEndpointConfig"], SageMaker.NotebookJobs.NamedArn(scope, "endpoint-config", props.NamePrefix)),
        Allow(["sagemaker:DeleteModel"], SageMaker.NotebookJobs.NamedArn(scope, "model", props.NamePrefix)),
        Allow(["logs:DeleteLogGroup"], LogGroupArn(scope, $"/aws/sagemaker/Endpoints/{props.NamePrefix}-*")),
    ],
    WildcardReason = $"Listing has no resource-level permission; deleting names only the group's packages and {props.NamePrefix}-... by the lab's IAM.",
});
