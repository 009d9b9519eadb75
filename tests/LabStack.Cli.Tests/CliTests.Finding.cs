using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>How analyze and verify find their runs: past the first page, by a key of the upload's own, and what verify costs of the daily cap.</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task AnalyzeFollowsNextTokenPastTheFirstHundredExecutions()
    {
        var file = File("burst-h.txt", "One of many.");
        // A parallel aws s3 cp --recursive: 150 other runs start right after this upload's, so it is on the second page.
        aws.StepFunctions.OnUpload("burst-h.txt", "run-h", ["SUCCEEDED"], then: run =>
        {
            for (var i = 1; i <= 150; i++)
            {
                aws.StepFunctions.StartWith($"burst-other-{i}", $$"""{"bucket":"{{LocalAws.Bucket}}","key":"inbox/other-{{i}}.txt"}""", ["SUCCEEDED"],
                    startDate: run.StartDate + i / 1000.0);
            }
        });
        await aws.PutAsync("curated/ai-results/run-h.json", ResultDocument("run-h", "inbox/burst-h.txt", "One of many."));
        var before = aws.StepFunctions.Requests.Count;

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains("burst-h.txt: SUCCEEDED in 4.2 s (text)", run.Stdout);
        var lists = aws.StepFunctions.Requests.Skip(before).Where(r => r.Target == "AWSStepFunctions.ListExecutions").ToList();
        Assert.Contains(lists, r => r.Body["nextToken"] is not null);
        AssertEverySignedRequestWasWellFormed();
    }

    [Fact]
    public void RunsReadsMorePagesWhenAPageHoldsFewerThanAskedFor()
    {
        for (var i = 1; i <= 5; i++)
        {
            aws.StepFunctions.Start($"run-page-{i}", $"inbox/page-{i}.txt", ["SUCCEEDED"]);
        }
        aws.StepFunctions.PageLimit = 2; // AWS may answer fewer than maxResults

        var run = Cli.Run(aws, folder, true, "runs", "--last", "5");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(5, run.Stdout.Split('\n').Count(l => l.StartsWith("SUCCEEDED", StringComparison.Ordinal)));
        Assert.Contains("inbox/page-1.txt", run.Stdout);
    }

    [Fact]
    public async Task AnEarlierRunOfTheSameFileNameIsNotMistakenForThisUploads()
    {
        var file = File("again-i.txt", "Second try.");
        // Seconds ago: a run of the same name under the old plain key, and one of another upload of it under its own key.
        aws.StepFunctions.Start("run-i-earlier", "inbox/again-i.txt", ["SUCCEEDED"]);
        aws.StepFunctions.Start("run-i-other", "inbox/again-i-0123abcd.txt", ["SUCCEEDED"]);
        aws.StepFunctions.OnUpload("again-i.txt", "run-i", ["RUNNING", "FAILED"], "LabStack.NotUtf8", "The text is not UTF-8.");
        await aws.PutAsync("curated/ai-errors/run-i.json", """{ "execution": "run-i", "error": "LabStack.NotUtf8" }""");

        var run = Cli.Run(aws, folder, true, "analyze", file, "--poll", "0.2", "--timeout", "20");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("again-i.txt: FAILED LabStack.NotUtf8: The text is not UTF-8.", run.Stdout);
        Assert.Contains($"document: s3://{LocalAws.Bucket}/curated/ai-errors/run-i.json", run.Stdout);
        Assert.DoesNotContain("run-i-earlier", run.Stdout);
        Assert.DoesNotContain("run-i-other", run.Stdout);
        Assert.Equal("Second try.", await aws.GetAsync(UploadedKey("run-i")));
    }

    [Theory]
    [InlineData("a", "b")]
    [InlineData("a", "a")]
    public async Task TwoFilesOfOneNameInOneAnalyzeNeverOverwriteEachOther(string first, string second)
    {
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        var one = File(Path.Combine(first, "same-j.txt"), "first file");
        var two = first == second ? one : File(Path.Combine(second, "same-j.txt"), "second file");
        aws.StepFunctions.OnUpload("same-j.txt", $"run-j-{second}-1", ["SUCCEEDED"]);
        aws.StepFunctions.OnUpload("same-j.txt", $"run-j-{second}-2", ["SUCCEEDED"]);
        var started = DateTime.UtcNow;

        var run = Cli.Run(aws, folder, true, "analyze", one, two, "--poll", "0.2", "--timeout", "30");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the runs were found only at the timeout");
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l.Contains("same-j.txt: SUCCEEDED in 4.2 s", StringComparison.Ordinal)));
        var keys = new[] { UploadedKey($"run-j-{second}-1"), UploadedKey($"run-j-{second}-2") };
        Assert.NotEqual(keys[0], keys[1]);
        var contents = new List<string?>();
        foreach (var key in keys)
        {
            contents.Add(await aws.GetAsync(key));
        }
        Assert.Equal(first == second ? ["first file", "first file"] : new[] { "first file", "second file" }, contents.Order());
    }

    [Fact]
    public void VerifySaysHowManyOfTheDailyCapItUses()
    {
        // The workflow refuses empty.txt ("Empty object") and not-supported.csv ("Unsupported type") in "Route by type",
        // before "Count upload"; the other seven samples are counted, not-audio.mp3 too (Transcribe fails after the count).
        var samples = Path.Combine(Repository.Root, "src", "LabStack", "assets", "pipeline-samples");

        var line = Verification.PipelineChecks.CapUse(samples, LabOutputs.Read(Path.Combine(folder, "cdk-outputs.json"), null));

        Assert.Equal("verify uploads 9 samples and uses 7 of today's 200 analyzed uploads (maxUploadsPerDay): " +
            "empty.txt and not-supported.csv are refused before the count.", line);
    }

    [Fact]
    public void TheCapCountingMirrorsTheWorkflowsSizeRefusals()
    {
        // Every kind the workflow refuses when too large, by the same limit (a format's own, where it has one); a text
        // (read in part) has none.
        foreach (var kind in LabStack.AiPipeline.UploadKinds.All)
        {
            foreach (var extension in kind.Patterns.Select(p => p.TrimStart('*')))
            {
                var format = kind.Formats.FirstOrDefault(f => f.Patterns.Contains("*" + extension));
                long? expected = kind.TooLarge is null ? null : format?.ByteLimit ?? kind.ByteLimit;
                Assert.Equal(expected, PipelineFiles.ByteLimits.TryGetValue(extension, out var limit) ? limit : (long?)null);
            }
        }
        var mp3Limit = LabStack.AiPipeline.UploadKinds.Mp3.ByteLimit;
        var big = Path.Combine(folder, "big.mp3");
        System.IO.File.WriteAllBytes(big, new byte[mp3Limit + 1]);
        var atLimit = Path.Combine(folder, "limit.mp3");
        System.IO.File.WriteAllBytes(atLimit, new byte[mp3Limit]);
        Assert.False(PipelineFiles.CountsAgainstCap(big));
        Assert.True(PipelineFiles.CountsAgainstCap(atLimit));
        Assert.True(PipelineFiles.CountsAgainstCap(File("latin1.txt", "caf\u00e9"))); // NotUtf8 is found after the count
        Assert.False(PipelineFiles.CountsAgainstCap(File("nothing.txt", "")));
    }
}
