namespace LabStack.DataLake;

/// <summary>
/// The <c>datalake</c> module: lake and query-results buckets, the sample dataset, the Glue catalog and
/// crawler, and the Athena workgroup with the exercise queries. Every other module reads from or writes into it,
/// so it also holds the lab's budget.
/// </summary>
public sealed class DataLakeStack : LabModuleStack
{
    /// <summary>The lake bucket (prefixes in <see cref="LakeLayout"/>).</summary>
    public IBucket Lake { get; }

    /// <summary>The Athena query-results bucket.</summary>
    public IBucket QueryResults { get; }

    /// <summary>The Glue database, table and crawler.</summary>
    public LakeCatalog Catalog { get; }

    /// <summary>The Athena workgroup; other modules add their named queries to it.</summary>
    public AthenaWorkspace Athena { get; }

    /// <summary>The sample dataset upload.</summary>
    public SampleDataset SampleData { get; }

    /// <summary>The Glue ETL job over the customers table.</summary>
    public CleanCustomersJob GlueJob { get; }

    /// <summary>The lab's monthly budget.</summary>
    public LabBudget Budget { get; }

    /// <summary>What the modules that need the lake receive.</summary>
    public SharedLake Shared => new(Lake, Catalog.DatabaseName, Athena, QueryResults);

    /// <summary>
    /// What the other modules import from this stack: the lake's name and ARN, the database, the workgroup, and the
    /// query-results bucket's ARN (grants to read and write the workgroup's results name it; nothing needs its name).
    /// </summary>
    public IReadOnlyList<string> SharedValues => [Lake.BucketName, Lake.BucketArn, Catalog.DatabaseName, Athena.WorkGroupName, QueryResults.BucketArn];

    /// <summary>The Glue database of a lab: Glue and Athena want lowercase letters, digits and underscores.</summary>
    public static string DatabaseNameOf(string labName) => labName.Replace('-', '_') + "_lake";

    public DataLakeStack(Construct scope, string id, ModuleStackProps<DataLakeSettings> props) : base(scope, id, props)
    {
        var settings = props.Settings;
        var storage = new LakeStorage(this, "Storage", new LakeStorageProps { RetainData = settings.RetainData });
        Lake = storage.Lake;
        QueryResults = storage.QueryResults;

        SampleData = new SampleDataset(this, "SampleData", new SampleDatasetProps { Lake = Lake, RetainData = settings.RetainData });

        Catalog = new LakeCatalog(this, "Catalog", new LakeCatalogProps { Lake = Lake, DatabaseName = DatabaseNameOf(props.LabName) });

        Athena = new AthenaWorkspace(this, "Athena", new AthenaWorkspaceProps
        {
            WorkGroupName = $"{props.LabName}-workgroup",
            QueryResults = QueryResults,
            ScanLimitMb = settings.AthenaScanLimitMb,
        });
        Athena.AddNamedQueries(Athena, "DataLake", Catalog.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "datalake")));

        GlueJob = new CleanCustomersJob(this, "GlueJob", new CleanCustomersJobProps
        {
            Lake = Lake, DatabaseName = Catalog.DatabaseName, LogGroupPrefix = $"/aws-glue/{props.LabName}-clean-customers",
        });

        Budget = new LabBudget(this, "CostGuard", new LabBudgetProps { MonthlyUsd = settings.BudgetUsd, AlertEmail = settings.AlertEmail });

        // The contract the other modules import, exported whichever modules are selected: an export another deployed
        // stack imports cannot be removed, so a partial deploy or destroy must never change this list.
        foreach (var shared in SharedValues)
        {
            ExportValue(shared);
        }

        Output("LakeBucketName", Lake.BucketName, "S3 data lake bucket (raw/, curated/, inbox/ prefixes)");
        Output("SampleDataLocation", Lake.S3UrlForObject(LakeLayout.SampleCustomers), "Where the sample customers dataset is uploaded");
        Output("QueryResultsBucketName", QueryResults.BucketName, $"Athena query results (expire after {LakeStorage.QueryResultsExpiryDays} days)");
        Output("GlueDatabaseName", Catalog.DatabaseName, "Glue Data Catalog database to query in Athena");
        Output("AthenaWorkGroupName", Athena.WorkGroupName, "Athena workgroup to select in the console (engine v3, scan limit)");
        Output("CrawlerName", Catalog.Crawler.Ref, "Glue crawler over raw/: start it with `aws glue start-crawler --name <value>`");
        Output("StartGlueJob", $"aws glue start-job-run --job-name {GlueJob.Job.Ref}",
            $"Run the Glue ETL job: cleaned customers as Parquet in {CleanCustomersJob.OutputPrefix}, table {CleanCustomersJob.TargetTable}");
    }
}
