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
    public void EveryTaskIsAnSdkIntegrationNoLambdaInThePath()
    {
        var tasks = AllStates(Definition(lab.Default)).Where(s => (string?)s.State["Type"] == "Task").ToList();
        Assert.Equal(17, tasks.Count); // 10 AI service calls (Polly and Transcribe's two included), 6 S3 calls, the daily-cap counter
        Assert.All(tasks, t => Assert.Matches(@"^arn:<intrinsic>:states:::aws-sdk:(s3|rekognition|comprehend|translate|transcribe|polly|dynamodb):[a-z][A-Za-z]+$",
            (string)t.State["Resource"]!));
        template.ResourceCountIs("AWS::Lambda::Function", 0);
    }

    [Fact]
    public void AiServiceCallsRetryThrottlingWithBackoff()
    {
        var aiTasks = AllStates(Definition(lab.Default))
            .Where(s => (string?)s.State["Type"] == "Task" && !((string)s.State["Resource"]!).Contains(":s3:"))
            .ToList();
        Assert.Equal(11, aiTasks.Count); // 10 AI calls and the daily-cap counter
        foreach (var (name, state) in aiTasks)
        {
            var service = ((string)state["Resource"]!).Split(':')[^2];
            var retry = Assert.Single(state["Retry"]!.AsArray())!;
            Assert.Equal(ServiceCalls.TransientErrors[service], retry["ErrorEquals"]!.AsArray().Select(e => (string)e!));
            Assert.True((int)retry["MaxAttempts"]! == 8 && (int)retry["IntervalSeconds"]! == 2 && (double)retry["BackoffRate"]! == 2
                && (int)retry["MaxDelaySeconds"]! == 60 && (string?)retry["JitterStrategy"] == "FULL", name);
        }
    }

    [Fact]
    public void EveryFailureAfterTheInputIsKnownEndsInTheErrorRecord()
    {
        var states = AllStates(Definition(lab.Default)).ToDictionary(s => s.Name, s => s.State);
        foreach (var name in new[] { "Describe object", "Read text", "Describe transcript", "Read transcript", "Analyze image", "Analyze texts" })
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
            is "An image" or "A text" or "An audio" or "Size unknown" or "Empty object" or "Image too large" or "Audio too long" or "Folder marker"));
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
        Assert.Equal(4, template.FindResources("AWS::Athena::NamedQuery").Count); // image labels, text sentiment, failed runs, audio runs
    }

    [Fact]
    public void ResultTableColumnsAreTheDocumentFields()
    {
        var scenario = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "AiPipeline", "scenarios", "image-with-text.json")))!;
        var documentFields = scenario["expect"]!["document"]!.AsObject().Select(p => p.Key);
        Assert.Equal(AiResultsTables.ResultColumns.Select(c => c.Name), documentFields);
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
