using static LabStack.Iam;

namespace LabStack.GroundTruth;

/// <summary>Props for <see cref="LabelingAccess"/>.</summary>
public sealed record LabelingAccessProps
{
    /// <summary>The lake: the images under <see cref="GroundTruthStack.ImagesPrefix"/>, the job's files under <see cref="GroundTruthStack.JobsPrefix"/>.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The SageMaker notebook's role: notebook 12 starts the labeling job.</summary>
    public required IRole NotebookRole { get; init; }

    /// <summary>The start of every name the notebooks give what they create (<c>{labName}--nb</c>).</summary>
    public required string NamePrefix { get; init; }

    /// <summary>The only workteam the notebook may send tasks to.</summary>
    public required string WorkteamArn { get; init; }
}

/// <summary>
/// The labeling job's role (Ground Truth reads the images and the manifest, writes the output) and what notebook 12 may do:
/// start, describe and stop labeling jobs named by the notebooks' prefix, only for the lab's private workteam (so no task
/// can go to Mechanical Turk or a vendor, who are paid per task), pass the labeling role and nothing else, read this
/// stack's outputs, and ask Rekognition for the same images' labels.
/// </summary>
public sealed class LabelingAccess : Construct
{
    /// <summary>The role labeling jobs run as.</summary>
    public Role Role { get; }

    /// <summary>The notebook's grants.</summary>
    public Policy NotebookGrants { get; }

    public LabelingAccess(Construct scope, string id, LabelingAccessProps props) : base(scope, id)
    {
        Role = ServiceRole(this, "Role", ServiceFacts.Trust.SageMakerLabeling);
        var (images, jobs) = (props.Lake.ArnForObjects(GroundTruthStack.ImagesPrefix + "*"), props.Lake.ArnForObjects(GroundTruthStack.JobsPrefix + "*"));
        Grant(this, "RoleGrants", Role,
            "Ground Truth reads the images and the job's files by generated keys under their prefixes and writes the output under the job's; " +
            "the labeling jobs' log groups are named by the job.",
            Allow(["s3:GetObject"], images, jobs),
            Allow(["s3:PutObject"], jobs),
            Allow(["s3:ListBucket", "s3:GetBucketLocation"], props.Lake.BucketArn),
            Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                LogGroupArn(this, "/aws/sagemaker/LabelingJobs*")));

        var labelingJobs = SageMaker.NotebookJobs.NamedArn(this, "labeling-job", props.NamePrefix);
        NotebookGrants = Grant(this, "NotebookGrants", props.NotebookRole,
            $"Notebook 12 names its labeling jobs {props.NamePrefix}-... with a timestamp; Rekognition's DetectLabels has no resource-level permission.",
            // sagemaker:WorkteamArn holds every job to the lab's private team (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html).
            AllowWhen("StringEquals", new Dictionary<string, object> { ["sagemaker:WorkteamArn"] = props.WorkteamArn },
                ["sagemaker:CreateLabelingJob"], labelingJobs),
            Allow(["sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"], labelingJobs),
            Allow(["sagemaker:DescribeWorkteam"], props.WorkteamArn),
            PassRoleTo(Role, "sagemaker.amazonaws.com"),
            Allow(["cloudformation:DescribeStacks"], Aws.STACK_ID),
            Allow(["rekognition:DetectLabels"], "*"),
            // The notebook writes the job's files and deletes them (and Ground Truth's output) in its clean-up cell.
            Allow(["s3:PutObject", "s3:DeleteObject"], jobs));
    }
}
