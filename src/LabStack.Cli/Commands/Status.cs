using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.CloudFormation;
using Amazon.CloudFormation.Model;
using Amazon.DynamoDBv2.Model;
using Amazon.ElasticMapReduce;
using Amazon.ElasticMapReduce.Model;
using Amazon.Glue;
using Amazon.Glue.Model;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Amazon.SageMaker;
using Amazon.SageMaker.Model;
using Amazon.StepFunctions.Model;
using LabStack.Cli.Aws;
using LabStack.Summary;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab status</c>: the lab's stacks and their status, what bills by the hour right now with its price from the lab's
/// price table (the notebook when InService, every endpoint of the lab, the EMR cluster's nodes, the Kinesis shards,
/// running Glue job runs, the Flink Studio notebook while it runs), when the lab deletes itself, and today's pipeline uploads against the cap; the totals last.
/// </summary>
public static class Status
{
    /// <summary>One thing that bills (or would, if it ran): what it is, its state, its hourly price (null: not in the price table).</summary>
    public sealed record Billing(string What, string State, double? PerHour, bool Running);

    /// <summary>The notebook states that bill instance hours (https://aws.amazon.com/sagemaker/pricing/: billed while the instance runs).</summary>
    public static readonly string[] NotebookBilling = ["Pending", "InService", "Updating", "Stopping"];

    /// <summary>The cluster states with instances running (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-overview.html#emr-overview-cluster-lifecycle).</summary>
    public static readonly string[] ClusterBilling = ["STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING", "TERMINATING"];

    /// <summary>Prints the status; 0 unless a call fails.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress)
    {
        var file = OutputsFile.Load(options.OutputsFile, options.LabName);
        var lab = LabNameOf(file);
        var prices = PriceTable.UsEast1;
        using var clients = LabClients.Create();
        var aws = clients.Aws;

        progress.WriteLine("status: stacks (cloudformation:DescribeStacks)");
        var stacks = await StacksAsync(new AmazonCloudFormationClient(aws), lab).ConfigureAwait(false);
        var billing = new List<Billing>();
        if (file.Find("-SageMaker", "NotebookName") is string notebook)
        {
            progress.WriteLine("status: notebook and endpoints (sagemaker)");
            billing.Add(await NotebookAsync(new AmazonSageMakerClient(aws), notebook, prices).ConfigureAwait(false));
        }
        billing.AddRange(await EndpointsAsync(new AmazonSageMakerClient(aws), lab, prices).ConfigureAwait(false));
        if (file.Find("-Emr", "ClusterId") is string cluster)
        {
            progress.WriteLine("status: EMR cluster");
            billing.AddRange(await ClusterAsync(new AmazonElasticMapReduceClient(aws), cluster, prices).ConfigureAwait(false));
        }
        if (file.Find("-Streaming", "StreamName") is string stream)
        {
            billing.Add(await StreamAsync(new AmazonKinesisClient(aws), stream, prices).ConfigureAwait(false));
        }
        if (file.Find("-Flink", "NotebookApplicationName") is string studio)
        {
            billing.Add(await FlinkAsync(aws, studio, prices).ConfigureAwait(false));
        }
        if (file.Find("-DataLake", "StartGlueJob") is string startJob && startJob.Split(' ')[^1] is { Length: > 0 } job)
        {
            billing.AddRange(await JobRunsAsync(new AmazonGlueClient(aws), job, prices).ConfigureAwait(false));
        }
        progress.WriteLine("status: expiry clock and today's uploads");
        var expiry = await ExpiryAsync(clients, file).ConfigureAwait(false);
        var uploads = await UploadsAsync(clients, file, lab, stacks).ConfigureAwait(false);
        Write(output, options.Json, lab, clients.Region.SystemName, prices, stacks, billing, expiry, uploads);
        return 0;
    }

    /// <summary>The lab's name: <c>--lab</c>, else the one lab whose stacks the outputs hold.</summary>
    public static string LabNameOf(OutputsFile file)
    {
        if (file.LabName is string name)
        {
            return name;
        }
        var labs = LabContext.StackSuffixes.Values.SelectMany(suffix => file.Stacks("-" + suffix).Select(s => s[..^(suffix.Length + 1)])).Distinct().ToList();
        return labs.Count switch
        {
            1 => labs[0],
            0 => throw new CliException($"{file.Path} holds no lab stack: deploy the lab first (npx cdk deploy --all), or pass --outputs FILE."),
            _ => throw new CliException($"{file.Path} holds several labs ({string.Join(", ", labs)}): pass --lab NAME."),
        };
    }

