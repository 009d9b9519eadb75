using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>Runs the built <c>lab</c> command in a folder of its own, with the local servers and test credentials in its environment.</summary>
public static class Cli
{
    /// <summary>Writes the outputs file a deploy would write, into <paramref name="folder"/>.</summary>
    public static void WriteOutputs(string folder) => File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), new JsonObject
    {
        ["mllab-DataLake"] = new JsonObject { ["LakeBucketName"] = LocalAws.Bucket },
        ["mllab-AiPipeline"] = new JsonObject { ["StateMachineArn"] = LocalAws.StateMachineArn, ["MaxUploadsPerDay"] = "200" },
    }.ToJsonString());

    /// <summary>
    /// Runs <c>lab args</c> in <paramref name="folder"/>; <paramref name="credentials"/> false leaves every credential source
    /// empty. With a session token on the test key (<see cref="UseTemporaryCredentials"/>), the command gets it as
    /// AWS_SESSION_TOKEN, and the Step Functions fake refuses any request without it, as AWS does.
    /// </summary>
    public static ProcessResult Run(LocalAws aws, string folder, bool credentials, params string[] args) =>
        RunWith(aws, folder, new Dictionary<string, string?>
        {
            // s3rver takes only its own test key; the fake checks the signature with it.
            ["AWS_ACCESS_KEY_ID"] = credentials ? "S3RVER" : null,
            ["AWS_SECRET_ACCESS_KEY"] = credentials ? "S3RVER" : null,
            ["AWS_SESSION_TOKEN"] = credentials ? aws.StepFunctions.Keys["S3RVER"].Token : null,
        }, args);

    /// <summary>Gives the test key a session token (temporary credentials, as from SSO or an assumed role), or takes it away.</summary>
    public static void UseTemporaryCredentials(LocalAws aws, bool temporary) =>
        aws.StepFunctions.Keys["S3RVER"] = ("S3RVER", temporary ? "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ-test" : null);

    /// <summary>Runs <c>lab args</c> with the test environment and <paramref name="credentials"/> (null removes a variable).</summary>
    public static ProcessResult RunWith(LocalAws aws, string folder, IReadOnlyDictionary<string, string?> credentials, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_PROFILE"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_ENDPOINT_URL"] = null,
            ["AWS_CONFIG_FILE"] = Path.Combine(folder, "no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "no-credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_REGION"] = "us-east-1",
            // The AWS SDKs' own endpoint variables (the command follows them): the local servers.
            ["AWS_ENDPOINT_URL_S3"] = aws.S3Endpoint,
            ["AWS_ENDPOINT_URL_SFN"] = aws.StepFunctions.Endpoint,
        };
        foreach (var (name, value) in credentials)
        {
            environment[name] = value;
        }
        return ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lab.dll"), .. args], folder, TimeSpan.FromMinutes(2), environment);
    }
}
