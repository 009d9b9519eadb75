using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>Runs the built <c>lab</c> command in a folder of its own, with the local servers and test credentials in its environment.</summary>
public static class Cli
{
    /// <summary>Writes the outputs file a deploy would write, into <paramref name="folder"/>.</summary>
    public static void WriteOutputs(string folder) => File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), new JsonObject
    {
        ["mllab-DataLake"] = new JsonObject { ["LakeBucketName"] = LocalAws.Bucket },
        ["mllab-AiPipeline"] = new JsonObject { ["StateMachineArn"] = LocalAws.StateMachineArn },
    }.ToJsonString());

    /// <summary>Runs <c>lab args</c> in <paramref name="folder"/>; <paramref name="credentials"/> false leaves every credential source empty.</summary>
    public static ProcessResult Run(LocalAws aws, string folder, bool credentials, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_PROFILE"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_DEFAULT_REGION"] = null,
            ["AWS_CONFIG_FILE"] = Path.Combine(folder, "no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "no-credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_REGION"] = "us-east-1",
            // s3rver takes only its own test key; the fake checks the signature names it.
            ["AWS_ACCESS_KEY_ID"] = credentials ? "S3RVER" : null,
            ["AWS_SECRET_ACCESS_KEY"] = credentials ? "S3RVER" : null,
            ["LAB_S3_ENDPOINT"] = aws.S3Endpoint,
            ["LAB_STATES_ENDPOINT"] = aws.StepFunctions.Endpoint,
        };
        return ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lab.dll"), .. args], folder, TimeSpan.FromMinutes(2), environment);
    }
}
