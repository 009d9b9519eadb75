using Amazon.Glue.Model;
using Amazon.Kinesis.Model;
using LabStack.Cli.Aws;

namespace Amazon.Kinesis
{
    /// <summary>The Kinesis call the <c>lab</c> command makes (AWS JSON 1.1), named as AWSSDK.Kinesis names it.</summary>
    public sealed class AmazonKinesisClient(SignedAwsClient aws)
    {
        /// <summary>DescribeStreamSummary: the stream's status, mode and open shards.</summary>
        public Task<DescribeStreamSummaryResponse> DescribeStreamSummaryAsync(DescribeStreamSummaryRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeStreamSummaryRequest, DescribeStreamSummaryResponse>(AwsService.Kinesis, "DescribeStreamSummary", request, cancellationToken);

        /// <summary>PutRecords: up to 500 records in one call; each may fail on its own (FailedRecordCount).</summary>
        public Task<PutRecordsResponse> PutRecordsAsync(PutRecordsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<PutRecordsRequest, PutRecordsResponse>(AwsService.Kinesis, "PutRecords", request, cancellationToken);
    }
}

namespace Amazon.Kinesis.Model
{
    /// <summary>DescribeStreamSummary's input.</summary>
    public sealed class DescribeStreamSummaryRequest
    {
        /// <summary>The stream.</summary>
        public string? StreamName { get; set; }
    }

    /// <summary>DescribeStreamSummary's output.</summary>
    public sealed class DescribeStreamSummaryResponse
    {
        /// <summary>The stream.</summary>
        public StreamDescriptionSummary? StreamDescriptionSummary { get; set; }
    }

    /// <summary>A stream's summary, as far as the lab reads it.</summary>
    public sealed class StreamDescriptionSummary
    {
        /// <summary>Its name.</summary>
        public string? StreamName { get; set; }

        /// <summary>CREATING, DELETING, ACTIVE, UPDATING.</summary>
        public string? StreamStatus { get; set; }

        /// <summary>Its capacity mode.</summary>
        public StreamModeDetails? StreamModeDetails { get; set; }

        /// <summary>Open shards (each bills by the hour in provisioned mode).</summary>
        public int? OpenShardCount { get; set; }
    }

    /// <summary>PutRecords' input.</summary>
    public sealed class PutRecordsRequest
    {
        /// <summary>The stream.</summary>
        public string? StreamName { get; set; }

        /// <summary>The records.</summary>
        public List<PutRecordsRequestEntry>? Records { get; set; }
    }

    /// <summary>A record to put.</summary>
    public sealed class PutRecordsRequestEntry
    {
        /// <summary>Its data, base64 (the JSON protocol's blobs).</summary>
        public string? Data { get; set; }

        /// <summary>Its partition key.</summary>
        public string? PartitionKey { get; set; }
    }

    /// <summary>PutRecords' output.</summary>
    public sealed class PutRecordsResponse
    {
        /// <summary>How many records failed.</summary>
        public int? FailedRecordCount { get; set; }

        /// <summary>Each record's outcome, in order.</summary>
        public List<PutRecordsResultEntry>? Records { get; set; }
    }

    /// <summary>A record's outcome: its sequence number, or its error.</summary>
    public sealed class PutRecordsResultEntry
    {
        /// <summary>Set when it was put.</summary>
        public string? SequenceNumber { get; set; }

        /// <summary>Set when it failed.</summary>
        public string? ErrorCode { get; set; }

        /// <summary>Why.</summary>
        public string? ErrorMessage { get; set; }
    }

