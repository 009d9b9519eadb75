using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using LabStack.AiPipeline;
using LabStack.DataLake;
using LabStack.Tests.Validation;
using static LabStack.Tests.Expect;
using static LabStack.Tests.StateMachineDefinitions;

namespace LabStack.Tests.AiPipeline;

[Collection(LabCollection.Name)]
public sealed class AiPipelineTests(LabFixture lab)
{
    private readonly Template template = lab.Default.Template(lab.Default.Stack<AiPipelineStack>());

    private static JsonObject Definition(SynthesizedLab synthesized) =>
        StateMachineDefinitions.Read(synthesized.TemplateJson(synthesized.Stack<AiPipelineStack>().StackName));

    [Fact]
    public void StandardWorkflowWithFullLoggingAndTracingAndALogGroupThatGoesWithTheStack()
    {
        template.HasResourceProperties("AWS::StepFunctions::StateMachine", Json("""
            { "StateMachineType": "STANDARD", "TracingConfiguration": { "Enabled": true }, "LoggingConfiguration": { "Level": "ALL", "IncludeExecutionData": true } }
            """));
        template.AllResources("AWS::Logs::LogGroup", Json("""{ "DeletionPolicy": "Delete" }"""));
    }

    [Fact]
    public void EveryTaskIsAnSdkIntegrationAndTheOnlyFunctionReadsVideoHeaders()
    {
        var tasks = AllStates(Definition(lab.Default)).Where(s => (string?)s.State["Type"] == "Task").ToList();
        // 13 AI service calls (Polly, Transcribe's two and Rekognition Video's three included), 6 S3 calls, the daily-cap
        // counter, and the video header reader.
        Assert.Equal(21, tasks.Count);
        Assert.All(tasks, t => Assert.Matches(@"^arn:<intrinsic>:states:::aws-sdk:(s3|rekognition|comprehend|translate|transcribe|polly|dynamodb|lambda):[a-z][A-Za-z]+$",
            (string)t.State["Resource"]!));
        // Step Functions hands S3 bodies over as UTF-8 text, so a video's binary header is read by one small function, and
        // nothing else in the workflow runs code.
        var invoke = Assert.Single(tasks, t => ((string)t.State["Resource"]!).Contains(":lambda:", StringComparison.Ordinal));
        Assert.Equal("Read video header", invoke.Name);
        var function = Assert.Single(template.FindResources("AWS::Lambda::Function"));
        Assert.StartsWith("WorkflowVideoHeaderFunction", function.Key, StringComparison.Ordinal);
        Assert.Equal("<intrinsic>", (string?)invoke.State["Parameters"]!["FunctionName"]); // the reader's ARN (the role's policy: RoleGrantsExactly...)
    }

    [Fact]
    public void AiServiceCallsRetryThrottlingWithBackoff()
    {
        var aiTasks = AllStates(Definition(lab.Default))
            .Where(s => (string?)s.State["Type"] == "Task" && !((string)s.State["Resource"]!).Contains(":s3:"))
            .ToList();
        Assert.Equal(15, aiTasks.Count); // 13 AI calls, the daily-cap counter and the video header reader
        foreach (var (name, state) in aiTasks)
        {
            var service = ((string)state["Resource"]!).Split(':')[^2];
            var retries = state["Retry"]!.AsArray();
            // Starting a video job also waits out the account's limit of concurrent jobs, with the same policy.
            Assert.Equal(name == "Start label detection" ? 2 : 1, retries.Count);
            foreach (var (retry, errors) in retries.Zip(new[] { ServiceCalls.TransientErrors[service], ["Rekognition.LimitExceededException"] }))
            {
                Assert.Equal(errors, retry!["ErrorEquals"]!.AsArray().Select(e => (string)e!));
                Assert.True((int)retry["MaxAttempts"]! == 8 && (int)retry["IntervalSeconds"]! == 2 && (double)retry["BackoffRate"]! == 2
                    && (int)retry["MaxDelaySeconds"]! == 60 && (string?)retry["JitterStrategy"] == "FULL", name);
            }
        }
    }

