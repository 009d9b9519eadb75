namespace LabStack.DataLake;

/// <summary>Props for <see cref="LakeStorage"/>.</summary>
public sealed record LakeStorageProps
{
    /// <summary>Keep the lake bucket and its objects on destroy (query results are always deleted).</summary>
    public required bool RetainData { get; init; }
}

/// <summary>
/// The lake bucket (prefixes in <see cref="LakeLayout"/>) and the Athena query-results bucket: private,
/// TLS only, encrypted with S3-managed keys (a KMS key would bill monthly while idle), emptied and
/// deleted on destroy unless data is retained. Query results expire after a few days.
/// </summary>
public sealed class LakeStorage : Construct
{
    /// <summary>Days Athena query results are kept.</summary>
    public const int QueryResultsExpiryDays = 3;

    /// <summary>The lake bucket's logical id in the DataLake stack (pinned by a test: the expiry workflow names it).</summary>
    public const string LakeBucketLogicalId = "StorageLakeBucketAD1898C0";

    /// <summary>The data lake bucket.</summary>
    public IBucket Lake { get; }

    /// <summary>Where Athena writes query results.</summary>
    public IBucket QueryResults { get; }

    public LakeStorage(Construct scope, string id, LakeStorageProps props) : base(scope, id)
    {
        Lake = new Bucket(this, "LakeBucket", Guarded(props.RetainData, new BucketProps
        {
            LifecycleRules = [new LifecycleRule { AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
        }));
        if (props.RetainData)
        {
            // A kept bucket keeps its TLS-only policy: without it, plain-HTTP requests to the kept data would be allowed.
            Lake.Policy!.ApplyRemovalPolicy(RemovalPolicy.RETAIN);
        }

        QueryResults = new Bucket(this, "QueryResultsBucket", Guarded(retain: false, new BucketProps
        {
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Expiration = Duration.Days(QueryResultsExpiryDays),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
        }));

        // Object-created events for the AI pipeline's trigger (free; its rule filters on inbox/). Set on the
        // CloudFormation resource: the L2 property would add a Lambda-backed custom resource to do the same.
        ((CfnBucket)Lake.Node.DefaultChild!).AddPropertyOverride("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", true);

        Nag.Suppress(Lake, new NagSuppression("AwsSolutions-S1",
            "Study sandbox: server access logs would need another bucket to keep and empty; CloudTrail data events cover auditing if a learner wants it."));
        Nag.Suppress(QueryResults, new NagSuppression("AwsSolutions-S1",
            "Holds only Athena results that expire after a few days; Athena's query history already records who ran what."));
    }

    private static BucketProps Guarded(bool retain, BucketProps props)
    {
        props.BlockPublicAccess = BlockPublicAccess.BLOCK_ALL;
        props.Encryption = BucketEncryption.S3_MANAGED;
        props.EnforceSSL = true;
        props.ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED;
        props.RemovalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        props.AutoDeleteObjects = !retain;
        return props;
    }
}