    /// <summary>A stream's capacity mode.</summary>
    public sealed class StreamModeDetails
    {
        /// <summary>PROVISIONED or ON_DEMAND.</summary>
        public string? StreamMode { get; set; }
    }
}

namespace Amazon.Glue
{
    /// <summary>The Glue call the <c>lab</c> command makes (AWS JSON 1.1), named as AWSSDK.Glue names it.</summary>
    public sealed class AmazonGlueClient(SignedAwsClient aws)
    {
        /// <summary>GetJobRuns: one page of a job's runs, newest first.</summary>
        public Task<GetJobRunsResponse> GetJobRunsAsync(GetJobRunsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetJobRunsRequest, GetJobRunsResponse>(AwsService.Glue, "GetJobRuns", request, cancellationToken);

        /// <summary>GetCrawler: the crawler's state and its last crawl.</summary>
        public Task<GetCrawlerResponse> GetCrawlerAsync(GetCrawlerRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetCrawlerRequest, GetCrawlerResponse>(AwsService.Glue, "GetCrawler", request, cancellationToken);

        /// <summary>StartCrawler: runs the crawler (it bills DPU time, a 10-minute minimum).</summary>
        public Task<StartCrawlerResponse> StartCrawlerAsync(StartCrawlerRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<StartCrawlerRequest, StartCrawlerResponse>(AwsService.Glue, "StartCrawler", request, cancellationToken);

        /// <summary>StartJobRun: runs the job (it bills DPU time while it runs).</summary>
        public Task<StartJobRunResponse> StartJobRunAsync(StartJobRunRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<StartJobRunRequest, StartJobRunResponse>(AwsService.Glue, "StartJobRun", request, cancellationToken);

        /// <summary>GetJobRun: one run's state, error and time.</summary>
        public Task<GetJobRunResponse> GetJobRunAsync(GetJobRunRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetJobRunRequest, GetJobRunResponse>(AwsService.Glue, "GetJobRun", request, cancellationToken);

        /// <summary>GetJob: the job's definition (that it exists, and its role and script).</summary>
        public Task<GetJobResponse> GetJobAsync(GetJobRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetJobRequest, GetJobResponse>(AwsService.Glue, "GetJob", request, cancellationToken);
    }
}

namespace Amazon.Glue.Model
{
    /// <summary>GetJobRuns' input.</summary>
    public sealed class GetJobRunsRequest
    {
        /// <summary>The job.</summary>
        public string? JobName { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }

        /// <summary>At most this many (1 to 200).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>GetJobRuns' output.</summary>
    public sealed class GetJobRunsResponse
    {
        /// <summary>The runs of this page.</summary>
        public List<JobRun>? JobRuns { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A job run, as far as the lab reads it.</summary>
    public sealed class JobRun
    {
        /// <summary>Its id.</summary>
        public string? Id { get; set; }

        /// <summary>STARTING, RUNNING, STOPPING, SUCCEEDED, FAILED...</summary>
        public string? JobRunState { get; set; }

        /// <summary>Its DPUs (jobs without a worker type).</summary>
        public double? MaxCapacity { get; set; }

        /// <summary>Its workers.</summary>
        public int? NumberOfWorkers { get; set; }

        /// <summary>Its worker type (G.1X is 1 DPU, G.2X 2).</summary>
        public string? WorkerType { get; set; }

        /// <summary>Seconds it ran (what it bills, at least a minute on Glue 5).</summary>
        public int? ExecutionTime { get; set; }

        /// <summary>Why it failed.</summary>
        public string? ErrorMessage { get; set; }
    }

    /// <summary>GetCrawler's input.</summary>
    public sealed class GetCrawlerRequest
    {
        /// <summary>The crawler.</summary>
        public string? Name { get; set; }
    }

    /// <summary>GetCrawler's output.</summary>
    public sealed class GetCrawlerResponse
    {
        /// <summary>The crawler.</summary>
        public Crawler? Crawler { get; set; }
    }

    /// <summary>A crawler, as far as the lab reads it.</summary>
    public sealed class Crawler
    {
        /// <summary>Its name.</summary>
        public string? Name { get; set; }

        /// <summary>READY, RUNNING, STOPPING.</summary>
        public string? State { get; set; }

        /// <summary>Its last crawl, when it ran.</summary>
        public LastCrawlInfo? LastCrawl { get; set; }
    }

    /// <summary>A crawler's last crawl.</summary>
    public sealed class LastCrawlInfo
    {
        /// <summary>SUCCEEDED, CANCELLED, FAILED.</summary>
        public string? Status { get; set; }

        /// <summary>Its error, when it failed.</summary>
        public string? ErrorMessage { get; set; }

        /// <summary>When it started.</summary>
        public DateTime? StartTime { get; set; }
    }

    /// <summary>StartCrawler's input.</summary>
    public sealed class StartCrawlerRequest
    {
        /// <summary>The crawler.</summary>
        public string? Name { get; set; }
    }

    /// <summary>StartCrawler's output (empty).</summary>
    public sealed class StartCrawlerResponse;

    /// <summary>StartJobRun's input.</summary>
    public sealed class StartJobRunRequest
    {
        /// <summary>The job.</summary>
        public string? JobName { get; set; }
    }

    /// <summary>StartJobRun's output.</summary>
    public sealed class StartJobRunResponse
    {
        /// <summary>The run.</summary>
        public string? JobRunId { get; set; }
    }

    /// <summary>GetJobRun's input.</summary>
    public sealed class GetJobRunRequest
    {
        /// <summary>The job.</summary>
        public string? JobName { get; set; }

        /// <summary>The run.</summary>
        public string? RunId { get; set; }
    }

    /// <summary>GetJobRun's output.</summary>
    public sealed class GetJobRunResponse
    {
        /// <summary>The run.</summary>
        public JobRun? JobRun { get; set; }
    }

    /// <summary>GetJob's input.</summary>
    public sealed class GetJobRequest
    {
        /// <summary>The job.</summary>
        public string? JobName { get; set; }
    }

    /// <summary>GetJob's output.</summary>
    public sealed class GetJobResponse
    {
        /// <summary>The job.</summary>
        public Job? Job { get; set; }
    }

    /// <summary>A job, as far as the lab reads it.</summary>
    public sealed class Job
    {
        /// <summary>Its name.</summary>
        public string? Name { get; set; }

        /// <summary>Its role.</summary>
        public string? Role { get; set; }

        /// <summary>Its Glue version.</summary>
        public string? GlueVersion { get; set; }
    }
}
