using System.Text.Json.Nodes;

namespace LabStack.Summary;

/// <summary>One priced thing in a stack: what it costs while the lab sits idle, and during an hour of practice.</summary>
public sealed record CostLine(string Item, double IdlePerDay, double PracticeHour);

/// <summary>A module's estimate: the sum of its lines.</summary>
public sealed record ModuleCost(string Module, IReadOnlyList<CostLine> Lines)
{
    public double IdlePerDay => Lines.Sum(l => l.IdlePerDay);
    public double PracticeHour => Lines.Sum(l => l.PracticeHour);
}

/// <summary>
/// Estimates cost from a synthesized template's settings (shard counts, schedules...) and a <see cref="PriceTable"/>.
/// Always-on resources bill every hour, idle or not; usage-priced ones (crawler runs, Athena scans) bill only in
/// practice, per the table's practice-hour assumptions. Resource types not priced here are free or cost well
/// under a cent at lab scale (S3 storage of the sample data, IAM, Glue catalog entries under the free tier, log
/// groups, the first two budgets).
/// </summary>
public static class CostModel
{
    private const double HoursPerDay = 24;
    private const double DaysPerMonth = 30;
    private const double MbPerTb = 1024 * 1024;

    /// <summary>The estimate for one module's template.</summary>
    public static ModuleCost Estimate(string module, JsonObject template, PriceTable prices)
    {
        var lines = new List<CostLine>();
        foreach (var (id, node) in template["Resources"]?.AsObject() ?? [])
        {
            var resource = node!.AsObject();
            var properties = resource["Properties"]?.AsObject() ?? [];
            var line = (string?)resource["Type"] switch
            {
                "AWS::Glue::Crawler" => CrawlerLine(id, prices),
                "AWS::Athena::WorkGroup" => new CostLine($"{id}: {prices.Assumption("athenaQueries")} queries", 0,
                    prices.Assumption("athenaQueries") * Math.Max(10, prices.Assumption("athenaMbScannedPerQuery")) / MbPerTb * prices.Rate("athenaTbScanned")),
                "AWS::Kinesis::Stream" => KinesisLine(id, properties, prices),
                "AWS::StepFunctions::StateMachine" => PipelineLine(id, prices),
                "AWS::KMS::Key" => Daily($"{id}: KMS key", prices.Rate("kmsKeyMonth") / DaysPerMonth),
                _ => null,
            };
            if (line is not null)
            {
                lines.Add(line);
            }
        }
        return new ModuleCost(module, lines);
    }

    /// <summary>An always-on cost given per hour: 24 of them per idle day, one per practice hour.</summary>
    private static CostLine Hourly(string item, double perHour) => new(item, perHour * HoursPerDay, perHour);

    /// <summary>An always-on cost given per day.</summary>
    private static CostLine Daily(string item, double perDay) => new(item, perDay, perDay / HoursPerDay);

    /// <summary>The lab's crawlers have no schedule (a test pins that): they bill only when a learner runs them.</summary>
    private static CostLine CrawlerLine(string id, PriceTable prices)
    {
        var perRun = prices.Assumption("crawlerDpus") * prices.Assumption("crawlerBilledMinutes") / 60 * prices.Rate("glueCrawlerDpuHour");
        return new CostLine($"{id}: {prices.Assumption("crawlerRuns")} crawler run(s)", 0, prices.Assumption("crawlerRuns") * perRun);
    }

    /// <summary>The AI pipeline bills per run: state transitions and the AI services' per-image and per-character prices.</summary>
    private static CostLine PipelineLine(string id, PriceTable prices)
    {
        var perRun = prices.Assumption("transitionsPerRun") * prices.Rate("stepFunctionsTransition")
            + prices.Assumption("rekognitionCallsPerRun") * prices.Rate("rekognitionImage")
            + prices.Assumption("comprehendUnitsPerRun") * prices.Rate("comprehendUnit")
            + prices.Assumption("translatedCharactersPerRun") * prices.Rate("translateCharacter");
        return new CostLine($"{id}: {prices.Assumption("pipelineRuns")} uploads analyzed", 0, prices.Assumption("pipelineRuns") * perRun);
    }

    private static CostLine KinesisLine(string id, JsonObject properties, PriceTable prices)
    {
        var onDemand = (string?)properties["StreamModeDetails"]?["StreamMode"] == "ON_DEMAND";
        if (onDemand)
        {
            return Hourly($"{id}: on-demand stream", prices.Rate("kinesisOnDemandStreamHour"));
        }
        var shards = (double?)properties["ShardCount"] ?? 1;
        return Hourly($"{id}: {shards} shard(s)", shards * prices.Rate("kinesisShardHour"));
    }
}
