using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.StepFunctions;
using Amazon.StepFunctions.Model;
using LabStack.DataLake;

namespace LabStack.Cli;

/// <summary>One upload's run: the execution, how it ended, and its result or error document.</summary>
/// <param name="Key">The uploaded key.</param>
/// <param name="Execution">The execution, once found.</param>
/// <param name="Document">The result document (succeeded) or error document (failed), when it could be read.</param>
public sealed record PipelineRun(string Key, DescribeExecutionResponse? Execution, JsonNode? Document)
{
    /// <summary>True when the run succeeded.</summary>
    public bool Succeeded => Execution?.Status == ExecutionStatus.SUCCEEDED;
}

/// <summary>
/// Finds the execution an upload started (the newest ones whose input names the key: EventBridge passes the S3
/// event, a manual start <c>{"key": ...}</c>), waits for it, and reads its document from the lake.
/// </summary>
public sealed class PipelineRuns(LabClients clients, LabOutputs lab, TimeSpan poll, TextWriter progress)
{
    /// <summary>Uploads <paramref name="file"/> to the inbox; returns its key.</summary>
    public async Task<string> UploadAsync(string file)
    {
        var key = PipelineFiles.InboxKey(file);
        await clients.S3.PutObjectAsync(new PutObjectRequest { BucketName = lab.LakeBucket, Key = key, FilePath = file, UseChunkEncoding = false }).ConfigureAwait(false);
        return key;
    }

    /// <summary>Waits until the runs of <paramref name="keys"/>, started at or after <paramref name="since"/>, end, or <paramref name="timeout"/> passes.</summary>
    public async Task<IReadOnlyList<PipelineRun>> WaitAsync(IReadOnlyList<string> keys, DateTime since, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var found = new Dictionary<string, string>(); // key -> execution ARN
        var ended = new Dictionary<string, DescribeExecutionResponse>();
        var seen = new HashSet<string>();
        while (ended.Count < keys.Count && DateTime.UtcNow < deadline)
        {
            var recent = await clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = lab.StateMachineArn, MaxResults = 100 }).ConfigureAwait(false);
            foreach (var item in recent.Executions.Where(e => e.StartDate >= since.AddSeconds(-30) && e.ExecutionArn is not null && !seen.Contains(e.ExecutionArn)))
            {
                DescribeExecutionResponse described;
                try
                {
                    described = await Describe(item.ExecutionArn!).ConfigureAwait(false);
                }
                catch (AmazonStepFunctionsException error) when (error.ErrorCode == "ExecutionDoesNotExist")
                {
                    continue; // another run, gone since it was listed (execution history is kept for 90 days)
                }
                seen.Add(item.ExecutionArn!);
                if (InputKey(described.Input) is string key && keys.Contains(key) && !found.ContainsKey(key))
                {
                    found[key] = item.ExecutionArn!;
                }
            }
            foreach (var (key, arn) in found.Where(f => !ended.ContainsKey(f.Key)).ToList())
            {
                var described = await Describe(arn).ConfigureAwait(false);
                if (described.Status != ExecutionStatus.RUNNING)
                {
                    ended[key] = described;
                }
            }
            progress.WriteLine($"  {ended.Count} of {keys.Count} run(s) ended, {found.Count - ended.Count} running, {keys.Count - found.Count} not started yet");
            if (ended.Count < keys.Count)
            {
                await Task.Delay(poll).ConfigureAwait(false);
            }
        }
        var runs = new List<PipelineRun>();
        foreach (var key in keys)
        {
            var execution = ended.GetValueOrDefault(key);
            runs.Add(new PipelineRun(key, execution, execution is null ? null : await ReadDocument(execution).ConfigureAwait(false)));
        }
        return runs;
    }

    /// <summary>The key an execution's input names, or null.</summary>
    public static string? InputKey(string? input)
    {
        var json = input is null ? null : JsonNode.Parse(input);
        return (string?)json?["detail"]?["object"]?["key"] ?? (json?["key"] is JsonValue key ? (string?)key : null);
    }

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
    }

    /// <summary>Where the run's document is: curated/ai-results/ or curated/ai-errors/, named by execution.</summary>
    public static string DocumentKey(DescribeExecutionResponse execution) =>
        $"{(execution.Status == ExecutionStatus.SUCCEEDED ? LakeLayout.AiResults : LakeLayout.AiErrors)}{execution.Name}.json";
}