    [Fact]
    public void EveryFailureAfterTheInputIsKnownEndsInTheErrorRecord()
    {
        var states = AllStates(Definition(lab.Default)).ToDictionary(s => s.Name, s => s.State);
        foreach (var name in new[] { "Describe object", "Read text", "Describe transcript", "Read transcript", "Analyze image", "Analyze texts",
            "Read video header", "Start label detection", "Label detection status", "Next label page" })
        {
            var handler = states[name]["Catch"]!.AsArray().Last()!;
            Assert.Equal(["States.ALL"], handler["ErrorEquals"]!.AsArray().Select(e => (string)e!));
            Assert.Equal("Record error", (string?)handler["Next"]);
        }
        // S3 reads: retried like the AI calls, then a 403 (gone) or 412 (replaced) is named before it is recorded.
        foreach (var name in new[] { "Describe object", "Read text", "Describe transcript", "Read transcript" })
        {
            var retry = Assert.Single(states[name]["Retry"]!.AsArray())!;
            Assert.Equal(S3Reads.TransientErrors, retry["ErrorEquals"]!.AsArray().Select(e => (string)e!));
            Assert.True((int)retry["MaxAttempts"]! == ServiceCalls.ThrottleRetries && (string?)retry["JitterStrategy"] == "FULL", name);
            var s3 = states[name]["Catch"]!.AsArray()[0]!;
            Assert.Equal(["S3.S3Exception"], s3["ErrorEquals"]!.AsArray().Select(e => (string)e!));
            Assert.Equal(name + ": why refused?", (string?)s3["Next"]);
        }
        Assert.Equal("$.failure.error", (string?)states["Failed"]["ErrorPath"]);
    }

    [Fact]
    public void TextIsCutToTheSmallestComprehendLimitAndTranslatedFromTheLanguageComprehendDetected()
    {
        var states = AllStates(Definition(lab.Default)).ToDictionary(s => s.Name, s => s.State);
        Assert.Equal(4799, (int?)states["First range"]["Parameters"]!["end"]);
        Assert.Equal("States.Format('bytes=0-{}', $.range.end)", (string?)states["Read text"]["Parameters"]!["Range.$"]);
        Assert.Equal("$.object.etag", (string?)states["Read text"]["Parameters"]!["IfMatch.$"]);
        Assert.Equal("$.language.code", (string?)states["Translate"]["Parameters"]!["SourceLanguageCode.$"]);
        Assert.Equal("Translate.UnsupportedLanguagePairException", (string?)Assert.Single(states["Translate"]["Catch"]!.AsArray())!["ErrorEquals"]![0]);
        Assert.True(TextFileReading.ByteLimit <= 5000, "DetectSentiment accepts at most 5,000 bytes");
    }

    [Theory]
    [InlineData("en", 4800)]
    [InlineData("es", 4800)]
    [InlineData("ru", 2400)]
    [InlineData("ar", 2400)]
    [InlineData("hi", 1600)]
    [InlineData("ja", 1600)]
    [InlineData("zh-TW", 1600)]
    public void TextReadsAreSizedForTheTargetScriptSoTranslationsStayUnderComprehendsLimit(string target, int bytes) =>
        Assert.Equal(bytes, TextFileReading.ByteLimitFor(target));

    [Fact]
    public void AudioIsBoundedByDurationBeforeTranscribeIsCalled()
    {
        // Each format's byte limit is what its lowest bitrate holds in the lab's longest audio, and Transcribe is told the format.
        Assert.Equal(8000L * UploadKinds.AudioMaxSeconds, UploadKinds.Wav.ByteLimit);
        Assert.Equal(1000L * UploadKinds.AudioMaxSeconds, UploadKinds.Mp3.ByteLimit);
        Assert.Equal(0, UploadKinds.NotTranscribed.ByteLimit); // FLAC, Ogg, M4A, WebM: any size is refused
        Assert.Equal(["*.flac", "*.ogg", "*.m4a", "*.webm"], UploadKinds.NotTranscribed.Patterns);
        var states = AllStates(Definition(lab.Default)).ToDictionary(s => s.Name, s => s.State);
        Assert.Equal("$.audio_format.media", (string?)states["Start transcription"]["Parameters"]!["MediaFormat.$"]);
        Assert.True(AudioTranscription.TranscriptByteLimit * 2 < 256 * 1024, "an escaped transcript stays under the 256 KiB payload limit");
    }

