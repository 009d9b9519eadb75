using Amazon.CDK.AWS.StepFunctions;
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

    /// <summary>Seconds between two looks at the job.</summary>
    public const int PollSeconds = 10;

    /// <summary>Looks at the job before giving up: 10 minutes, several times what 2 minutes of audio take.</summary>
    public const int MaxPolls = 60;

    /// <summary>
    /// The largest transcript read into the run. A task's result may be at most 256 KiB as a UTF-8 string, and a larger
    /// one fails the run with States.DataLimitExceeded, which no Catch takes; the body comes as a JSON string, whose
    /// escapes (a quote or backslash takes two bytes) can nearly double it, so the bound is well under half the limit.
    /// A transcript (with per-word items) takes about 26 KB a minute, so two minutes of audio are about 52 KB.
    /// Limit: https://docs.aws.amazon.com/step-functions/latest/dg/avoid-exec-failures.html ; the error:
    /// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    /// </summary>
    public const int TranscriptByteLimit = 100_000;

    /// <summary>Transcription jobs are named after the execution, so a run's job and transcript are found by its name.</summary>
    private static string JobName => JsonPath.ExecutionName;

    /// <summary>The branch: start the job, look at it until it is done, then read its transcript.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var jobs = new[] { Stack.Of(scope).FormatArn(new ArnComponents { Service = "transcribe", Resource = "transcription-job", ResourceName = "*" }) };
        var wait = new Wait(scope, "Wait for the transcript", new WaitProps { Time = WaitTime.Duration(Duration.Seconds(PollSeconds)) });
        var status = RunDocument.TranscriptionStatus;

        return new Pass(scope, "No looks yet", new PassProps
        {
            Parameters = Fields(("polls", Fields(("count", 0))),
                ("job_defaults", Fields(("TranscriptionJobStatus", "NOT_RETURNED"), ("FailureReason", "Transcribe gave no reason.")))),
            ResultPath = RunDocument.Audio,
        })
            .Next(ChooseFormat(branch))
            .Next(StartTranscription(branch, jobs))
            .Next(wait)
            .Next(TranscriptionStatus(branch, jobs))
            .Next(branch.UntilDone(
                new JobLook("Transcribed?", "Count looks", "Waited too long?", status, "COMPLETED", RunDocument.AudioPolls, RunDocument.AudioPollCount, MaxPolls, wait),
                ReadTranscript(branch),
                new Refusal("Transcription failed", "LabStack.TranscriptionFailed",
                    JsonPath.Format("Transcribe could not transcribe the audio: {}", JsonPath.StringAt(RunDocument.TranscriptionFailureReason))),
                new Refusal("Transcription timed out", "LabStack.TranscriptionTimedOut", $"Transcribe had not finished after {MaxPolls * PollSeconds / 60} minutes; " +
                    "the job may still finish: see it in the Transcribe console.")));
    }

    /// <summary>
    /// The format Transcribe is told, at <see cref="RunDocument.AudioFormat"/>: the one routing sized the upload by, so a file
    /// of another format (an Ogg stream named .mp3) fails the job instead of being transcribed past the lab's duration bound.
    /// "The media format provided does not match the detected media format" is a documented FailureReason:
    /// https://docs.aws.amazon.com/transcribe/latest/APIReference/API_MedicalTranscriptionJob.html (the same list as TranscriptionJob's).
    /// </summary>
    private static Chain ChooseFormat(AnalysisBranch branch)
    {
        Pass As(UploadFormat format) => new(branch.Scope, "As " + format.Name, new PassProps
        {
            Parameters = Fields(("media", format.Name)),
            ResultPath = RunDocument.AudioFormat,
        });
        // Formats of limit 0 never reach the branch.
        var formats = UploadKinds.Audio.Formats.Where(format => format.ByteLimit > 0).ToList();
        var choice = new Choice(branch.Scope, "Which audio format?");
        foreach (var format in formats.Take(formats.Count - 1))
        {
            choice.When(format.Matches, As(format));
        }
        return choice.Otherwise(As(formats[^1])).Afterwards();
    }

    /// <summary>The job, on the uploaded object, with its transcript written into the lake.</summary>
    private static IChainable StartTranscription(AnalysisBranch branch, string[] jobs)
    {
        var start = Call(branch.Scope, "Start transcription", new ServiceCall
        {
            Service = "transcribe", Action = "startTranscriptionJob", IamAction = "transcribe:StartTranscriptionJob", IamResources = jobs,
            Parameters = Fields(
                ("TranscriptionJobName", JobName),
                ("Media", Fields(("MediaFileUri",
                    JsonPath.Format("s3://{}/{}", JsonPath.StringAt(RunDocument.InputBucket), JsonPath.StringAt(RunDocument.InputKey))))),
                ("MediaFormat", JsonPath.StringAt(RunDocument.AudioFormatName)),
                ("IdentifyLanguage", true),
                ("OutputBucketName", branch.Lake.BucketName),
                ("OutputKey", TranscriptKey)),
            ResultPath = JsonPath.DISCARD,
            // Transcribe reads the media and writes the transcript with the caller's rights.
            AlsoNeeds = [Iam.Allow(["s3:GetObject"], branch.Inbox), Iam.Allow(["s3:PutObject"], Transcripts(branch))],
        });
        branch.Outcomes.Catch(start);
        return start;
    }

    /// <summary>The job's status and failure reason, at <see cref="RunDocument.TranscriptionJob"/>, over the defaults for what Transcribe leaves out.</summary>
    private static IChainable TranscriptionStatus(AnalysisBranch branch, string[] jobs)
    {
        var scope = branch.Scope;
        var look = Call(scope, "Transcription status", new ServiceCall
        {
            Service = "transcribe", Action = "getTranscriptionJob", IamAction = "transcribe:GetTranscriptionJob", IamResources = jobs,
            Parameters = Fields(("TranscriptionJobName", JobName)),
            ResultSelector = KeepWithDefaults(("TranscriptionJob", new Dictionary<string, object>())),
            ResultPath = RunDocument.Transcription,
        });
        branch.Outcomes.Catch(look);
        return look
            .Next(FillDefaults(scope, "Job found or not", RunDocument.Transcription))
            .Next(new Pass(scope, "Job or defaults", new PassProps
            {
                Parameters = Fields(("job",
                    JsonPath.JsonMerge(JsonPath.StringAt(RunDocument.AudioJobDefaults), JsonPath.StringAt(RunDocument.TranscriptionJobFound)))),
                ResultPath = RunDocument.Transcription,
            }));
    }

    /// <summary>The transcript Transcribe wrote, through the text path as one text, or the refusal of audio without speech.</summary>
    private static IChainable ReadTranscript(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var describe = S3Reads.Read(scope, "Describe transcript", new ServiceCall
        {
            Service = "s3", Action = "headObject", IamAction = "s3:GetObject", IamResources = [Transcripts(branch)],
            Parameters = Fields(("Bucket", branch.Lake.BucketName), ("Key", TranscriptKey)),
            ResultSelector = KeepWithDefaults(("ContentLength", -1)),
            ResultPath = RunDocument.TranscriptHead,
        }, branch.Outcomes);
        var read = S3Reads.Read(scope, "Read transcript", new ServiceCall
        {
            Service = "s3", Action = "getObject", IamAction = "s3:GetObject", IamResources = [Transcripts(branch)],
            Parameters = Fields(("Bucket", branch.Lake.BucketName), ("Key", TranscriptKey)),
            ResultSelector = KeepWithDefaults(("Body", "{}")),
            ResultPath = RunDocument.Read,
        }, branch.Outcomes);
        var length = RunDocument.TranscriptHeadLength;
        var tooLong = Condition.Or(Condition.NumberLessThan(length, 0), Condition.NumberGreaterThan(length, TranscriptByteLimit));
        var transcript = RunDocument.ReadTranscript;
        var parsed = read
            .Next(FillDefaults(scope, "Transcript body or empty", RunDocument.Read))
            .Next(new Pass(scope, "Parse transcript", new PassProps
            {
                Parameters = Fields(("document", JsonPath.StringAt($"States.StringToJson({RunDocument.ReadBody})"))),
                ResultPath = RunDocument.Read,
            }))
            .Next(new Choice(scope, "Any speech?")
                .When(Condition.And(Condition.IsPresent(transcript), Condition.Not(Condition.StringEquals(transcript, ""))),
                    branch.Outcomes.Scope("Mark audio", "audio", false)
                        .Next(branch.AnalyzeOneText("No labels for audio", "Transcript as one text", transcript)))
                .Otherwise(branch.Outcomes.Refuse("No speech", "LabStack.NoSpeech", "Transcribe found no speech in the audio.")));
        return describe
            .Next(FillDefaults(scope, "Transcript size or unknown", RunDocument.TranscriptHead))
            .Next(new Choice(scope, "Transcript small enough?")
                .When(tooLong, branch.Outcomes.Refuse("Transcript too long", "LabStack.TranscriptTooLong",
                    $"The transcript is larger than the {TranscriptByteLimit} bytes a run can carry (or of unknown size), so it was not read; " +
                    "it is in curated/ai-transcripts/ under the execution's name."))
                .Otherwise(parsed));
    }

    /// <summary>Where Transcribe writes the run's transcript.</summary>
    private static string TranscriptKey => JsonPath.Format(LakeLayout.AiTranscripts + "{}.json", JobName);

    /// <summary>The transcripts' ARNs in <see cref="AnalysisBranch.Lake"/>.</summary>
    private static string Transcripts(AnalysisBranch branch) => branch.Lake.ArnForObjects(LakeLayout.AiTranscripts + "*");
}
