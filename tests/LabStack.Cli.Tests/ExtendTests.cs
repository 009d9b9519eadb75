using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary><c>lab extend</c> against the Step Functions fake: it starts the clock with the synthetic deploy event and says when the lab goes.</summary>
public sealed class ExtendTests : IClassFixture<LocalAws>, IDisposable
{
    private readonly LocalAws aws;
    private readonly string folder = Directory.CreateTempSubdirectory("lab-extend-").FullName;
    private const string StackId = "arn:aws:cloudformation:us-east-1:123456789012:stack/mllab-Expiry/0f1e2d3c-aaaa-bbbb-cccc-000000000000";

    public ExtendTests(LocalAws aws)
    {
        this.aws = aws;
        Cli.UseTemporaryCredentials(aws, false);
        while (aws.StepFunctions.RunningClocks.TryDequeue(out _)) { }
        while (aws.StepFunctions.StartedInputs.TryDequeue(out _)) { }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The outputs file of a deploy with the Expiry stack (<paramref name="hours"/> its ExpireAfterHours), or without it.</summary>
    private void WriteOutputs(string? hours)
    {
        var outputs = new JsonObject { ["mllab-DataLake"] = new JsonObject { ["LakeBucketName"] = LocalAws.Bucket } };
        if (hours is not null)
        {
            outputs["mllab-Expiry"] = new JsonObject { ["ExpireAfterHours"] = hours, ["ClockArn"] = FakeStepFunctions.ClockArn, ["StackId"] = StackId };
        }
        File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), outputs.ToJsonString());
    }

    [Theory]
    [InlineData(new string[0], 24, "2025-12-02 12:00")]
    [InlineData(new[] { "--hours", "72" }, 72, "2025-12-04 12:00")]
    public void ExtendStartsTheClockWithADeployEventAndSaysWhenTheLabGoes(string[] hours, int expected, string deletesAt)
    {
        WriteOutputs("24");
        aws.StepFunctions.RunningClocks.Enqueue("arn:aws:states:us-east-1:123456789012:execution:mllab-expiry-clock:from-the-deploy");

        var run = Cli.Run(aws, folder, true, ["extend", .. hours]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"The lab deletes itself at {deletesAt} UTC ({expected} h from now)", run.Stdout);
        Assert.DoesNotContain("No expiry clock was running", run.Stdout);
        var input = Assert.Single(aws.StepFunctions.StartedInputs);
        Assert.Equal("CloudFormation Stack Status Change", (string?)input["detail-type"]);
        Assert.Equal(StackId, (string?)input["detail"]!["stack-id"]);
        Assert.Equal("UPDATE_COMPLETE", (string?)input["detail"]!["status-details"]!["status"]);
        Assert.Equal(expected, (int)input["expire_after_hours"]!);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", (string)input["time"]!);
        Assert.Empty(aws.StepFunctions.Problems);
        Assert.Empty(aws.StepFunctions.Refused);
    }

    [Fact]
    public void WithTemporaryCredentialsTheStartIsSignedWithTheSessionToken()
    {
        WriteOutputs("24");
        Cli.UseTemporaryCredentials(aws, true);

        var run = Cli.Run(aws, folder, true, "extend");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Single(aws.StepFunctions.StartedInputs);
        Assert.Empty(aws.StepFunctions.Refused);
        Assert.Empty(aws.StepFunctions.Problems);
    }

    [Fact]
    public void WithNoClockRunningExtendSaysSoAndStartsOne()
    {
        WriteOutputs("24");

        var run = Cli.Run(aws, folder, true, "extend", "--hours", "2");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("No expiry clock was running (cancelled, or a deletion ran): this one starts the expiry again.", run.Stdout);
        Assert.Contains("The lab deletes itself at 2025-12-01 14:00 UTC (2 h from now)", run.Stdout);
        Assert.Single(aws.StepFunctions.StartedInputs);
    }

    [Theory]
    [InlineData(null, new string[0], "has no clock of a <lab>-Expiry stack: the Expiry stack is not deployed (npx cdk deploy mllab-Expiry).")]
    [InlineData("0", new string[0], "Expiry is off in mllab-Expiry (expireAfterHours=0): the lab stays until you destroy it, there is nothing to extend.")]
    [InlineData("24", new[] { "--hours", "0" }, "--hours must be a whole number from 1 to 720.")]
    [InlineData("24", new[] { "--hours", "721" }, "--hours must be a whole number from 1 to 720.")]
    [InlineData("24", new[] { "--hours", "1.5" }, "--hours must be a whole number from 1 to 720.")]
    public void WhatCannotBeExtendedIsOneLineAndExitsTwo(string? hours, string[] args, string expected)
    {
        WriteOutputs(hours);

        var run = Cli.Run(aws, folder, true, ["extend", .. args]);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(expected, line.TrimEnd());
        Assert.Empty(aws.StepFunctions.StartedInputs);
    }

    [Theory]
    [InlineData("""{ "mllab-Expiry": { "ClockArn": 5, "StackId": "id", "ExpireAfterHours": "24" } }""")]
    [InlineData("""{ "mllab-Expiry": "not outputs" }""")]
    [InlineData("""{ "mllab-Expiry": { "ClockArn": "arn", "StackId": "id", "ExpireAfterHours": 24 } }""")]
    public void ExpiryOutputsOfAnotherShapeAreOneLineNotAStackTrace(string outputs)
    {
        File.WriteAllText(Path.Combine(folder, "cdk-outputs.json"), outputs);

        var run = Cli.Run(aws, folder, true, "extend");

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("has no clock of a <lab>-Expiry stack: the Expiry stack is not deployed (npx cdk deploy mllab-Expiry).", line.TrimEnd());
        Assert.Empty(aws.StepFunctions.StartedInputs);
    }
}
