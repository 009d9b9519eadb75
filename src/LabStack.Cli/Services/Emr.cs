using Amazon.ElasticMapReduce.Model;
using LabStack.Cli.Aws;

namespace Amazon.ElasticMapReduce
{
    /// <summary>The EMR calls the <c>lab</c> command makes (AWS JSON 1.1), named as AWSSDK.ElasticMapReduce names them.</summary>
    public sealed class AmazonElasticMapReduceClient(SignedAwsClient aws)
    {
        /// <summary>DescribeCluster.</summary>
        public Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeClusterRequest, DescribeClusterResponse>(AwsService.Emr, "DescribeCluster", request, cancellationToken);

        /// <summary>ListInstanceGroups: one page (Marker for the next).</summary>
        public Task<ListInstanceGroupsResponse> ListInstanceGroupsAsync(ListInstanceGroupsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<ListInstanceGroupsRequest, ListInstanceGroupsResponse>(AwsService.Emr, "ListInstanceGroups", request, cancellationToken);

        /// <summary>ListSteps: one page of the cluster's steps, newest first (Marker for the next).</summary>
        public Task<ListStepsResponse> ListStepsAsync(ListStepsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<ListStepsRequest, ListStepsResponse>(AwsService.Emr, "ListSteps", request, cancellationToken);

        /// <summary>TerminateJobFlows: terminates clusters (without termination protection).</summary>
        public Task<TerminateJobFlowsResponse> TerminateJobFlowsAsync(TerminateJobFlowsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<TerminateJobFlowsRequest, TerminateJobFlowsResponse>(AwsService.Emr, "TerminateJobFlows", request, cancellationToken);
    }
}

namespace Amazon.ElasticMapReduce.Model
{
    /// <summary>DescribeCluster's input.</summary>
    public sealed class DescribeClusterRequest
    {
        /// <summary>The cluster.</summary>
        public string? ClusterId { get; set; }
    }

    /// <summary>DescribeCluster's output.</summary>
    public sealed class DescribeClusterResponse
    {
        /// <summary>The cluster.</summary>
        public Cluster? Cluster { get; set; }
    }

    /// <summary>A cluster, as far as the lab reads it.</summary>
    public sealed class Cluster
    {
        /// <summary>Its id.</summary>
        public string? Id { get; set; }

        /// <summary>Its name.</summary>
        public string? Name { get; set; }

        /// <summary>Its status.</summary>
        public ClusterStatus? Status { get; set; }
    }

    /// <summary>A cluster's status.</summary>
    public sealed class ClusterStatus
    {
        /// <summary>STARTING, BOOTSTRAPPING, RUNNING, WAITING, TERMINATING, TERMINATED, TERMINATED_WITH_ERRORS.</summary>
        public string? State { get; set; }

        /// <summary>Why it changed to this state (an idle cluster's own termination, an error).</summary>
        public ClusterStateChangeReason? StateChangeReason { get; set; }
    }

    /// <summary>A cluster's reason for its state.</summary>
    public sealed class ClusterStateChangeReason
    {
        /// <summary>ALL_STEPS_COMPLETED, USER_REQUEST, BOOTSTRAP_FAILURE, INTERNAL_ERROR...</summary>
        public string? Code { get; set; }

        /// <summary>Its words.</summary>
        public string? Message { get; set; }
    }

    /// <summary>ListSteps' input.</summary>
    public sealed class ListStepsRequest
    {
        /// <summary>The cluster.</summary>
        public string? ClusterId { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>ListSteps' output.</summary>
    public sealed class ListStepsResponse
    {
        /// <summary>The steps of this page.</summary>
        public List<StepSummary>? Steps { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>A step, as far as the lab reads it.</summary>
    public sealed class StepSummary
    {
        /// <summary>Its id.</summary>
        public string? Id { get; set; }

        /// <summary>Its name.</summary>
        public string? Name { get; set; }

        /// <summary>Its status.</summary>
        public StepStatus? Status { get; set; }
    }

    /// <summary>A step's status.</summary>
    public sealed class StepStatus
    {
        /// <summary>PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED.</summary>
        public string? State { get; set; }

        /// <summary>Why it failed.</summary>
        public FailureDetails? FailureDetails { get; set; }
    }

    /// <summary>A failed step's reason and log.</summary>
    public sealed class FailureDetails
    {
        /// <summary>The reason.</summary>
        public string? Reason { get; set; }

        /// <summary>Its log file.</summary>
        public string? LogFile { get; set; }
    }

    /// <summary>ListInstanceGroups' input.</summary>
    public sealed class ListInstanceGroupsRequest
    {
        /// <summary>The cluster.</summary>
        public string? ClusterId { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>ListInstanceGroups' output.</summary>
    public sealed class ListInstanceGroupsResponse
    {
        /// <summary>The groups of this page.</summary>
        public List<InstanceGroup>? InstanceGroups { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? Marker { get; set; }
    }

    /// <summary>An instance group: its type and running instances.</summary>
    public sealed class InstanceGroup
    {
        /// <summary>MASTER, CORE or TASK.</summary>
        public string? InstanceGroupType { get; set; }

        /// <summary>The EC2 instance type.</summary>
        public string? InstanceType { get; set; }

        /// <summary>Instances running now.</summary>
        public int? RunningInstanceCount { get; set; }
    }

    /// <summary>TerminateJobFlows' input.</summary>
    public sealed class TerminateJobFlowsRequest
    {
        /// <summary>The clusters.</summary>
        public List<string>? JobFlowIds { get; set; }
    }

    /// <summary>TerminateJobFlows' output (empty).</summary>
    public sealed class TerminateJobFlowsResponse;
}
