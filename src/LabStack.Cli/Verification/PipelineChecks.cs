namespace LabStack.Cli.Verification;

/// <summary>
/// The AI pipeline: the shipped samples go through the deployed pipeline, and each outcome is checked against what the
/// sample is known to produce (one check per sample). The samples are uploaded together and waited for once: the first
/// check's time is the whole wait.
/// </summary>
public static class PipelineChecks
{
    /// <summary>Each sample and its known outcome: null for success, else the error its run records.</summary>
    public static IReadOnlyDictionary<string, string?> Expected { get; } = new Dictionary<string, string?>
    {
        ["review-en.txt"] = null, ["opinion-es.txt"] = null, ["maoni-sw.txt"] = null,
        ["street-sign.png"] = null, ["shapes.png"] = null, ["speech-en.wav"] = null,
        ["empty.txt"] = "LabStack.EmptyObject", ["not-supported.csv"] = "LabStack.UnsupportedType", ["not-audio.mp3"] = "LabStack.TranscriptionFailed",
    };

    /// <summary>The price of the runs: their services bill per call, priced with the practice hour's runs in the synth summary's cost table.</summary>
    public static readonly CheckPrice RunsPrice = new(0, "a few cents: the runs bill Rekognition, Comprehend, Translate, Transcribe and Polly calls (the synth summary prices a full verify)");

    /// <summary>The module's checks, after the samples are found (a missing one is a one-line error before any upload).</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        var samples = lab.Options.Samples;
        var missing = Expected.Keys.FirstOrDefault(f => !File.Exists(Path.Combine(samples, f)));
        if (missing is not null)
        {
            throw new CliException($"No sample {missing} in {samples}: run lab verify from the project folder, or pass --samples DIR.");
        }
        var outputs = new LabOutputs(lab.Require("DataLake", "LakeBucketName"), lab.Require("AiPipeline", "StateMachineArn"),
            int.TryParse(lab.Output("AiPipeline", "MaxUploadsPerDay"), out var cap) ? cap : null);
        lab.Progress.WriteLine(CapUse(samples, outputs));
        var runs = new Lazy<Task<List<PipelineRun>>>(() => RunAllAsync(lab, outputs));
        return Expected.Select(sample => new Check("pipeline", $"{sample.Key} {(sample.Value is null ? "is analyzed" : "records " + sample.Value)}", RunsPrice,
            async () => Judge((await runs.Value.ConfigureAwait(false)).Single(r => Path.GetFileName(r.Upload.File) == sample.Key), sample.Value, lab.Options.Timeout)));
    }

    private static async Task<List<PipelineRun>> RunAllAsync(VerifyContext lab, LabOutputs outputs)
    {
        var runs = new PipelineRuns(lab.Clients, outputs, lab.Options.Poll, lab.Progress);
        var since = DateTime.UtcNow;
        var uploads = new List<Upload>();
        foreach (var sample in Expected.Keys)
        {
            uploads.Add(await runs.UploadAsync(Path.Combine(lab.Options.Samples, sample)).ConfigureAwait(false));
        }
        return (await runs.WaitAsync(uploads, since, lab.Options.Timeout).ConfigureAwait(false)).ToList();
    }

    private static Verdict Judge(PipelineRun run, string? expected, TimeSpan timeout) => run.Execution switch
    {
        null => Verdict.Fail("a run", $"no run ended within {timeout.TotalSeconds:0} s", "raise --timeout, or read the runs with lab runs"),
        var e when expected is null => run.Succeeded && run.Document is not null
            ? Verdict.Pass("succeeded, result document written")
            : Verdict.Fail("SUCCEEDED with a result document", run.Succeeded ? "succeeded, but no result document" : $"{e.Status} {e.Error}: {e.Cause}", "lab runs shows the run's error"),
        var e => e.Error == expected && run.Document is not null
            ? Verdict.Pass($"{e.Status} {e.Error}, error document written")
            : Verdict.Fail($"FAILED {expected} with an error document", $"{e.Status} {e.Error}" + (run.Document is null ? ", no error document" : ", error document written"), "lab runs shows the run's error"),
    };

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
