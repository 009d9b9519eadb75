using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Kinesis;
using Amazon.Kinesis.Model;
using Amazon.KinesisFirehose;
using Amazon.KinesisFirehose.Model;
using Amazon.S3.Model;
using LabStack.Cli.Aws;
using LabStack.DataLake;

namespace LabStack.Cli.Verification;

/// <summary>
/// Streaming: 10 usage events put into the Kinesis stream come out as Parquet under raw/usage-events/ within the
/// delivery stream's buffer time (plus a minute for the conversion); with <c>--quick</c>, only that the delivery stream
/// is ACTIVE.
/// </summary>
public static class StreamingChecks
{
    /// <summary>How many events the check puts.</summary>
    public const int Events = 10;

    /// <summary>Past the buffer interval, how long the check waits for the file (Firehose's conversion and its write).</summary>
    public static readonly TimeSpan DeliveryMargin = TimeSpan.FromSeconds(60);

    /// <summary>
    /// 10 PUT payload units on Kinesis, and 10 records on Firehose, each billed as at least 5 KB ingested and converted
    /// (https://aws.amazon.com/kinesis/data-firehose/pricing/): 50 KB, far below a cent.
    /// </summary>
    public static readonly CheckPrice PutPrice = new(0, "under $0.0001: 10 Kinesis PUT units, 50 KB of Firehose ingestion and conversion (5 KB minimum a record)");

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return lab.Options.Quick
            ? new Check("streaming", "Firehose delivery stream ACTIVE (--quick)", CheckPrice.Free, async () => (await ActiveAsync(lab).ConfigureAwait(false)).Verdict)
            : new Check("streaming", $"{Events} events delivered as Parquet", PutPrice, () => DeliveredAsync(lab));
    }

    private static async Task<(Verdict Verdict, DeliveryStreamDescription? Stream)> ActiveAsync(VerifyContext lab)
    {
        var name = lab.Require("Streaming", "DeliveryStreamName");
        var stream = (await new AmazonKinesisFirehoseClient(lab.Clients.Aws).DescribeDeliveryStreamAsync(new DescribeDeliveryStreamRequest { DeliveryStreamName = name }).ConfigureAwait(false))
            .DeliveryStreamDescription;
        return stream?.DeliveryStreamStatus == "ACTIVE"
            ? (Verdict.Pass($"{name} ACTIVE"), stream)
            : (Verdict.Fail($"{name} ACTIVE", stream?.DeliveryStreamStatus ?? "?", "redeploy the Streaming stack"), stream);
    }

    private static async Task<Verdict> DeliveredAsync(VerifyContext lab)
    {
        var (active, stream) = await ActiveAsync(lab).ConfigureAwait(false);
        if (!active.Passed)
        {
            return active with { Price = CheckPrice.Free };
        }
        var buffer = TimeSpan.FromSeconds(stream?.Destinations?.FirstOrDefault()?.ExtendedS3DestinationDescription?.BufferingHints?.IntervalInSeconds ?? 300);
        var since = DateTime.UtcNow.AddSeconds(-5);
        var put = await PutAsync(lab).ConfigureAwait(false);
        if (put is not null)
        {
            return put;
        }
        var bucket = lab.Require("DataLake", "LakeBucketName");
        var prefix = $"{LakeLayout.UsageEvents}dt={since:yyyy-MM-dd}/";
        var wait = buffer + DeliveryMargin < lab.Options.Timeout ? buffer + DeliveryMargin : lab.Options.Timeout;
        lab.Progress.WriteLine($"verify: streaming: waiting up to {wait.TotalSeconds:0} s for Firehose (buffer {buffer.TotalSeconds:0} s) to write under s3://{bucket}/{prefix}");
        var clock = Stopwatch.StartNew();
        do
        {
            if (await NewParquetAsync(lab, bucket, prefix, since).ConfigureAwait(false) is string key)
            {
                return Verdict.Pass($"{Events} events put at {since:HH:mm:ss} UTC; Parquet s3://{bucket}/{key} after {clock.Elapsed.TotalSeconds:0} s (buffer {buffer.TotalSeconds:0} s)", PutPrice);
            }
            await Task.Delay(lab.Options.Poll).ConfigureAwait(false);
        }
        while (clock.Elapsed < wait);
        return Verdict.Fail($"a Parquet file under s3://{bucket}/{prefix} within {wait.TotalSeconds:0} s", "none",
            $"look under {LakeLayout.UsageEventErrors} for records Firehose could not convert, and at the delivery stream's CloudWatch errors", PutPrice);
    }

    /// <summary>Puts the events (as the sample producer makes them); null when every one was put, else the failure.</summary>
    private static async Task<Verdict?> PutAsync(VerifyContext lab)
    {
        var now = DateTime.UtcNow;
        var records = Enumerable.Range(1, Events).Select(i => new JsonObject
        {
            ["event_id"] = $"verify-{now:yyyyMMddHHmmss}-{i}", ["customer_id"] = $"C{i:00000}",
            ["event_time"] = now.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), ["event_type"] = "data", ["data_mb"] = 1.5, ["duration_seconds"] = 0,
        }).Select(e => new PutRecordsRequestEntry
        {
            Data = Convert.ToBase64String(Encoding.UTF8.GetBytes(e.ToJsonString() + "\n")), PartitionKey = (string)e["customer_id"]!,
        }).ToList();
        var stream = lab.Require("Streaming", "StreamName");
        var answer = await new AmazonKinesisClient(lab.Clients.Aws).PutRecordsAsync(new PutRecordsRequest { StreamName = stream, Records = records }).ConfigureAwait(false);
        return answer.FailedRecordCount is null or 0 ? null
            : Verdict.Fail($"{Events} records put into {stream}", $"{answer.FailedRecordCount} failed ({answer.Records?.FirstOrDefault(r => r.ErrorCode is not null)?.ErrorCode})",
                "a stream with no open shard takes nothing: redeploy the Streaming stack", PutPrice);
    }

    /// <summary>The key of an object written under <paramref name="prefix"/> since <paramref name="since"/> that starts as Parquet does (PAR1), or null.</summary>
    private static async Task<string?> NewParquetAsync(VerifyContext lab, string bucket, string prefix, DateTime since)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        do
        {
            var page = await AwsCallException.Sdk("s3:ListBucket", () => lab.Clients.S3.ListObjectsV2Async(request)).ConfigureAwait(false);
            foreach (var o in (page.S3Objects ?? []).Where(o => o.LastModified >= since && o.Size > 4))
            {
                using var head = await AwsCallException.Sdk("s3:GetObject", () => lab.Clients.S3.GetObjectAsync(new GetObjectRequest
                {
                    BucketName = bucket, Key = o.Key, ByteRange = new ByteRange(0, 3),
                })).ConfigureAwait(false);
                using var reader = new StreamReader(head.ResponseStream);
                if (await reader.ReadToEndAsync().ConfigureAwait(false) == "PAR1")
                {
                    return o.Key;
                }
            }
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
        return null;
    }
}
