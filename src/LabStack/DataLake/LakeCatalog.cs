using Amazon.CDK.AWS.Glue;

namespace LabStack.DataLake;

/// <summary>Props for <see cref="LakeCatalog"/>.</summary>
public sealed record LakeCatalogProps
{
    /// <summary>The lake bucket the tables and the crawler read.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>Name of the Glue database (lowercase, underscores).</summary>
    public required string DatabaseName { get; init; }
}

/// <summary>
/// The lab's Glue Data Catalog: a database, the customers table defined in code, and a crawler over
/// <see cref="LakeLayout.Raw"/> that learners start by hand (it does not run on deploy). Crawled tables get
/// the <see cref="CrawledTablePrefix"/> so they sit beside the hand-written ones for comparison; deleting
/// the database on destroy deletes them too.
/// </summary>
public sealed class LakeCatalog : Construct
{
    /// <summary>Prefix of the tables the crawler creates.</summary>
    public const string CrawledTablePrefix = "crawled_";

    /// <summary>The Glue database.</summary>
    public CfnDatabase Database { get; }

    /// <summary>The Glue database name, for Athena and other modules' tables.</summary>
    public string DatabaseName { get; }

    /// <summary>The table over the sample customers dataset.</summary>
    public CfnTable CustomersTable { get; }

    /// <summary>The crawler's table level: one table per folder of raw/ (the bucket is level 1, raw/ level 2).</summary>
    public static int TableLevel { get; } = LakeLayout.Raw.Trim('/').Split('/').Length + 2;

    /// <summary>The crawler over the raw prefix.</summary>
    public CfnCrawler Crawler { get; }

    /// <summary>The crawler's role: Glue's service policy plus read access to the raw prefix only.</summary>
    public IRole CrawlerRole { get; }

    public LakeCatalog(Construct scope, string id, LakeCatalogProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        Database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = stack.Account,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = props.DatabaseName,
                Description = "ML study lab: tables over the lab's S3 data lake",
            },
        });
        DatabaseName = Database.Ref;

        CustomersTable = GlueTables.Table(this, "CustomersTable", DatabaseName, GlueTables.Input(CustomersSchema.TableName,
            "Sample churn dataset (CSV with header); see assets/sample-data",
            props.Lake.S3UrlForObject(LakeLayout.SampleCustomers), GlueTableFormat.Csv, CustomersSchema.Columns,
            new Dictionary<string, object> { ["skip.header.line.count"] = "1" }));

        var role = new Role(this, "CrawlerRole", new RoleProps
        {
            AssumedBy = Iam.Trusting(ServiceFacts.Trust.Glue),
            Description = "Glue crawler of the ML study lab: reads the lake's raw prefix",
            ManagedPolicies = [ManagedPolicy.FromAwsManagedPolicyName("service-role/AWSGlueServiceRole")],
        });
        var readRaw = Iam.Grant(this, "CrawlerReadRaw", null,
            "The crawler must read every object under raw/, whose keys are not known in advance; the grant stops at that prefix.",
            Iam.Allow(["s3:GetObject"], props.Lake.ArnForObjects(LakeLayout.Raw + "*")),
            Iam.AllowWhen("StringLike", new Dictionary<string, object> { ["s3:prefix"] = new[] { LakeLayout.Raw + "*" } },
                ["s3:ListBucket"], props.Lake.BucketArn));
        role.AttachInlinePolicy(readRaw);
        CrawlerRole = role;
        Nag.Suppress(role, new NagSuppression("AwsSolutions-IAM4",
            "AWSGlueServiceRole is the policy AWS documents for crawlers, and broader than this crawler needs: glue:* on every resource, " +
            "S3 reads and writes on buckets and objects named aws-glue-*, EC2 Describe* and network-interface create/delete, logs under " +
            "/aws-glue/. Kept because AWS documents no exact list of a crawler's catalog calls; the lake itself is readable only under raw/ " +
            "(granted separately), and the lab creates no aws-glue-* bucket.",
            Nag.ManagedPolicy("service-role/AWSGlueServiceRole")));

        Crawler = new CfnCrawler(this, "Crawler", new CfnCrawlerProps
        {
            Role = role.RoleArn,
            DatabaseName = DatabaseName,
            Description = "Infers tables from everything under raw/; run it by hand (see README)",
            TablePrefix = CrawledTablePrefix,
            Targets = new CfnCrawler.TargetsProperty
            {
                S3Targets = new object[] { new CfnCrawler.S3TargetProperty { Path = props.Lake.S3UrlForObject(LakeLayout.Raw) } },
            },
            // One table per folder of raw/. The level counts from the bucket: the bucket is level 1, raw/ level 2, its folders
            // level 3 (https://docs.aws.amazon.com/glue/latest/dg/crawler-table-level.html). Without it the crawler merges
            // sibling folders whose schemas match into one table with a partition column: the grouping rule exercise 1 shows.
            Configuration = """{"Version":1.0,"Grouping":{"TableLevelConfiguration":""" + TableLevel + "}}",
            SchemaChangePolicy = new CfnCrawler.SchemaChangePolicyProperty
            {
                UpdateBehavior = "UPDATE_IN_DATABASE",
                DeleteBehavior = "DELETE_FROM_DATABASE",
            },
        });
        Crawler.Node.AddDependency(readRaw);
    }
}
