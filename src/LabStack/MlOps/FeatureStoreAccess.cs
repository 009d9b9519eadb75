using static LabStack.Iam;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="FeatureStoreAccess"/>.</summary>
public sealed record FeatureStoreAccessProps
{
    /// <summary>The SageMaker notebook's role: notebook 10 ingests into the feature group and queries its offline store.</summary>
    public required IRole NotebookRole { get; init; }

    /// <summary>The lake (the offline store), the Glue database, the Athena workgroup and its results bucket.</summary>
    public required SharedLake Lake { get; init; }

    /// <summary>The feature group notebook 10 writes.</summary>
    public required CustomerFeatures Features { get; init; }
}

/// <summary>
/// What notebook 10 may do: describe the customers' feature group and put records into it; run, follow, read and stop
/// queries in the lab's Athena workgroup only; read the offline store's Glue table and its Parquet under
/// curated/feature-store/; and read and write the workgroup's query results.
/// </summary>
public sealed class FeatureStoreAccess : Construct
{
    /// <summary>The notebook's grants.</summary>
    public Policy NotebookGrants { get; }

    public FeatureStoreAccess(Construct scope, string id, FeatureStoreAccessProps props) : base(scope, id)
    {
        var (lake, results) = (props.Lake.Bucket, props.Lake.QueryResults);
        var offlineStore = CustomerFeatures.OfflinePrefix + "*";
        NotebookGrants = Grant(this, "NotebookGrants", props.NotebookRole,
            "Feature Store writes the offline store's Parquet by generated keys under curated/feature-store/, and Athena each query's results by its id under athena/.",
            Allow(["sagemaker:DescribeFeatureGroup", "sagemaker:PutRecord"], props.Features.GroupArn),
            Allow(["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"],
                props.Lake.Athena.WorkGroupArn(this)),
            // A query reads the catalog, the database and the table; partitions fall under the table's permission
            // (https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html).
            Allow(["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
                GlueArn(this, "catalog"), GlueArn(this, $"database/{props.Lake.DatabaseName}"), props.Features.TableArn),
            // Athena reads the table's objects as the caller: GetObject, and ListBucket of the table's location.
            Allow(["s3:GetObject"], lake.ArnForObjects(offlineStore)),
            AllowWhen("StringLike", new Dictionary<string, object> { ["s3:prefix"] = offlineStore }, ["s3:ListBucket"], lake.BucketArn),
            // The caller needs to reach the query-results location, write results there (multipart for large ones) and read
            // them back (https://repost.aws/knowledge-center/athena-access-iam, https://docs.aws.amazon.com/athena/latest/ug/querying.html).
            // The bucket holds nothing but the workgroup's results.
            Allow(["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], results.BucketArn),
            Allow(["s3:GetObject", "s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
                results.ArnForObjects(AthenaWorkspace.ResultsPrefix + "*")));
    }
}
