using static LabStack.Iam;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="NotebookLeftovers"/>.</summary>
public sealed record NotebookLeftoversProps
{
    /// <summary>The start of every name the notebooks give what they create (see <see cref="NotebookJobsProps.NamePrefix"/>).</summary>
    public required string NamePrefix { get; init; }
}

/// <summary>
/// A custom resource that, when the SageMaker stack is deleted (by <c>cdk destroy</c> or the lab's expiry), deletes what
/// the notebooks created and left (assets/sagemaker/delete-notebook-leftovers.js): endpoints, which bill every hour,
/// endpoint configs, models and the endpoints' log groups, all named by the notebooks' prefix. CloudFormation does not
/// own them, so without this they would outlive the lab. Make the notebook instance depend on it, so that it runs
/// after the instance is gone and nothing new can appear.
/// </summary>
public sealed class NotebookLeftovers(Construct scope, string id, NotebookLeftoversProps props) : OnDeleteFunction(scope, id, new OnDeleteFunctionProps
{
    Script = ["sagemaker", "delete-notebook-leftovers.js"],
    Description = "ML study lab: on delete, deletes the endpoints, endpoint configs, models and endpoint log groups the notebooks left",
    ResourceType = "Custom::NotebookLeftovers",
    Properties = new Dictionary<string, object> { ["Prefix"] = props.NamePrefix },
    Statements =
    [
        Allow(["sagemaker:ListEndpoints", "sagemaker:ListEndpointConfigs", "sagemaker:ListModels", "logs:DescribeLogGroups"], "*"),
        Allow(["sagemaker:DeleteEndpoint"], NotebookJobs.NamedArn(scope, "endpoint", props.NamePrefix)),
        Allow(["sagemaker:DeleteEndpointConfig"], NotebookJobs.NamedArn(scope, "endpoint-config", props.NamePrefix)),
        Allow(["sagemaker:DeleteModel"], NotebookJobs.NamedArn(scope, "model", props.NamePrefix)),
        Allow(["logs:DeleteLogGroup"], LogGroupArn(scope, $"/aws/sagemaker/Endpoints/{props.NamePrefix}-*")),
    ],
    WildcardReason = $"Listing has no resource-level permission; deleting names only what the notebooks create, {props.NamePrefix}-... by the lab's IAM.",
});
