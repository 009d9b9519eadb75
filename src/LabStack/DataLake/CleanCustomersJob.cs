using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3.Assets;
using static LabStack.Iam;

namespace LabStack.DataLake;

/// <summary>Props for <see cref="CleanCustomersJob"/>.</summary>
public sealed record CleanCustomersJobProps
{
    /// <summary>The lake: the job reads raw/customers/ and writes curated/customers-clean/.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database (source and target tables).</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The job's log groups are <c>{LogGroupPrefix}/output</c> and <c>{LogGroupPrefix}/error</c>.</summary>
    public required string LogGroupPrefix { get; init; }
}

/// <summary>
/// A Glue ETL (Spark) job beside EMR: reads the <c>customers</c> catalog table with a job bookmark, cleans it (types,
/// missing values) and writes Parquet partitioned by region to <see cref="OutputPrefix"/> with the catalog table
/// <see cref="TargetTable"/>. The smallest Glue 5 job (2 G.1X workers), a 15-minute timeout, no retries; it runs only
/// when a learner starts it. Its role reads only the customers files and the script, writes only its output prefix and
/// tables, and logs to a log group of the stack.
/// </summary>
public sealed class CleanCustomersJob : Construct
{
    /// <summary>Glue version: 5.0 (Spark 3.5, Python 3.11); bills per second with a 1-minute minimum.</summary>
    public const string GlueVersion = "5.0";

    /// <summary>The smallest worker type of a Spark job (1 DPU each).</summary>
    public const string WorkerType = "G.1X";

    /// <summary>The fewest workers a G.1X Spark job accepts.</summary>
    public const int Workers = 2;

    /// <summary>Minutes before Glue stops a run.</summary>
    public const int TimeoutMinutes = 15;

    /// <summary>Where the cleaned Parquet lands.</summary>
    public const string OutputPrefix = LakeLayout.Curated + "customers-clean/";

    /// <summary>The catalog table the job creates and updates.</summary>
    public const string TargetTable = "customers_clean";

    public CfnJob Job { get; }

    /// <summary>The job's role.</summary>
    public IRole Role { get; }

    /// <summary>The PySpark script.</summary>
    public Asset Script { get; }

    /// <summary>The job's logs: stdout and stderr of the script (<c>output</c>), and Spark's and Glue's own (<c>error</c>), deleted with the stack.</summary>
    public IReadOnlyList<ILogGroup> LogGroups { get; }

    public CleanCustomersJob(Construct scope, string id, CleanCustomersJobProps props) : base(scope, id)
    {
        Script = new Asset(this, "Script", new AssetProps { Path = LabPaths.Asset("glue", "clean_customers.py") });
        // Glue 5.0 has no continuous logging (a 4.0-and-earlier feature): it writes to /aws-glue/jobs/output and /error,
        // shared by every job of the account, unless --custom-logGroup-prefix names the job's own pair
        // (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html). Named so that the stack owns them.
        LogGroups = new[] { "output", "error" }.Select(kind => (ILogGroup)new LogGroup(this, kind == "output" ? "Logs" : "ErrorLogs", new LogGroupProps
        {
            LogGroupName = $"{props.LogGroupPrefix}/{kind}",
            Retention = RetentionDays.ONE_WEEK,
            RemovalPolicy = RemovalPolicy.DESTROY,
        })).ToList();

        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.Glue),
            Description = "Glue ETL job of the ML study lab: reads raw/customers/, writes curated/customers-clean/",
        });
        string Table(string name) => GlueArn(this, $"table/{props.DatabaseName}/{name}");
        var access = Grant(this, "Access", Role,
            "Spark reads and writes objects by generated names under raw/customers/ and curated/customers-clean/ only.",
            Allow(["s3:GetObject"], Script.Bucket.ArnForObjects(Script.S3ObjectKey), props.Lake.ArnForObjects(LakeLayout.SampleCustomers + "*")),
            // "customers-clean*" without the slash: Glue's S3 layer also writes the folder marker
            // "curated/customers-clean_$folder$" beside the prefix (https://repost.aws/knowledge-center/emr-s3-empty-files).
            Allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], props.Lake.ArnForObjects(OutputPrefix.TrimEnd('/') + "*")),
            // Listing without a prefix condition: the sink first asks for keys that do not exist yet, and without
            // s3:ListBucket on the bucket S3 answers such a HEAD with 403, not 404, which fails the run
            // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html). A HEAD carries no s3:prefix.
            Allow(["s3:ListBucket"], props.Lake.BucketArn),
            Allow(["glue:GetDatabase"], GlueArn(this, "catalog"), GlueArn(this, $"database/{props.DatabaseName}")),
            Allow(["glue:GetTable", "glue:GetPartitions"], GlueArn(this, "catalog"), GlueArn(this, $"database/{props.DatabaseName}"), Table(CustomersSchema.TableName)),
            Allow(["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
                    "glue:CreatePartition", "glue:BatchCreatePartition"],
                GlueArn(this, "catalog"), GlueArn(this, $"database/{props.DatabaseName}"), Table(TargetTable)),
            Allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], LogGroups.Select(g => g.LogGroupArn).ToArray()));

        Job = new CfnJob(this, "Job", new CfnJobProps
        {
            Description = "ML study lab: cleans the customers table into partitioned Parquet (job bookmarks on); start it by hand",
            Role = Role.RoleArn,
            Command = new CfnJob.JobCommandProperty { Name = "glueetl", ScriptLocation = Script.S3ObjectUrl, PythonVersion = "3" },
            GlueVersion = GlueVersion,
            WorkerType = WorkerType,
            NumberOfWorkers = Workers,
            Timeout = TimeoutMinutes,
            MaxRetries = 0,
            ExecutionProperty = new CfnJob.ExecutionPropertyProperty { MaxConcurrentRuns = 1 },
            DefaultArguments = new Dictionary<string, string>
            {
                ["--job-language"] = "python",
                ["--job-bookmark-option"] = "job-bookmark-enable",
                ["--custom-logGroup-prefix"] = props.LogGroupPrefix,
                ["--database"] = props.DatabaseName,
                ["--lake_bucket"] = props.Lake.BucketName,
            },
        });
        Job.Node.AddDependency(access);
        Nag.Suppress(Job,
            new NagSuppression("AwsSolutions-GL1", "A security configuration encrypting logs with KMS needs a customer key, which bills $1 a month idle; the logs hold no secrets."),
            new NagSuppression("AwsSolutions-GL3", "Bookmark encryption needs a security configuration with a KMS key ($1 a month idle); bookmarks hold only file positions."));
    }
}