    [Fact]
    public void VideoIsBoundedByItsHeaderBeforeTheCountAndBeforeRekognition()
    {
        var states = AllStates(Definition(lab.Default)).ToDictionary(s => s.Name, s => s.State);
        // Every routed upload passes "A video?"; a video has its header read and judged, and only a video within the bound
        // goes on to the count; Rekognition Video is called only after the count.
        Assert.All(UploadKinds.All, kind => Assert.Equal("A video?", (string?)states[kind.RoutedState]["Next"]));
        Assert.Equal("Count upload", (string?)states["A video?"]["Default"]);
        Assert.Equal("Video header request", (string?)states["A video?"]["Choices"]![0]!["Next"]);
        var verdict = states["Video short enough?"];
        var tooLong = verdict["Choices"]!.AsArray().Single(c => (string?)c!["Next"] == "Video too long")!;
        Assert.Equal(UploadKinds.VideoMaxSeconds, (int)tooLong["NumericGreaterThan"]!);
        Assert.Equal("$.video_header.answer.seconds", (string?)tooLong["Variable"]);
        Assert.Equal("No label looks yet", (string?)verdict["Default"]);
        Assert.Equal("Count upload", (string?)states["No label looks yet"]["Next"]);
        Assert.Equal("Start label detection", (string?)states["Analyze as"]["Choices"]!.AsArray()
            .Single(c => (string?)c!["StringEquals"] == UploadKinds.Video.Name)!["Next"]);
        // The reader is asked for the version described (its ETag) and the poll interval's terms.
        var request = states["Video header request"]["Parameters"]!;
        Assert.Equal("$.object.etag", (string?)request["etag.$"]);
        Assert.Equal(VideoAnalysis.PollBaseSeconds, (int)request["poll"]!["base"]!);
        Assert.Equal("States.JsonToString($.video_request)", (string?)states["Read video header"]["Parameters"]!["Payload.$"]);
        // Looks are bounded, the wait is the reader's interval for this video's length, and the labels' pages are bounded.
        Assert.Equal("$.video_header.answer.poll_seconds", (string?)states["Wait for the labels"]["SecondsPath"]);
        var waited = states["Waited too long for labels?"]["Choices"]![0]!;
        Assert.Equal(VideoAnalysis.MaxPolls, (int)waited["NumericGreaterThanEquals"]!);
        Assert.Equal(VideoAnalysis.MaxPages, Enumerable.Range(1, 10).Count(p => states.ContainsKey($"Keep page {p}")));
        Assert.Equal(VideoAnalysis.LabelsPerPage, (int)states["Next label page"]["Parameters"]!["MaxResults"]!);
        Assert.Equal("SEGMENTS", (string?)states["Label detection status"]["Parameters"]!["AggregateBy"]);
        // No SNS topic: the workflow polls, so StartLabelDetection has no NotificationChannel.
        Assert.Null(states["Start label detection"]["Parameters"]!["NotificationChannel"]);
        Assert.True(VideoAnalysis.MaxPages * VideoAnalysis.LabelsPerPage * 2 * 600 < 256 * 1024,
            "the kept labels, twice over at 600 bytes each, stay under the 256 KiB payload limit");
    }

    [Fact]
    public void TargetLanguageSettingTakesEffect()
    {
        string Target(SynthesizedLab synthesized) => (string)AllStates(Definition(synthesized)).Single(s => s.Name == "Analyze texts").State["ItemSelector"]!["target"]!;
        Assert.Equal("en", Target(lab.Default));
        Assert.Equal("es", Target(lab.Customized));
    }

