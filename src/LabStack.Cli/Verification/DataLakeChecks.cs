using System.Diagnostics;
using Amazon.Athena;
using Amazon.Athena.Model;
using Amazon.Glue;
using Amazon.Glue.Model;
using LabStack.Cli.Aws;
using LabStack.DataLake;

namespace LabStack.Cli.Verification;

/// <summary>
/// The data lake: the sample dataset is in the lake; an Athena query over its table returns every row within the
/// workgroup's scan cutoff; the crawler and the Glue job exist and are ready.
/// </summary>
public static class DataLakeChecks
{
    /// <summary>The sample dataset's key in the lake.</summary>
    public const string DatasetKey = LakeLayout.SampleCustomers + "customers.csv";

    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("datalake", "sample dataset in the lake", CheckPrice.Free, () => DatasetAsync(lab));
        yield return new Check("datalake", $"Athena returns the {Rows} rows of {Table}", ScanPrice(lab, 0), () => QueryAsync(lab));
        yield return new Check("datalake", "Glue crawler is ready", CheckPrice.Free, () => CrawlerAsync(lab));
        yield return new Check("datalake", "Glue job exists", CheckPrice.Free, () => JobAsync(lab));
        if (lab.Options.RunJobs)
        {
            yield return new Check("datalake", "Glue crawler runs (--run-jobs)", CrawlPrice(lab), () => CrawlAsync(lab));
            yield return new Check("datalake", "Glue job runs (--run-jobs)", JobPrice(lab, 2, 60), () => JobRunAsync(lab));
        }
    }

    /// <summary>One crawl: the practice hour's DPUs for its billed minutes (a 10-minute minimum: https://aws.amazon.com/glue/pricing/).</summary>
    public static CheckPrice CrawlPrice(VerifyContext lab)
    {
        var (dpus, minutes) = (lab.Prices.Assumption("crawlerDpus"), lab.Prices.Assumption("crawlerBilledMinutes"));
        return new CheckPrice(dpus * minutes / 60 * lab.Prices.Rate("glueCrawlerDpuHour"), $"one crawl: {dpus:0.#} DPU for {minutes:0} billed minutes");
    }

    /// <summary>A job run: its DPUs for the seconds it ran, at least a minute (Glue 5: https://aws.amazon.com/glue/pricing/).</summary>
    public static CheckPrice JobPrice(VerifyContext lab, double dpus, int seconds)
    {
        var billed = Math.Max(60, seconds);
        return new CheckPrice(dpus * billed / 3600.0 * lab.Prices.Rate("glueEtlDpuHour"), $"one job run: {dpus:0.#} DPU for {billed} billed seconds");
    }

    private static async Task<Verdict> CrawlAsync(VerifyContext lab)
    {
        var name = lab.Require("DataLake", "CrawlerName");
        var glue = new AmazonGlueClient(lab.Clients.Aws);
        var started = DateTime.UtcNow.AddSeconds(-5);
        await glue.StartCrawlerAsync(new StartCrawlerRequest { Name = name }).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < lab.Options.Timeout)
        {
            await Task.Delay(lab.Options.Poll).ConfigureAwait(false);
            var crawler = (await glue.GetCrawlerAsync(new GetCrawlerRequest { Name = name }).ConfigureAwait(false)).Crawler;
            if (crawler?.State == "READY" && crawler.LastCrawl is { StartTime: DateTime at } last && at >= started)
            {
                return last.Status == "SUCCEEDED"
                    ? Verdict.Pass($"{name} crawled in {clock.Elapsed.TotalSeconds:0} s")
                    : Verdict.Fail($"{name}'s crawl SUCCEEDED", $"{last.Status}: {last.ErrorMessage}", "read the crawler's log in CloudWatch (/aws-glue/crawlers)");
            }
        }
        return Verdict.Fail($"{name}'s crawl to end within {lab.Options.Timeout.TotalSeconds:0} s", "still running", "raise --timeout (a crawl takes a few minutes)");
    }

    private static async Task<Verdict> JobRunAsync(VerifyContext lab)
    {
        var name = JobName(lab);
        var glue = new AmazonGlueClient(lab.Clients.Aws);
        var id = (await glue.StartJobRunAsync(new StartJobRunRequest { JobName = name }).ConfigureAwait(false)).JobRunId;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < lab.Options.Timeout)
        {
            await Task.Delay(lab.Options.Poll).ConfigureAwait(false);
            var run = (await glue.GetJobRunAsync(new GetJobRunRequest { JobName = name, RunId = id }).ConfigureAwait(false)).JobRun;
            if (run?.JobRunState is "SUCCEEDED" or "FAILED" or "STOPPED" or "TIMEOUT" or "ERROR" or "EXPIRED")
            {
                var price = JobPrice(lab, run.MaxCapacity ?? (run.NumberOfWorkers ?? 0) * (run.WorkerType == "G.2X" ? 2 : 1), run.ExecutionTime ?? 0);
                return run.JobRunState == "SUCCEEDED"
                    ? Verdict.Pass($"run {id} SUCCEEDED in {run.ExecutionTime} s", price)
                    : Verdict.Fail($"run {id} SUCCEEDED", $"{run.JobRunState}: {run.ErrorMessage}", $"read the job's log (/aws-glue/jobs) for run {id}", price);
            }
        }
        return Verdict.Fail($"run {id} to end within {lab.Options.Timeout.TotalSeconds:0} s", "still running", "raise --timeout (a run takes a few minutes)");
    }

    /// <summary>The sample dataset's table (CustomersSchema.TableName; a test compares).</summary>
    public const string Table = "customers";

    /// <summary>The sample dataset's rows (customers.csv without its header; a test compares).</summary>
    public const int Rows = 5000;

    /// <summary>
    /// What a query scanning <paramref name="bytes"/> costs: Athena bills the scan rounded up to the megabyte, at least
    /// 10 MB a query (https://aws.amazon.com/athena/pricing/), as the summary's Athena line.
    /// </summary>
    public static CheckPrice ScanPrice(VerifyContext lab, long bytes)
    {
        var mb = Math.Max(10, Math.Ceiling(bytes / (1024.0 * 1024)));
        return new CheckPrice(mb / (1024 * 1024) * lab.Prices.Rate("athenaTbScanned"), $"Athena scan of {mb:0} MB (10 MB minimum) at ${lab.Prices.Rate("athenaTbScanned"):0.##}/TB");
    }

    private static async Task<Verdict> QueryAsync(VerifyContext lab)
    {
        var (workGroup, database) = (lab.Require("DataLake", "AthenaWorkGroupName"), lab.Require("DataLake", "GlueDatabaseName"));
        var athena = new AmazonAthenaClient(lab.Clients.Aws);
        var cutoff = (await athena.GetWorkGroupAsync(new GetWorkGroupRequest { WorkGroup = workGroup }).ConfigureAwait(false)).WorkGroup?.Configuration?.BytesScannedCutoffPerQuery;
        var id = (await athena.StartQueryExecutionAsync(new StartQueryExecutionRequest
        {
            QueryString = $"SELECT customer_id FROM {Table}", QueryExecutionContext = new QueryExecutionContext { Database = database }, WorkGroup = workGroup,
        }).ConfigureAwait(false)).QueryExecutionId;
        var query = await FinishedAsync(lab, athena, id!).ConfigureAwait(false);
        var scanned = query?.Statistics?.DataScannedInBytes ?? 0;
        var price = ScanPrice(lab, scanned);
        if (query?.Status?.State != "SUCCEEDED")
        {
            return Verdict.Fail($"query {id} SUCCEEDED", query is null ? $"no end within {lab.Options.Timeout.TotalSeconds:0} s" : $"{query.Status?.State}: {query.Status?.StateChangeReason}",
                $"open the query in the Athena console ({workGroup}): a cancelled one may have hit the workgroup's scan cutoff", price);
        }
        var rows = await RowsAsync(athena, id!).ConfigureAwait(false);
        var within = cutoff is not long limit || scanned <= limit;
        var scan = $"{scanned / (1024.0 * 1024):0.##} MB scanned of the workgroup's {(cutoff is long c ? $"{c / (1024 * 1024)} MB" : "unset")} cutoff";
        return rows == Rows && within
            ? Verdict.Pass($"{rows} rows from {database}.{Table}, {scan}", price)
            : Verdict.Fail($"{Rows} rows within the cutoff", $"{rows} rows, {scan}", "redeploy the DataLake stack (the sample dataset or the table changed)", price);
    }

    /// <summary>The query once it ended (polled every --poll), or null when it did not within --timeout.</summary>
    private static async Task<QueryExecution?> FinishedAsync(VerifyContext lab, AmazonAthenaClient athena, string id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var query = (await athena.GetQueryExecutionAsync(new GetQueryExecutionRequest { QueryExecutionId = id }).ConfigureAwait(false)).QueryExecution;
            if (query?.Status?.State is "SUCCEEDED" or "FAILED" or "CANCELLED")
            {
                return query;
            }
            if (clock.Elapsed > lab.Options.Timeout)
            {
                return null;
            }
            await Task.Delay(lab.Options.Poll).ConfigureAwait(false);
        }
    }

    /// <summary>The data rows of every page (the first page's first row holds the column names).</summary>
    private static async Task<int> RowsAsync(AmazonAthenaClient athena, string id)
    {
        var (rows, request) = (0, new GetQueryResultsRequest { QueryExecutionId = id, MaxResults = 1000 });
        do
        {
            var page = await athena.GetQueryResultsAsync(request).ConfigureAwait(false);
            rows += page.ResultSet?.Rows?.Count ?? 0;
            request.NextToken = page.NextToken;
        }
        while (request.NextToken is { Length: > 0 });
        return Math.Max(0, rows - 1);
    }

    private static async Task<Verdict> CrawlerAsync(VerifyContext lab)
    {
        var name = lab.Require("DataLake", "CrawlerName");
        var crawler = (await new AmazonGlueClient(lab.Clients.Aws).GetCrawlerAsync(new GetCrawlerRequest { Name = name }).ConfigureAwait(false)).Crawler;
        var last = crawler?.LastCrawl is { } crawl ? $"last crawl {crawl.Status}{(crawl.ErrorMessage is { Length: > 0 } e ? ": " + e : "")}" : "never run";
        return crawler?.State == "READY" && crawler.LastCrawl?.Status is null or "SUCCEEDED"
            ? Verdict.Pass($"{name} READY, {last}")
            : Verdict.Fail($"{name} READY, its last crawl (if any) SUCCEEDED", $"{crawler?.State ?? "?"}, {last}", "read the crawler's log in CloudWatch (/aws-glue/crawlers)");
    }

    private static async Task<Verdict> JobAsync(VerifyContext lab)
    {
        var name = JobName(lab);
        var job = (await new AmazonGlueClient(lab.Clients.Aws).GetJobAsync(new GetJobRequest { JobName = name }).ConfigureAwait(false)).Job;
        return job?.Name == name && job.Role is { Length: > 0 }
            ? Verdict.Pass($"{name} (Glue {job.GlueVersion}) with its role")
            : Verdict.Fail($"job {name} with a role", job is null ? "no job" : "a job without a role", "redeploy the DataLake stack");
    }

    /// <summary>The Glue job's name: the last word of the StartGlueJob output's command.</summary>
    public static string JobName(VerifyContext lab) => lab.Require("DataLake", "StartGlueJob").Split(' ')[^1];

    private static async Task<Verdict> DatasetAsync(VerifyContext lab)
    {
        var bucket = lab.Require("DataLake", "LakeBucketName");
        try
        {
            var dataset = await AwsCallException.Sdk("s3:GetObject", () => lab.Clients.S3.GetObjectMetadataAsync(bucket, DatasetKey)).ConfigureAwait(false);
            return dataset.ContentLength > 0
                ? Verdict.Pass($"s3://{bucket}/{DatasetKey}, {dataset.ContentLength} bytes")
                : Verdict.Fail($"s3://{bucket}/{DatasetKey} with the customers", "an empty object", "redeploy the DataLake stack");
        }
        catch (AwsCallException error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return Verdict.Fail($"s3://{bucket}/{DatasetKey}", "no such object", "redeploy the DataLake stack");
        }
    }
}
