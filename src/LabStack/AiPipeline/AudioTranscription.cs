using Amazon.CDK;
using Amazon.CDK.AWS.StepFunctions;
using LabStack.DataLake;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// The audio branch: Transcribe is asynchronous, so the workflow starts a transcription job (language identification
/// on), then waits, asks for the job's status, and loops until it is COMPLETED or FAILED, at most
/// <see cref="MaxPolls"/> times; Step Functions waits for free (a Standard workflow bills transitions, not time), where
/// a Lambda would bill every second it waited. Transcribe writes the transcript into the lake
/// (<see cref="LakeLayout.AiTranscripts"/>), the workflow reads it, and the transcript goes through the text path.
/// </summary>
public static class AudioTranscription
{
    /// <summary>Key patterns routed here (any casing): the formats Transcribe accepts.</summary>
    public static IReadOnlyList<string> Patterns { get; } = ["*.mp3", "*.wav", "*.flac", "*.ogg", "*.m4a", "*.webm"];

    /// <summary>Content types routed here when the key's extension says nothing.</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = ["audio/mpeg", "audio/wav", "audio/x-wav", "audio/flac", "audio/ogg", "audio/mp4", "audio/webm"];

    /// <summary>The lab's limit: 2 MB is about 2 minutes of 128 kbit/s MP3 (Transcribe takes up to 4 hours; a minute costs $0.024).</summary>
    public const long ByteLimit = 2L * 1024 * 1024;

    /// <summary>Seconds between two looks at the job.</summary>
    public const int PollSeconds = 10;

    /// <summary>Looks at the job before giving up: 10 minutes, several times what 2 minutes of audio take.</summary>
    public const int MaxPolls = 60;

    /// <summary>Uploads this branch takes.</summary>
    public static Condition Accepts => AnalysisBranch.KeyMatches(Patterns);

    /// <summary>Uploads this branch takes by their content type.</summary>
    public static Condition AcceptsType => AnalysisBranch.ContentTypeIs(ContentTypes);

    /// <summary>Audio longer than the lab transcribes.</summary>
    public static Condition TooLong => Condition.And(Condition.Or(Accepts, AcceptsType), Condition.NumberGreaterThan("$.object.bytes", ByteLimit));

    /// <summary>Builds the branch; returns its first state.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var lake = branch.Lake;
        var jobName = JsonPath.ExecutionName;
        var jobs = new[] { Stack.Of(scope).FormatArn(new ArnComponents { Service = "transcribe", Resource = "transcription-job", ResourceName = "*" }) };
        var transcripts = lake.ArnForObjects(LakeLayout.AiTranscripts + "*");

        var start = Call(scope, "Start transcription", new ServiceCall
        {
            Service = "transcribe", Action = "startTranscriptionJob", IamAction = "transcribe:StartTranscriptionJob", IamResources = jobs,
            Parameters = Fields(
                ("TranscriptionJobName", jobName),
                ("Media", Fields(("MediaFileUri", JsonPath.Format("s3://{}/{}", JsonPath.StringAt("$.input.bucket"), JsonPath.StringAt("$.input.key"))))),
                ("IdentifyLanguage", true),
                ("OutputBucketName", lake.BucketName),
                ("OutputKey", JsonPath.Format(LakeLayout.AiTranscripts + "{}.json", jobName))),
            ResultPath = JsonPath.DISCARD,
            // Transcribe reads the media and writes the transcript with the caller's rights.
            AlsoNeeds = [Iam.Allow(["s3:GetObject"], branch.Inbox), Iam.Allow(["s3:PutObject"], transcripts)],
        });
        branch.Outcomes.Catch(start);

