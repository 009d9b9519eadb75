namespace LabStack.DataLake;

/// <summary>
/// What the <c>datalake</c> module shares with every module that needs it: the lake bucket, the Glue database, the
/// Athena workspace (for named queries) and the query-results bucket (for grants to run queries). The DataLake stack
/// exports these whichever modules are selected.
/// </summary>
/// <param name="Bucket">The lake bucket (prefixes in <see cref="LakeLayout"/>).</param>
/// <param name="DatabaseName">The lab's Glue database.</param>
/// <param name="Athena">The lab's Athena workgroup and its named-query helper.</param>
/// <param name="QueryResults">Where the workgroup writes query results (under <see cref="AthenaWorkspace.ResultsPrefix"/>).</param>
public sealed record SharedLake(IBucket Bucket, string DatabaseName, AthenaWorkspace Athena, IBucket QueryResults);
