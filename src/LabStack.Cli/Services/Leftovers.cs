using Amazon.CloudWatchLogs.Model;
using Amazon.ResourceGroupsTaggingAPI.Model;
using Amazon.TranscribeService.Model;
using LabStack.Cli.Aws;

namespace Amazon.ResourceGroupsTaggingAPI
{
    /// <summary>The Resource Groups Tagging API call the <c>lab</c> command makes, named as AWSSDK.ResourceGroupsTaggingAPI names it.</summary>
    public sealed class AmazonResourceGroupsTaggingAPIClient(SignedAwsClient aws)
    {
        /// <summary>GetResources: one page of the region's resources with the given tags, PaginationToken for the next.</summary>
        public Task<GetResourcesResponse> GetResourcesAsync(GetResourcesRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetResourcesRequest, GetResourcesResponse>(AwsService.Tagging, "GetResources", request, cancellationToken);
    }
}

namespace Amazon.ResourceGroupsTaggingAPI.Model
{
    /// <summary>GetResources' input.</summary>
    public sealed class GetResourcesRequest
    {
        /// <summary>Only resources with these tags.</summary>
        public List<TagFilter>? TagFilters { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? PaginationToken { get; set; }
    }

    /// <summary>A tag and the values it may have.</summary>
    public sealed class TagFilter
    {
        /// <summary>The key.</summary>
        public string? Key { get; set; }

        /// <summary>The values.</summary>
        public List<string>? Values { get; set; }
    }

    /// <summary>GetResources' output.</summary>
    public sealed class GetResourcesResponse
    {
        /// <summary>The resources of this page.</summary>
        public List<ResourceTagMapping>? ResourceTagMappingList { get; set; }

        /// <summary>Set (non-empty) when there are more.</summary>
        public string? PaginationToken { get; set; }
    }

    /// <summary>A resource.</summary>
    public sealed class ResourceTagMapping
    {
        /// <summary>Its ARN.</summary>
        public string? ResourceARN { get; set; }
    }
}

namespace Amazon.CloudWatchLogs
{
    /// <summary>The CloudWatch Logs call the <c>lab</c> command makes, named as AWSSDK.CloudWatchLogs names it.</summary>
    public sealed class AmazonCloudWatchLogsClient(SignedAwsClient aws)
    {
        /// <summary>DescribeLogGroups: one page of the groups whose names start with a prefix, nextToken for the next.</summary>
        public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeLogGroupsRequest, DescribeLogGroupsResponse>(AwsService.Logs, "DescribeLogGroups", request, cancellationToken);
    }
}

namespace Amazon.CloudWatchLogs.Model
{
    /// <summary>DescribeLogGroups' input (CloudWatch Logs' members are camelCase).</summary>
    public sealed class DescribeLogGroupsRequest
    {
        /// <summary>The prefix.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("logGroupNamePrefix")]
        public string? LogGroupNamePrefix { get; set; }

        /// <summary>The page after the previous response's.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }

    /// <summary>DescribeLogGroups' output.</summary>
    public sealed class DescribeLogGroupsResponse
    {
        /// <summary>The groups of this page.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("logGroups")]
        public List<LogGroup>? LogGroups { get; set; }

        /// <summary>Set when there are more.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("nextToken")]
        public string? NextToken { get; set; }
    }

    /// <summary>A log group.</summary>
    public sealed class LogGroup
    {
        /// <summary>Its name.</summary>
        [System.Text.Json.Serialization.JsonPropertyName("logGroupName")]
        public string? LogGroupName { get; set; }

        /// <summary>The bytes it stores (billed per GB-month).</summary>
        [System.Text.Json.Serialization.JsonPropertyName("storedBytes")]
        public long? StoredBytes { get; set; }
    }
}

namespace Amazon.TranscribeService
{
    /// <summary>The Transcribe call the <c>lab</c> command makes, named as AWSSDK.TranscribeService names it.</summary>
    public sealed class AmazonTranscribeServiceClient(SignedAwsClient aws)
    {
        /// <summary>ListTranscriptionJobs: one page of the job records, NextToken for the next.</summary>
        public Task<ListTranscriptionJobsResponse> ListTranscriptionJobsAsync(ListTranscriptionJobsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<ListTranscriptionJobsRequest, ListTranscriptionJobsResponse>(AwsService.Transcribe, "ListTranscriptionJobs", request, cancellationToken);
    }
}

namespace Amazon.TranscribeService.Model
{
    /// <summary>ListTranscriptionJobs' input.</summary>
    public sealed class ListTranscriptionJobsRequest
    {
        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }

        /// <summary>At most this many (1 to 100).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>ListTranscriptionJobs' output.</summary>
    public sealed class ListTranscriptionJobsResponse
    {
        /// <summary>The jobs of this page.</summary>
        public List<TranscriptionJobSummary>? TranscriptionJobSummaries { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>A job record.</summary>
    public sealed class TranscriptionJobSummary
    {
        /// <summary>Its name (the pipeline names a job after its execution).</summary>
        public string? TranscriptionJobName { get; set; }
    }
}