        var wait = new Wait(scope, "Wait for the transcript", new WaitProps { Time = WaitTime.Duration(Duration.Seconds(PollSeconds)) });
        var look = Call(scope, "Transcription status", new ServiceCall
        {
            Service = "transcribe", Action = "getTranscriptionJob", IamAction = "transcribe:GetTranscriptionJob", IamResources = jobs,
            Parameters = Fields(("TranscriptionJobName", jobName)),
            ResultSelector = KeepWithDefaults(("TranscriptionJob", new Dictionary<string, object>())),
            ResultPath = "$.transcription",
        });
        branch.Outcomes.Catch(look);
        var job = new Pass(scope, "Job or defaults", new PassProps
        {
            Parameters = Fields(("job", JsonPath.JsonMerge(JsonPath.StringAt("$.audio.job_defaults"), JsonPath.StringAt("$.transcription.found.TranscriptionJob")))),
            ResultPath = "$.transcription",
        });
        var count = new Pass(scope, "Count looks", new PassProps
        {
            Parameters = Fields(("count", JsonPath.MathAdd(JsonPath.NumberAt("$.audio.polls.count"), 1))),
            ResultPath = "$.audio.polls",
        });

        var read = Call(scope, "Read transcript", new ServiceCall
        {
            Service = "s3", Action = "getObject", IamAction = "s3:GetObject", IamResources = [transcripts],
            Parameters = Fields(("Bucket", lake.BucketName), ("Key", JsonPath.Format(LakeLayout.AiTranscripts + "{}.json", jobName))),
            ResultSelector = KeepWithDefaults(("Body", "{}")),
            ResultPath = "$.read",
        });
        branch.Outcomes.Catch(read);
        var transcript = "$.read.document.results.transcripts[0].transcript";
        var asOneText = branch.AnalyzeOneText("No labels for audio", "Transcript as one text", transcript);
        read.Next(FillDefaults(scope, "Transcript body or empty", "$.read")).Next(new Pass(scope, "Parse transcript", new PassProps
        {
            Parameters = Fields(("document", JsonPath.StringAt("States.StringToJson($.read.found.Body)"))),
            ResultPath = "$.read",
        })).Next(new Choice(scope, "Any speech?")
            .When(Condition.And(Condition.IsPresent(transcript), Condition.Not(Condition.StringEquals(transcript, ""))),
                branch.Outcomes.Scope("Mark audio", "audio", false, null, asOneText))
            .Otherwise(branch.Outcomes.Refuse("No speech", "LabStack.NoSpeech", "Transcribe found no speech in the audio.")));

        var status = "$.transcription.job.TranscriptionJobStatus";
        var failed = new Pass(scope, "Transcription failed", new PassProps
        {
            Parameters = Fields(("Error", "LabStack.TranscriptionFailed"),
                ("Cause", JsonPath.Format("Transcribe could not transcribe the audio: {}", JsonPath.StringAt("$.transcription.job.FailureReason")))),
            ResultPath = "$.error",
        });
        failed.Next(branch.Outcomes.RecordError);
        look.Next(FillDefaults(scope, "Job found or not", "$.transcription")).Next(job).Next(new Choice(scope, "Transcribed?")
            .When(Condition.StringEquals(status, "COMPLETED"), read)
            .When(Condition.StringEquals(status, "FAILED"), failed)
            .Otherwise(count.Next(new Choice(scope, "Waited too long?")
                .When(Condition.NumberGreaterThanEquals("$.audio.polls.count", MaxPolls), branch.Outcomes.Refuse("Transcription timed out", "LabStack.TranscriptionTimedOut",
                    $"Transcribe had not finished after {MaxPolls * PollSeconds / 60} minutes; the job may still finish: see it in the Transcribe console."))
                .Otherwise(wait))));
        wait.Next(look);

        var first = new Pass(scope, "No looks yet", new PassProps
        {
            Parameters = Fields(("polls", Fields(("count", 0))),
                ("job_defaults", Fields(("TranscriptionJobStatus", "NOT_RETURNED"), ("FailureReason", "Transcribe gave no reason.")))),
            ResultPath = "$.audio",
        });
        first.Next(start).Next(wait);
        return first;
    }
}
