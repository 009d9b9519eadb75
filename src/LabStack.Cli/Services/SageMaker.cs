using Amazon.SageMaker.Model;
using LabStack.Cli.Aws;

namespace Amazon.SageMaker
{
    /// <summary>The SageMaker calls the <c>lab</c> command makes (AWS JSON 1.1), named as AWSSDK.SageMaker names them.</summary>
    public sealed class AmazonSageMakerClient(SignedAwsClient aws)
    {
        /// <summary>DescribeNotebookInstance.</summary>
        public Task<DescribeNotebookInstanceResponse> DescribeNotebookInstanceAsync(DescribeNotebookInstanceRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeNotebookInstanceRequest, DescribeNotebookInstanceResponse>(AwsService.SageMaker, "DescribeNotebookInstance", request, cancellationToken);

        /// <summary>ListEndpoints: one page, NextToken for the next.</summary>
        public Task<ListEndpointsResponse> ListEndpointsAsync(ListEndpointsRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<ListEndpointsRequest, ListEndpointsResponse>(AwsService.SageMaker, "ListEndpoints", request, cancellationToken);

        /// <summary>DescribeEndpoint.</summary>
        public Task<DescribeEndpointResponse> DescribeEndpointAsync(DescribeEndpointRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeEndpointRequest, DescribeEndpointResponse>(AwsService.SageMaker, "DescribeEndpoint", request, cancellationToken);

        /// <summary>StopNotebookInstance: stops the instance (its ML storage stays, and bills by the GB-month).</summary>
        public Task<StopNotebookInstanceResponse> StopNotebookInstanceAsync(StopNotebookInstanceRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<StopNotebookInstanceRequest, StopNotebookInstanceResponse>(AwsService.SageMaker, "StopNotebookInstance", request, cancellationToken);

        /// <summary>DeleteEndpoint: deletes an endpoint (its configuration and model stay).</summary>
        public Task<DeleteEndpointResponse> DeleteEndpointAsync(DeleteEndpointRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DeleteEndpointRequest, DeleteEndpointResponse>(AwsService.SageMaker, "DeleteEndpoint", request, cancellationToken);

        /// <summary>DescribeEndpointConfig: the instance type and count (or serverless config) of each variant.</summary>
        public Task<DescribeEndpointConfigResponse> DescribeEndpointConfigAsync(DescribeEndpointConfigRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeEndpointConfigRequest, DescribeEndpointConfigResponse>(AwsService.SageMaker, "DescribeEndpointConfig", request, cancellationToken);

        /// <summary>DescribePipeline.</summary>
        public Task<DescribePipelineResponse> DescribePipelineAsync(DescribePipelineRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribePipelineRequest, DescribePipelineResponse>(AwsService.SageMaker, "DescribePipeline", request, cancellationToken);

        /// <summary>DescribeModelPackageGroup.</summary>
        public Task<DescribeModelPackageGroupResponse> DescribeModelPackageGroupAsync(DescribeModelPackageGroupRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeModelPackageGroupRequest, DescribeModelPackageGroupResponse>(AwsService.SageMaker, "DescribeModelPackageGroup", request, cancellationToken);

        /// <summary>DescribeWorkteam.</summary>
        public Task<DescribeWorkteamResponse> DescribeWorkteamAsync(DescribeWorkteamRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<DescribeWorkteamRequest, DescribeWorkteamResponse>(AwsService.SageMaker, "DescribeWorkteam", request, cancellationToken);
    }
}

namespace Amazon.SageMaker.Model
{
    /// <summary>DescribeNotebookInstance's input.</summary>
    public sealed class DescribeNotebookInstanceRequest
    {
        /// <summary>The notebook.</summary>
        public string? NotebookInstanceName { get; set; }
    }

    /// <summary>DescribeNotebookInstance's output, as far as the lab reads it.</summary>
    public sealed class DescribeNotebookInstanceResponse
    {
        /// <summary>The notebook.</summary>
        public string? NotebookInstanceName { get; set; }

        /// <summary>Pending, InService, Stopping, Stopped, Failed, Deleting, Updating.</summary>
        public string? NotebookInstanceStatus { get; set; }

        /// <summary>Its instance type.</summary>
        public string? InstanceType { get; set; }

        /// <summary>Why it failed (its last start's lifecycle script, for one), when it did.</summary>
        public string? FailureReason { get; set; }
    }

    /// <summary>StopNotebookInstance's input.</summary>
    public sealed class StopNotebookInstanceRequest
    {
        /// <summary>The notebook.</summary>
        public string? NotebookInstanceName { get; set; }
    }

    /// <summary>StopNotebookInstance's output (empty).</summary>
    public sealed class StopNotebookInstanceResponse;

    /// <summary>DeleteEndpoint's input.</summary>
    public sealed class DeleteEndpointRequest
    {
        /// <summary>The endpoint.</summary>
        public string? EndpointName { get; set; }
    }

    /// <summary>DeleteEndpoint's output (empty).</summary>
    public sealed class DeleteEndpointResponse;

    /// <summary>ListEndpoints' input.</summary>
    public sealed class ListEndpointsRequest
    {
        /// <summary>Only endpoints whose name contains this.</summary>
        public string? NameContains { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }

        /// <summary>At most this many (1 to 100).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>ListEndpoints' output.</summary>
    public sealed class ListEndpointsResponse
    {
        /// <summary>The endpoints of this page.</summary>
        public List<EndpointSummary>? Endpoints { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>An endpoint in a list.</summary>
    public sealed class EndpointSummary
    {
        /// <summary>Its name.</summary>
        public string? EndpointName { get; set; }

        /// <summary>Its status.</summary>
        public string? EndpointStatus { get; set; }
    }

    /// <summary>DescribeEndpoint's input.</summary>
    public sealed class DescribeEndpointRequest
    {
        /// <summary>The endpoint.</summary>
        public string? EndpointName { get; set; }
    }

    /// <summary>DescribeEndpoint's output, as far as the lab reads it.</summary>
    public sealed class DescribeEndpointResponse
    {
        /// <summary>The endpoint.</summary>
        public string? EndpointName { get; set; }

        /// <summary>Its configuration.</summary>
        public string? EndpointConfigName { get; set; }

        /// <summary>Its status.</summary>
        public string? EndpointStatus { get; set; }
    }

    /// <summary>DescribeEndpointConfig's input.</summary>
    public sealed class DescribeEndpointConfigRequest
    {
        /// <summary>The configuration.</summary>
        public string? EndpointConfigName { get; set; }
    }

    /// <summary>DescribeEndpointConfig's output, as far as the lab reads it.</summary>
    public sealed class DescribeEndpointConfigResponse
    {
        /// <summary>Its variants.</summary>
        public List<ProductionVariant>? ProductionVariants { get; set; }
    }

    /// <summary>A variant: instances of a type, or serverless.</summary>
    public sealed class ProductionVariant
    {
        /// <summary>The instance type (real-time).</summary>
        public string? InstanceType { get; set; }

        /// <summary>The instances (real-time).</summary>
        public int? InitialInstanceCount { get; set; }

        /// <summary>Set for a serverless variant.</summary>
        public ProductionVariantServerlessConfig? ServerlessConfig { get; set; }
    }

    /// <summary>A serverless variant's memory and concurrency.</summary>
    public sealed class ProductionVariantServerlessConfig
    {
        /// <summary>Memory, MB.</summary>
        public int? MemorySizeInMB { get; set; }

        /// <summary>Concurrency.</summary>
        public int? MaxConcurrency { get; set; }
    }

    /// <summary>DescribePipeline's input.</summary>
    public sealed class DescribePipelineRequest
    {
        /// <summary>The pipeline.</summary>
        public string? PipelineName { get; set; }
    }

    /// <summary>DescribePipeline's output, as far as the lab reads it.</summary>
    public sealed class DescribePipelineResponse
    {
        /// <summary>The pipeline.</summary>
        public string? PipelineName { get; set; }

        /// <summary>Active or Deleting.</summary>
        public string? PipelineStatus { get; set; }
    }

    /// <summary>DescribeModelPackageGroup's input.</summary>
    public sealed class DescribeModelPackageGroupRequest
    {
        /// <summary>The group.</summary>
        public string? ModelPackageGroupName { get; set; }
    }

    /// <summary>DescribeModelPackageGroup's output, as far as the lab reads it.</summary>
    public sealed class DescribeModelPackageGroupResponse
    {
        /// <summary>The group.</summary>
        public string? ModelPackageGroupName { get; set; }

        /// <summary>Pending, InProgress, Completed, Failed, Deleting, DeleteFailed.</summary>
        public string? ModelPackageGroupStatus { get; set; }
    }

    /// <summary>DescribeWorkteam's input.</summary>
    public sealed class DescribeWorkteamRequest
    {
        /// <summary>The workteam.</summary>
        public string? WorkteamName { get; set; }
    }

    /// <summary>DescribeWorkteam's output.</summary>
    public sealed class DescribeWorkteamResponse
    {
        /// <summary>The workteam.</summary>
        public Workteam? Workteam { get; set; }
    }

    /// <summary>A workteam, as far as the lab reads it.</summary>
    public sealed class Workteam
    {
        /// <summary>Its name.</summary>
        public string? WorkteamName { get; set; }

        /// <summary>Who is in it: a Cognito user group (a private workforce), or OIDC groups.</summary>
        public List<MemberDefinition>? MemberDefinitions { get; set; }

        /// <summary>The labeling portal's host name.</summary>
        public string? SubDomain { get; set; }
    }

    /// <summary>One of a workteam's member definitions.</summary>
    public sealed class MemberDefinition
    {
        /// <summary>A Cognito user group of the workforce's user pool.</summary>
        public CognitoMemberDefinition? CognitoMemberDefinition { get; set; }
    }

    /// <summary>A Cognito user group as a workteam's members.</summary>
    public sealed class CognitoMemberDefinition
    {
        /// <summary>The user pool.</summary>
        public string? UserPool { get; set; }

        /// <summary>The group.</summary>
        public string? UserGroup { get; set; }

        /// <summary>The app client.</summary>
        public string? ClientId { get; set; }
    }
}
