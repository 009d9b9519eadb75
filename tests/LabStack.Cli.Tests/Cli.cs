using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>What one run of the CLI printed, and its exit code.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Error output without Node-style banners: the lines a learner reads.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

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
    public static CliResult Run(LocalAws aws, string folder, bool credentials, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lab.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(folder, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(folder, "no-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_REGION"] = "us-east-1";
        if (credentials)
        {
            start.Environment["AWS_ACCESS_KEY_ID"] = "S3RVER"; // s3rver takes only its own test key; the fake checks the signature names it
            start.Environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        }
        start.Environment["LAB_S3_ENDPOINT"] = aws.S3Endpoint;
        start.Environment["LAB_STATES_ENDPOINT"] = aws.StepFunctions.Endpoint;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("lab " + string.Join(' ', args) + " did not end in 2 minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