    [Fact]
    public void RoleGrantsExactlyWhatTheTasksCall()
    {
        var resources = lab.Default.TemplateJson(lab.Default.Stack<AiPipelineStack>().StackName)["Resources"]!.AsObject();
        var policy = resources.Single(r => r.Key.StartsWith("WorkflowRoleDefaultPolicy", StringComparison.Ordinal)).Value!;
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var actions = statements.SelectMany(Actions)
            .Where(a => !a.StartsWith("logs:", StringComparison.Ordinal) && !a.StartsWith("xray:", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(new HashSet<string>
        {
            "s3:GetObject", "s3:PutObject", "rekognition:DetectLabels", "rekognition:DetectText",
            "comprehend:DetectDominantLanguage", "comprehend:DetectSentiment", "comprehend:DetectKeyPhrases", "comprehend:DetectEntities",
            "translate:TranslateText", "dynamodb:UpdateItem",
            "transcribe:StartTranscriptionJob", "transcribe:GetTranscriptionJob", "polly:StartSpeechSynthesisTask",
            "rekognition:StartLabelDetection", "rekognition:GetLabelDetection", "lambda:InvokeFunction",
        }, actions);

        string[] ObjectsFor(string action) => statements
            .Where(s => Actions(s).Contains(action))
            .SelectMany(s => s["Resource"] is JsonArray r ? r.ToArray() : [s["Resource"]])
            .Select(r => (string?)r!["Fn::Join"]?[1]?[1] ?? r!.ToJsonString()).Distinct().Order().ToArray();
        Assert.Equal(["/curated/ai-transcripts/*", "/inbox/*"], ObjectsFor("s3:GetObject"));
        // Transcribe and Polly write with the workflow's rights, each into its own prefix.
        Assert.Equal(["/curated/ai-errors/*", "/curated/ai-results/*", "/curated/ai-speech/*", "/curated/ai-transcripts/*"], ObjectsFor("s3:PutObject"));
        var jobs = Assert.Single(statements, s => Actions(s).Contains("transcribe:StartTranscriptionJob"));
        Assert.Contains(":transcription-job/*", jobs["Resource"]!.ToJsonString());
        var counter = Assert.Single(statements, s => Actions(s).Contains("dynamodb:UpdateItem"));
        LocalRuns.AssertJson(JsonNode.Parse("""{ "Fn::GetAtt": [ "UploadCapCountersAD6E6D41", "Arn" ] }"""), counter["Resource"]);
        // Rekognition Video reads the video with the workflow's rights: the start is allowed with the inbox's read beside it.
        var invoke = Assert.Single(statements, s => Actions(s).Contains("lambda:InvokeFunction"));
        Assert.StartsWith("WorkflowVideoHeaderFunction", (string)invoke["Resource"]!["Fn::GetAtt"]![0]!, StringComparison.Ordinal);

        // The header reader may only read uploads (and write its logs, through its log group's managed policy).
        var readerPolicy = resources.Single(r => r.Key.StartsWith("WorkflowVideoHeaderFunctionServiceRoleDefaultPolicy", StringComparison.Ordinal)).Value!;
        var readerStatement = Assert.Single(readerPolicy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();
        Assert.Equal(["s3:GetObject"], Actions(readerStatement));
        Assert.Equal("/inbox/*", (string?)readerStatement["Resource"]!["Fn::Join"]![1]![1]);
    }

    [Fact]
    public void TheDailyCapIsAnOnDemandCounterTableThatGoesWithTheStack()
    {
        template.HasResource("AWS::DynamoDB::Table", Json("""
            { "Properties": { "BillingMode": "PAY_PER_REQUEST", "KeySchema": [ { "AttributeName": "day", "KeyType": "HASH" } ] },
              "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete" }
            """));
        var count = AllStates(Definition(lab.Default)).Single(s => s.Name == "Count upload").State;
        Assert.Equal("200", (string?)count["Parameters"]!["ExpressionAttributeValues"]![":cap"]!["N"]);
        var cap = AllStates(Definition(lab.Customized)).Single(s => s.Name == "Count upload").State;
        Assert.Equal("50", (string?)cap["Parameters"]!["ExpressionAttributeValues"]![":cap"]!["N"]);
        // Refusals (empty, unsupported, too large) come before the count: they cost no AI call and do not use up the day.
        var route = AllStates(Definition(lab.Default)).Single(s => s.Name == "Route by type").State;
        Assert.All(route["Choices"]!.AsArray(), c => Assert.True((string?)c!["Next"]
            is "An image" or "A text" or "An audio" or "A video" or "Size unknown" or "Empty object" or "Image too large" or "Audio too long"
            or "Video too large" or "Folder marker"));
    }

    [Fact]
    public void UploadsUnderInboxStartTheStateMachine()
    {
        template.HasResourceProperties("AWS::Events::Rule", Json("""
            { "EventPattern": { "source": [ "aws.s3" ], "detail-type": [ "Object Created" ], "detail": { "object": { "key": [ { "prefix": "inbox/" } ] } } }, "State": "ENABLED" }
            """));
        var targetRole = template.FindResources("AWS::IAM::Policy").Single(p => p.Key.StartsWith("TriggerStartRole", StringComparison.Ordinal));
        var statement = ((object[])((IDictionary<string, object>)PropertiesOf(targetRole.Value)["PolicyDocument"])["Statement"]).Single();
        Assert.Equal("states:StartExecution", ((IDictionary<string, object>)statement)["Action"]);
        // No loop: the workflow writes only its two document prefixes (RoleGrantsExactlyWhatTheTasksCall), both outside inbox/.
        Assert.All(new[] { LakeLayout.AiResults, LakeLayout.AiErrors }, prefix => Assert.False(prefix.StartsWith(LakeLayout.Inbox, StringComparison.Ordinal)));
        lab.Default.Template(lab.Default.Stack<DataLakeStack>()).HasResourceProperties("AWS::S3::Bucket", Json("""
            { "NotificationConfiguration": { "EventBridgeConfiguration": { "EventBridgeEnabled": true } } }
            """));
    }

    [Fact]
    public void AnUploadEventThatCannotStartARunIsRetriedThenKeptInADeadLetterQueue()
    {
        template.HasResourceProperties("AWS::Events::Rule", Json($$"""
            { "Targets": [ { "RetryPolicy": { "MaximumRetryAttempts": {{UploadTrigger.DeliveryAttempts}}, "MaximumEventAgeInSeconds": 86400 },
                             "DeadLetterConfig": { "Arn": { "Fn::GetAtt": [ "TriggerUndelivered1A059927", "Arn" ] } } } ] }
            """));
        template.HasResource("AWS::SQS::Queue", Json("""
            { "Properties": { "MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": true }, "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete" }
            """));
        // Only EventBridge, for this rule, may send to it; and only over TLS.
        template.HasResourceProperties("AWS::SQS::QueuePolicy", Json("""
            { "PolicyDocument": { "Statement": [
              { "Effect": "Deny", "Action": "sqs:*", "Condition": { "Bool": { "aws:SecureTransport": "false" } } },
              { "Effect": "Allow", "Action": "sqs:SendMessage", "Principal": { "Service": "events.amazonaws.com" },
                "Condition": { "ArnEquals": { "aws:SourceArn": { "Fn::GetAtt": [ "TriggerOnUpload90FF8263", "Arn" ] } } } } ] } }
            """));
    }

    [Fact]
    public void ResultsAndErrorsAreGlueTablesOverTheirPrefixes()
    {
        foreach (var (name, prefix) in new[] { ("ai_results", "/curated/ai-results/"), ("ai_errors", "/curated/ai-errors/") })
        {
            template.HasResourceProperties("AWS::Glue::Table", new Dictionary<string, object>
            {
                ["TableInput"] = new Dictionary<string, object>
                {
                    ["Name"] = name,
                    ["StorageDescriptor"] = new Dictionary<string, object>
                    {
                        ["SerdeInfo"] = Json("""{ "SerializationLibrary": "org.openx.data.jsonserde.JsonSerDe" }"""),
                        ["Location"] = new Dictionary<string, object> { ["Fn::Join"] = Match.ArrayWith([Match.ArrayWith([prefix])]) },
                    },
                },
            });
        }
        Assert.Equal(5, template.FindResources("AWS::Athena::NamedQuery").Count); // image labels, text sentiment, failed runs, audio runs, video labels
    }

    [Fact]
    public void ResultTableColumnsAreTheDocumentFields()
    {
        var scenario = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios", "image-with-text.json")))!;
        var documentFields = scenario["expect"]!["document"]!.AsObject().Select(p => p.Key);
        Assert.Equal(AiResultsTables.ResultColumns.Select(c => c.Name).Where(c => c != "video"), documentFields);
        // A video's document has every column, video last; every field of its video and of a segment label is in the struct.
        var video = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios", "video-labels-two-pages.json")))!
            ["expect"]!["document"]!.AsObject();
        Assert.Equal(AiResultsTables.ResultColumns.Select(c => c.Name), video.Select(p => p.Key));
        var label = video["video"]!["label_pages"]![0]![0]!.AsObject();
        foreach (var field in video["video"]!.AsObject().Concat(video["video"]!["metadata"]!.AsObject()).Concat(label).Concat(label["Label"]!.AsObject())
            .Select(p => p.Key).Where(k => k != "Instances"))
        {
            Assert.Contains(field.ToLowerInvariant() + ":", AiResultsTables.VideoType, StringComparison.Ordinal);
        }
        var errorScenario = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios", "missing-object.json")))!;
        Assert.Equal(AiResultsTables.ErrorColumns.Select(c => c.Name), errorScenario["expect"]!["errorDocument"]!.AsObject().Select(p => p.Key));

        // Every field of a text entry (analyzed and spoken, or skipped) is a field of the table's struct.
        foreach (var name in new[] { "english-audio", "no-language-found", "speech-refused" })
        {
            var entries = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios", name + ".json")))!
                ["expect"]!["document"]!["text_analyses"]!.AsArray();
            foreach (var field in entries.SelectMany(e => e!.AsObject().Select(p => p.Key)))
            {
                Assert.Contains(field.ToLowerInvariant() + ":", AiResultsTables.TextAnalysisType, StringComparison.Ordinal);
            }
        }
        foreach (var field in new[] { "TaskId", "TaskStatus", "OutputUri", "VoiceId", "Engine", "RequestCharacters" })
        {
            Assert.Contains(field.ToLowerInvariant() + ":", AiResultsTables.TextAnalysisType, StringComparison.Ordinal);
        }
    }
}
