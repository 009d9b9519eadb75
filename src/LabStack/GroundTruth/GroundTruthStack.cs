using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3.Deployment;

namespace LabStack.GroundTruth;

/// <summary>What the Ground Truth stack is given: the lake, the SageMaker notebook's role and the worker's email.</summary>
public sealed class GroundTruthStackProps : LakeModuleStackProps<GroundTruthSettings>
{
    /// <summary>The SageMaker notebook's role (the SageMaker stack exports its name whichever modules are selected).</summary>
    public required IRole NotebookRole { get; init; }

    /// <summary>The only worker (<c>alertEmail</c>).</summary>
    public required string WorkerEmail { get; init; }
}

/// <summary>
/// The <c>groundtruth</c> module: a private workteam whose one worker is the learner (<see cref="PrivateWorkforce"/>), the
/// pipeline's sample images in the lake to label, and what notebook 12 needs to start a labeling job over them
/// (<see cref="LabelingAccess"/>) and what stops it when the stack goes (<see cref="LabelingJobLeftovers"/>). Nothing here
/// bills while idle: Ground Truth bills per labeled object, Cognito per monthly active user past its free tier.
/// </summary>
public sealed class GroundTruthStack : LabModuleStack
{
    /// <summary>Where the images to label are in the lake.</summary>
    public const string ImagesPrefix = LakeLayout.Raw + "labeling/images/";

    /// <summary>Where notebook 12 writes a job's manifest, labels and template, and Ground Truth its output.</summary>
    public const string JobsPrefix = LakeLayout.Curated + "labeling-jobs/";

    public PrivateWorkforce Workforce { get; }

    public LabelingAccess Access { get; }

    public GroundTruthStack(Construct scope, string id, GroundTruthStackProps props) : base(scope, id, props)
    {
        var namePrefix = SageMaker.SageMakerStack.NotebookNamePrefix(props.LabName);
        Workforce = new PrivateWorkforce(this, "Workforce", new PrivateWorkforceProps
        {
            LabName = props.LabName, WorkerEmail = props.WorkerEmail,
            ExistingUserPoolId = props.Settings.ExistingUserPoolId, ExistingClientId = props.Settings.ExistingClientId,
        });
        var workteamArn = Workforce.Workteam.Ref; // Ref of AWS::SageMaker::Workteam is its ARN
        Access = new LabelingAccess(this, "Access", new LabelingAccessProps
        {
            Lake = props.Lake.Bucket, NotebookRole = props.NotebookRole, NamePrefix = namePrefix, WorkteamArn = workteamArn,
        });
        var leftovers = new LabelingJobLeftovers(this, "Leftovers", new LabelingJobLeftoversProps { NamePrefix = namePrefix });
        leftovers.Resource.Node.AddDependency(Workforce.Workteam); // deleted before the workteam: the jobs stop first
        UploadImages(props.Lake.Bucket);

        var functions = BuiltInTasks.Mapping(this, "BuiltInTaskFunctions");
        Output("WorkteamArn", workteamArn, "The private workteam notebook 12 sends its labeling tasks to");
        Output("LabelingRoleArn", Access.Role.RoleArn, "The role labeling jobs run as");
        Output("PreAnnotationLambdaArn", BuiltInTasks.FunctionArn(functions, "PRE", BuiltInTasks.ImageClassification),
            "Ground Truth's pre-annotation function for image classification in this region");
        Output("ConsolidationLambdaArn", BuiltInTasks.FunctionArn(functions, "ACS", BuiltInTasks.ImageClassification),
            "Ground Truth's annotation-consolidation function for image classification in this region");
        Output("ImagesUri", $"s3://{props.Lake.Bucket.BucketName}/{ImagesPrefix}", "The images to label");
        Output("LabelingPortal", $"aws sagemaker describe-workteam --workteam-name {Workforce.Workteam.AttrWorkteamName} --query Workteam.SubDomain --output text",
            "Prints the labeling portal's address; sign in with the email and temporary password Cognito sent to alertEmail");
    }

    /// <summary>The AI pipeline's sample images (assets/pipeline-samples/*.png), removed from the lake with the stack.</summary>
    private void UploadImages(IBucket lake)
    {
        var logs = new LogGroup(this, "UploadLogs", new LogGroupProps { Retention = RetentionDays.ONE_WEEK, RemovalPolicy = RemovalPolicy.DESTROY });
        new BucketDeployment(this, "Images", new BucketDeploymentProps
        {
            Sources = [Source.Asset(LabPaths.Asset("pipeline-samples"), new Amazon.CDK.AWS.S3.Assets.AssetOptions { Exclude = ["*", "!*.png"] })],
            DestinationBucket = lake,
            DestinationKeyPrefix = ImagesPrefix,
            RetainOnDelete = false,
            MemoryLimit = 512,
            LogGroup = logs,
        });
    }
}
