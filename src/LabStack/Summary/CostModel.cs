using System.Text.Json.Nodes;

namespace LabStack.Summary;

/// <summary>
/// One priced thing in a stack. A deployed and forgotten lab bills <paramref name="RunningPerHour"/> for the first
/// <paramref name="RunsHours"/> hours (null: until the lab is deleted; what stops or terminates itself bills only until
/// then) and <paramref name="StandingPerHour"/> every hour it stays deployed (a stopped notebook's volume).
/// <paramref name="PracticeHour"/> is what the usage the line was estimated for costs: an hour of practice in the table
/// (<see cref="CostModel.Estimate"/> estimates each exercise's usage the same way, into <see cref="Exercises"/>). When
/// the price table lacks its price, <paramref name="Unpriced"/> says what is missing and every amount is zero.
/// </summary>
public sealed record CostLine(string Item, double PracticeHour, string? Unpriced = null,
    double RunningPerHour = 0, double? RunsHours = null, double StandingPerHour = 0)
{
    /// <summary>What each exercise of the price file costs on this line, by exercise (its file name in docs/exercises).</summary>
    public IReadOnlyDictionary<string, double> Exercises { get; init; } = new Dictionary<string, double>();

    /// <summary>What doing every exercise once costs on this line.</summary>
    public double EveryExercise => Exercises.Values.Sum();

    /// <summary>What the line bills in the first <paramref name="hours"/> the lab sits deployed and forgotten.</summary>
    public double Billed(double hours) => RunningPerHour * Math.Min(hours, RunsHours ?? hours) + StandingPerHour * hours;

    /// <summary>What it costs on the first day the lab sits idle.</summary>
    public double IdlePerDay => Billed(PriceTable.HoursPerDay);
}

/// <summary>A module's estimate: the sum of its lines.</summary>
public sealed record ModuleCost(string Module, IReadOnlyList<CostLine> Lines)
{
    /// <summary>What the module costs on the first day deployed and idle.</summary>
    public double IdlePerDay => Lines.Sum(l => l.IdlePerDay);

    /// <summary>What an hour of practice with the module costs.</summary>
    public double PracticeHour => Lines.Sum(l => l.PracticeHour);

    /// <summary>What doing every exercise once costs in the module.</summary>
    public double EveryExercise => Lines.Sum(l => l.EveryExercise);

    /// <summary>What one exercise costs in the module.</summary>
    public double Exercise(string name) => Lines.Sum(l => l.Exercises.GetValueOrDefault(name));

    /// <summary>What the module bills in the first <paramref name="hours"/> it sits deployed and forgotten (each line to its own end).</summary>
    public double ForgottenHours(double hours) => Lines.Sum(l => l.Billed(hours));

    /// <summary>What the module costs deployed and forgotten for <paramref name="days"/>.</summary>
    public double Forgotten(double days) => ForgottenHours(days * PriceTable.HoursPerDay);
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
    private const double MbPerTb = 1024 * 1024;

