using Amazon.CDK.AWS.Kinesis;
using Amazon.CDK.AWS.KinesisAnalytics;
using Amazon.CDK.AWS.Logs;
using static LabStack.Iam;

namespace LabStack.Flink;

/// <summary>Props for <see cref="StudioNotebook"/>.</summary>
public sealed record StudioNotebookProps
{
    /// <summary>The stream the notebook's source table reads.</summary>
    public required IStream Stream { get; init; }

    /// <summary>The lake the notebook's sink table writes under <see cref="LakeLayout.UsageWindows"/>.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database: the notebook's catalog.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>Parallel tasks, one KPU each.</summary>
    public required int Parallelism { get; init; }
}

/// <summary>
/// A Managed Service for Apache Flink Studio notebook (Apache Zeppelin with Flink SQL) on the lab's Glue database, reading
/// the Kinesis stream and writing windowed aggregates into the lake. CloudFormation creates it READY, not running: "After
/// creating an application, you must exclusively call this operation to start your application"
/// (https://docs.aws.amazon.com/managed-flink/latest/apiv2/API_StartApplication.html), so it bills nothing until a learner
/// starts it.
/// </summary>
public sealed class StudioNotebook : Construct
{
    /// <summary>The notebook's runtime: the newest Studio runtime (ServiceFacts has its row).</summary>
    public const string Runtime = "ZEPPELIN-FLINK-3_0";

    /// <summary>The Kinesis SQL connector the notebook loads: group, artifact, version (ServiceFacts has its row).</summary>
    public static readonly (string Group, string Artifact, string Version) KinesisConnector = ("org.apache.flink", "flink-sql-connector-kinesis", "1.15.4");

    /// <summary>The start of the names of the tables the notebook may create in the Glue database.</summary>
    public const string TablePrefix = "flink_";

    /// <summary>The application.</summary>
    public CfnApplicationV2 Application { get; }

    /// <summary>Its service execution role.</summary>
    public Role Role { get; }

    /// <summary>Where the notebook's Zeppelin and Flink logs go; deleted with the stack.</summary>
    public LogGroup LogGroup { get; }

    /// <summary>The application's ARN.</summary>
    public string ApplicationArn { get; }

    public StudioNotebook(Construct scope, string id, StudioNotebookProps props) : base(scope, id)
    {
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps { Retention = RetentionDays.ONE_WEEK, RemovalPolicy = RemovalPolicy.DESTROY });
        var logStream = new LogStream(this, "LogStream", new LogStreamProps { LogGroup = LogGroup, RemovalPolicy = RemovalPolicy.DESTROY });
        var logStreamArn = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "logs", Resource = "log-group", ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
            ResourceName = $"{LogGroup.LogGroupName}:log-stream:{logStream.LogStreamName}",
        });

        Role = ServiceRole(this, "Role", ServiceFacts.Trust.Flink);
        var policy = Grant(this, "RolePolicy", Role,
            "The notebook creates its own flink_ tables in the lab's database and writes files under the lake's curated/usage-windows/ prefix; " +
            "Zeppelin lists the log group's streams (the Studio IAM page's policy)",
            Catalog(props.DatabaseName),
            Allow(["glue:CreateTable", "glue:UpdateTable", "glue:DeleteTable"], GlueArn(this, $"table/{props.DatabaseName}/{TablePrefix}*")),
            Allow(["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
                props.Stream.StreamArn),
            AllowWhen("StringLike", new Dictionary<string, object> { ["s3:prefix"] = new[] { LakeLayout.UsageWindows + "*" } }, ["s3:ListBucket"],
                props.Lake.BucketArn),
            Allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
                props.Lake.ArnForObjects(LakeLayout.UsageWindows + "*")),
            Allow(["logs:DescribeLogStreams"], LogGroup.LogGroupArn),
            Allow(["logs:PutLogEvents"], logStreamArn));

        Application = new CfnApplicationV2(this, "Application", new CfnApplicationV2Props
        {
            ApplicationMode = "INTERACTIVE",
            RuntimeEnvironment = Runtime,
            ServiceExecutionRole = Role.RoleArn,
            ApplicationDescription = "ML study lab: Flink SQL over the usage-events stream, windows into the lake",
            ApplicationConfiguration = new CfnApplicationV2.ApplicationConfigurationProperty
            {
                // Parallelism fixed (no autoscaling: it would add KPUs the cost table does not count); checkpoints on, which is
                // when the filesystem sink commits its files.
                FlinkApplicationConfiguration = new CfnApplicationV2.FlinkApplicationConfigurationProperty
                {
                    ParallelismConfiguration = new CfnApplicationV2.ParallelismConfigurationProperty
                    {
                        ConfigurationType = "CUSTOM", Parallelism = props.Parallelism, ParallelismPerKpu = 1, AutoScalingEnabled = false,
                    },
                    CheckpointConfiguration = new CfnApplicationV2.CheckpointConfigurationProperty { ConfigurationType = "DEFAULT" },
                },
                ZeppelinApplicationConfiguration = new CfnApplicationV2.ZeppelinApplicationConfigurationProperty
                {
                    CatalogConfiguration = new CfnApplicationV2.CatalogConfigurationProperty
                    {
                        GlueDataCatalogConfiguration = new CfnApplicationV2.GlueDataCatalogConfigurationProperty
                        {
                            DatabaseArn = GlueArn(this, $"database/{props.DatabaseName}"),
                        },
                    },
                    MonitoringConfiguration = new CfnApplicationV2.ZeppelinMonitoringConfigurationProperty { LogLevel = "INFO" },
                    CustomArtifactsConfiguration = new object[]
                    {
                        new CfnApplicationV2.CustomArtifactConfigurationProperty
                        {
                            ArtifactType = "DEPENDENCY_JAR",
                            MavenReference = new CfnApplicationV2.MavenReferenceProperty
                            {
                                GroupId = KinesisConnector.Group, ArtifactId = KinesisConnector.Artifact, Version = KinesisConnector.Version,
                            },
                        },
                    },
                },
            },
        });
        // The service checks the role when it creates the application: the grants first.
        Application.Node.AddDependency(policy);

        var logging = new CfnApplicationCloudWatchLoggingOptionV2(this, "Logging", new CfnApplicationCloudWatchLoggingOptionV2Props
        {
            ApplicationName = Application.Ref,
            CloudWatchLoggingOption = new CfnApplicationCloudWatchLoggingOptionV2.CloudWatchLoggingOptionProperty
            {
                LogStreamArn = logStreamArn,
            },
        });
        logging.Node.AddDependency(Application);

        ApplicationArn = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "kinesisanalytics", Resource = "application", ResourceName = Application.Ref,
        });
    }

    /// <summary>
    /// Reading the lab's database and its tables, as the Studio IAM page's Glue policy does (the page also names the
    /// <c>hive</c> database the Zeppelin Flink interpreter looks up:
    /// https://docs.aws.amazon.com/managed-flink/latest/java/how-zeppelin-appendix-iam.html).
    /// </summary>
    private PolicyStatement Catalog(string database) =>
        Allow(["glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"],
            GlueArn(this, "catalog"), GlueArn(this, $"database/{database}"), GlueArn(this, "database/hive"), GlueArn(this, $"table/{database}/*"));
}
