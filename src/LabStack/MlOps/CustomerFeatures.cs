using Amazon.CDK.AWS.Sagemaker;
using static LabStack.Iam;

namespace LabStack.MlOps;

/// <summary>Props for <see cref="CustomerFeatures"/>.</summary>
public sealed record CustomerFeaturesProps
{
    /// <summary>The lake: the offline store writes under <see cref="CustomerFeatures.OfflinePrefix"/>.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database, where Feature Store creates the offline store's table.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The feature group's name (<c>{labName}-customers</c>): the notebook's grants and calls name it.</summary>
    public required string FeatureGroupName { get; init; }
}

/// <summary>
/// A SageMaker Feature Store feature group of the customers' features (every column of <see cref="CustomersSchema"/>,
/// keyed by <c>customer_id</c>, versioned by <c>event_time</c>) with an offline store only: Parquet under
/// curated/feature-store/ of the lake and a Glue table (<see cref="CustomerFeatures.TableName"/>) in the lab's database, so Athena reads
/// point-in-time training sets from it. No online store: that would bill per read and write capacity. Feature Store
/// leaves the Glue table when the group is deleted, so a custom resource drops it after the group is gone.
/// </summary>
public sealed class CustomerFeatures : Construct
{
    /// <summary>Where the offline store writes.</summary>
    public const string OfflinePrefix = LakeLayout.Curated + "feature-store/";

    /// <summary>The offline store's Glue table.</summary>
    public const string TableName = "customer_features";

    /// <summary>The record's event time: ISO-8601 text, as Feature Store takes it.</summary>
    public const string EventTime = "event_time";

    /// <summary>The feature group's name in a lab: a contract (learners and notebook 10 name it).</summary>
    public static string GroupNameOf(string labName) => $"{labName}-customers";

    /// <summary>The feature group.</summary>
    public CfnFeatureGroup Group { get; }

    /// <summary>The feature group's ARN (Feature Store's actions take it as their resource).</summary>
    public string GroupArn { get; }

    /// <summary>The offline store's Glue table's ARN.</summary>
    public string TableArn { get; }

    /// <summary>The role Feature Store writes the offline store as.</summary>
    public IRole Role { get; }

    /// <summary>Drops the offline store's Glue table when the stack is deleted.</summary>
    public OnDeleteFunction TableCleanup { get; }

    public CustomerFeatures(Construct scope, string id, CustomerFeaturesProps props) : base(scope, id)
    {
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.SageMakerFeatureStore),
            Description = "SageMaker Feature Store of the ML study lab: writes the customers' offline store under curated/feature-store/",
        });
        TableArn = GlueArn(this, $"table/{props.DatabaseName}/{TableName}");
        GroupArn = Stack.Of(this).FormatArn(new ArnComponents { Service = "sagemaker", Resource = "feature-group", ResourceName = props.FeatureGroupName });
        var catalogAccess = new[] { GlueArn(this, "catalog"), GlueArn(this, $"database/{props.DatabaseName}"), TableArn };
        var access = Grant(this, "Access", Role,
            "The offline store writes objects by generated names under the lake's curated/feature-store/ prefix.",
            Allow(["s3:PutObject", "s3:GetObject", "s3:PutObjectAcl"], props.Lake.ArnForObjects(OfflinePrefix + "*")),
            Allow(["s3:GetBucketAcl"], props.Lake.BucketArn),
            Allow(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable"], catalogAccess));

        Group = new CfnFeatureGroup(this, "Group", new CfnFeatureGroupProps
        {
            FeatureGroupName = props.FeatureGroupName,
            Description = "ML study lab: the customers' features, offline store in the lake (Athena table customer_features)",
            RecordIdentifierFeatureName = "customer_id",
            EventTimeFeatureName = EventTime,
            FeatureDefinitions = Definitions(),
            OfflineStoreConfig = new Dictionary<string, object>
            {
                ["S3StorageConfig"] = new Dictionary<string, object> { ["S3Uri"] = props.Lake.S3UrlForObject(OfflinePrefix) },
                // With a DataCatalogConfig and table creation on, Feature Store creates the table under these names rather than
                // its generated ones (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_OfflineStoreConfig.html).
                ["DisableGlueTableCreation"] = false,
                ["DataCatalogConfig"] = new Dictionary<string, object>
                {
                    ["Catalog"] = "AwsDataCatalog", ["Database"] = props.DatabaseName, ["TableName"] = TableName,
                },
            },
            RoleArn = Role.RoleArn,
        });
        Group.Node.AddDependency(access);

        TableCleanup = new OnDeleteFunction(this, "TableCleanup", new OnDeleteFunctionProps
        {
            Script = ["mlops", "drop-feature-table.js"],
            Description = "ML study lab: on delete, drops the Glue table Feature Store left for the customers' offline store",
            ResourceType = "Custom::FeatureTableCleanup",
            Properties = new Dictionary<string, object> { ["Database"] = props.DatabaseName, ["Table"] = TableName },
            Statements = [Allow(["glue:DeleteTable"], catalogAccess)],
        });
        Group.Node.AddDependency(TableCleanup.Resource); // the group goes first; then its table is dropped
    }

    /// <summary>Every column of the customers as a feature, by Glue type, and the event time.</summary>
    private static object[] Definitions() => CustomersSchema.Columns
        .Select(column => (Name: column.Name, Type: column.Type switch { "int" => "Integral", "double" => "Fractional", _ => "String" }))
        .Append((Name: EventTime, Type: "String"))
        .Select(f => (object)new CfnFeatureGroup.FeatureDefinitionProperty { FeatureName = f.Name, FeatureType = f.Type })
        .ToArray();
}
