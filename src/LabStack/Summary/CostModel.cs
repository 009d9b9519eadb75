using System.Text.Json.Nodes;

namespace LabStack.Summary;

/// <summary>
/// One priced thing in a stack. A deployed and forgotten lab bills <paramref name="RunningPerHour"/> for the first
/// <paramref name="RunsHours"/> hours (null: until the lab is deleted; what stops or terminates itself bills only until
/// then) and <paramref name="StandingPerHour"/> every hour it stays deployed (a stopped notebook's volume).
/// <paramref name="PracticeHour"/> is what an hour of practice adds. When the price table lacks its price,
/// <paramref name="Unpriced"/> says what is missing and every amount is zero.
/// </summary>
public sealed record CostLine(string Item, double PracticeHour, string? Unpriced = null,
    double RunningPerHour = 0, double? RunsHours = null, double StandingPerHour = 0)
{
    /// <summary>What the line bills in the first <paramref name="hours"/> the lab sits deployed and forgotten.</summary>
    public double Billed(double hours) => RunningPerHour * Math.Min(hours, RunsHours ?? hours) + StandingPerHour * hours;

    /// <summary>What it costs on the first day the lab sits idle.</summary>
    public double IdlePerDay => Billed(24);
}

/// <summary>A module's estimate: the sum of its lines.</summary>
public sealed record ModuleCost(string Module, IReadOnlyList<CostLine> Lines)
{
    /// <summary>What the module costs on the first day deployed and idle.</summary>
    public double IdlePerDay => Lines.Sum(l => l.IdlePerDay);

    /// <summary>What an hour of practice with the module costs.</summary>
    public double PracticeHour => Lines.Sum(l => l.PracticeHour);

    /// <summary>What the module bills in the first <paramref name="hours"/> it sits deployed and forgotten (each line to its own end).</summary>
    public double ForgottenHours(double hours) => Lines.Sum(l => l.Billed(hours));

