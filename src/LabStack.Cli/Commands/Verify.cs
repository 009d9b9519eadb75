using Amazon.S3;
using LabStack.DataLake;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab verify</c>: after a deploy, runs the shipped pipeline samples through the deployed pipeline and checks each
/// outcome against what the sample is known to produce, and that the sample dataset is in the lake.
/// </summary>
public static class Verify
{
    /// <summary>Each sample and its known outcome: null for success, else the error its run records.</summary>
    public static IReadOnlyDictionary<string, string?> Expected { get; } = new Dictionary<string, string?>
    {
        ["review-en.txt"] = null, ["opinion-es.txt"] = null, ["maoni-sw.txt"] = null,
        ["street-sign.png"] = null, ["shapes.png"] = null, ["speech-en.wav"] = null,
        ["empty.txt"] = "LabStack.EmptyObject", ["not-supported.csv"] = "LabStack.UnsupportedType", ["not-audio.mp3"] = "LabStack.TranscriptionFailed",
    };

    /// <summary>The sample dataset's key in the lake.</summary>
    public const string DatasetKey = LakeLayout.SampleCustomers + "customers.csv";

    /// <summary>Runs the checks, prints a pass/fail table; returns 0 when every check passed.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress)
    {
        var samples = options.Samples;
        var missing = Expected.Keys.FirstOrDefault(f => !File.Exists(Path.Combine(samples, f)));
        if (missing is not null)
        {
            throw new CliException($"No sample {missing} in {samples}: run lab verify from the project folder, or pass --samples DIR.");
        }
        var lab = options.Outputs();
        using var clients = LabClients.Create(options.Timeout);
        var checks = new List<(string Check, bool Passed, string Detail)>();
        try
        {
            var dataset = await clients.S3.GetObjectMetadataAsync(lab.LakeBucket, DatasetKey).ConfigureAwait(false);
            checks.Add(("sample dataset in the lake", dataset.ContentLength > 0, $"s3://{lab.LakeBucket}/{DatasetKey}, {dataset.ContentLength} bytes"));
        }
        catch (AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            checks.Add(("sample dataset in the lake", false, $"no s3://{lab.LakeBucket}/{DatasetKey}: redeploy the DataLake stack"));
        }

        output.WriteLine(CapUse(samples, lab));
        var runs = new PipelineRuns(clients, lab, options.Poll, progress);
        var since = DateTime.UtcNow;
        var uploads = new List<Upload>();
        foreach (var sample in Expected.Keys)
        {
            uploads.Add(await runs.UploadAsync(Path.Combine(samples, sample)).ConfigureAwait(false));
        }
        foreach (var run in await runs.WaitAsync(uploads, since, options.Timeout).ConfigureAwait(false))
        {
            var sample = Path.GetFileName(run.Upload.File);
            var expected = Expected[sample];
            var (passed, detail) = run.Execution switch
            {
                null => (false, $"no run ended within {options.Timeout.TotalSeconds:0} s"),
                var e when expected is null => (run.Succeeded && run.Document is not null,
                    run.Succeeded ? (run.Document is null ? "succeeded, but no result document" : "succeeded, result document written") : $"{e.Status} {e.Error}: {e.Cause}"),
                var e => (e.Error == expected && run.Document is not null, $"{e.Status} {e.Error}" + (run.Document is null ? ", no error document" : ", error document written")),
            };
            checks.Add(($"{sample} {(expected is null ? "is analyzed" : "records " + expected)}", passed, detail));
        }

        output.WriteLine($"{"RESULT",-6}  {"CHECK",-52}  DETAIL");
        foreach (var (check, passed, detail) in checks)
        {
            output.WriteLine($"{(passed ? "pass" : "FAIL"),-6}  {check,-52}  {detail}");
        }
        var failed = checks.Count(c => !c.Passed);
        output.WriteLine(failed == 0 ? $"All {checks.Count} checks passed: the lab works." : $"{failed} of {checks.Count} checks failed.");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// How many of the day's <c>maxUploadsPerDay</c> the samples use: those the workflow counts (not the ones it refuses
    /// before "Count upload": empty, unsupported, too large), out of the cap the outputs name.
    /// </summary>
    public static string CapUse(string samples, LabOutputs lab)
    {
        var counted = Expected.Keys.Where(s => PipelineFiles.CountsAgainstCap(Path.Combine(samples, s))).ToList();
        var refused = Expected.Keys.Except(counted).ToList();
        return $"verify uploads {Expected.Count} samples and uses {counted.Count} of today's " +
            $"{(lab.MaxUploadsPerDay is int cap ? $"{cap} analyzed uploads (maxUploadsPerDay)" : "maxUploadsPerDay")}" +
            (refused.Count == 0 ? "." : $": {string.Join(" and ", refused)} {(refused.Count == 1 ? "is" : "are")} refused before the count.");
    }
}
