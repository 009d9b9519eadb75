using Amazon.Athena.Model;
using LabStack.Cli.Aws;

namespace Amazon.Athena
{
    /// <summary>The Athena calls <c>lab verify</c> makes (AWS JSON 1.1), named as AWSSDK.Athena names them.</summary>
    public sealed class AmazonAthenaClient(SignedAwsClient aws)
    {
        /// <summary>GetWorkGroup: the workgroup's configuration (its scan cutoff).</summary>
        public Task<GetWorkGroupResponse> GetWorkGroupAsync(GetWorkGroupRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetWorkGroupRequest, GetWorkGroupResponse>(AwsService.Athena, "GetWorkGroup", request, cancellationToken);

        /// <summary>StartQueryExecution: starts a query in a workgroup (it bills the data it scans).</summary>
        public Task<StartQueryExecutionResponse> StartQueryExecutionAsync(StartQueryExecutionRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<StartQueryExecutionRequest, StartQueryExecutionResponse>(AwsService.Athena, "StartQueryExecution", request, cancellationToken);

        /// <summary>GetQueryExecution: the query's state, its reason, and what it scanned.</summary>
        public Task<GetQueryExecutionResponse> GetQueryExecutionAsync(GetQueryExecutionRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetQueryExecutionRequest, GetQueryExecutionResponse>(AwsService.Athena, "GetQueryExecution", request, cancellationToken);

        /// <summary>GetQueryResults: one page of rows (at most 1,000; NextToken for the next).</summary>
        public Task<GetQueryResultsResponse> GetQueryResultsAsync(GetQueryResultsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetQueryResultsRequest, GetQueryResultsResponse>(AwsService.Athena, "GetQueryResults", request, cancellationToken);
    }
}

namespace Amazon.Athena.Model
{
    /// <summary>GetWorkGroup's input.</summary>
    public sealed class GetWorkGroupRequest
    {
        /// <summary>The workgroup.</summary>
        public string? WorkGroup { get; set; }
    }

    /// <summary>GetWorkGroup's output.</summary>
    public sealed class GetWorkGroupResponse
    {
        /// <summary>The workgroup.</summary>
        public WorkGroup? WorkGroup { get; set; }
    }

    /// <summary>A workgroup, as far as the lab reads it.</summary>
    public sealed class WorkGroup
    {
        /// <summary>Its name.</summary>
        public string? Name { get; set; }

        /// <summary>Its configuration.</summary>
        public WorkGroupConfiguration? Configuration { get; set; }
    }

    /// <summary>A workgroup's configuration.</summary>
    public sealed class WorkGroupConfiguration
    {
        /// <summary>The most a query may scan; Athena cancels it past this.</summary>
        public long? BytesScannedCutoffPerQuery { get; set; }
    }

    /// <summary>StartQueryExecution's input.</summary>
    public sealed class StartQueryExecutionRequest
    {
        /// <summary>The SQL.</summary>
        public string? QueryString { get; set; }

        /// <summary>The database.</summary>
        public QueryExecutionContext? QueryExecutionContext { get; set; }

        /// <summary>The workgroup (its result location and cutoff apply).</summary>
        public string? WorkGroup { get; set; }
    }

    /// <summary>A query's database.</summary>
    public sealed class QueryExecutionContext
    {
        /// <summary>The Glue database.</summary>
        public string? Database { get; set; }
    }

    /// <summary>StartQueryExecution's output.</summary>
    public sealed class StartQueryExecutionResponse
    {
        /// <summary>The query.</summary>
        public string? QueryExecutionId { get; set; }
    }

    /// <summary>GetQueryExecution's input.</summary>
    public sealed class GetQueryExecutionRequest
    {
        /// <summary>The query.</summary>
        public string? QueryExecutionId { get; set; }
    }

    /// <summary>GetQueryExecution's output.</summary>
    public sealed class GetQueryExecutionResponse
    {
        /// <summary>The query.</summary>
        public QueryExecution? QueryExecution { get; set; }
    }

    /// <summary>A query, as far as the lab reads it.</summary>
    public sealed class QueryExecution
    {
        /// <summary>Its id.</summary>
        public string? QueryExecutionId { get; set; }

        /// <summary>Its status.</summary>
        public QueryExecutionStatus? Status { get; set; }

        /// <summary>What it scanned and how long it took.</summary>
        public QueryExecutionStatistics? Statistics { get; set; }
    }

    /// <summary>A query's status.</summary>
    public sealed class QueryExecutionStatus
    {
        /// <summary>QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED.</summary>
        public string? State { get; set; }

        /// <summary>Why it failed or was cancelled.</summary>
        public string? StateChangeReason { get; set; }
    }

    /// <summary>A query's statistics.</summary>
    public sealed class QueryExecutionStatistics
    {
        /// <summary>Bytes scanned (what Athena bills).</summary>
        public long? DataScannedInBytes { get; set; }

        /// <summary>Milliseconds the engine ran.</summary>
        public long? EngineExecutionTimeInMillis { get; set; }
    }

    /// <summary>GetQueryResults' input.</summary>
    public sealed class GetQueryResultsRequest
    {
        /// <summary>The query.</summary>
        public string? QueryExecutionId { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }

        /// <summary>At most this many rows (1 to 1,000).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>GetQueryResults' output.</summary>
    public sealed class GetQueryResultsResponse
    {
        /// <summary>The rows of this page (the first page's first row is the column names, for a SELECT).</summary>
        public ResultSet? ResultSet { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A page of rows.</summary>
    public sealed class ResultSet
    {
        /// <summary>The rows.</summary>
        public List<Row>? Rows { get; set; }
    }

    /// <summary>A row.</summary>
    public sealed class Row
    {
        /// <summary>Its cells.</summary>
        public List<Datum>? Data { get; set; }
    }

    /// <summary>A cell.</summary>
    public sealed class Datum
    {
        /// <summary>Its text.</summary>
        public string? VarCharValue { get; set; }
    }
}
