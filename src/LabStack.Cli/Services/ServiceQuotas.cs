using Amazon.ServiceQuotas.Model;
using LabStack.Cli.Aws;

namespace Amazon.ServiceQuotas
{
    /// <summary>
    /// The Service Quotas calls the <c>lab</c> command makes, named as AWSSDK.ServiceQuotas names them (not on this project's
    /// NuGet source): with the package, this file goes and the callers compile as they are.
    /// </summary>
    public sealed class AmazonServiceQuotasClient(SignedAwsClient aws)
    {
        /// <summary>GetServiceQuota: the account's applied value; NoSuchResourceException when it was never changed.</summary>
        public Task<GetServiceQuotaResponse> GetServiceQuotaAsync(GetServiceQuotaRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetServiceQuotaRequest, GetServiceQuotaResponse>(AwsService.ServiceQuotas, "GetServiceQuota", request, cancellationToken);

        /// <summary>GetAWSDefaultServiceQuota: the value every account starts with.</summary>
        public Task<GetAWSDefaultServiceQuotaResponse> GetAWSDefaultServiceQuotaAsync(GetAWSDefaultServiceQuotaRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<GetAWSDefaultServiceQuotaRequest, GetAWSDefaultServiceQuotaResponse>(AwsService.ServiceQuotas, "GetAWSDefaultServiceQuota", request, cancellationToken);

        /// <summary>ListAWSDefaultServiceQuotas: one page of a service's quotas (names and L-codes), NextToken for the next.</summary>
        public Task<ListAWSDefaultServiceQuotasResponse> ListAWSDefaultServiceQuotasAsync(ListAWSDefaultServiceQuotasRequest request, CancellationToken cancellationToken = default) =>
            aws.JsonAsync<ListAWSDefaultServiceQuotasRequest, ListAWSDefaultServiceQuotasResponse>(AwsService.ServiceQuotas, "ListAWSDefaultServiceQuotas", request, cancellationToken);
    }
}

namespace Amazon.ServiceQuotas.Model
{
    /// <summary>GetServiceQuota's input.</summary>
    public sealed class GetServiceQuotaRequest
    {
        /// <summary>The service (sagemaker, ec2).</summary>
        public string? ServiceCode { get; set; }

        /// <summary>The quota's L-code.</summary>
        public string? QuotaCode { get; set; }
    }

    /// <summary>GetServiceQuota's output.</summary>
    public sealed class GetServiceQuotaResponse
    {
        /// <summary>The quota.</summary>
        public ServiceQuota? Quota { get; set; }
    }

    /// <summary>GetAWSDefaultServiceQuota's input.</summary>
    public sealed class GetAWSDefaultServiceQuotaRequest
    {
        /// <summary>The service.</summary>
        public string? ServiceCode { get; set; }

        /// <summary>The quota's L-code.</summary>
        public string? QuotaCode { get; set; }
    }

    /// <summary>GetAWSDefaultServiceQuota's output.</summary>
    public sealed class GetAWSDefaultServiceQuotaResponse
    {
        /// <summary>The quota.</summary>
        public ServiceQuota? Quota { get; set; }
    }

    /// <summary>ListAWSDefaultServiceQuotas' input.</summary>
    public sealed class ListAWSDefaultServiceQuotasRequest
    {
        /// <summary>The service.</summary>
        public string? ServiceCode { get; set; }

        /// <summary>The page after the previous response's.</summary>
        public string? NextToken { get; set; }

        /// <summary>At most this many (1 to 100).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>ListAWSDefaultServiceQuotas' output.</summary>
    public sealed class ListAWSDefaultServiceQuotasResponse
    {
        /// <summary>The quotas of this page.</summary>
        public List<ServiceQuota>? Quotas { get; set; }

        /// <summary>Set when there are more.</summary>
        public string? NextToken { get; set; }
    }

    /// <summary>One quota.</summary>
    public sealed class ServiceQuota
    {
        /// <summary>The service.</summary>
        public string? ServiceCode { get; set; }

        /// <summary>The L-code.</summary>
        public string? QuotaCode { get; set; }

        /// <summary>The name AWS gives it ("ml.m5.large for endpoint usage").</summary>
        public string? QuotaName { get; set; }

        /// <summary>The value.</summary>
        public double? Value { get; set; }

        /// <summary>Whether it can be raised.</summary>
        public bool? Adjustable { get; set; }
    }
}
