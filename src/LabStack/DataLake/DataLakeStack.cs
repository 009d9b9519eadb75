using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using LabStack.Guardrails;

namespace LabStack.DataLake;

/// <summary>Props for <see cref="DataLakeStack"/>.</summary>
public sealed class DataLakeStackProps : StackProps
{
    /// <summary>Keep the lake bucket and its data on destroy.</summary>
    public required bool RetainData { get; init; }

    /// <summary>Glue database name.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>Athena workgroup name.</summary>
    public required string WorkGroupName { get; init; }

    /// <summary>Per-query scan limit of the workgroup, in MB.</summary>
    public required int AthenaScanLimitMb { get; init; }

    /// <summary>The lab's monthly budget; it lives here because every module deploys this stack.</summary>
    public required LabBudgetProps Budget { get; init; }
}

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

    /// <summary>What the other modules import from this stack: the lake's name and ARN, the database, the workgroup.</summary>
    public IReadOnlyList<string> SharedValues => [Lake.BucketName, Lake.BucketArn, Catalog.DatabaseName, Athena.WorkGroupName];

    public DataLakeStack(Construct scope, string id, DataLakeStackProps props) : base(scope, id, props)
    {
        var storage = new LakeStorage(this, "Storage", new LakeStorageProps { RetainData = props.RetainData });
        Lake = storage.Lake;
        QueryResults = storage.QueryResults;

        new SampleDataset(this, "SampleData", new SampleDatasetProps { Lake = Lake, RetainData = props.RetainData });

        Catalog = new LakeCatalog(this, "Catalog", new LakeCatalogProps { Lake = Lake, DatabaseName = props.DatabaseName });

        Athena = new AthenaWorkspace(this, "Athena", new AthenaWorkspaceProps
        {
            WorkGroupName = props.WorkGroupName,
            QueryResults = QueryResults,
            ScanLimitMb = props.AthenaScanLimitMb,
        });
        Athena.AddNamedQueries(Athena, "DataLake", Catalog.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "datalake")));

        new LabBudget(this, "CostGuard", props.Budget);

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
    }
}
