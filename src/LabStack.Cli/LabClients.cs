using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.StepFunctions;

namespace LabStack.Cli;

/// <summary>
/// The AWS clients, with credentials and region from the AWS SDK for .NET's standard chain (environment, profiles,
/// SSO and assume-role profiles, instance roles). LAB_S3_ENDPOINT and LAB_STATES_ENDPOINT point them at local servers
/// (the tests' s3rver and Step Functions fake).
/// </summary>
public sealed class LabClients : IDisposable
{
    /// <summary>S3.</summary>
    public required IAmazonS3 S3 { get; init; }

    /// <summary>Step Functions.</summary>
    public required IAmazonStepFunctions StepFunctions { get; init; }

    /// <summary>Resolves credentials and region, or says in one line what is missing.</summary>
    public static LabClients Create()
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
        if (Environment.GetEnvironmentVariable("LAB_S3_ENDPOINT") is { Length: > 0 } s3Endpoint)
        {
            (s3Config.ServiceURL, s3Config.ForcePathStyle, s3Config.AuthenticationRegion) = (s3Endpoint, true, region.SystemName);
        }
        var statesConfig = new AmazonStepFunctionsConfig { RegionEndpoint = region };
        if (Environment.GetEnvironmentVariable("LAB_STATES_ENDPOINT") is { Length: > 0 } statesEndpoint)
        {
            (statesConfig.ServiceURL, statesConfig.AuthenticationRegion) = (statesEndpoint, region.SystemName);
        }
        return new LabClients { S3 = new AmazonS3Client(credentials, s3Config), StepFunctions = new AmazonStepFunctionsClient(credentials, statesConfig) };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        S3.Dispose();
        StepFunctions.Dispose();
    }
}
