using Amazon.CDK.AWS.Sagemaker;

namespace LabStack.MlOps;

/// <summary>What the MLOps stack is given: the lake and the SageMaker notebook's role.</summary>
public sealed class MlOpsStackProps : LakeModuleStackProps<MlOpsSettings>
{
    /// <summary>The SageMaker notebook's role (the SageMaker stack exports its name whichever modules are selected).</summary>
    public required IRole NotebookRole { get; init; }
}

/// <summary>
/// The <c>mlops</c> module: operate what you trained. A SageMaker pipeline defined in this code (prepare, train,
/// evaluate and explain, check the AUC, register, score a batch and check it for drift) that new data under raw/customers/ starts (at most <c>mlopsRunsPerDay</c> runs a
/// day) or the learner starts by hand; a Model Registry group where each model waits for approval; and the workflow
/// that deploys an approved model to the module's own serverless endpoint. Nothing bills while idle: the pipeline,
/// registry, rules and workflows cost nothing until they run, and the endpoint is serverless.
/// </summary>
/// <remarks>
/// Names that are a contract (learners type them; the rules and grants name them): the pipeline <c>{labName}-churn</c>,
/// the group <c>{labName}-churn-models</c>, and the <c>{labName}--mlops-</c> prefix of what the deploy and the pipeline's
/// batch scoring create (the clean-up deletes models by it).
/// </remarks>
public sealed class MlOpsStack : LabModuleStack
{
    /// <summary>The Model Registry group.</summary>
    public CfnModelPackageGroup Registry { get; }

    /// <summary>The pipeline and its role.</summary>
    public TrainingPipeline Training { get; }

    /// <summary>New data starts the pipeline.</summary>
    public PipelineStarter Starter { get; }

    /// <summary>Approval deploys.</summary>
    public ApprovalDeployment Deployment { get; }

    /// <summary>The customers' feature group (offline store in the lake).</summary>
    public CustomerFeatures Features { get; }

    /// <summary>What notebook 10 may do with the feature group, Athena and the offline store.</summary>
    public FeatureStoreAccess FeatureStoreAccess { get; }

    /// <summary>Deletes what the pipeline and the deploy made when the stack goes.</summary>
    public MlOpsLeftovers Leftovers { get; }

    /// <summary>Deletes the batch models the pipeline named itself when the stack goes.</summary>
    public PipelineModelsCleanup PipelineModels { get; }

    public MlOpsStack(Construct scope, string id, MlOpsStackProps props) : base(scope, id, props)
    {
        var lake = props.Lake.Bucket;
        var namePrefix = $"{props.LabName}--mlops";
        var image = ContainerImageInRegion.Of(this, "XgboostRegistries", SageMaker.ContainerImage.XgboostTraining);

        Registry = new CfnModelPackageGroup(this, "Registry", new CfnModelPackageGroupProps
        {
            ModelPackageGroupName = $"{props.LabName}-churn-models",
            ModelPackageGroupDescription = "ML study lab: churn models the pipeline trained; approve one to deploy it",
        });
        Leftovers = new MlOpsLeftovers(this, "Leftovers", new MlOpsLeftoversProps { ModelPackageGroupName = Registry.ModelPackageGroupName, NamePrefix = namePrefix });
        Leftovers.Node.AddDependency(Registry);

        Training = new TrainingPipeline(this, "Training", new TrainingPipelineProps
        {
            Lake = lake, PipelineName = $"{props.LabName}-churn", ModelPackageGroup = Registry, Image = image, MinAuc = props.Settings.MinAuc,
        });
        PipelineModels = new PipelineModelsCleanup(this, "PipelineModels", new PipelineModelsCleanupProps { PipelineRole = Training.Role });
        Training.Pipeline.Node.AddDependency(PipelineModels.Resource); // deleted first: no run can add a model after the clean-up
        Starter = new PipelineStarter(this, "Starter", new PipelineStarterProps
        {
            Lake = lake, Pipeline = Training.Pipeline, RunsPerDay = props.Settings.RunsPerDay, LogName = $"{props.LabName}-mlops-start",
        });
        Deployment = new ApprovalDeployment(this, "Deployment", new ApprovalDeploymentProps
        {
            ModelPackageGroup = Registry, Lake = lake, Image = image, NamePrefix = namePrefix, LogName = $"{props.LabName}-mlops-deploy",
        });
        Features = new CustomerFeatures(this, "Features", new CustomerFeaturesProps
        {
            Lake = lake, DatabaseName = props.Lake.DatabaseName, FeatureGroupName = CustomerFeatures.GroupNameOf(props.LabName),
        });
        FeatureStoreAccess = new FeatureStoreAccess(this, "FeatureStoreAccess", new FeatureStoreAccessProps
        {
            NotebookRole = props.NotebookRole, Lake = props.Lake, Features = Features,
        });
        foreach (var maker in new IConstruct[] { Training.Pipeline, Starter.StateMachine, Deployment.StateMachine })
        {
            maker.Node.AddDependency(Leftovers.Resource); // deleted before the clean-up runs: nothing new appears after it
        }

        var pipelineName = Training.Pipeline.PipelineName;
        Output("PipelineName", pipelineName, $"The training pipeline; new data under raw/customers/ starts it (at most {props.Settings.RunsPerDay} runs a day)");
        Output("StartPipeline", $"aws sagemaker start-pipeline-execution --pipeline-name {pipelineName}",
            "Start a training run by hand (it does not count against mlopsRunsPerDay)");
        Output("ModelPackageGroup", Registry.ModelPackageGroupName, "The Model Registry group: each model waits there as PendingManualApproval");
        Output("ListModels", $"aws sagemaker list-model-packages --model-package-group-name {Registry.ModelPackageGroupName}",
            "The registered versions and their approval status");
        Output("ApproveModel",
            "aws sagemaker update-model-package --model-approval-status Approved --model-package-arn <ModelPackageArn from ListModels>",
            "Approve a version: the deploy workflow puts it on the module's serverless endpoint");
        Output("EndpointName", Deployment.EndpointName, "The serverless endpoint approved models are deployed to (made by the deploy workflow)");
        Output("DeployStateMachineArn", Deployment.StateMachine.StateMachineArn, "The workflow each approval starts");
        Output("FeatureGroupName", Features.Group.FeatureGroupName,
            $"The customers' feature group: offline store under {CustomerFeatures.OfflinePrefix}, Athena table {CustomerFeatures.TableName}");
        Output("StartStateMachineArn", Starter.StateMachine.StateMachineArn, "The workflow new data under raw/customers/ starts");
    }
}
