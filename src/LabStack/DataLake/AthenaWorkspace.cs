using Amazon.CDK.AWS.Athena;

namespace LabStack.DataLake;

/// <summary>A saved Athena query shipped as a .sql file whose first line is a <c>-- description</c> comment.</summary>
public sealed record NamedQueryFile(string Name, string Path)
{
    /// <summary>All .sql files of a folder, named after their file names.</summary>
    public static IReadOnlyList<NamedQueryFile> InFolder(string folder) =>
        Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal)
            .Select(path => new NamedQueryFile(System.IO.Path.GetFileNameWithoutExtension(path), path)).ToList();
}

/// <summary>Props for <see cref="AthenaWorkspace"/>.</summary>
public sealed record AthenaWorkspaceProps
{
    /// <summary>Workgroup name (Athena requires one); derived from the lab name.</summary>
    public required string WorkGroupName { get; init; }

    /// <summary>Bucket for query results; the workgroup enforces it.</summary>
    public required IBucket QueryResults { get; init; }

    /// <summary>Queries scanning more than this are cancelled: the workgroup's cost guard.</summary>
    public required int ScanLimitMb { get; init; }
}

/// <summary>
/// The lab's Athena workgroup (engine v3, enforced and encrypted result location, a bytes-scanned cutoff per
/// query, recursive delete so destroy works after queries ran) and its saved queries.
/// </summary>
public sealed class AthenaWorkspace : Construct
{
    /// <summary>The engine version the workgroup pins.</summary>
    public const string EngineVersion = "Athena engine version 3";

    /// <summary>Where in the query-results bucket the workgroup writes each query's results.</summary>
    public const string ResultsPrefix = "athena/";

    /// <summary>The workgroup.</summary>
    public CfnWorkGroup WorkGroup { get; }

    /// <summary>The workgroup's name (a token that also orders named queries after the workgroup).</summary>
    public string WorkGroupName => WorkGroup.Ref;

    /// <summary>The workgroup's ARN, written in <paramref name="scope"/>'s stack (Athena's query actions take it as their resource).</summary>
    public string WorkGroupArn(IConstruct scope) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "athena", Resource = "workgroup", ResourceName = WorkGroupName });

    public AthenaWorkspace(Construct scope, string id, AthenaWorkspaceProps props) : base(scope, id)
    {
        WorkGroup = new CfnWorkGroup(this, "WorkGroup", new CfnWorkGroupProps
        {
            Name = props.WorkGroupName,
            Description = "ML study lab: queries over the lake, with a per-query scan limit",
            RecursiveDeleteOption = true,
            State = "ENABLED",
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                PublishCloudWatchMetricsEnabled = true,
                BytesScannedCutoffPerQuery = props.ScanLimitMb * 1024L * 1024L,
                EngineVersion = new CfnWorkGroup.EngineVersionProperty { SelectedEngineVersion = EngineVersion },
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = props.QueryResults.S3UrlForObject(ResultsPrefix),
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });
    }

    /// <summary>
    /// Saves each query file as a named query in this workgroup, against <paramref name="database"/>. The queries
    /// are created in <paramref name="scope"/>, so each module's stack owns its own.
    /// </summary>
    public IReadOnlyList<CfnNamedQuery> AddNamedQueries(Construct scope, string idPrefix, string database, IEnumerable<NamedQueryFile> queries) =>
        queries.Select(query =>
        {
            var sql = File.ReadAllText(query.Path).ReplaceLineEndings("\n");
            var firstLine = sql.Split('\n', 2)[0];
            if (!firstLine.StartsWith("-- ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{query.Path}: the first line must be a '-- description' comment.");
            }
            return new CfnNamedQuery(scope, $"{idPrefix}-{query.Name}", new CfnNamedQueryProps
            {
                Name = query.Name,
                Description = firstLine[3..].Trim(),
                Database = database,
                WorkGroup = WorkGroupName,
                QueryString = sql.TrimEnd('\n'),
            });
        }).ToList();
}