    /// <summary>
    /// The estimate for one module's template: each priced resource's line for the practice hour, with what each exercise
    /// of the price file costs on it (the same line estimated for that exercise's usage).
    /// </summary>
    public static ModuleCost Estimate(string module, JsonObject template, PriceTable prices)
    {
        var lines = new List<CostLine>();
        var resources = template["Resources"]?.AsObject() ?? [];
        foreach (var (id, node) in resources)
        {
            var resource = node!.AsObject();
            var properties = resource["Properties"]?.AsObject() ?? [];
            var type = (string?)resource["Type"];
            CostLine? Line(Usage use) => type switch
            {
                "AWS::Glue::Crawler" => CrawlerLine(id, use, prices),
                "AWS::Glue::Job" => GlueJobLine(id, properties, use, prices),
                "AWS::Athena::WorkGroup" => new CostLine($"{id}: {use.Count("athenaQueries")} queries",
                    use.Count("athenaQueries") * Math.Max(10, use.Unit("athenaMbScannedPerQuery")) / MbPerTb * prices.Rate("athenaTbScanned")),
                "AWS::Kinesis::Stream" => KinesisLine(id, properties, use, prices),
                // The AI pipeline bills per upload; the expiry workflows make a few dozen transitions per deploy (well under a cent).
                "AWS::StepFunctions::StateMachine" when module == LabModules.AiPipeline.Key => PipelineLine(id, use, prices),
                "AWS::SageMaker::NotebookInstance" => NotebookLine(id, properties, use, prices),
                "AWS::SageMaker::EndpointConfig" => EndpointLine(id, properties, use, prices),
                "AWS::Lex::Bot" => LexLine(id, use, prices),
                "AWS::SageMaker::Pipeline" => PipelineRunsLine(id, use, prices),
                // The lab's feature group has an offline store only (S3 storage of cents); an online store would bill while idle.
                "AWS::SageMaker::FeatureGroup" when (bool?)properties["OnlineStoreConfig"]?["EnableOnlineStore"] == true =>
                    new CostLine($"{id}: Feature Store online store", 0, "no Feature Store online store price in the table"),
                "AWS::KinesisAnalyticsV2::Application" => FlinkLine(id, properties, resources, use, prices),
                "AWS::EMR::Cluster" => EmrLine(id, properties, resources, use, prices),
                "AWS::SageMaker::Workteam" => LabelingLine(id, use, prices),
                // Cognito bills monthly active users past a free tier of 10,000 (https://aws.amazon.com/cognito/pricing/); the pool has one.
                "AWS::Cognito::UserPool" => new CostLine($"{id}: user pool, one worker (inside the free tier)", 0),
                // No template has a customer key (Kinesis uses the AWS-managed one): should one appear, the table says INCOMPLETE.
                "AWS::KMS::Key" => new CostLine($"{id}: KMS key", 0, "no KMS key price in the table"),
                _ => null,
            };
            var builders = new List<Func<Usage, CostLine?>> { Line };
            if (type == "AWS::SageMaker::NotebookInstance")
            {
                builders.Add(use => NotebookJobsLine(use, prices));
                builders.Add(use => FrameworkNotebooksLine(use, prices));
            }
            foreach (var build in builders)
            {
                if (build(prices.Practice) is CostLine practice)
                {
                    lines.Add(practice with { Exercises = prices.ExerciseUsages.ToDictionary(e => e.Name, e => build(e)!.PracticeHour) });
                }
            }
        }
        return new ModuleCost(module, lines);
    }

    /// <summary>An always-on cost given per hour: it bills every hour the lab is deployed, and the usage's hours of it.</summary>
    private static CostLine Hourly(string item, double perHour, double hours) => new(item, perHour * hours, RunningPerHour: perHour);

    /// <summary>The lab's crawlers have no schedule (a test pins that): they bill only when a learner runs them.</summary>
    private static CostLine CrawlerLine(string id, Usage use, PriceTable prices)
    {
        var perRun = use.Unit("crawlerDpus") * use.Unit("crawlerBilledMinutes") / 60 * prices.Rate("glueCrawlerDpuHour");
        return new CostLine($"{id}: {use.Count("crawlerRuns")} crawler run(s)", use.Count("crawlerRuns") * perRun);
    }

    /// <summary>
    /// A Glue ETL job bills DPU-hours only while it runs (per second, 1-minute minimum on Glue 5): workers x DPUs per
    /// worker x billed minutes, for the usage's runs. It has no schedule, so it costs nothing idle.
    /// </summary>
    private static CostLine GlueJobLine(string id, JsonObject properties, Usage use, PriceTable prices)
    {
        var workers = (double?)properties["NumberOfWorkers"] ?? 2;
        var dpusPerWorker = (string?)properties["WorkerType"] switch { "G.025X" => 0.25, "G.2X" => 2, "G.4X" => 4, "G.8X" => 8, _ => 1 };
        var minutes = Math.Max(1, use.Unit("glueJobBilledMinutes"));
        var perRun = workers * dpusPerWorker * minutes / 60 * prices.Rate("glueEtlDpuHour");
        return new CostLine($"{id}: {use.Count("glueJobRuns")} job run(s), {workers} x {(string?)properties["WorkerType"]}",
            use.Count("glueJobRuns") * perRun);
    }