    /// <summary>What the module costs deployed and forgotten for <paramref name="days"/>.</summary>
    public double Forgotten(double days) => ForgottenHours(days * 24);
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
                "AWS::Glue::Job" => GlueJobLine(id, properties, prices),
                "AWS::Athena::WorkGroup" => new CostLine($"{id}: {prices.Assumption("athenaQueries")} queries",
                    prices.Assumption("athenaQueries") * Math.Max(10, prices.Assumption("athenaMbScannedPerQuery")) / MbPerTb * prices.Rate("athenaTbScanned")),
                "AWS::Kinesis::Stream" => KinesisLine(id, properties, prices),
                // The AI pipeline bills per upload; the expiry workflows make a few dozen transitions per deploy (well under a cent).
                "AWS::StepFunctions::StateMachine" when module == LabModules.AiPipeline.Key => PipelineLine(id, prices),
                "AWS::SageMaker::NotebookInstance" => NotebookLine(id, properties, prices),
                "AWS::SageMaker::EndpointConfig" => EndpointLine(id, properties, prices),
                "AWS::SageMaker::Pipeline" => PipelineRunsLine(id, prices),
                // The lab's feature group has an offline store only (S3 storage of cents); an online store would bill while idle.
                "AWS::SageMaker::FeatureGroup" when (bool?)properties["OnlineStoreConfig"]?["EnableOnlineStore"] == true =>
                    new CostLine($"{id}: Feature Store online store", 0, "no Feature Store online store price in the table"),
                "AWS::EMR::Cluster" => EmrLine(id, properties, template["Resources"]!.AsObject(), prices),
                // No template has a customer key (Kinesis uses the AWS-managed one): should one appear, the table says INCOMPLETE.
                "AWS::KMS::Key" => new CostLine($"{id}: KMS key", 0, "no KMS key price in the table"),
                _ => null,
            };
            if (line is not null)
            {
                lines.Add(line);
            }
            if ((string?)resource["Type"] == "AWS::SageMaker::NotebookInstance")
            {
                lines.Add(NotebookJobsLine(prices));
            }
        }
        return new ModuleCost(module, lines);
    }

    /// <summary>An always-on cost given per hour: it bills every hour the lab is deployed, one per practice hour.</summary>
    private static CostLine Hourly(string item, double perHour) => new(item, perHour, RunningPerHour: perHour);

    /// <summary>The lab's crawlers have no schedule (a test pins that): they bill only when a learner runs them.</summary>
    private static CostLine CrawlerLine(string id, PriceTable prices)
    {
        var perRun = prices.Assumption("crawlerDpus") * prices.Assumption("crawlerBilledMinutes") / 60 * prices.Rate("glueCrawlerDpuHour");
        return new CostLine($"{id}: {prices.Assumption("crawlerRuns")} crawler run(s)", prices.Assumption("crawlerRuns") * perRun);
    }

    /// <summary>
    /// A Glue ETL job bills DPU-hours only while it runs (per second, 1-minute minimum on Glue 5): workers x DPUs per
    /// worker x billed minutes, for the practice hour's assumed runs. It has no schedule, so it costs nothing idle.
    /// </summary>
    private static CostLine GlueJobLine(string id, JsonObject properties, PriceTable prices)
    {
        var workers = (double?)properties["NumberOfWorkers"] ?? 2;
        var dpusPerWorker = (string?)properties["WorkerType"] switch { "G.025X" => 0.25, "G.2X" => 2, "G.4X" => 4, "G.8X" => 8, _ => 1 };
        var minutes = Math.Max(1, prices.Assumption("glueJobBilledMinutes"));
        var perRun = workers * dpusPerWorker * minutes / 60 * prices.Rate("glueEtlDpuHour");
        return new CostLine($"{id}: {prices.Assumption("glueJobRuns")} job run(s), {workers} x {(string?)properties["WorkerType"]}",
            prices.Assumption("glueJobRuns") * perRun);
    }

    /// <summary>
    /// A notebook runs from deploy until its idle auto-stop (the <c>auto-stop-idle-minutes</c> tag), then only its
    /// volume bills (<c>VolumeSizeInGB</c>, 5 GB when absent, as SageMaker defaults it); in practice it runs the whole hour
    /// and then its idle tail until the stop.
    /// </summary>
    private static CostLine NotebookLine(string id, JsonObject properties, PriceTable prices)
    {
        var type = (string)properties["InstanceType"]!;
        var storagePerHour = ((double?)properties["VolumeSizeInGB"] ?? 5) * prices.Rate("sagemakerStorageGbMonth") / DaysPerMonth / HoursPerDay;
        var idleMinutes = properties["Tags"]?.AsArray().FirstOrDefault(t => (string?)t!["Key"] == "auto-stop-idle-minutes")?["Value"];
        if (prices.InstanceHour(type) is not double hourly)
        {
            return new CostLine($"{id}: {type} notebook", 0, $"no price for {type} in the table");
        }
        double? runsBeforeStop = idleMinutes is null ? null : double.Parse((string)idleMinutes!, System.Globalization.CultureInfo.InvariantCulture) / 60;
        // A practice hour ends with the idle tail: the notebook runs on until its idle stop.
        return new CostLine($"{id}: {type} notebook", hourly * (1 + (runsBeforeStop ?? 0)) + storagePerHour,
            RunningPerHour: hourly, RunsHours: runsBeforeStop, StandingPerHour: storagePerHour);
    }

    /// <summary>
    /// What the notebooks start in a practice hour (notebooks 02, 04, 05 and 06 in one sitting): training jobs (one in 02,
    /// six in 04, sixteen in 05's three tuning jobs), batch transforms (two in 04, one in 06) and 06's two-instance
    /// real-time endpoint until the notebook deletes it, all on the notebooks' instance type, billed only while they run.
    /// </summary>
    private static CostLine NotebookJobsLine(PriceTable prices)
    {
        var type = SageMaker.NotebookJobs.TrainingInstanceTypes[0];
        var (jobs, transforms) = (prices.Assumption("notebookTrainingJobs"), prices.Assumption("notebookTransformJobs"));
        var item = $"notebook jobs: {jobs} training, {transforms} transform, an A/B endpoint, on {type}";
        if (prices.InstanceHour(type) is not double hourly)
        {
            return new CostLine(item, 0, $"no price for {type} in the table");
        }
        var minutes = jobs * prices.Assumption("trainingJobBilledMinutes") + transforms * prices.Assumption("transformJobBilledMinutes")
            + prices.Assumption("notebookEndpointInstanceMinutes");
        return new CostLine(item, minutes / 60 * hourly);
    }

    /// <summary>
    /// A SageMaker pipeline bills only its jobs while they run: per run, two processing jobs (Prepare, Evaluate) and one
    /// training job on <see cref="MlOps.ChurnPipelineDefinition.InstanceType"/>, for the practice hour's assumed runs. A
    /// pipeline, its registry group, its rules and workflows bill nothing idle; the endpoint its deploy makes is serverless.
    /// </summary>
    private static CostLine PipelineRunsLine(string id, PriceTable prices)
    {
        var type = MlOps.ChurnPipelineDefinition.InstanceType;
        var runs = prices.Assumption("mlopsPipelineRuns");
        var item = $"{id}: {runs} pipeline run(s), 2 processing and 1 training job each on {type}";
        if (prices.InstanceHour(type) is not double hourly)
        {
            return new CostLine(item, 0, $"no price for {type} in the table");
        }
        var minutes = runs * (2 * prices.Assumption("processingJobBilledMinutes") + prices.Assumption("trainingJobBilledMinutes"));
        return new CostLine(item, minutes / 60 * hourly);
    }

    /// <summary>Serverless endpoints bill per GB-second of inference only; real-time ones bill their instances every hour.</summary>
    private static CostLine EndpointLine(string id, JsonObject properties, PriceTable prices)
    {
        var variant = properties["ProductionVariants"]![0]!;
        if (variant["ServerlessConfig"] is JsonNode serverless)
        {
            var gb = (double)serverless["MemorySizeInMB"]! / 1024;
            var seconds = prices.Assumption("endpointInvocations") * prices.Assumption("endpointSecondsPerInvocation");
            return new CostLine($"{id}: serverless, {gb:0} GB", seconds * gb * prices.Rate("sagemakerServerlessGbSecond"));
        }
        var type = (string)variant["InstanceType"]!;
        var count = (double?)variant["InitialInstanceCount"] ?? 1;
        return prices.InstanceHour(type) is double hourly
            ? Hourly($"{id}: {count} x {type} real-time", count * hourly)
            : new CostLine($"{id}: {count} x {type} real-time", 0, $"no price for {type} in the table");
    }

    /// <summary>
    /// An EMR cluster bills its nodes from the moment it is requested until it has terminated: start-up, the first step
    /// (when the template has one), the idle timeout, then termination (durations in the price file). Each node also
    /// bills its public IPv4 address (when the cluster's subnet maps one on launch) and its default EBS volumes. In
    /// practice it runs the whole hour and then its idle tail.
    /// </summary>
    private static CostLine EmrLine(string id, JsonObject properties, JsonObject resources, PriceTable prices)
    {
        var instances = properties["Instances"]!;
        var type = (string)instances["MasterInstanceGroup"]!["InstanceType"]!;
        var nodes = 1 + ((double?)instances["CoreInstanceGroup"]?["InstanceCount"] ?? 0);
        var idleSeconds = (double?)properties["AutoTerminationPolicy"]?["IdleTimeout"];
        var item = $"{id}: {nodes} x {type}";
        if (prices.EmrNodeHour(type) is not double hourly)
        {
            return new CostLine(item, 0, $"no EMR price for {type} in the table");
        }
        if (prices.EmrNodeEbs(type) is not double ebsGib)
        {
            return new CostLine(item, 0, $"no default EBS size for {type} in the table");
        }
        var ipv4 = PublicIpv4OnLaunch(instances, resources) ? prices.Rate("publicIpv4Hour") : 0;
        var nodeHour = hourly + ipv4 + ebsGib * prices.Rate("ebsGp3GbMonth") / HoursPerEbsMonth;
        var step = properties["Steps"]?.AsArray().Count > 0 ? prices.Duration("emrFirstStepMinutes") : 0;
        // A practice hour ends with the idle tail: the cluster runs on for its idle timeout, then terminates.
        double? tail = idleSeconds is double seconds ? (seconds / 60 + prices.Duration("emrTerminationMinutes")) / 60 : null;
        double? runs = tail + (prices.Duration("emrStartupMinutes") + step) / 60;
        return new CostLine(item, nodes * nodeHour * (1 + (tail ?? 0)), RunningPerHour: nodes * nodeHour, RunsHours: runs);
    }

    /// <summary>AWS bills EBS per GB-month of 730 hours (per second of provisioned storage).</summary>
    private const double HoursPerEbsMonth = 730;

    /// <summary>Whether the cluster's subnet (a resource of the same template) gives each instance a public IPv4 address.</summary>
    private static bool PublicIpv4OnLaunch(JsonNode instances, JsonObject resources) =>
        (string?)instances["Ec2SubnetId"]?["Ref"] is string subnet
        && (bool?)resources[subnet]?["Properties"]?["MapPublicIpOnLaunch"] == true;

    /// <summary>Comprehend bills 100-character units, at least 3 per request.</summary>
    private static double ComprehendUnits(int characters) => Math.Max(3, Math.Ceiling(characters / 100.0));

    /// <summary>
    /// Comprehend requests per analyzed text: DetectDominantLanguage, then DetectSentiment, DetectKeyPhrases and
    /// DetectEntities. Translate gets the detected language, not <c>auto</c>, so it makes no detection call of its own.
    /// </summary>
    public const int ComprehendRequestsPerText = 4;

    /// <summary>Transcribe bills per second with a 15-second minimum per job.</summary>
    public static double TranscribeCost(double seconds, PriceTable prices) =>
        Math.Max(TranscribeMinimumSeconds, seconds) / 60 * prices.Rate("transcribeMinute");

    /// <summary>Transcribe's minimum billed length of a job, in seconds.</summary>
    public const double TranscribeMinimumSeconds = 15;

    /// <summary>Characters of one image text line assumed at worst (Rekognition returns short lines).</summary>
    public const int WorstImageLineCharacters = 100;

    /// <summary>The longest audio an upload can be, in minutes: the byte limit of each audio format bounds its length (UploadKinds).</summary>
    public const double AudioMaxMinutes = AiPipeline.UploadKinds.AudioMaxSeconds / 60.0;

    /// <summary>Characters Transcribe writes for a minute of speech (about 150 words).</summary>
    public const int TranscriptCharactersPerMinute = 900;

    /// <summary>
    /// The most one analyzed upload can cost in AI calls: the largest of a text read to its limit (every byte a character:
    /// Comprehend's language detection, Translate from the detected language (so Translate bills no detection of its own),
    /// three Comprehend analyses of as many characters, and Polly speaking the translation), an image (two Rekognition calls, then the
    /// same for each of its first lines) and an audio file at its limit (Transcribe per minute, then its transcript as a
    /// text), plus the state transitions and the cap counter's write. Prices from <paramref name="prices"/>.
    /// </summary>
    public static double WorstUploadCost(PriceTable prices)
    {
        double TextCost(int characters) => ComprehendRequestsPerText * ComprehendUnits(characters) * prices.Rate("comprehendUnit")
            + characters * (prices.Rate("translateCharacter") + prices.Rate("pollyStandardCharacter"));
        var text = TextCost(AiPipeline.TextFileReading.ByteLimit);
        var image = 2 * prices.Rate("rekognitionImage") + AiPipeline.ImageAnalysis.LinesAnalyzed * TextCost(WorstImageLineCharacters);
        var minutes = AudioMaxMinutes;
        var audio = TranscribeCost(minutes * 60, prices) + TextCost((int)(minutes * TranscriptCharactersPerMinute));
        return new[] { text, image, audio }.Max()
            + 2 * prices.Assumption("transitionsPerRun") * prices.Rate("stepFunctionsTransition") + prices.Rate("dynamodbWriteRequest");
    }

    /// <summary>
    /// The most a day can cost in Transcribe: the day's cap of uploads, every one audio of the longest length, plus the jobs
    /// in flight at midnight (at most the day before's cap, counted yesterday and billed as they finish). The bound holds
    /// before StartTranscriptionJob, since routing refuses audio over its format's byte limit before the count.
    /// </summary>
    public static double WorstDayAudioCost(PriceTable prices, int maxUploadsPerDay) =>
        2 * maxUploadsPerDay * AudioMaxMinutes * prices.Rate("transcribeMinute");

    /// <summary>The AI pipeline bills per run: state transitions and the AI services' per-image and per-character prices.</summary>
    private static CostLine PipelineLine(string id, PriceTable prices)
    {
        var perRun = prices.Assumption("transitionsPerRun") * prices.Rate("stepFunctionsTransition")
            + prices.Assumption("rekognitionCallsPerRun") * prices.Rate("rekognitionImage")
            + prices.Assumption("comprehendUnitsPerRun") * prices.Rate("comprehendUnit")
            + prices.Assumption("translatedCharactersPerRun") * (prices.Rate("translateCharacter") + prices.Rate("pollyStandardCharacter"));
        var audio = prices.Assumption("audioRuns") * TranscribeCost(prices.Assumption("audioMinutesPerRun") * 60, prices);
        return new CostLine($"{id}: {prices.Assumption("pipelineRuns")} uploads analyzed, {prices.Assumption("audioRuns")} of them a minute of audio",
            prices.Assumption("pipelineRuns") * perRun + audio);
    }

    private static CostLine KinesisLine(string id, JsonObject properties, PriceTable prices)
    {
        var onDemand = (string?)properties["StreamModeDetails"]?["StreamMode"] == "ON_DEMAND";
        if (onDemand)
        {
            // The lab's stream is provisioned (StreamingStack): an on-demand one would make the table say INCOMPLETE.
            return new CostLine($"{id}: on-demand stream", 0, "no on-demand stream price in the table");
        }
        var shards = (double?)properties["ShardCount"] ?? 1;
        return Hourly($"{id}: {shards} shard(s)", shards * prices.Rate("kinesisShardHour"));
    }
}
