using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.StepFunctions;

namespace LabStack.Cli;

/// <summary>
/// The AWS clients, with credentials and region from the AWS SDK for .NET's standard chain (environment, profiles,
/// SSO and assume-role profiles, instance roles). Endpoints follow the AWS SDKs' convention: AWS_ENDPOINT_URL_S3 and
/// AWS_ENDPOINT_URL_SFN (or AWS_ENDPOINT_URL for both) point them elsewhere, a local server in the tests
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
/// </summary>
public sealed class LabClients : IDisposable
{
    /// <summary>S3.</summary>
    public required IAmazonS3 S3 { get; init; }

    /// <summary>Step Functions.</summary>
    public required IAmazonStepFunctions StepFunctions { get; init; }

    /// <summary>How long one Step Functions call may take by default: the AWS CLI's default read timeout.</summary>
    public static readonly TimeSpan DefaultAnswerTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Resolves credentials and region, or says in one line what is missing. <paramref name="wait"/> (a command's
    /// <c>--timeout</c>) caps how long one Step Functions call may go unanswered, below <see cref="DefaultAnswerTime"/>:
    /// a command never waits on one answer longer than it waits for its runs.
    /// </summary>
    public static LabClients Create(TimeSpan? wait = null)
    {
        AWSCredentials credentials;
        try
        {
            credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            _ = credentials.GetCredentials();
        }
        catch (AmazonClientException)
        {
            throw new CliException("No AWS credentials: run aws configure or aws sso login and set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
        }
        var region = FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new CliException("No AWS region: set AWS_REGION (or a region in your AWS profile) to the region the lab is deployed in.");

        var s3Config = new AmazonS3Config
        {
            RegionEndpoint = region,
            // The pipeline's S3 calls need no flexible checksums; local S3 servers do not all know them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (EndpointOf("S3") is string s3Endpoint)
        {
            // A bucket-named host does not resolve on a local server: path-style addressing there.
            (s3Config.ServiceURL, s3Config.ForcePathStyle, s3Config.AuthenticationRegion) = (s3Endpoint, IsLocal(s3Endpoint), region.SystemName);
        }
        var statesConfig = new AmazonStepFunctionsConfig { RegionEndpoint = region, Timeout = wait < DefaultAnswerTime ? wait : DefaultAnswerTime };
        if (EndpointOf("SFN") is string statesEndpoint)
        {
            (statesConfig.ServiceURL, statesConfig.AuthenticationRegion) = (statesEndpoint, region.SystemName);
        }
        return new LabClients { S3 = new AmazonS3Client(credentials, s3Config), StepFunctions = new AmazonStepFunctionsClient(credentials, statesConfig) };
    }

    /// <summary>AWS_ENDPOINT_URL_<paramref name="serviceId"/>, else AWS_ENDPOINT_URL, else none (the service's own endpoint).</summary>
    private static string? EndpointOf(string serviceId) =>
        new[] { $"AWS_ENDPOINT_URL_{serviceId}", "AWS_ENDPOINT_URL" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => v is { Length: > 0 });

    private static bool IsLocal(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");

    /// <inheritdoc/>
    public void Dispose()
    {
        S3.Dispose();
        StepFunctions.Dispose();
    }
}
