using Amazon;
using Amazon.Runtime;
using Amazon.DynamoDBv2;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;
using Amazon.StepFunctions;
using LabStack.Cli.Aws;

namespace LabStack.Cli;

/// <summary>
/// The AWS clients, with credentials and region from the AWS SDK for .NET's standard chain (environment, profiles,
/// SSO and assume-role profiles, instance roles). Endpoints follow the AWS SDKs' convention: AWS_ENDPOINT_URL_&lt;ID&gt;
/// (S3, STS, SSM, SFN, SERVICE_QUOTAS...) or AWS_ENDPOINT_URL point them elsewhere, a local server in the tests
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). The SDK's own packages where NuGet here
/// serves them (S3, STS, SSM, DynamoDB); every other service through the one <see cref="SignedAwsClient"/>.
/// </summary>
public sealed class LabClients : IDisposable
{
    private readonly Lazy<IAmazonS3> s3;
    private readonly Lazy<IAmazonSecurityTokenService> sts;
    private readonly Lazy<IAmazonSimpleSystemsManagement> ssm;
    private readonly Lazy<IAmazonDynamoDB> dynamoDb;

    private LabClients(AWSCredentials credentials, RegionEndpoint region, string source, TimeSpan answerTime)
    {
        (Credentials, Region, CredentialSource) = (credentials, region, source);
        Aws = new SignedAwsClient(credentials, region, answerTime);
        StepFunctions = new AmazonStepFunctionsClient(Aws);
        s3 = new(() => new AmazonS3Client(credentials, Config(new AmazonS3Config
        {
            // The pipeline's S3 calls need no flexible checksums; local S3 servers do not all know them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        }, "S3")));
        sts = new(() => new AmazonSecurityTokenServiceClient(credentials, Config(new AmazonSecurityTokenServiceConfig(), "STS")));
        ssm = new(() => new AmazonSimpleSystemsManagementClient(credentials, Config(new AmazonSimpleSystemsManagementConfig(), "SSM")));
        dynamoDb = new(() => new AmazonDynamoDBClient(credentials, Config(new AmazonDynamoDBConfig(), "DYNAMODB")));
    }

    /// <summary>The credentials the chain found.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>The region.</summary>
    public RegionEndpoint Region { get; }

    /// <summary>Where the credentials came from, for preflight (environment variables, profile X, SSO profile X...).</summary>
    public string CredentialSource { get; }

    /// <summary>S3.</summary>
    public IAmazonS3 S3 => s3.Value;

    /// <summary>STS (GetCallerIdentity).</summary>
    public IAmazonSecurityTokenService Sts => sts.Value;

    /// <summary>Systems Manager (Parameter Store: the CDK bootstrap version, the regions' public service lists).</summary>
    public IAmazonSimpleSystemsManagement Ssm => ssm.Value;

    /// <summary>DynamoDB (the pipeline's daily-cap counters).</summary>
    public IAmazonDynamoDB DynamoDb => dynamoDb.Value;

    /// <summary>Step Functions.</summary>
    public IAmazonStepFunctions StepFunctions { get; }

    /// <summary>The signed client for every other service.</summary>
    public SignedAwsClient Aws { get; }

    /// <summary>How long one call may take by default: the AWS CLI's default read timeout.</summary>
    public static readonly TimeSpan DefaultAnswerTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Resolves credentials and region, or says in one line what is missing. <paramref name="wait"/> (a command's
    /// <c>--timeout</c>) caps how long one call may go unanswered, below <see cref="DefaultAnswerTime"/>:
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
        var profile = Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 } name ? name : "default";
        return new LabClients(credentials, region, SourceOf(credentials, profile), wait < DefaultAnswerTime ? wait.Value : DefaultAnswerTime);
    }

    /// <summary>How the learner set up <paramref name="credentials"/>, by the kind the SDK's chain returned (from <paramref name="profile"/> when a profile's).</summary>
    public static string SourceOf(AWSCredentials credentials, string profile)
    {
        return credentials switch
        {
            EnvironmentVariablesAWSCredentials => "environment variables (AWS_ACCESS_KEY_ID)",
            SSOAWSCredentials => $"SSO profile {profile} (aws sso login)",
            AssumeRoleAWSCredentials => $"profile {profile}, assuming a role",
            InstanceProfileAWSCredentials => "the instance's role (EC2 instance metadata)",
            _ => $"profile {profile}",
        };
    }

    /// <summary>The region and, when AWS_ENDPOINT_URL_<paramref name="serviceId"/> is set, that endpoint (path-style S3 on a local one).</summary>
    private T Config<T>(T config, string serviceId) where T : ClientConfig
    {
        config.RegionEndpoint = Region;
        if (Endpoints.Of(serviceId) is string endpoint)
        {
            (config.ServiceURL, config.AuthenticationRegion) = (endpoint, Region.SystemName);
            if (config is AmazonS3Config s3Config)
            {
                // A bucket-named host does not resolve on a local server: path-style addressing there.
                s3Config.ForcePathStyle = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");
            }
        }
        return config;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var client in new IDisposable?[] { s3.IsValueCreated ? s3.Value : null, sts.IsValueCreated ? sts.Value : null, ssm.IsValueCreated ? ssm.Value : null, dynamoDb.IsValueCreated ? dynamoDb.Value : null, Aws })
        {
            client?.Dispose();
        }
    }
}
