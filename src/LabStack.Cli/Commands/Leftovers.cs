using Amazon.CloudFormation;
using Amazon.CloudWatchLogs;
using Amazon.CloudWatchLogs.Model;
using Amazon.ResourceGroupsTaggingAPI;
using Amazon.ResourceGroupsTaggingAPI.Model;
using Amazon.TranscribeService;
using Amazon.TranscribeService.Model;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab leftovers</c>: after <c>cdk destroy</c> (or the expiry's deletion), what is still there: every resource tagged
/// <c>lab=&lt;labName&gt;</c> (the Resource Groups Tagging API; the kept lake of <c>retainData=true</c> is one), then the
/// untagged leftovers docs/teardown.md names (the log groups services create, Transcribe's job records), each with how
/// to delete it. Exit 1 when something that bills remains.
/// </summary>
public static class Leftovers
{
    /// <summary>One leftover: what, whether it bills while it stays, and how to delete it.</summary>
    public sealed record Leftover(string What, bool Bills, string Delete);

    /// <summary>
    /// The log groups AWS services create outside the stacks (docs/teardown.md, "Known leftovers"): shared by the
    /// account, so no stack owns them; the SageMaker endpoints' groups of the notebooks' endpoints carry the lab's prefix.
    /// </summary>
    public static IReadOnlyList<string> ServiceLogGroups(string lab) =>
        ["/aws-glue/crawlers", "/aws/sagemaker/NotebookInstances", "/aws/sagemaker/TrainingJobs", "/aws/sagemaker/TransformJobs", $"/aws/sagemaker/Endpoints/{lab}--nb"];

    /// <summary>Lists the leftovers; 1 when something that bills remains, else 0.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress)
    {
        var lab = options.LabName ?? (File.Exists(options.OutputsFile) ? Status.LabNameOf(OutputsFile.Load(options.OutputsFile, null)) : null)
            ?? LabContext.Read(options.ProjectFolder).LabName;
        using var clients = LabClients.Create();
        var leftovers = new List<Leftover>();
        progress.WriteLine($"leftovers: stacks and resources tagged lab={lab}");
        foreach (var (name, status) in await Status.StacksAsync(new AmazonCloudFormationClient(clients.Aws), lab).ConfigureAwait(false))
        {
            leftovers.Add(new($"stack {name} ({status})", true, $"npx cdk destroy {name} (or npx cdk destroy --all -c labName={lab})"));
        }
        leftovers.AddRange(await TaggedAsync(new AmazonResourceGroupsTaggingAPIClient(clients.Aws), lab).ConfigureAwait(false));
        progress.WriteLine("leftovers: log groups and Transcribe job records the services keep");
        leftovers.AddRange(await LogGroupsAsync(new AmazonCloudWatchLogsClient(clients.Aws), lab).ConfigureAwait(false));
        var jobs = await TranscriptionJobsAsync(new AmazonTranscribeServiceClient(clients.Aws)).ConfigureAwait(false);
        if (jobs > 0)
        {
            leftovers.Add(new($"{jobs} Transcribe job record{(jobs == 1 ? "" : "s")} in the region (the pipeline names its jobs after its runs; Transcribe keeps records 90 days, free)", false,
                "aws transcribe delete-transcription-job --transcription-job-name NAME (aws transcribe list-transcription-jobs lists them)"));
        }
        var billing = leftovers.Count(l => l.Bills);
        output.WriteLine($"{"BILLS",-5}  {"LEFTOVER",-72}  DELETE WITH");
        foreach (var leftover in leftovers)
        {
            output.WriteLine($"{(leftover.Bills ? "yes" : "no"),-5}  {leftover.What,-72}  {leftover.Delete}");
        }
        output.WriteLine(leftovers.Count == 0
            ? $"Nothing of the lab {lab} is left in {clients.Region.SystemName}."
            : billing == 0 ? $"{leftovers.Count} leftover(s), none of which bills." : $"{billing} of {leftovers.Count} leftovers bill while they stay.");
        return billing == 0 ? 0 : 1;
    }

    /// <summary>Every resource tagged lab=&lt;lab&gt;, all pages, with its delete command by kind.</summary>
    private static async Task<List<Leftover>> TaggedAsync(AmazonResourceGroupsTaggingAPIClient tagging, string lab)
    {
        var arns = new List<string>();
        var request = new GetResourcesRequest { TagFilters = [new TagFilter { Key = "lab", Values = [lab] }] };
        do
        {
            var page = await tagging.GetResourcesAsync(request).ConfigureAwait(false);
            arns.AddRange((page.ResourceTagMappingList ?? []).Select(r => r.ResourceARN).OfType<string>());
            request.PaginationToken = page.PaginationToken;
        }
        while (request.PaginationToken is { Length: > 0 });
        return arns.Select(Describe).ToList();
    }

    /// <summary>What a tagged resource is, whether it bills while idle, and its delete command (by its ARN's service and type).</summary>
    public static Leftover Describe(string arn)
    {
        var parts = arn.Split(':', 6);
        var (service, resource) = (parts.Length > 2 ? parts[2] : "", parts.Length > 5 ? parts[5] : arn);
        var (type, name) = resource.Split('/', 2) is [var t, var n] ? (t, n) : ("", resource);
        return (service, type) switch
        {
            ("s3", _) => new($"S3 bucket {resource} (the kept lake of retainData=true, or a bucket whose emptying failed)", true,
                $"copy what you need (aws s3 sync s3://{resource} DEST), then aws s3 rb s3://{resource} --force"),
            ("logs", _) => new($"log group {resource.Replace("log-group:", "", StringComparison.Ordinal).TrimEnd('*').TrimEnd(':')}", true,
                $"aws logs delete-log-group --log-group-name {resource.Replace("log-group:", "", StringComparison.Ordinal).TrimEnd('*').TrimEnd(':')}"),
            ("kinesis", "stream") => new($"Kinesis stream {name}", true, $"aws kinesis delete-stream --stream-name {name} --enforce-consumer-deletion"),
            ("sagemaker", "endpoint") => new($"SageMaker endpoint {name}", true, $"aws sagemaker delete-endpoint --endpoint-name {name}"),
            ("sagemaker", "notebook-instance") => new($"SageMaker notebook {name}", true, $"aws sagemaker stop-notebook-instance --notebook-instance-name {name}, then aws sagemaker delete-notebook-instance --notebook-instance-name {name}"),
            ("elasticmapreduce", "cluster") => new($"EMR cluster {name}", true, $"aws emr terminate-clusters --cluster-ids {name}"),
            ("dynamodb", "table") => new($"DynamoDB table {name}", true, $"aws dynamodb delete-table --table-name {name}"),
            _ => new($"{service} {resource}", false, $"its service's delete command, or the console (Resource Groups, Tag Editor, tag lab): {arn}"),
        };
    }

    /// <summary>The service-created log groups of <see cref="ServiceLogGroups"/> that exist; one with stored bytes bills for them.</summary>
    private static async Task<List<Leftover>> LogGroupsAsync(AmazonCloudWatchLogsClient logs, string lab)
    {
        var found = new List<Leftover>();
        foreach (var prefix in ServiceLogGroups(lab))
        {
            var request = new DescribeLogGroupsRequest { LogGroupNamePrefix = prefix };
            do
            {
                var page = await logs.DescribeLogGroupsAsync(request).ConfigureAwait(false);
                found.AddRange((page.LogGroups ?? []).Where(g => g.LogGroupName is not null).Select(g => new Leftover(
                    $"log group {g.LogGroupName} ({g.StoredBytes ?? 0} bytes; a service made it, no stack owns it)", (g.StoredBytes ?? 0) > 0,
                    $"aws logs delete-log-group --log-group-name {g.LogGroupName}")));
                request.NextToken = page.NextToken;
            }
            while (request.NextToken is { Length: > 0 });
        }
        return found;
    }

    private static async Task<int> TranscriptionJobsAsync(AmazonTranscribeServiceClient transcribe)
    {
        var count = 0;
        var request = new ListTranscriptionJobsRequest { MaxResults = 100 };
        do
        {
            var page = await transcribe.ListTranscriptionJobsAsync(request).ConfigureAwait(false);
            count += page.TranscriptionJobSummaries?.Count ?? 0;
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        return count;
    }
}
