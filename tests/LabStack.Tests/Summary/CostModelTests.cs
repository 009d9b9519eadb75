using System.Text.Json;
using System.Text.RegularExpressions;
using LabStack.DataLake;
using LabStack.Summary;

namespace LabStack.Tests.Summary;

/// <summary>The cost table's arithmetic on known settings and prices.</summary>
[Collection(LabCollection.Name)]
public sealed class CostModelTests(LabFixture lab)
{
    private static readonly PriceTable Prices = new("us-east-1", "USD",
        Rows(new Dictionary<string, double>
        {
            ["glueCrawlerDpuHour"] = 0.44,
            ["athenaTbScanned"] = 5.0,
            ["kinesisShardHour"] = 0.015,
            ["stepFunctionsTransition"] = 0.000025,
            ["rekognitionImage"] = 0.001,
            ["comprehendUnit"] = 0.0001,
            ["translateCharacter"] = 0.000015,
            ["pollyStandardCharacter"] = 0.000004,
            ["transcribeMinute"] = 0.024,
            ["rekognitionVideoMinute"] = 0.1,
            ["sagemakerStorageGbMonth"] = 0.14,
            ["sagemakerServerlessGbSecond"] = 0.00002,
            ["publicIpv4Hour"] = 0.005,
            ["ebsGp3GbMonth"] = 0.08,
        }),
        // The practice-hour assumptions, all whole numbers here.
        new Dictionary<string, int>
        {
            ["crawlerRuns"] = 1,
            ["crawlerDpus"] = 2,
            ["crawlerBilledMinutes"] = 10,
            ["athenaQueries"] = 20,
            ["athenaMbScannedPerQuery"] = 1,
            ["pipelineRuns"] = 10,
            ["transitionsPerRun"] = 40,
            ["rekognitionCallsPerRun"] = 2,
            ["comprehendUnitsPerRun"] = 12,
            ["translatedCharactersPerRun"] = 200,
            ["audioRuns"] = 3,
            ["audioMinutesPerRun"] = 1,
            ["videoRuns"] = 2,
            ["videoMinutesPerRun"] = 1,
            ["endpointInvocations"] = 50,
            ["endpointSecondsPerInvocation"] = 1,
            ["notebookTrainingJobs"] = 20,
            ["trainingJobBilledMinutes"] = 3,
            ["notebookTransformJobs"] = 2,
            ["transformJobBilledMinutes"] = 5,
            ["notebookEndpointInstanceMinutes"] = 30,
            ["streamHours"] = 1,
            ["notebookHours"] = 1,
            ["endpointHours"] = 1,
            ["emrStarts"] = 0,
            ["emrWorkMinutes"] = 60,
            ["frameworkNotebookTrainingJobs"] = 3,
            ["frameworkJobBilledMinutes"] = 5,
            ["frameworkNotebookTransformJobs"] = 1,
            ["notebookRekognitionImages"] = 2,
            ["notebookComprehendUnits"] = 150,
            ["mlopsPipelineRuns"] = 2,
            ["processingJobBilledMinutes"] = 4,
        }.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value)),
        Rows(new Dictionary<string, double> { ["ml.t3.medium"] = 0.05, ["ml.m5.large"] = 0.115 }),
        Rows(new Dictionary<string, double> { ["m5.xlarge"] = 0.24 }),
        Rows(new Dictionary<string, double> { ["m5.xlarge"] = 79 }),
        Rows(new Dictionary<string, double>
        {
            ["emrStartupMinutes"] = 8, ["emrFirstStepMinutes"] = 3, ["emrTerminationMinutes"] = 1,
            ["labDeployMinutes"] = 18, ["expiryDeletionMinutes"] = 18,
        }));

    /// <summary>Test figures as price rows (their source and date do not matter to the arithmetic).</summary>
    private static Dictionary<string, PriceRow> Rows(Dictionary<string, double> values) =>
        values.ToDictionary(v => v.Key, v => new PriceRow(v.Value, "test", "2026-11-24"));

    /// <summary>The committed price file, read as plain JSON (not through the model's PriceTable).</summary>
    private static JsonObject PriceFile => JsonNode.Parse(File.ReadAllText(LabPaths.Asset("prices", "us-east-1.json")))!.AsObject();

    /// <summary>A figure of the committed price file: section, then row name.</summary>
    private static double FileValue(string section, string name) => (double)PriceFile[section]![name]!["value"]!;

    private static double FileRate(string name) => FileValue("rates", name);

    private static double FileDuration(string name) => FileValue("durations", name);

    private static ModuleCost Estimate(string resourcesJson, string module = "test") =>
        CostModel.Estimate(module, JsonNode.Parse($$"""{ "Resources": {{resourcesJson}} }""")!.AsObject(), Prices);

    [Fact]
    public void ProvisionedShardsBillEveryHour()
    {
        var cost = Estimate("""{ "Stream": { "Type": "AWS::Kinesis::Stream", "Properties": { "ShardCount": 2 } } }""");
        Assert.Equal(2 * 0.015 * 24, cost.IdlePerDay, 10);
        Assert.Equal(2 * 0.015, cost.PracticeHour, 10);
    }

    [Fact]
    public void AnOnDemandStreamOrAKmsKeyIsUnpricedNotFreeSinceNoTemplateHasOne()
    {
        var cost = Estimate("""
            { "Stream": { "Type": "AWS::Kinesis::Stream", "Properties": { "StreamModeDetails": { "StreamMode": "ON_DEMAND" } } },
              "Key": { "Type": "AWS::KMS::Key", "Properties": {} } }
            """);
        Assert.Equal(["no KMS key price in the table", "no on-demand stream price in the table"], cost.Lines.Select(l => l.Unpriced).Order());
        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, [cost], Prices);
        Assert.Contains("total: INCOMPLETE, 2 item(s) unpriced", writer.ToString());
        Assert.All(lab.Default.Stacks.All, s => Assert.DoesNotContain("\"AWS::KMS::Key\"", lab.Default.TemplateJson(s.StackName).ToJsonString()));
    }

    [Fact]
    public void EveryRateInThePriceFileIsReadByTheSummaryOrTheLabCommand()
    {
        // A price nothing reads goes stale unnoticed (the DynamoDB rate did): each rate's name must appear in the code that prices.
        var code = string.Concat(new[] { Path.Combine(LabPaths.Root, "src", "LabStack", "Summary"), Path.Combine(LabPaths.Root, "src", "LabStack.Cli") }
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        var unused = PriceFile["rates"]!.AsObject().Select(r => r.Key).Where(name => !code.Contains($"\"{name}\"")).ToList();
        Assert.Empty(unused);
    }

    [Fact]
    public void EveryRowOfThePriceFileNamesItsSourcePageAndADateItWasReadNotInTheFuture()
    {
        // Read as plain JSON, so a row the PriceTable record would drop silently (a bare number, a misspelt field) fails too.
        var sections = new[] { "rates", "instanceHours", "emrNodeHours", "emrNodeEbsGib", "durations" };
        Assert.Equal(sections.Append("practiceHour").Append("exercises").Order(),
            PriceFile.Where(p => p.Value is JsonObject).Select(p => p.Key).Order());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var rows = sections.SelectMany(s => PriceFile[s]!.AsObject().Select(r => (Name: $"{s}.{r.Key}", Row: r.Value))).ToList();
        Assert.True(rows.Count > 40);
        Assert.All(rows, r =>
        {
            var row = Assert.IsType<JsonObject>(r.Row);
            Assert.Subset(new HashSet<string> { "value", "source", "read", "note" }, row.Select(f => f.Key).ToHashSet());
            Assert.True(row["value"]?.GetValueKind() == JsonValueKind.Number, $"{r.Name} has no numeric value");
            var source = (string?)row["source"] ?? "";
            // An AWS page; a duration may cite the lab's own page that measured it (a file of this repository).
            Assert.True(Regex.IsMatch(source, @"^https://(aws\.amazon\.com|docs\.aws\.amazon\.com)/\S+/$|^https://docs\.aws\.amazon\.com/\S+\.html$")
                || (r.Name.StartsWith("durations.", StringComparison.Ordinal) && File.Exists(Path.Combine(LabPaths.Root, source))),
                $"{r.Name}: source '{source}' is no AWS page");
            Assert.True(DateOnly.TryParseExact((string?)row["read"], "yyyy-MM-dd", out var read), $"{r.Name}: read '{row["read"]}' is no yyyy-MM-dd date");
            Assert.True(read <= today, $"{r.Name} was read {read}, after today");
        });
        var table = PriceTable.UsEast1;
        Assert.Equal(rows.Count, table.Rows.Count());
        Assert.Equal("2026-11-24 to 2026-12-01", table.ReadDates);
    }

    [Fact]
    public void CrawlerRunsBillTenMinutesOfTwoDpusEachAndNothingIdle()
    {
        var cost = Estimate("""{ "Crawler": { "Type": "AWS::Glue::Crawler", "Properties": {} } }""");
        Assert.Equal(0, cost.IdlePerDay);
        Assert.Equal(2 * 10 / 60.0 * 0.44, cost.PracticeHour, 10);
    }

    [Fact]
    public void AthenaBillsAtLeastTenMegabytesPerQuery()
    {
        var cost = Estimate("""{ "WorkGroup": { "Type": "AWS::Athena::WorkGroup", "Properties": {} } }""");
        Assert.Equal(20 * 10 / (1024.0 * 1024) * 5.0, cost.PracticeHour, 12);
    }

    [Fact]
    public void ThePipelineCostsNothingIdleAndBillsPerUpload()
    {
        var cost = Estimate("""{ "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": {} } }""", "pipeline");
        Assert.Equal(0, cost.IdlePerDay);
        // Per upload: transitions, Rekognition, Comprehend, 200 characters translated and spoken; 3 minutes of audio transcribed;
        // and 2 minutes of video labelled, each with the transitions of 40 looks at the job (6 transitions each).
        Assert.Equal(10 * (40 * 0.000025 + 2 * 0.001 + 12 * 0.0001 + 200 * (0.000015 + 0.000004)) + 3 * 1 * 0.024 + 2 * (0.1 + 40 * 6 * 0.000025),
            cost.PracticeHour, 10);
        Assert.Empty(Estimate("""{ "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": {} } }""", "expiry").Lines);
    }

    [Fact]
    public void ANotebookBillsUntilItsIdleStopThenOnlyItsVolume()
    {
        var cost = Estimate("""
            { "Notebook": { "Type": "AWS::SageMaker::NotebookInstance", "Properties": { "InstanceType": "ml.t3.medium", "VolumeSizeInGB": 5,
              "Tags": [ { "Key": "auto-stop-idle-minutes", "Value": "60" } ] } } }
            """);
        Assert.Equal(1 * 0.05 + 5 * 0.14 / 30, cost.IdlePerDay, 10);
        var (notebook, jobs) = (cost.Lines[0], cost.Lines[1]);
        // The practice hour and the idle tail after it: 60 more minutes until the stop.
        Assert.Equal(0.05 * (1 + 60 / 60.0) + 5 * 0.14 / 30 / 24, notebook.PracticeHour, 10);
        // What the notebooks start bills only while it runs: training and transform minutes and the A/B endpoint, on ml.m5.large.
        Assert.Equal(0, jobs.IdlePerDay);
        Assert.Equal((20 * 3 + 2 * 5 + 30) / 60.0 * 0.115, jobs.PracticeHour, 10);
        Assert.StartsWith("notebook jobs: 20 training, 2 transform, an A/B endpoint, on ml.m5.large", jobs.Item);
        // Notebooks 07-09: three framework/BlazingText jobs of 5 minutes and a transform, 2 Rekognition images, 150 Comprehend units.
        var frameworks = cost.Lines[2];
        Assert.Equal(0, frameworks.IdlePerDay);
        Assert.Equal((3 * 5 + 1 * 5) / 60.0 * 0.115 + 2 * 0.001 + 150 * 0.0001, frameworks.PracticeHour, 10);
        Assert.InRange(frameworks.PracticeHour, 0.01, 0.10); // each notebook's run stays under $0.10, all three too
        Assert.StartsWith("notebooks 07-09: 3 training, 1 transform on ml.m5.large", frameworks.Item);
    }

    [Fact]
    public void ServerlessEndpointsCostNothingIdleAndRealtimeOnesBillEveryHour()
    {
        var serverless = Estimate("""
            { "Config": { "Type": "AWS::SageMaker::EndpointConfig", "Properties": { "ProductionVariants": [ { "ServerlessConfig": { "MemorySizeInMB": 3072 } } ] } } }
            """);
        Assert.Equal(0, serverless.IdlePerDay);
        Assert.Equal(50 * 1 * 3 * 0.00002, serverless.PracticeHour, 12);
        var realtime = Estimate("""
            { "Config": { "Type": "AWS::SageMaker::EndpointConfig", "Properties": { "ProductionVariants": [ { "InstanceType": "ml.m5.large", "InitialInstanceCount": 1 } ] } } }
            """);
        Assert.Equal(0.115 * 24, realtime.IdlePerDay, 10);
    }

    [Fact]
    public void TheWorstDayAtTheUploadCapIsStated()
    {
        // A 4,800-character text: 4 Comprehend requests of 48 units ($0.0001 each), 4,800 characters translated ($0.000015
        // each) and spoken ($0.000004 each), twice the assumed 40 transitions ($0.000025 each) and one counter write
        // ($0.000000625): $0.1124; an image or 2 minutes of audio costs less.
        Assert.Equal(0.112400625, CostModel.WorstUploadCost(PriceTable.UsEast1), 9);
        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, [], PriceTable.UsEast1, maxUploadsPerDay: 200);
        Assert.Contains("at most 200 uploads are analyzed a day (maxUploadsPerDay), so AI calls cost at most $22.48 a day", writer.ToString());
        Assert.Contains("an audio upload costs $0.024 a minute of speech to transcribe", writer.ToString());
        // A video at its limit: a minute of label detection ($0.10) and 40 looks of 6 transitions: $0.106, under the text's $0.1124.
        Assert.Equal(0.106, CostModel.VideoCost(CostModel.VideoMaxMinutes, PriceTable.UsEast1), 10);
        Assert.Contains("a video upload $0.10 a minute of video, at most 60 seconds, so a day of videos at the cap (and yesterday's still running) costs at most $40.00",
            writer.ToString());
    }

    [Fact]
    public void TheWorstDaysVideoIsTheCapPlusTheJobsInFlightAtTheLongestVideo()
    {
        // A minute at most a video (its movie header, read before the job starts), $0.10 a minute: 200 videos of today and
        // 200 of yesterday still being labelled at midnight, $40.00.
        Assert.Equal(1.0, CostModel.VideoMaxMinutes);
        Assert.Equal(0.1, FileRate("rekognitionVideoMinute"));
        Assert.Equal(40.00, CostModel.WorstDayVideoCost(PriceTable.UsEast1, 200), 10);
    }

    [Fact]
    public void TheSynthesizedPipelineCostsNothingIdle()
    {
        // Derived from the pipeline's own template: the state machine, the header reader and the counter table bill per use.
        var pipeline = lab.Default.Stack<LabStack.AiPipeline.AiPipelineStack>();
        var cost = CostModel.Estimate(LabModules.AiPipeline.Key, lab.Default.TemplateJson(pipeline.StackName), PriceTable.UsEast1);
        Assert.Single(cost.Lines);
        Assert.Equal("$0.00", SynthSummary.Money(cost.IdlePerDay));
        Assert.Equal("$0.00", SynthSummary.Money(cost.Forgotten(30)));
        Assert.Contains("20 uploads, 3 audio, 2 video", cost.Lines[0].Item);
    }

    [Fact]
    public void TheWorstDaysAudioIsTheCapPlusTheJobsInFlightAtTheLongestAudio()
    {
        // 2 minutes at most an upload (the WAV and MP3 byte limits at their lowest bitrates), $0.024 a minute: 200 uploads of
        // today and 200 of yesterday still transcribing at midnight, $19.20.
        Assert.Equal(2.0, CostModel.AudioMaxMinutes);
        Assert.Equal(120, LabStack.AiPipeline.UploadKinds.Wav.ByteLimit / 8000);
        Assert.Equal(120, LabStack.AiPipeline.UploadKinds.Mp3.ByteLimit / 1000);
        Assert.Equal(19.20, CostModel.WorstDayAudioCost(PriceTable.UsEast1, 200), 10);
    }

    [Fact]
    public void AnInstanceTypeMissingFromThePriceTableIsShownUnpricedNotFree()
    {
        var cost = Estimate("""
            { "Notebook": { "Type": "AWS::SageMaker::NotebookInstance", "Properties": { "InstanceType": "ml.r5.4xlarge" } } }
            """);
        var line = Assert.Single(cost.Lines, l => l.Unpriced is not null);
        Assert.Equal("no price for ml.r5.4xlarge in the table", line.Unpriced);
        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, [cost], Prices);
        Assert.Contains("not in the total: Notebook: ml.r5.4xlarge notebook", writer.ToString());
        Assert.Contains("total: INCOMPLETE, 1 item(s) unpriced, so more than this", writer.ToString());
    }

    [Fact]
    public void AnEmrClusterBillsEveryNodeFromStartUpToTerminationWithItsEbsVolumes()
    {
        var cost = Estimate("""
            { "Cluster": { "Type": "AWS::EMR::Cluster", "Properties": { "AutoTerminationPolicy": { "IdleTimeout": 3600 },
              "Instances": { "MasterInstanceGroup": { "InstanceType": "m5.xlarge", "InstanceCount": 1 }, "CoreInstanceGroup": { "InstanceType": "m5.xlarge", "InstanceCount": 2 } } } } }
            """);
        // No subnet in this template, so no public IPv4 address; no step: 8 min start-up, 60 idle, 1 terminating.
        var nodeHour = 0.24 + 79 * 0.08 / 730;
        Assert.Equal(3 * nodeHour * (8 + 60 + 1) / 60.0, cost.IdlePerDay, 10);
        // The practice hour, then 60 idle minutes and a minute terminating.
        Assert.Equal(3 * nodeHour * (1 + (60 + 1) / 60.0), cost.PracticeHour, 10);
    }

    [Fact]
    public void TheLabsEmrClusterBillsStartUpItsStepTheIdleTimeoutAndTerminationWithIpv4AndEbs()
    {
        // From the synthesized template: the idle timeout, the step, the subnet's public addresses; rates from the price file.
        var template = lab.Default.TemplateJson<LabStack.Emr.EmrStack>();
        var cluster = template.Properties("AWS::EMR::Cluster");
        var idleMinutes = (double)cluster["AutoTerminationPolicy"]!["IdleTimeout"]! / 60;
        Assert.Single(cluster["Steps"]!.AsArray());
        Assert.True((bool)template.Properties("AWS::EC2::Subnet")["MapPublicIpOnLaunch"]!);
        var type = (string)cluster["Instances"]!["MasterInstanceGroup"]!["InstanceType"]!;
        var nodeHour = FileValue("emrNodeHours", type) + FileRate("publicIpv4Hour")
            + FileValue("emrNodeEbsGib", type) * FileRate("ebsGp3GbMonth") / 730;
        var hours = (FileDuration("emrStartupMinutes") + FileDuration("emrFirstStepMinutes") + idleMinutes + FileDuration("emrTerminationMinutes")) / 60;
        Assert.Equal(0.45, hours, 10); // start-up, step, 15 idle minutes, termination: not the idle timeout alone
        var cost = CostModel.Estimate("emr", template, PriceTable.UsEast1);
        Assert.Equal(nodeHour * hours, cost.IdlePerDay, 10);
        Assert.Equal(nodeHour * hours, cost.Forgotten(30), 10);
        Assert.Equal("$0.11", SynthSummary.Money(cost.IdlePerDay));
    }

    [Fact]
    public void ThePracticeHourIncludesTheIdleTailsOfEmrAndTheNotebookAndTheFootnoteSaysSo()
    {
        // From the templates and the price file: each runs the hour, then until its idle timeout or idle stop.
        var cluster = lab.Default.TemplateJson<LabStack.Emr.EmrStack>().Properties("AWS::EMR::Cluster");
        var emrTail = ((double)cluster["AutoTerminationPolicy"]!["IdleTimeout"]! / 60 + FileDuration("emrTerminationMinutes")) / 60;
        var emrNodeHour = FileValue("emrNodeHours", "m5.xlarge") + FileRate("publicIpv4Hour") + 79 * FileRate("ebsGp3GbMonth") / 730;
        var notebook = lab.Default.TemplateJson<LabStack.SageMaker.SageMakerStack>().Properties("AWS::SageMaker::NotebookInstance");
        var notebookTail = double.Parse((string)notebook["Tags"]!.AsArray().First(t => (string?)t!["Key"] == "auto-stop-idle-minutes")!["Value"]!) / 60;
        var notebookHour = FileValue("instanceHours", "ml.t3.medium");
        var storageHour = (double)notebook["VolumeSizeInGB"]! * FileRate("sagemakerStorageGbMonth") / 30 / 24;

        var modules = Modules(lab.Default);
        var emr = Assert.Single(modules.Single(m => m.Module == "emr").Lines);
        Assert.Equal(emrNodeHour * (1 + emrTail), emr.PracticeHour, 10);
        Assert.Equal("$0.32", SynthSummary.Money(emr.PracticeHour)); // $0.07 of it the 16-minute idle tail
        var notebookLine = modules.Single(m => m.Module == "sagemaker").Lines.Single(l => l.Item.EndsWith(" notebook", StringComparison.Ordinal));
        Assert.Equal(notebookHour * (1 + notebookTail) + storageHour, notebookLine.PracticeHour, 10);

        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, modules, PriceTable.UsEast1, expireAfterHours: 8);
        Assert.Contains("practice hour: what the price file's hour of practice uses, plus the idle tails a session leaves: " +
            "EMR runs on until its idle timeout ends it and the notebook until its idle stop", writer.ToString());
    }

    [Fact]
    public void AnEmrTypeWithoutADefaultEbsSizeIsUnpricedNotCheaper()
    {
        var cost = Estimate("""
            { "Cluster": { "Type": "AWS::EMR::Cluster", "Properties": { "Instances": { "MasterInstanceGroup": { "InstanceType": "m5.xlarge" } } } } }
            """);
        Assert.Null(Assert.Single(cost.Lines).Unpriced);
        var prices = Prices with { EmrNodeEbsGib = new Dictionary<string, PriceRow>() };
        var unpriced = CostModel.Estimate("test", JsonNode.Parse("""
            { "Resources": { "Cluster": { "Type": "AWS::EMR::Cluster", "Properties": { "Instances": { "MasterInstanceGroup": { "InstanceType": "m5.xlarge" } } } } } }
            """)!.AsObject(), prices);
        Assert.Equal("no default EBS size for m5.xlarge in the table", Assert.Single(unpriced.Lines).Unpriced);
    }

    [Fact]
    public void EveryEmrInstanceTypeTheSettingsAllowIsPricedWithItsDefaultEbsStorage()
    {
        // The settings allow every family with every size; each must price, or choosing it would make the table INCOMPLETE.
        var allowed = LabStack.Emr.EmrSettings.Families.SelectMany(f => LabStack.Emr.EmrSettings.Sizes.Select(s => $"{f}.{s}")).ToList();
        Assert.Equal(21, allowed.Count);
        Assert.All(allowed, type =>
        {
            var cost = CostModel.Estimate("emr", JsonNode.Parse($$"""
                { "Resources": { "Cluster": { "Type": "AWS::EMR::Cluster", "Properties": { "AutoTerminationPolicy": { "IdleTimeout": 900 },
                  "Instances": { "MasterInstanceGroup": { "InstanceType": "{{type}}", "InstanceCount": 1 } } } } } }
                """)!.AsObject(), PriceTable.UsEast1);
            Assert.Null(Assert.Single(cost.Lines).Unpriced);
            // EMR's defaults for EBS-only types (emr-plan-storage.html): xlarge 2 x 32 GiB, 2xlarge 4 x 32, 4xlarge 4 x 64, plus the 15 GiB root.
            var gib = type.Split('.')[1] switch { "xlarge" => 2 * 32, "2xlarge" => 4 * 32, _ => 4 * 64 } + 15;
            Assert.Equal(gib, FileValue("emrNodeEbsGib", type));
            // A size up doubles the price within a family (AWS rounds each published figure, so to within a cent).
            var family = type.Split('.')[0];
            Assert.Equal(2 * FileValue("emrNodeHours", $"{family}.xlarge"), FileValue("emrNodeHours", $"{family}.2xlarge"), tolerance: 0.01);
            Assert.Equal(4 * FileValue("emrNodeHours", $"{family}.xlarge"), FileValue("emrNodeHours", $"{family}.4xlarge"), tolerance: 0.01);
        });
        // Nothing priced that the settings do not offer.
        Assert.Equal(allowed.Order(), PriceFile["emrNodeHours"]!.AsObject().Select(r => r.Key).Order());
        Assert.Equal(allowed.Order(), PriceFile["emrNodeEbsGib"]!.AsObject().Select(r => r.Key).Order());
    }

    [Fact]
    public void ANonDefaultNotebookVolumeIsPricedAtItsSize()
    {
        // The template's key is VolumeSizeInGB (CloudFormation's spelling); 20 GB bills four times the default 5 GB.
        var cost = Estimate("""
            { "Notebook": { "Type": "AWS::SageMaker::NotebookInstance", "Properties": { "InstanceType": "ml.t3.medium", "VolumeSizeInGB": 20,
              "Tags": [ { "Key": "auto-stop-idle-minutes", "Value": "60" } ] } } }
            """);
        Assert.Equal(0.05 + 20 * 0.14 / 30, cost.IdlePerDay, 10);
        Assert.Equal(0.05 + 30 * 20 * 0.14 / 30, cost.Forgotten(30), 10);
        Assert.Equal(5, (double)lab.Default.TemplateJson<LabStack.SageMaker.SageMakerStack>().Properties("AWS::SageMaker::NotebookInstance")["VolumeSizeInGB"]!);
    }

    [Fact]
    public void DynamoDbOnDemandWritesAreAtTheirCurrentPrice() =>
        // $0.625 per million write request units since 2024-11-01 (cost.md, section 1).
        Assert.Equal(0.625 / 1_000_000, FileRate("dynamodbWriteRequest"), 15);

    [Fact]
    public void TranscribeBillsAtLeastFifteenSecondsAJob()
    {
        Assert.Equal(15 / 60.0 * 0.024, CostModel.TranscribeCost(9, Prices), 12);
        Assert.Equal(60 / 60.0 * 0.024, CostModel.TranscribeCost(60, Prices), 12);
        var nineSeconds = Prices with
        {
            PracticeHour = new Dictionary<string, JsonElement>(Prices.PracticeHour) { ["audioMinutesPerRun"] = JsonSerializer.SerializeToElement(0.15) },
        };
        var cost = CostModel.Estimate("pipeline", JsonNode.Parse("""{ "Resources": { "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": {} } } }""")!.AsObject(), nineSeconds);
        Assert.Equal(10 * (40 * 0.000025 + 2 * 0.001 + 12 * 0.0001 + 200 * (0.000015 + 0.000004)) + 3 * 15 / 60.0 * 0.024
            + 2 * CostModel.VideoCost(1, Prices), cost.PracticeHour, 10);
    }

    [Fact]
    public void AnAnalyzedTextBillsTheComprehendCallsTheWorkflowMakesAndTranslateNoDetection()
    {
        // The workflow detects the language with Comprehend and passes the detected code to Translate: no "auto", so
        // Translate bills no detection of its own; then sentiment, key phrases and entities.
        var machine = StateMachineDefinitions.Read(lab.Default.TemplateJson<LabStack.AiPipeline.AiPipelineStack>());
        var states = StateMachineDefinitions.AllStates(machine).Select(s => s.State).ToList();
        var comprehend = states.Select(s => (string?)s["Resource"]).Where(r => r?.Contains(":aws-sdk:comprehend:") == true).ToList();
        Assert.Equal(["detectDominantLanguage", "detectEntities", "detectKeyPhrases", "detectSentiment"], comprehend.Select(r => r!.Split(':')[^1]).Order());
        var translate = Assert.Single(states, s => ((string?)s["Resource"])?.EndsWith(":aws-sdk:translate:translateText") == true);
        Assert.Equal("$.language.code", (string?)translate["Parameters"]!["SourceLanguageCode.$"]);
        Assert.Equal(CostModel.ComprehendRequestsPerText, comprehend.Count);
    }

    [Fact]
    public void UnpricedResourcesCostNothing() =>
        Assert.Empty(Estimate("""{ "Role": { "Type": "AWS::IAM::Role", "Properties": {} } }""").Lines);

    [Fact]
    public void TheDataLakeCostsNothingIdleAndAboutTwentyCentsAPracticeHour()
    {
        var template = lab.Default.TemplateJson<DataLakeStack>();
        var cost = CostModel.Estimate("datalake", template, PriceTable.UsEast1);
        Assert.Equal(0, cost.IdlePerDay);
        Assert.Equal(2 * 10 / 60.0 * 0.44 + 20 * 10 / (1024.0 * 1024) * 5.0 + 2 * (2 * 2 / 60.0 * 0.44), cost.PracticeHour, 10);
    }

    [Fact]
    public void TheLexBotCostsNothingIdleAndBillsEachTextRequest()
    {
        var template = lab.Default.TemplateJson<LabStack.Lex.LexStack>();
        var cost = CostModel.Estimate("lex", template, PriceTable.UsEast1);
        var line = Assert.Single(cost.Lines);
        Assert.StartsWith(template.Id("AWS::Lex::Bot") + ": 40 text requests", line.Item);
        Assert.Equal(0, cost.IdlePerDay); // no provisioned capacity: a bot nobody talks to bills nothing
        Assert.Equal("$0.00", SynthSummary.Money(cost.IdlePerDay));
        Assert.Equal(40 * FileRate("lexTextRequest"), cost.PracticeHour, 12);
        Assert.Equal(0.00075, FileRate("lexTextRequest"), 12); // us-east-1, https://aws.amazon.com/lex/pricing/ (read 2026-12-01)
    }

    [Fact]
    public void TheMlOpsModuleCostsNothingIdleAndAPracticeHourPricesTwoPipelineRunsWithTheirBatchTransforms()
    {
        var template = lab.Default.TemplateJson<LabStack.MlOps.MlOpsStack>();
        var cost = CostModel.Estimate("mlops", template, PriceTable.UsEast1);
        Assert.Equal(0, cost.IdlePerDay);
        var line = Assert.Single(cost.Lines);
        Assert.Null(line.Unpriced);
        // The committed file: 2 runs x (4 processing jobs x 4 min + 1 training job x 3 min + 1 batch transform x 5 min) on ml.m5.large.
        Assert.Equal(2 * (4 * 4 + 3 + 5) / 60.0 * 0.115, line.PracticeHour, 10);
        Assert.Equal("$0.09", SynthSummary.Money(cost.PracticeHour));
    }

    [Theory]
    [InlineData(0, "$0.00")]
    [InlineData(0.004, "< $0.01")]
    [InlineData(0.1467, "$0.15")]
    [InlineData(21.6, "$21.60")]
    public void MoneyIsShownToTheCent(double amount, string shown) => Assert.Equal(shown, SynthSummary.Money(amount));

    [Fact]
    public void TheSummaryPrintsTheCostTableWithTotals()
    {
        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, [Estimate("""{ "Stream": { "Type": "AWS::Kinesis::Stream", "Properties": { "ShardCount": 1 } } }""")], Prices);
        var text = writer.ToString();
        Assert.Contains("forgotten, per day", text);
        Assert.Matches(@"total\s+\$0\.36\s+\$10\.80\s+\$0\.02", text);
        Assert.Contains("expiry is off", text);
    }

    /// <summary>
    /// What the default lab bills when forgotten, recomputed from its templates and the price file: the shard for the
    /// expiry's hours plus the deploy before the clock starts and the deletion after it; EMR and the notebook each to their
    /// own end, or to the deletion if that comes first; the notebook volume for as long as the lab stands.
    /// </summary>
    private double ForgottenByHand(SynthesizedLab synthesized, int expireAfterHours)
    {
        var standing = expireAfterHours > 0 ? expireAfterHours + (FileDuration("labDeployMinutes") + FileDuration("expiryDeletionMinutes")) / 60 : 720;
        var shards = (double)synthesized.TemplateJson<LabStack.Streaming.StreamingStack>().Properties("AWS::Kinesis::Stream")["ShardCount"]!;
        var cluster = synthesized.TemplateJson<LabStack.Emr.EmrStack>().Properties("AWS::EMR::Cluster");
        var emrHours = (FileDuration("emrStartupMinutes") + FileDuration("emrFirstStepMinutes")
            + (double)cluster["AutoTerminationPolicy"]!["IdleTimeout"]! / 60 + FileDuration("emrTerminationMinutes")) / 60;
        var emrNodeHour = FileValue("emrNodeHours", "m5.xlarge") + FileRate("publicIpv4Hour") + 79 * FileRate("ebsGp3GbMonth") / 730;
        var notebook = synthesized.TemplateJson<LabStack.SageMaker.SageMakerStack>().Properties("AWS::SageMaker::NotebookInstance");
        var notebookHours = double.Parse((string)notebook["Tags"]!.AsArray().First(t => (string?)t!["Key"] == "auto-stop-idle-minutes")!["Value"]!) / 60;
        return shards * FileRate("kinesisShardHour") * standing
            + emrNodeHour * Math.Min(standing, emrHours)
            + FileValue("instanceHours", "ml.t3.medium") * Math.Min(standing, notebookHours)
            + (double)notebook["VolumeSizeInGB"]! * FileRate("sagemakerStorageGbMonth") / 30 / 24 * standing;
    }

    private static List<ModuleCost> Modules(SynthesizedLab synthesized) => synthesized.Stacks.All
        .Select(s => CostModel.Estimate(synthesized.Stacks.ModuleOf(s.StackName).Key, synthesized.TemplateJson(s.StackName), PriceTable.UsEast1))
        .ToList();

    [Theory]
    [InlineData(8, "$0.30")] // the default: a study day
    [InlineData(24, "$0.56")]
    [InlineData(1, "$0.19")] // not the $0.01 a linear first day would give: EMR and the notebook run to their own end
    [InlineData(12, "$0.37")]
    public void WithExpiryAForgottenMonthBillsTheHoursEachLineReallyRuns(int expireAfterHours, string month)
    {
        var expected = ForgottenByHand(lab.Default, expireAfterHours);
        Assert.Equal(month, SynthSummary.Money(expected));

        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, Modules(lab.Default), PriceTable.UsEast1, expireAfterHours: expireAfterHours);
        var total = Regex.Match(writer.ToString(), @"total\s+(\$\S+)\s+(\$\S+)\s+\$\S+");
        Assert.Equal(month, total.Groups[2].Value);
        Assert.Contains($"deletes itself {expireAfterHours} h after the last deploy, so a forgotten month costs {month}", writer.ToString());
    }

    [Fact]
    public void WithDefaultSettingsAForgottenMonthCostsAtMostFiftyCents()
    {
        // The issue's promise, recomputed from the default templates (the expiry's hours from its output, EMR's idle
        // timeout, the shard count, the notebook's idle stop and volume) and the price file's figures.
        var hours = int.Parse((string)lab.Default.TemplateJson<LabStack.Expiry.ExpiryStack>()["Outputs"]!["ExpireAfterHours"]!["Value"]!);
        var byHand = ForgottenByHand(lab.Default, hours);
        Assert.InRange(byHand, 0.25, 0.50);
        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, Modules(lab.Default), PriceTable.UsEast1, expireAfterHours: hours);
        Assert.Equal(SynthSummary.Money(byHand), Regex.Match(writer.ToString(), @"\n  total\s+\$\S+\s+(\$\S+)").Groups[1].Value);
    }

    [Fact]
    public void EveryExerciseStatesItsOwnCostFromTheModelAndTheTableAddsThemUp()
    {
        // One entry per exercise file, in the practice hour's terms (a misspelt key would silently count zero).
        var folder = Path.Combine(LabPaths.Root, "docs", "exercises");
        var files = Directory.EnumerateFiles(folder, "*.md").Select(f => Path.GetFileNameWithoutExtension(f)).Where(n => n != "README").Order().ToList();
        var exercises = PriceFile["exercises"]!.AsObject();
        Assert.Equal(files, exercises.Select(e => e.Key).Order());
        var vocabulary = PriceFile["practiceHour"]!.AsObject().Select(a => a.Key).ToHashSet();
        Assert.All(exercises, e => Assert.Subset(vocabulary, e.Value!.AsObject().Select(k => k.Key).ToHashSet()));

        // The default lab, and the opt-in groundtruth module's stack from its own synthesis (exercise 11 labels there).
        var modules = Modules(lab.Default).Concat(Modules(lab.GroundTruth).Where(m => m.Module == LabModules.GroundTruth.Key)).ToList();
        var stated = files.ToDictionary(f => f, f => modules.Sum(m => m.Exercise(f)));
        Assert.All(files, f =>
        {
            var text = File.ReadAllText(Path.Combine(folder, f + ".md"));
            var line = Regex.Match(text, @"\*\*What it costs\*\*: about (\$\d+\.\d\d) with the default settings");
            Assert.True(line.Success, $"{f}.md states no cost");
            Assert.Equal(SynthSummary.Money(stated[f]), line.Groups[1].Value);
        });

        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, modules, PriceTable.UsEast1, expireAfterHours: 8);
        var total = Regex.Match(writer.ToString(), @"\n  total\s+\$\S+\s+\$\S+\s+\$\S+\s+(\$\S+)");
        Assert.Equal(SynthSummary.Money(stated.Values.Sum()), total.Groups[1].Value);
        Assert.Equal("$1.95", total.Groups[1].Value); // exercise 10: four processing jobs and a batch transform per pipeline run, and notebook 10
        Assert.Contains("every exercise once: what the exercises in docs/exercises use, each once in its own sitting", writer.ToString());
        Assert.Contains("03-spark-on-emr " + SynthSummary.Money(stated["03-spark-on-emr"]), writer.ToString());
    }

    [Fact]
    public void TheCostTableSaysWhatAFullLabVerifyCosts()
    {
        var prices = PriceTable.UsEast1;
        var (verify, runJobs) = CostModel.VerifyCost(prices);
        // A Lex request and a 10 MB Athena scan at least, the pipeline's samples a few cents; the crawl's 10-minute minimum at 2 DPUs is $0.147.
        Assert.InRange(verify, prices.Rate("lexTextRequest") + 10.0 / (1024 * 1024) * prices.Rate("athenaTbScanned"), 0.10);
        Assert.InRange(runJobs, 2 * 10 / 60.0 * prices.Rate("glueCrawlerDpuHour"), 0.20);

        var writer = new StringWriter();
        SynthSummary.WriteCosts(writer, Modules(lab.Default), prices, expireAfterHours: 8);
        Assert.Contains($"  lab verify: a full run (every module's check, docs/lab-command.md) costs about {SynthSummary.Money(verify)}, not in the columns; " +
            $"with --run-jobs (the crawler and the Glue job run once) about {SynthSummary.Money(verify + runJobs)}\n", writer.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(("$0.06", "$0.18"), (SynthSummary.Money(verify), SynthSummary.Money(runJobs)));
    }

    [Fact]
    public void TheEmrAndSageMakerExercisesArePricedFromTheirTemplatesAndTheirEntries()
    {
        // Exercise 3: one start-up with its first step, the entry's minutes of work, the idle timeout and termination.
        var cluster = lab.Default.TemplateJson<LabStack.Emr.EmrStack>().Properties("AWS::EMR::Cluster");
        var entry = PriceFile["exercises"]!["03-spark-on-emr"]!;
        var minutes = FileDuration("emrStartupMinutes") + FileDuration("emrFirstStepMinutes") + (double)entry["emrWorkMinutes"]!
            + (double)cluster["AutoTerminationPolicy"]!["IdleTimeout"]! / 60 + FileDuration("emrTerminationMinutes");
        var nodeHour = FileValue("emrNodeHours", "m5.xlarge") + FileRate("publicIpv4Hour") + FileValue("emrNodeEbsGib", "m5.xlarge") * FileRate("ebsGp3GbMonth") / 730;
        var modules = Modules(lab.Default);
        Assert.Equal(nodeHour * minutes / 60, modules.Single(m => m.Module == "emr").Exercise("03-spark-on-emr"), 10);
        Assert.Equal(0, modules.Single(m => m.Module == "emr").Exercise("05-sagemaker"));

        // Exercise 5: the notebook's hours and its idle tail, its volume meanwhile, the jobs and the serverless calls.
        var sageMaker = lab.Default.TemplateJson<LabStack.SageMaker.SageMakerStack>();
        var notebook = sageMaker.Properties("AWS::SageMaker::NotebookInstance");
        var five = PriceFile["exercises"]!["05-sagemaker"]!;
        var hours = (double)five["notebookHours"]!;
        var tail = double.Parse((string)notebook["Tags"]!.AsArray().First(t => (string?)t!["Key"] == "auto-stop-idle-minutes")!["Value"]!) / 60;
        var memoryGb = (double)sageMaker.Properties("AWS::SageMaker::EndpointConfig")["ProductionVariants"]![0]!["ServerlessConfig"]!["MemorySizeInMB"]! / 1024;
        var practice = PriceFile["practiceHour"]!;
        var expected = FileValue("instanceHours", "ml.t3.medium") * (hours + tail)
            + (double)notebook["VolumeSizeInGB"]! * FileRate("sagemakerStorageGbMonth") / 30 / 24 * hours
            + ((double)five["notebookTrainingJobs"]! * (double)practice["trainingJobBilledMinutes"]! + (double)five["notebookTransformJobs"]! * (double)practice["transformJobBilledMinutes"]!
               + (double)five["notebookEndpointInstanceMinutes"]!) / 60 * FileValue("instanceHours", "ml.m5.large")
            + (double)five["endpointInvocations"]! * (double)practice["endpointSecondsPerInvocation"]! * memoryGb * FileRate("sagemakerServerlessGbSecond");
        Assert.Equal(expected, modules.Single(m => m.Module == "sagemaker").Exercise("05-sagemaker"), 10);
    }

    [Fact]
    public void WithoutExpiryAForgottenMonthBillsTheShardAndTheVolumeEveryDay()
    {
        var modules = Modules(lab.Default);
        Assert.Equal(ForgottenByHand(lab.Default, 0), modules.Sum(m => m.Forgotten(30)), 10);
        Assert.Equal("$11.66", SynthSummary.Money(modules.Sum(m => m.Forgotten(30))));
    }

    [Fact]
    public void WhatStopsItselfBillsOnlyTheFirstDay()
    {
        var cost = Estimate("""
            { "Notebook": { "Type": "AWS::SageMaker::NotebookInstance", "Properties": { "InstanceType": "ml.t3.medium", "VolumeSizeInGB": 5,
              "Tags": [ { "Key": "auto-stop-idle-minutes", "Value": "60" } ] } },
              "Cluster": { "Type": "AWS::EMR::Cluster", "Properties": { "AutoTerminationPolicy": { "IdleTimeout": 3600 },
              "Instances": { "MasterInstanceGroup": { "InstanceType": "m5.xlarge", "InstanceCount": 1 } } } } }
            """);
        var volumePerDay = 5 * 0.14 / 30;
        Assert.Equal(cost.IdlePerDay + 29 * volumePerDay, cost.Forgotten(30), 10);
    }
}
