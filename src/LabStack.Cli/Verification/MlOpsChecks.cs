using Amazon.SageMaker;
using Amazon.SageMaker.Model;

namespace LabStack.Cli.Verification;

/// <summary>
/// MLOps: the training pipeline (the PipelineName output) is Active and its Model Registry group (the ModelPackageGroup
/// output) is Completed, so a new upload under raw/customers/ can start a run and register its model. It does not run
/// the pipeline: a run trains on an instance, and bills.
/// </summary>
public static class MlOpsChecks
{
    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("mlops", "training pipeline Active, its model group Completed", CheckPrice.Free, () => RegistryAsync(lab));
    }

    private static async Task<Verdict> RegistryAsync(VerifyContext lab)
    {
        var (pipelineName, groupName) = (lab.Require("MlOps", "PipelineName"), lab.Require("MlOps", "ModelPackageGroup"));
        var sageMaker = new AmazonSageMakerClient(lab.Clients.Aws);
        var pipeline = await sageMaker.DescribePipelineAsync(new DescribePipelineRequest { PipelineName = pipelineName }).ConfigureAwait(false);
        var group = await sageMaker.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = groupName }).ConfigureAwait(false);
        var (pipelineStatus, groupStatus) = (pipeline.PipelineStatus ?? "?", group.ModelPackageGroupStatus ?? "?");
        return pipelineStatus == "Active" && groupStatus == "Completed"
            ? Verdict.Pass($"{pipelineName} Active, {groupName} Completed")
            : Verdict.Fail($"{pipelineName} Active and {groupName} Completed", $"{pipelineStatus} and {groupStatus}",
                $"the MlOps stack's events say why (npx cdk deploy {lab.Lab}-MlOps deploys it again)");
    }
}