    /// <summary>
    /// A notebook runs from deploy until its idle auto-stop (the <c>auto-stop-idle-minutes</c> tag), then only its
    /// volume bills (<c>VolumeSizeInGB</c>, 5 GB when absent, as SageMaker defaults it); in use it runs the usage's
    /// <c>notebookHours</c> and then its idle tail until the stop.
    /// </summary>
    private static CostLine NotebookLine(string id, JsonObject properties, Usage use, PriceTable prices)
    {
        var type = (string)properties["InstanceType"]!;
        var storagePerHour = ((double?)properties["VolumeSizeInGB"] ?? 5) * prices.Rate("sagemakerStorageGbMonth") / PriceTable.DaysPerMonth / PriceTable.HoursPerDay;
        var idleMinutes = properties["Tags"]?.AsArray().FirstOrDefault(t => (string?)t!["Key"] == "auto-stop-idle-minutes")?["Value"];
        if (prices.InstanceHour(type) is not double hourly)
        {
            return new CostLine($"{id}: {type} notebook", 0, $"no price for {type} in the table");
        }
        double? runsBeforeStop = idleMinutes is null ? null : double.Parse((string)idleMinutes!, System.Globalization.CultureInfo.InvariantCulture) / 60;
        // A sitting ends with the idle tail: the notebook runs on until its idle stop.
        var hours = use.Count("notebookHours");
        var used = hours > 0 ? hourly * (hours + (runsBeforeStop ?? 0)) + storagePerHour * hours : 0;
        return new CostLine($"{id}: {type} notebook", used,
            RunningPerHour: hourly, RunsHours: runsBeforeStop, StandingPerHour: storagePerHour);
    }

    /// <summary>
    /// What the notebooks start in a practice hour (notebooks 02, 04, 05 and 06 in one sitting): training jobs (one in 02,
    /// six in 04, sixteen in 05's three tuning jobs), batch transforms (two in 04, one in 06) and 06's two-instance
    /// real-time endpoint until the notebook deletes it, all on the notebooks' instance type, billed only while they run.
    /// </summary>
    private static CostLine NotebookJobsLine(Usage use, PriceTable prices)
    {
        var (jobs, transforms) = (use.Count("notebookTrainingJobs"), use.Count("notebookTransformJobs"));
        return OnJobInstances(prices, type => $"notebook jobs: {jobs} training, {transforms} transform, an A/B endpoint, on {type}",
            jobs * use.Unit("trainingJobBilledMinutes") + transforms * use.Unit("transformJobBilledMinutes")
            + use.Count("notebookEndpointInstanceMinutes"));
    }

    /// <summary>
    /// What notebooks 07 to 09 start: framework and BlazingText training jobs (09's PyTorch, scikit-learn and
    /// BlazingText) and 09's batch transform on the notebooks' instance type, billed only while they run (a framework
    /// container's job bills a few minutes more than a built-in algorithm's); 08's Rekognition images and 09's Comprehend
    /// units (each call bills at least 3 units). Their networks train on the notebook itself.
    /// </summary>
    private static CostLine FrameworkNotebooksLine(Usage use, PriceTable prices)
    {
        var (jobs, transforms) = (use.Count("frameworkNotebookTrainingJobs"), use.Count("frameworkNotebookTransformJobs"));
        return OnJobInstances(prices, type => $"notebooks 07-09: {jobs} training, {transforms} transform on {type}, AI calls",
            jobs * use.Unit("frameworkJobBilledMinutes") + transforms * use.Unit("transformJobBilledMinutes"),
            use.Count("notebookRekognitionImages") * prices.Rate("rekognitionImage")
            + use.Count("notebookComprehendUnits") * prices.Rate("comprehendUnit"));
    }

    /// <summary>
    /// <paramref name="minutes"/> of the notebooks' job instance type (the first the role allows) and <paramref name="services"/>
    /// dollars of other calls; unpriced when the table lacks the type.
    /// </summary>
    private static CostLine OnJobInstances(PriceTable prices, Func<string, string> item, double minutes, double services = 0)
    {
        var type = SageMaker.NotebookJobs.TrainingInstanceTypes[0];
        return prices.InstanceHour(type) is double hourly
            ? new CostLine(item(type), minutes / 60 * hourly + services)
            : new CostLine(item(type), 0, $"no price for {type} in the table");
    }