    /// <summary>Every stack of the lab in the region (all pages), by name.</summary>
    public static async Task<List<(string Name, string Status)>> StacksAsync(AmazonCloudFormationClient cloudFormation, string lab)
    {
        var names = LabContext.StackSuffixes.Values.Select(s => $"{lab}-{s}").ToList();
        var found = new List<(string, string)>();
        var request = new DescribeStacksRequest();
        do
        {
            var page = await cloudFormation.DescribeStacksAsync(request).ConfigureAwait(false);
            found.AddRange(page.Stacks.Where(s => s.StackName is string n && names.Contains(n)).Select(s => (s.StackName!, s.StackStatus ?? "?")));
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        return found.OrderBy(s => names.IndexOf(s.Item1)).ToList();
    }

    private static async Task<Billing> NotebookAsync(AmazonSageMakerClient sageMaker, string name, PriceTable prices)
    {
        try
        {
            var notebook = await sageMaker.DescribeNotebookInstanceAsync(new DescribeNotebookInstanceRequest { NotebookInstanceName = name }).ConfigureAwait(false);
            var type = notebook.InstanceType ?? "?";
            var running = NotebookBilling.Contains(notebook.NotebookInstanceStatus);
            return new Billing($"notebook {name} ({type})", notebook.NotebookInstanceStatus ?? "?", prices.InstanceHour(type), running);
        }
        catch (AwsCallException error) when (error.ErrorCode == "ValidationException")
        {
            return new Billing($"notebook {name}", "not found", 0, false);
        }
    }

    /// <summary>Every endpoint whose name starts with the lab's name (the stack's and the notebooks'), all pages, with its variants.</summary>
    public static async Task<List<(string Name, string Status, List<ProductionVariant> Variants)>> LabEndpointsAsync(AmazonSageMakerClient sageMaker, string lab)
    {
        var endpoints = new List<EndpointSummary>();
        var request = new ListEndpointsRequest { NameContains = lab, MaxResults = 100 };
        do
        {
            var page = await sageMaker.ListEndpointsAsync(request).ConfigureAwait(false);
            endpoints.AddRange((page.Endpoints ?? []).Where(e => e.EndpointName?.StartsWith(lab + "-", StringComparison.Ordinal) == true));
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        var described = new List<(string, string, List<ProductionVariant>)>();
        foreach (var endpoint in endpoints)
        {
            var detail = await sageMaker.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = endpoint.EndpointName }).ConfigureAwait(false);
            var config = await sageMaker.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = detail.EndpointConfigName }).ConfigureAwait(false);
            described.Add((endpoint.EndpointName!, detail.EndpointStatus ?? "?", config.ProductionVariants ?? []));
        }
        return described;
    }

    /// <summary>The lab's endpoints as bills: a real-time variant by its instances, a serverless one per request.</summary>
    private static async Task<List<Billing>> EndpointsAsync(AmazonSageMakerClient sageMaker, string lab, PriceTable prices) =>
        (await LabEndpointsAsync(sageMaker, lab).ConfigureAwait(false)).SelectMany(e => e.Variants.Select(variant => variant.ServerlessConfig is not null
            ? new Billing($"endpoint {e.Name} (serverless: billed per request)", e.Status, 0, false)
            : new Billing($"endpoint {e.Name} ({variant.InitialInstanceCount ?? 1} x {variant.InstanceType})", e.Status,
                prices.InstanceHour(variant.InstanceType ?? "") * (variant.InitialInstanceCount ?? 1), e.Status is not ("Failed" or "Deleting")))).ToList();

    /// <summary>The cluster's running nodes by instance group, priced per node (EC2 and EMR).</summary>
    private static async Task<List<Billing>> ClusterAsync(AmazonElasticMapReduceClient emr, string clusterId, PriceTable prices)
    {
        var cluster = (await emr.DescribeClusterAsync(new DescribeClusterRequest { ClusterId = clusterId }).ConfigureAwait(false)).Cluster;
        var state = cluster?.Status?.State ?? "?";
        if (!ClusterBilling.Contains(state))
        {
            return [new Billing($"EMR cluster {clusterId}", state, 0, false)];
        }
        var groups = new List<InstanceGroup>();
        var request = new ListInstanceGroupsRequest { ClusterId = clusterId };
        do
        {
            var page = await emr.ListInstanceGroupsAsync(request).ConfigureAwait(false);
            groups.AddRange(page.InstanceGroups ?? []);
            request.Marker = page.Marker;
        }
        while (request.Marker is { Length: > 0 });
        return groups.Where(g => g.RunningInstanceCount > 0).Select(g => new Billing(
            $"EMR cluster {clusterId} {g.InstanceGroupType?.ToLowerInvariant()} ({g.RunningInstanceCount} x {g.InstanceType})", state,
            prices.EmrNodeHour(g.InstanceType ?? "") * g.RunningInstanceCount, true)).ToList();
    }

    private static async Task<Billing> StreamAsync(AmazonKinesisClient kinesis, string name, PriceTable prices)
    {
        try
        {
            var summary = (await kinesis.DescribeStreamSummaryAsync(new DescribeStreamSummaryRequest { StreamName = name }).ConfigureAwait(false)).StreamDescriptionSummary;
            var shards = summary?.OpenShardCount ?? 0;
            var provisioned = summary?.StreamModeDetails?.StreamMode is null or "PROVISIONED";
            return new Billing($"Kinesis stream {name} ({shards} shard{(shards == 1 ? "" : "s")}{(provisioned ? "" : ", on-demand")})", summary?.StreamStatus ?? "?",
                provisioned ? prices.Rate("kinesisShardHour") * shards : null, shards > 0);
        }
        catch (AwsCallException error) when (error.ErrorCode == "ResourceNotFoundException")
        {
            return new Billing($"Kinesis stream {name}", "not found", 0, false);
        }
    }

    /// <summary>The Flink Studio notebook: while it runs it bills its KPUs, the two Studio adds and their storage (<see cref="PriceTable.FlinkApplicationHour"/>).</summary>
    public static async Task<Billing> FlinkAsync(SignedAwsClient aws, string name, PriceTable prices)
    {
        try
        {
            var detail = (await aws.JsonAsync(AwsService.KinesisAnalytics, "DescribeApplication", new JsonObject { ["ApplicationName"] = name }).ConfigureAwait(false))["ApplicationDetail"];
            var parallelism = detail?["ApplicationConfigurationDescription"]?["FlinkApplicationConfigurationDescription"]?["ParallelismConfigurationDescription"];
            var kpus = Math.Ceiling(((double?)parallelism?["CurrentParallelism"] ?? (double?)parallelism?["Parallelism"] ?? 1) / ((double?)parallelism?["ParallelismPerKPU"] ?? 1));
            var studio = SignedAwsClient.Text(detail?["ApplicationMode"]) == "INTERACTIVE";
            var status = SignedAwsClient.Text(detail?["ApplicationStatus"]) ?? "?";
            return new Billing($"Flink application {name} ({PriceTable.FlinkBilledKpus(kpus, studio)} KPUs)", status, prices.FlinkApplicationHour(kpus, studio),
                status is "STARTING" or "RUNNING" or "UPDATING" or "AUTOSCALING");
        }
        catch (AwsCallException error) when (error.ErrorCode == "ResourceNotFoundException")
        {
            return new Billing($"Flink application {name}", "not found", 0, false);
        }
    }

    /// <summary>The Glue job's runs that are running now (the first page: runs come newest first), priced by their DPUs.</summary>
    private static async Task<List<Billing>> JobRunsAsync(AmazonGlueClient glue, string job, PriceTable prices)
    {
        var runs = (await glue.GetJobRunsAsync(new GetJobRunsRequest { JobName = job, MaxResults = 50 }).ConfigureAwait(false)).JobRuns ?? [];
        return runs.Where(r => r.JobRunState is "STARTING" or "RUNNING" or "STOPPING").Select(r =>
        {
            var dpus = r.MaxCapacity ?? (r.NumberOfWorkers ?? 0) * (r.WorkerType == "G.2X" ? 2 : 1);
            return new Billing($"Glue job run {job} {r.Id} ({dpus.ToString("0.#", CultureInfo.InvariantCulture)} DPU)", r.JobRunState!, prices.Rate("glueEtlDpuHour") * dpus, true);
        }).ToList();
    }

    /// <summary>When the running clock deletes the lab: its start plus the hours it was given (its input, else the deployed ExpireAfterHours).</summary>
    private static async Task<string> ExpiryAsync(LabClients clients, OutputsFile file)
    {
        if (file.Find("-Expiry", "ClockArn") is not string clock)
        {
            return "no Expiry stack in the outputs: the lab does not delete itself";
        }
        var hours = int.TryParse(file.Find("-Expiry", "ExpireAfterHours"), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : 0;
        if (hours == 0)
        {
            return "expiry is off (expireAfterHours=0): the lab stays until you destroy it";
        }
        var running = await clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = clock, StatusFilter = Amazon.StepFunctions.ExecutionStatus.RUNNING }).ConfigureAwait(false);
        var newest = running.Executions.Where(e => e.StartDate is not null).OrderByDescending(e => e.StartDate).FirstOrDefault();
        if (newest?.ExecutionArn is null)
        {
            return "no expiry clock is running (cancelled, or a deletion ran): deploy again or run lab extend";
        }
        var input = (await clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = newest.ExecutionArn }).ConfigureAwait(false)).Input;
        var given = input is not null && JsonNode.Parse(input) is JsonObject o && o["expire_after_hours"] is JsonValue v && v.TryGetValue<int>(out var x) ? x : hours;
        var at = newest.StartDate!.Value.AddHours(given);
        return $"the lab deletes itself at {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC unless you deploy or run lab extend";
    }

    /// <summary>Today's (UTC) count in the pipeline's daily-cap table (found by its pinned logical id), against maxUploadsPerDay.</summary>
    private static async Task<string?> UploadsAsync(LabClients clients, OutputsFile file, string lab, List<(string Name, string Status)> stacks)
    {
        var stack = $"{lab}-AiPipeline";
        if (!stacks.Any(s => s.Name == stack))
        {
            return null;
        }
        var table = (await new AmazonCloudFormationClient(clients.Aws).DescribeStackResourceAsync(new DescribeStackResourceRequest
        {
            StackName = stack, LogicalResourceId = UploadCapLogicalId,
        }).ConfigureAwait(false)).StackResourceDetail?.PhysicalResourceId;
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var item = await AwsCallException.Sdk("dynamodb:GetItem", () => clients.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = table, Key = new() { ["day"] = new AttributeValue { S = today } }, ConsistentRead = true,
        })).ConfigureAwait(false);
        var count = item.Item is { } found && found.TryGetValue("uploads", out var value) && value.N is string n ? n : "0";
        return $"{count} of {file.Find("-AiPipeline", "MaxUploadsPerDay") ?? "?"} pipeline uploads today ({today}, maxUploadsPerDay)";
    }

    /// <summary>The daily-cap table's logical id, pinned by the AI pipeline's tests (CONTRIBUTING's contracts).</summary>
    public const string UploadCapLogicalId = "UploadCapCountersAD6E6D41";

    private static void Write(TextWriter output, bool json, string lab, string region, PriceTable prices, List<(string Name, string Status)> stacks,
        List<Billing> billing, string expiry, string? uploads)
    {
        var billed = billing.Where(b => b.Running).ToList();
        var perHour = billed.Sum(b => b.PerHour ?? 0);
        var unpriced = billed.Where(b => b.PerHour is null).ToList();
        var pricesNote = $"prices: {prices.Region}'s on-demand prices from the lab's price table (read {prices.ReadDates})" +
            (region == prices.Region ? "" : $"; this lab is in {region}, where prices may differ");
        if (json)
        {
            output.WriteLine(new JsonObject
            {
                ["lab"] = lab, ["region"] = region,
                ["stacks"] = new JsonArray(stacks.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["status"] = s.Status }).ToArray()),
                ["billing"] = new JsonArray(billing.Select(b => (JsonNode)new JsonObject
                {
                    ["what"] = b.What, ["state"] = b.State, ["running"] = b.Running, ["perHour"] = b.PerHour,
                }).ToArray()),
                ["expiry"] = expiry, ["uploads"] = uploads,
                ["perHour"] = Math.Round(perHour, 4), ["perDay"] = Math.Round(perHour * 24, 2), ["complete"] = unpriced.Count == 0,
                ["pricesRegion"] = prices.Region,
            }.ToJsonString());
            return;
        }
        output.WriteLine($"{"STACK",-28}  STATUS");
        foreach (var (name, status) in stacks)
        {
            output.WriteLine($"{name,-28}  {status}");
        }
        if (stacks.Count == 0)
        {
            output.WriteLine($"(no {lab} stack in {region}: deployed elsewhere, or destroyed; lab leftovers lists what remains)");
        }
        output.WriteLine();
        output.WriteLine($"{"BILLS BY THE HOUR",-64}  {"STATE",-14}  PER HOUR");
        foreach (var b in billing)
        {
            output.WriteLine($"{b.What,-64}  {b.State,-14}  {(b.Running ? (b.PerHour is double p ? Money(p) : "not in the price table") : "-")}");
        }
        if (billing.Count == 0)
        {
            output.WriteLine("(nothing of the lab bills by the hour)");
        }
        output.WriteLine();
        output.WriteLine($"expiry: {expiry}");
        if (uploads is not null)
        {
            output.WriteLine($"uploads: {uploads}");
        }
        output.WriteLine(pricesNote);
        output.WriteLine($"total: {Money(perHour)} per hour, {Money(perHour * 24)} per day{(unpriced.Count == 0 ? "" : $", INCOMPLETE: {unpriced.Count} running part(s) not in the price table")}");
    }

    private static string Money(double value) => "$" + value.ToString("0.000", CultureInfo.InvariantCulture);
}
