using System.Globalization;
using System.Text.Json.Nodes;

namespace LabStack.Cli.Commands;

/// <summary><c>lab analyze FILE...</c>: uploads each file to the inbox, waits for its run, prints what the services said.</summary>
public static class Analyze
{
    /// <summary>Runs the command; returns the exit code (1 when any run failed or did not end in time).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> files, CliOptions options, TextWriter output, TextWriter progress)
    {
        if (files.Count == 0)
        {
            throw new CliException("Nothing to analyze: lab analyze FILE... (images .jpg .jpeg .png, texts .txt, audio .mp3 .wav up to 2 minutes; .flac .ogg .m4a .webm are refused; video .mp4 .mov up to 60 seconds).");
        }
        foreach (var file in files)
        {
            if (Directory.Exists(file))
            {
                throw new CliException($"{file} is a folder: name the files in it (lab analyze {file}/*).");
            }
            if (!File.Exists(file))
            {
                throw new CliException($"No file '{file}'.");
            }
        }
        var lab = options.Outputs();
        foreach (var file in files.Where(f => !PipelineFiles.Accepts(f)))
        {
            progress.WriteLine($"warning: the pipeline refuses {Path.GetFileName(file)} ({Path.GetExtension(file)}): its run will record LabStack.UnsupportedType; " +
                $"it takes {string.Join(" ", PipelineFiles.Extensions)}");
        }
        using var clients = LabClients.Create(options.Timeout);
        var runs = new PipelineRuns(clients, lab, options.Poll, progress);
        var since = DateTime.UtcNow;
        var uploads = new List<Upload>();
        foreach (var file in files)
        {
            uploads.Add(await runs.UploadAsync(file).ConfigureAwait(false));
            progress.WriteLine($"uploaded {file} to s3://{lab.LakeBucket}/{uploads[^1].Key}");
        }
        var results = await runs.WaitAsync(uploads, since, options.Timeout).ConfigureAwait(false);
        foreach (var run in results)
        {
            Print(run, lab, options.Timeout, output);
        }
        return results.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>One run, compactly: status, then labels and each text's analysis, or the error; and where the document is.</summary>
    public static void Print(PipelineRun run, LabOutputs lab, TimeSpan timeout, TextWriter output)
    {
        var name = run.Upload.File; // as the learner named it: two files of one name stay apart
        if (run.Execution is not { } execution)
        {
            output.WriteLine($"{name}: no run ended within {timeout.TotalSeconds:0} s: see the state machine's executions in the Step Functions console");
            return;
        }
        var seconds = ((execution.StopDate ?? DateTime.UtcNow) - (execution.StartDate ?? DateTime.UtcNow)).TotalSeconds;
        if (!run.Succeeded)
        {
            output.WriteLine($"{name}: {execution.Status} {execution.Error}: {execution.Cause}");
        }
        else
        {
            output.WriteLine($"{name}: SUCCEEDED in {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({run.Document?["input_type"]})");
            var labels = run.Document?["labels"]?.AsArray().Take(5).Select(l => $"{l!["Name"]} {((double?)l["Confidence"] ?? 0).ToString("0", CultureInfo.InvariantCulture)}").ToList() ?? [];
            if (labels.Count > 0)
            {
                output.WriteLine($"  labels: {string.Join(", ", labels)}");
            }
            if (run.Document?["video"] is JsonObject video)
            {
                // Segment labels, page after page: each label's name once, at its highest confidence.
                var seen = (video["label_pages"]?.AsArray() ?? []).SelectMany(page => page!.AsArray()).Select(s => s!["Label"]!)
                    .GroupBy(l => (string?)l["Name"]).Select(g => $"{g.Key} {g.Max(l => (double?)l["Confidence"] ?? 0).ToString("0", CultureInfo.InvariantCulture)}").Take(8);
                output.WriteLine($"  video: {video["seconds"]} s, labels: {string.Join(", ", seen)}{((bool?)video["labels_truncated"] == true ? " (more than the pages read)" : "")}");
            }
            foreach (var text in run.Document?["text_analyses"]?.AsArray() ?? [])
            {
                output.WriteLine($"  text: \"{Short((string?)text!["text"])}\"");
                if (text["skipped"] is JsonNode skipped)
                {
                    output.WriteLine($"    skipped: {skipped}");
                    continue;
                }
                var translation = (bool?)text["translation"]?["needed"] == true ? $"\"{Short((string?)text["translation"]?["text"])}\"" : "not needed";
                output.WriteLine($"    language {text["language"]}, sentiment {text["sentiment"]}, translation {translation}");
                output.WriteLine($"    speech: {(string?)text["speech"]?["OutputUri"] ?? (string?)text["speech"]?["skipped"] ?? "none"}");
            }
        }
        output.WriteLine($"  document: s3://{lab.LakeBucket}/{PipelineRuns.DocumentKey(execution)}");
    }

    private static string Short(string? text) => text is null ? "" : text.Length <= 70 ? text : text[..67] + "...";
}