    /// <summary>
    /// A SageMaker pipeline bills only its jobs while they run: per run, its processing jobs (Prepare, Evaluate, Explain,
    /// CheckDrift), its training job and its batch transform (Score) on <see cref="MlOps.ChurnPipelineDefinition.InstanceType"/>,
    /// for the practice hour's assumed runs (the batch model it creates bills nothing). A pipeline, its registry group, its
    /// rules and workflows bill nothing idle; the endpoint its deploy makes is serverless.
    /// </summary>
    private static CostLine PipelineRunsLine(string id, Usage use, PriceTable prices)
    {
        var type = MlOps.ChurnPipelineDefinition.InstanceType;
        var (processing, transforms) = (MlOps.ChurnPipelineDefinition.ProcessingJobsPerRun, MlOps.ChurnPipelineDefinition.TransformJobsPerRun);
        var runs = use.Count("mlopsPipelineRuns");
        var item = $"{id}: {runs} pipeline run(s), {processing} processing, 1 training and {transforms} transform job each on {type}";
        if (prices.InstanceHour(type) is not double hourly)
        {
            return new CostLine(item, 0, $"no price for {type} in the table");
        }
        var minutes = runs * (processing * use.Unit("processingJobBilledMinutes") + use.Unit("trainingJobBilledMinutes")
            + transforms * use.Unit("transformJobBilledMinutes"));
        return new CostLine(item, minutes / 60 * hourly);
    }

    /// <summary>Serverless endpoints bill per GB-second of inference only; real-time ones bill their instances every hour.</summary>
    private static CostLine EndpointLine(string id, JsonObject properties, Usage use, PriceTable prices)
    {
        var variant = properties["ProductionVariants"]![0]!;
        if (variant["ServerlessConfig"] is JsonNode serverless)
        {
            var gb = (double)serverless["MemorySizeInMB"]! / 1024;
            var seconds = use.Count("endpointInvocations") * use.Unit("endpointSecondsPerInvocation");
            return new CostLine($"{id}: serverless, {gb:0} GB", seconds * gb * prices.Rate("sagemakerServerlessGbSecond"));
        }
        var type = (string)variant["InstanceType"]!;
        var count = (double?)variant["InitialInstanceCount"] ?? 1;
        return prices.InstanceHour(type) is double hourly
            ? Hourly($"{id}: {count} x {type} real-time", count * hourly, use.Count("endpointHours"))
            : new CostLine($"{id}: {count} x {type} real-time", 0, $"no price for {type} in the table");
    }

