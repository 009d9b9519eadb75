using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using LabStack.DataLake;

namespace LabStack.Cli;

/// <summary>One upload: the file as the learner named it, and the key of its own it got in the inbox.</summary>
/// <param name="File">The local file.</param>
/// <param name="Key">Its key in the lake (<see cref="PipelineFiles.UniqueInboxKey"/>).</param>
public sealed record Upload(string File, string Key);

/// <summary>One upload's run: the execution, how it ended, and its result or error document.</summary>
/// <param name="Upload">The upload.</param>
/// <param name="Execution">The execution, once found and ended.</param>
/// <param name="Document">The result document (succeeded) or error document (failed), when it could be read.</param>
public sealed record PipelineRun(Upload Upload, DescribeExecutionResponse? Execution, JsonNode? Document)
{
    /// <summary>True when the run succeeded.</summary>
    public bool Succeeded => Execution?.Status == ExecutionStatus.SUCCEEDED;
}

/// <summary>
/// Finds the execution an upload started: the one whose input names the upload's key (EventBridge passes the S3
/// event, a manual start <c>{"key": ...}</c>), a key no other upload has; waits for it, and reads its document from the lake.
/// </summary>
public sealed class PipelineRuns(LabClients clients, LabOutputs lab, TimeSpan poll, TextWriter progress)
{
    /// <summary>
    /// How far before the first upload the listing is read. The key is unique, so this only bounds the paging (newest
    /// first); it is over the 5 minutes SigV4 lets a clock be off, so a client clock behind AWS's still finds its runs.
    /// </summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    private readonly HashSet<string> keys = [];
    private readonly HashSet<string> seen = []; // executions already described: not ours, or found

    /// <summary>Uploads <paramref name="file"/> to the inbox under a key no other upload has.</summary>
    public async Task<Upload> UploadAsync(string file)
    {
        string key;
        do
        {
            key = PipelineFiles.UniqueInboxKey(file);
        }
        while (!keys.Add(key)); // distinct within this call even if two random suffixes ever met
        await clients.S3.PutObjectAsync(new PutObjectRequest { BucketName = lab.LakeBucket, Key = key, FilePath = file, UseChunkEncoding = false }).ConfigureAwait(false);
        return new Upload(file, key);
    }

    /// <summary>Waits until the runs of <paramref name="uploads"/>, made at or after <paramref name="since"/>, end, or <paramref name="timeout"/> passes.</summary>
    public async Task<IReadOnlyList<PipelineRun>> WaitAsync(IReadOnlyList<Upload> uploads, DateTime since, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var found = new Dictionary<string, string>(); // key -> execution ARN
        var ended = new Dictionary<string, DescribeExecutionResponse>();
        while (ended.Count < uploads.Count && DateTime.UtcNow < deadline)
        {
            if (found.Count < uploads.Count)
            {
                await FindAsync(uploads.Select(u => u.Key).Where(k => !found.ContainsKey(k)).ToHashSet(), since - ClockSkew, found).ConfigureAwait(false);
            }
            foreach (var (key, arn) in found.Where(f => !ended.ContainsKey(f.Key)).ToList())
            {
                var described = await Describe(arn).ConfigureAwait(false);
                if (described.Status != ExecutionStatus.RUNNING)
                {
                    ended[key] = described;
                }
            }
            progress.WriteLine($"  {ended.Count} of {uploads.Count} run(s) ended, {found.Count - ended.Count} running, {uploads.Count - found.Count} not started yet");
            if (ended.Count < uploads.Count)
            {
                await Task.Delay(poll).ConfigureAwait(false);
            }
        }
        var runs = new List<PipelineRun>();
        foreach (var upload in uploads)
        {
            var execution = ended.GetValueOrDefault(upload.Key);
            runs.Add(new PipelineRun(upload, execution, execution is null ? null : await ReadDocument(execution).ConfigureAwait(false)));
        }
        return runs;
    }

    /// <summary>
    /// Reads the executions page by page (newest first, following nextToken) down to those started before
    /// <paramref name="cutoff"/>, and records in <paramref name="found"/> the one whose input names each of <paramref name="wanted"/>.
    /// </summary>
    private async Task FindAsync(IReadOnlySet<string> wanted, DateTime cutoff, Dictionary<string, string> found)
    {
        string? token = null;
        do
        {
            var page = await clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = lab.StateMachineArn, NextToken = token })
                .ConfigureAwait(false);
            foreach (var item in page.Executions)
            {
                if (item.StartDate < cutoff)
                {
                    return; // newest first: every later one started before the uploads
                }
                if (item.ExecutionArn is not string arn || seen.Contains(arn))
                {
                    continue;
                }
                DescribeExecutionResponse described;
                try
                {
                    described = await Describe(arn).ConfigureAwait(false);
                }
                catch (AmazonStepFunctionsException error) when (error.ErrorCode == "ExecutionDoesNotExist")
                {
                    continue; // another run, gone since it was listed (execution history is kept for 90 days)
                }
                seen.Add(arn);
                if (InputKey(described.Input) is string key && wanted.Contains(key))
                {
                    found.TryAdd(key, arn);
                }
            }
            token = page.NextToken;
        }
        while (token is not null && !wanted.All(found.ContainsKey));
    }

    /// <summary>
    /// The key an execution's input names (<c>detail.object.key</c> of an S3 event, or <c>key</c> of a manual start),
    /// or null for any other input: a hand-started run may have any JSON, or none.
    /// </summary>
    public static string? InputKey(string? input)
    {
        try
        {
            if (input is null || JsonNode.Parse(input) is not JsonObject json)
            {
                return null;
            }
            var eventKey = json["detail"] is JsonObject detail && detail["object"] is JsonObject s3Object ? Text(s3Object["key"]) : null;
            return eventKey ?? Text(json["key"]);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException)
        {
            return null; // not JSON, or an object with a duplicate name (JsonObject refuses it on first access)
        }
    }

    /// <summary>Where the run's document is: curated/ai-results/ or curated/ai-errors/, named by execution.</summary>
    public static string DocumentKey(DescribeExecutionResponse execution) =>
        $"{(execution.Status == ExecutionStatus.SUCCEEDED ? LakeLayout.AiResults : LakeLayout.AiErrors)}{execution.Name}.json";

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private Task<DescribeExecutionResponse> Describe(string arn) =>
        clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn });

    private async Task<JsonNode?> ReadDocument(DescribeExecutionResponse execution)
    {
        try
        {
            using var response = await clients.S3.GetObjectAsync(lab.LakeBucket, DocumentKey(execution)).ConfigureAwait(false);
            using var reader = new StreamReader(response.ResponseStream);
            return JsonNode.Parse(await reader.ReadToEndAsync().ConfigureAwait(false));
        }
        catch (AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (JsonException)
        {
            return null; // not a document the pipeline wrote: printed as no document
        }
    }
}
