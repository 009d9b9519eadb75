using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.ElasticMapReduce;
using Amazon.ElasticMapReduce.Model;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Amazon.SageMaker;
using Amazon.SageMaker.Model;
using LabStack.Cli.Aws;
using LabStack.Summary;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab stop [--yes]</c>: stops what bills by the hour and keeps the data: stops the notebook, deletes the endpoints the
/// notebooks made (<c>{labName}--nb...</c>), terminates the EMR cluster where that cannot block a later deploy, stops a
/// running Flink Studio notebook. For what
/// only a deploy or a destroy changes (a real-time sentiment endpoint, the Kinesis shards) it prints the command. It
/// lists what it will do and asks first, unless <c>--yes</c>.
/// </summary>
public static class Stop
{
    /// <summary>One thing to do: what, and the call that does it (null: only a command the learner runs).</summary>
    private sealed record Action(string What, Func<Task>? Act, string? Advice = null);

    /// <summary>Lists the actions, asks, acts; 0 when done or declined.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress, TextReader input)
    {
        var file = OutputsFile.Load(options.OutputsFile, options.LabName);
        var lab = Status.LabNameOf(file);
        using var clients = LabClients.Create();
        var sageMaker = new AmazonSageMakerClient(clients.Aws);
        var actions = new List<Action>();
        progress.WriteLine("stop: looking at the notebook, endpoints, cluster, stream and Flink notebook");
        if (file.Find("-SageMaker", "NotebookName") is string notebook)
        {
            var status = (await sageMaker.DescribeNotebookInstanceAsync(new DescribeNotebookInstanceRequest { NotebookInstanceName = notebook }).ConfigureAwait(false)).NotebookInstanceStatus;
            if (status is "InService")
            {
                actions.Add(new($"stop the notebook {notebook} (its files stay on its ML storage)",
                    () => sageMaker.StopNotebookInstanceAsync(new StopNotebookInstanceRequest { NotebookInstanceName = notebook })));
            }
        }
        foreach (var (name, status, variants) in await Status.LabEndpointsAsync(sageMaker, lab).ConfigureAwait(false))
        {
            if (name.StartsWith(lab + "--nb", StringComparison.Ordinal) && status is not "Deleting")
            {
                actions.Add(new($"delete the notebooks' endpoint {name} (its model and configuration stay)",
                    () => sageMaker.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = name })));
            }
            else if (name == file.Find("-SageMaker", "EndpointName") && variants.Any(v => v.ServerlessConfig is null))
            {
                actions.Add(new($"the real-time sentiment endpoint {name} bills until a deploy replaces it", null,
                    $"npx cdk deploy {lab}-SageMaker --exclusively -c labName={lab} -c endpointMode=serverless (add the other -c settings you deployed with)"));
            }
        }
        if (file.Find("-Emr", "ClusterId") is string clusterId)
        {
            actions.AddRange(await ClusterAsync(new AmazonElasticMapReduceClient(clients.Aws), clusterId, lab, file.Find("-Emr", "FreshCluster")).ConfigureAwait(false));
        }
        if (file.Find("-Streaming", "StreamName") is string stream)
        {
            var shards = (await new AmazonKinesisClient(clients.Aws).DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest { StreamName = stream }).ConfigureAwait(false))
                .StreamDescriptionSummary?.OpenShardCount ?? 0;
            if (shards > 0)
            {
                actions.Add(new($"the Kinesis stream {stream} bills for its {shards} shard{(shards == 1 ? "" : "s")} until it is deleted", null,
                    $"npx cdk destroy {lab}-Streaming --exclusively (a later deploy brings it back)"));
            }
        }
        if (file.Find("-Flink", "NotebookApplicationName") is { } studio && (await Status.FlinkAsync(clients.Aws, studio, PriceTable.UsEast1).ConfigureAwait(false)).Running)
        {
            actions.Add(new($"stop the Flink Studio notebook {studio} (its notes stay; the StartNotebook output starts it again)",
                () => clients.Aws.JsonAsync(AwsService.KinesisAnalytics, "StopApplication", new JsonObject { ["ApplicationName"] = studio })));
        }
        return await ActAsync(actions, options.Yes, output, input).ConfigureAwait(false);
    }

    /// <summary>
    /// The cluster: terminated only when its name carries every setting (<c>EmrSettings.ClusterName</c>), so any changed
    /// setting replaces it rather than updating it in place; EMR refuses an update of a terminated cluster and the
    /// deploy would fail (deploy-ml E4 of the 2026-12-01 review). A deploy with unchanged settings leaves it alone.
    /// </summary>
    private static async Task<List<Action>> ClusterAsync(AmazonElasticMapReduceClient emr, string clusterId, string lab, string? fresh)
    {
        var cluster = (await emr.DescribeClusterAsync(new DescribeClusterRequest { ClusterId = clusterId }).ConfigureAwait(false)).Cluster;
        var state = cluster?.Status?.State ?? "?";
        if (!Status.ClusterBilling.Contains(state) || state == "TERMINATING")
        {
            return [];
        }
        if (!Regex.IsMatch(cluster?.Name ?? "", $"^{Regex.Escape(lab)}-spark-\\d+-[a-z0-9]+\\.[a-z0-9]+-\\d+core-\\d+min$"))
        {
            return [new($"the EMR cluster {clusterId} ({cluster?.Name}) is not terminated: its name does not carry its settings (an older deploy), " +
                "so after a termination the next deploy that changes a setting would update it in place and fail", null,
                $"deploy the Emr stack again first (npx cdk deploy {lab}-Emr), then run lab stop; or let it end itself after its idle timeout")];
        }
        return [new($"terminate the EMR cluster {clusterId} ({state}; its output stays in the lake{(fresh is null ? "" : $"; a fresh one: {fresh}")})",
            () => emr.TerminateJobFlowsAsync(new TerminateJobFlowsRequest { JobFlowIds = [clusterId] }))];
    }

    private static async Task<int> ActAsync(List<Action> actions, bool yes, TextWriter output, TextReader input)
    {
        var acts = actions.Where(a => a.Act is not null).ToList();
        if (actions.Count == 0)
        {
            output.WriteLine("Nothing of the lab bills by the hour now: nothing to stop.");
            return 0;
        }
        foreach (var action in actions)
        {
            output.WriteLine(action.Act is null ? $"- {action.What}: {action.Advice}" : $"* {action.What}");
        }
        if (acts.Count == 0)
        {
            return 0;
        }
        if (!yes)
        {
            output.Write($"Do the {acts.Count} marked with * now? [y/N] ");
            output.Flush();
            var answer = input.ReadLine()?.Trim().ToLowerInvariant();
            if (answer is not ("y" or "yes"))
            {
                output.WriteLine();
                output.WriteLine("Nothing stopped (answer y, or pass --yes).");
                return 0;
            }
        }
        foreach (var action in acts)
        {
            await action.Act!().ConfigureAwait(false);
            output.WriteLine($"done: {action.What}");
        }
        return 0;
    }
}
