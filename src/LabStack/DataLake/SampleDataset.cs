using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3.Deployment;

namespace LabStack.DataLake;

/// <summary>Props for <see cref="SampleDataset"/>.</summary>
public sealed record SampleDatasetProps
{
    /// <summary>The lake bucket the dataset is uploaded into.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>Keep the uploaded objects when the stack is deleted.</summary>
    public required bool RetainData { get; init; }
}

/// <summary>
/// Uploads the shipped customers dataset (assets/sample-data/customers) to
/// <see cref="LakeLayout.SampleCustomers"/> on every deploy; the upload function's log group goes with the stack.
/// </summary>
public sealed class SampleDataset : Construct
{
    /// <summary>The deployment; depend on it to read the data during deploy.</summary>
    public BucketDeployment Upload { get; }

    public SampleDataset(Construct scope, string id, SampleDatasetProps props) : base(scope, id)
    {
        var uploadLogs = new LogGroup(this, "UploadLogs", new LogGroupProps
        {
            Retention = RetentionDays.ONE_WEEK,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        Upload = new BucketDeployment(this, "Upload", new BucketDeploymentProps
        {
            Sources = [Source.Asset(LabPaths.Asset("sample-data", "customers"))],
            DestinationBucket = props.Lake,
            DestinationKeyPrefix = LakeLayout.SampleCustomers,
            // Pruning would delete every file a learner adds under raw/customers/ at each deploy (and every module's
            // deploy includes this stack): the sample's own file is overwritten in place instead.
            Prune = false,
            RetainOnDelete = props.RetainData,
            // Every module stack waits for this stack, and this upload is its slowest step: at the CDK's default of
            // 128 MB the AWS CLI in the function copies at tens of KB/s and can time out. 512 MB is what newer CDK
            // releases default to; a Lambda function's CPU grows with its memory.
            MemoryLimit = 512,
            LogGroup = uploadLogs,
        });
    }
}
