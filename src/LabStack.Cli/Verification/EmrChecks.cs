using Amazon.ElasticMapReduce;
using Amazon.ElasticMapReduce.Model;
using Amazon.S3.Model;
using LabStack.Cli.Aws;
using LabStack.DataLake;

namespace LabStack.Cli.Verification;

/// <summary>
/// EMR: the cluster reached WAITING, or terminated itself after idling (TERMINATED without errors: a pass, it is meant
/// to), and its Spark step COMPLETED with Parquet output under <see cref="OutputPrefix"/> in the lake.
/// </summary>
public static class EmrChecks
{
    /// <summary>The Spark step's name (SparkCluster's; a test compares).</summary>
    public const string StepName = "Feature engineering (lab exercise)";

    /// <summary>Where the step writes (SparkCluster.OutputPrefix; a test compares).</summary>
    public const string OutputPrefix = LakeLayout.Curated + "customer-features/";

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("emr", "cluster WAITING, or terminated after idling", CheckPrice.Free, () => ClusterAsync(lab));
        yield return new Check("emr", "Spark step COMPLETED with its output", CheckPrice.Free, () => StepAsync(lab));
    }

    private static async Task<Verdict> ClusterAsync(VerifyContext lab)
    {
        var id = lab.Require("Emr", "ClusterId");
        var cluster = (await new AmazonElasticMapReduceClient(lab.Clients.Aws).DescribeClusterAsync(new DescribeClusterRequest { ClusterId = id }).ConfigureAwait(false)).Cluster;
        var state = cluster?.Status?.State ?? "?";
        var reason = cluster?.Status?.StateChangeReason is { } r ? $" ({r.Code}{(r.Message is { Length: > 0 } m ? ": " + m : "")})" : "";
        return state switch
        {
            "WAITING" => Verdict.Pass($"{id} WAITING for steps (it terminates itself when idle)"),
            "TERMINATED" => Verdict.Pass($"{id} TERMINATED{reason}: it ended itself after idling, as meant"),
            _ => Verdict.Fail($"{id} WAITING or TERMINATED", state + reason,
                state is "STARTING" or "BOOTSTRAPPING" or "RUNNING" ? "still starting or running its step: run lab verify --modules emr again in a few minutes" : "read the cluster's events in the EMR console"),
        };
    }

    private static async Task<Verdict> StepAsync(VerifyContext lab)
    {
        var id = lab.Require("Emr", "ClusterId");
        var bucket = lab.Require("DataLake", "LakeBucketName");
        var step = await SparkStepAsync(new AmazonElasticMapReduceClient(lab.Clients.Aws), id).ConfigureAwait(false);
        if (step?.Status?.State != "COMPLETED")
        {
            var failure = step?.Status?.FailureDetails is { } f ? $": {f.Reason}{(f.LogFile is { Length: > 0 } log ? $" (log {log})" : "")}" : "";
            return Verdict.Fail($"step '{StepName}' COMPLETED", step is null ? "no such step" : step.Status?.State + failure, "the step's stderr log says why; the FreshCluster output runs it again");
        }
        var listed = await AwsCallException.Sdk("s3:ListBucket", () => lab.Clients.S3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = bucket, Prefix = OutputPrefix, MaxKeys = 100,
        })).ConfigureAwait(false);
        var parquet = (listed.S3Objects ?? []).Where(o => o.Key.EndsWith(".parquet", StringComparison.Ordinal) && o.Size > 0).ToList();
        return parquet.Count > 0
            ? Verdict.Pass($"step {step.Id} COMPLETED, {parquet.Count}{(listed.IsTruncated == true ? "+" : "")} Parquet file(s) under s3://{bucket}/{OutputPrefix}")
            : Verdict.Fail($"Parquet files under s3://{bucket}/{OutputPrefix}", $"{listed.S3Objects?.Count ?? 0} object(s), none a non-empty .parquet", "the step's stdout log says where it wrote");
    }

    /// <summary>The newest step named <see cref="StepName"/> (steps come newest first; all pages).</summary>
    private static async Task<StepSummary?> SparkStepAsync(AmazonElasticMapReduceClient emr, string cluster)
    {
        var request = new ListStepsRequest { ClusterId = cluster };
        do
        {
            var page = await emr.ListStepsAsync(request).ConfigureAwait(false);
            if ((page.Steps ?? []).FirstOrDefault(s => s.Name == StepName) is { } step)
            {
                return step;
            }
            request.Marker = page.Marker;
        }
        while (request.Marker is { Length: > 0 });
        return null;
    }
}