    /// <summary>
    /// An EMR cluster bills its nodes from the moment it is requested until it has terminated: start-up, the first step
    /// (when the template has one), the idle timeout, then termination (durations in the price file). Each node also
    /// bills its public IPv4 address (when the cluster's subnet maps one on launch) and its default EBS volumes. In use it
    /// runs the usage's <c>emrStarts</c> start-ups with their first step and its <c>emrWorkMinutes</c>, then its idle tail.
    /// </summary>
    private static CostLine EmrLine(string id, JsonObject properties, JsonObject resources, Usage use, PriceTable prices)
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
        // A sitting ends with the idle tail: the cluster runs on for its idle timeout, then terminates.
        double? tail = idleSeconds is double seconds ? (seconds / 60 + prices.Duration("emrTerminationMinutes")) / 60 : null;
        var startup = (prices.Duration("emrStartupMinutes") + step) / 60;
        double? runs = tail + startup;
        var busy = use.Count("emrStarts") * startup + use.Count("emrWorkMinutes") / 60;
        return new CostLine(item, busy > 0 ? nodes * nodeHour * (busy + (tail ?? 0)) : 0, RunningPerHour: nodes * nodeHour, RunsHours: runs);
    }

    /// <summary>
    /// A private workteam bills nothing itself; Ground Truth bills each object a labeling job labels, and notebook 12 asks
    /// Rekognition for the same images' labels (one DetectLabels call each), so the usage's <c>labeledObjects</c> bill both.
    /// </summary>
    private static CostLine LabelingLine(string id, Usage use, PriceTable prices) =>
        new($"{id}: {use.Count("labeledObjects")} object(s) labeled by the private workteam",
            use.Count("labeledObjects") * (prices.Rate("groundTruthObject") + prices.Rate("rekognitionImage")));

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

    /// <summary>
    /// The longest video an upload can be, in minutes: routing reads the duration from the movie header and refuses a
    /// longer one before StartLabelDetection (UploadKinds.VideoMaxSeconds).
    /// </summary>
    public const double VideoMaxMinutes = AiPipeline.UploadKinds.VideoMaxSeconds / 60.0;

    /// <summary>
    /// Rekognition Video's label detection on <paramref name="minutes"/> of stored video, billed per minute of video
    /// (https://aws.amazon.com/rekognition/pricing/), with the state transitions of every look at the job the run may take.
    /// The header reader's invocation (128 MB for well under a second) costs a millionth of that and is left out.
    /// </summary>
    public static double VideoCost(double minutes, PriceTable prices) => minutes * prices.Rate("rekognitionVideoMinute")
        + AiPipeline.VideoAnalysis.MaxPolls * AiPipeline.VideoAnalysis.TransitionsPerPoll * prices.Rate("stepFunctionsTransition");

    /// <summary>Characters Transcribe writes for a minute of speech (about 150 words).</summary>
    public const int TranscriptCharactersPerMinute = 900;

    /// <summary>
    /// The most one analyzed upload can cost in AI calls: the largest of a text read to its limit (every byte a character:
    /// Comprehend's language detection, Translate from the detected language (so Translate bills no detection of its own),
    /// three Comprehend analyses of as many characters, and Polly speaking the translation), an image (two Rekognition calls, then the
    /// same for each of its first lines), an audio file at its limit (Transcribe per minute, then its transcript as a
    /// text) and a video at its limit (Rekognition Video per minute, with every look at the job), plus the state transitions
    /// and the cap counter's write. Prices from <paramref name="prices"/>.
    /// </summary>
    public static double WorstUploadCost(PriceTable prices)
    {
        double TextCost(int characters) => ComprehendRequestsPerText * ComprehendUnits(characters) * prices.Rate("comprehendUnit")
            + characters * (prices.Rate("translateCharacter") + prices.Rate("pollyStandardCharacter"));
        var text = TextCost(AiPipeline.TextFileReading.ByteLimit);
        var image = 2 * prices.Rate("rekognitionImage") + AiPipeline.ImageAnalysis.LinesAnalyzed * TextCost(WorstImageLineCharacters);
        var minutes = AudioMaxMinutes;
        var audio = TranscribeCost(minutes * 60, prices) + TextCost((int)(minutes * TranscriptCharactersPerMinute));
        var video = VideoCost(VideoMaxMinutes, prices);
        return new[] { text, image, audio, video }.Max()
            + 2 * prices.Assumption("transitionsPerRun") * prices.Rate("stepFunctionsTransition") + prices.Rate("dynamodbWriteRequest");
    }

    /// <summary>
    /// The most a day can cost in Transcribe: the day's cap of uploads, every one audio of the longest length, plus the jobs
    /// in flight at midnight (at most the day before's cap, counted yesterday and billed as they finish). The bound holds
    /// before StartTranscriptionJob, since routing refuses audio over its format's byte limit before the count.
    /// </summary>
    public static double WorstDayAudioCost(PriceTable prices, int maxUploadsPerDay) =>
        2 * maxUploadsPerDay * AudioMaxMinutes * prices.Rate("transcribeMinute");

    /// <summary>
    /// The most a day can cost in Rekognition Video: as for audio, the day's cap of uploads, every one a video of the longest
    /// length, plus the jobs in flight at midnight (counted yesterday). The bound holds before StartLabelDetection, since the
    /// video's header is read and a longer video refused before the count.
    /// </summary>
    public static double WorstDayVideoCost(PriceTable prices, int maxUploadsPerDay) =>
        2 * maxUploadsPerDay * VideoMaxMinutes * prices.Rate("rekognitionVideoMinute");

    /// <summary>
    /// What one full <c>lab verify</c> costs (docs/lab-command.md lists its checks): the pipeline's samples (7 analyzed
    /// uploads, one of them speech, priced as exercise 6's), one Athena query at its 10 MB minimum and one Lex text request.
    /// The job runs on its G.1X workers, 1 DPU each.
    /// Its other calls only read, or bill under a tenth of a cent (one endpoint invocation, 10 Kinesis and Firehose
    /// records); <c>--run-jobs</c> adds the crawler and the Glue job, priced as a practice hour's crawl and job run.
    /// </summary>
    public static (double Verify, double RunJobs) VerifyCost(PriceTable prices)
    {
        var use = new Usage("lab verify", new Dictionary<string, double>
        {
            ["pipelineRuns"] = 7, ["audioRuns"] = 1, ["audioMinutesPerRun"] = 0.15, ["athenaQueries"] = 1, ["lexTextRequests"] = 1, ["crawlerRuns"] = 1,
        }, prices, Strict: false);
        var verify = PipelineLine("pipeline", use, prices).PracticeHour
            + use.Count("athenaQueries") * 10 / MbPerTb * prices.Rate("athenaTbScanned")
            + LexLine("lex", use, prices).PracticeHour;
        var jobMinutes = prices.Assumption("glueJobBilledMinutes");
        return (verify, CrawlerLine("crawler", use, prices).PracticeHour + DataLake.CleanCustomersJob.Workers * jobMinutes / 60 * prices.Rate("glueEtlDpuHour"));
    }

    /// <summary>The AI pipeline bills per run: state transitions and the AI services' per-image and per-character prices.</summary>
    private static CostLine PipelineLine(string id, Usage use, PriceTable prices)
    {
        var perRun = use.Unit("transitionsPerRun") * prices.Rate("stepFunctionsTransition")
            + use.Unit("rekognitionCallsPerRun") * prices.Rate("rekognitionImage")
            + use.Unit("comprehendUnitsPerRun") * prices.Rate("comprehendUnit")
            + use.Unit("translatedCharactersPerRun") * (prices.Rate("translateCharacter") + prices.Rate("pollyStandardCharacter"));
        var audio = use.Count("audioRuns") * TranscribeCost(use.Unit("audioMinutesPerRun") * 60, prices);
        var video = use.Count("videoRuns") * VideoCost(use.Unit("videoMinutesPerRun"), prices);
        return new CostLine($"{id}: {use.Count("pipelineRuns")} uploads, {use.Count("audioRuns")} audio, {use.Count("videoRuns")} video",
            use.Count("pipelineRuns") * perRun + audio + video);
    }

    /// <summary>
    /// A Lex V2 bot bills per request it processes (a text request here: the bot has no voice) and nothing while nobody
    /// talks to it; its fulfilment function's invocations stay within Lambda's free tier at lab scale.
    /// </summary>
    private static CostLine LexLine(string id, Usage use, PriceTable prices) =>
        new($"{id}: {use.Count("lexTextRequests")} text requests", use.Count("lexTextRequests") * prices.Rate("lexTextRequest"));

    /// <summary>
    /// A Managed Service for Apache Flink application bills its KPUs (Parallelism / ParallelismPerKPU) every second it runs,
    /// and a Studio notebook (INTERACTIVE) two more, for orchestration and the notebook environment; each of its own KPUs also
    /// bills 50 GB of running application storage (https://aws.amazon.com/managed-service-apache-flink/pricing/). Nothing
    /// while READY: CloudFormation creates an application without starting it. So a forgotten lab bills it only if the
    /// template holds something that starts it unattended (an EventBridge rule or a schedule): then the model cannot tell how
    /// long it runs and the line says so.
    /// </summary>
    private static CostLine FlinkLine(string id, JsonObject properties, JsonObject resources, Usage use, PriceTable prices)
    {
        var parallelism = properties["ApplicationConfiguration"]?["FlinkApplicationConfiguration"]?["ParallelismConfiguration"];
        var kpus = Math.Ceiling(((double?)parallelism?["Parallelism"] ?? 1) / ((double?)parallelism?["ParallelismPerKPU"] ?? 1));
        var studio = (string?)properties["ApplicationMode"] == "INTERACTIVE";
        var item = $"{id}: {PriceTable.FlinkBilledKpus(kpus, studio)} KPUs ({kpus} + {(studio ? "2 Studio" : "1 orchestration")})";
        var starters = resources.Where(r => (string?)r.Value!["Type"] is "AWS::Events::Rule" or "AWS::Scheduler::Schedule").Select(r => r.Key).ToList();
        if (starters.Count > 0)
        {
            return new CostLine(item, 0, $"{string.Join(", ", starters)} may start the application unattended: no idle estimate");
        }
        return new CostLine(item, prices.FlinkApplicationHour(kpus, studio) * use.Count("flinkHours"));
    }

    private static CostLine KinesisLine(string id, JsonObject properties, Usage use, PriceTable prices)
    {
        var onDemand = (string?)properties["StreamModeDetails"]?["StreamMode"] == "ON_DEMAND";
        if (onDemand)
        {
            // The lab's stream is provisioned (StreamingStack): an on-demand one would make the table say INCOMPLETE.
            return new CostLine($"{id}: on-demand stream", 0, "no on-demand stream price in the table");
        }
        var shards = (double?)properties["ShardCount"] ?? 1;
        return Hourly($"{id}: {shards} shard(s)", shards * prices.Rate("kinesisShardHour"), use.Count("streamHours"));
    }
}
