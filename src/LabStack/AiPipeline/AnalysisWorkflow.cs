using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.DataLake;
using LabStack.Facts;
using LabStack.Guardrails;
using static LabStack.ServiceCalls;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="AnalysisWorkflow"/>.</summary>
public sealed record AnalysisWorkflowProps
{
    /// <summary>The lake: uploads are read from its inbox, results and errors written to its curated area.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>Language texts are translated into.</summary>
    public required string TargetLanguage { get; init; }

    /// <summary>Today's upload counter: every upload the workflow would analyze is counted against the cap first.</summary>
    public required DailyUploadCap UploadCap { get; init; }

    /// <summary>The execution log group's name after <see cref="WorkflowLogs.Prefix"/>.</summary>
    public required string LogName { get; init; }
}

/// <summary>
/// The AI pipeline's state machine, built only from SDK service integrations. Input: an S3 "Object Created" event
/// from EventBridge, or <c>{ "bucket": ..., "key": ... }</c>. The object is described, then routed by size and type;
/// an upload it can analyze is counted against the <see cref="DailyUploadCap"/>, then goes to a branch
/// (<see cref="ImageAnalysis"/>, <see cref="TextFileReading"/>, <see cref="AudioTranscription"/>); each branch extracts
/// texts that go through <see cref="TextAnalysis"/>, and every run ends as <see cref="RunOutcomes"/> says: a result
/// document, or an error document and a failed execution. A new kind of upload is a new branch file and its routing lines here.
/// </summary>
public sealed class AnalysisWorkflow : Construct
{
    /// <summary>The state machine.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Execution history log group (deleted with the stack).</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>Creates the AnalysisWorkflow in <paramref name="scope"/>, as <paramref name="props"/> says.</summary>
    public AnalysisWorkflow(Construct scope, string id, AnalysisWorkflowProps props) : base(scope, id)
    {
        var inbox = new[] { props.Lake.ArnForObjects(LakeLayout.Inbox + "*") };
        var outcomes = new RunOutcomes(this, props.Lake);

        var analyzeTexts = new SfnMap(this, "Analyze texts", new MapProps
        {
            ItemsPath = "$.text.items",
            ItemSelector = Fields(("text", JsonPath.StringAt("$$.Map.Item.Value")), ("target", props.TargetLanguage)),
            MaxConcurrency = 1,
            ResultPath = "$.text_analyses",
        });
        analyzeTexts.ItemProcessor(TextAnalysis.Build(this, props.Lake, props.TargetLanguage));
        outcomes.Catch(analyzeTexts);
        analyzeTexts.Next(outcomes.ResultDocument("Build result"));
        var branch = new AnalysisBranch(this, outcomes, inbox, analyzeTexts, props.TargetLanguage, props.Lake);
        var textFile = TextFileReading.Build(branch);
        var image = ImageAnalysis.Build(branch);
        var audio = AudioTranscription.Build(branch);

        // Counted only once the upload is known to be analyzable: refusals cost no AI call, so they do not count.
        var count = props.UploadCap.Count(this, "Count upload");
        count.AddCatch(outcomes.Refuse("Daily cap reached", "LabStack.DailyCapReached",
            $"Skipped: {props.UploadCap.MaxUploadsPerDay} uploads were analyzed today (UTC), the lab's cap (maxUploadsPerDay). " +
            "Start this one by hand tomorrow (output StartByHand), or raise the cap and deploy."),
            new CatchProps { Errors = ["DynamoDb.ConditionalCheckFailedException"], ResultPath = "$.error" });
        outcomes.Catch(count);
        count.Next(new Choice(this, "Analyze as")
            .When(Condition.StringEquals("$.kind.is", "image"), image)
            .When(Condition.StringEquals("$.kind.is", "audio"), audio)
            .Otherwise(textFile));
        Pass Kind(string name, string kind) => new Pass(this, name, new PassProps { Parameters = Fields(("is", kind)), ResultPath = "$.kind" });
        var anImage = Kind("An image", "image");
        var aText = Kind("A text", "text");
        var anAudio = Kind("An audio", "audio");
        anImage.Next(count);
        aText.Next(count);
        anAudio.Next(count);

        var route = new Choice(this, "Route by type")
            .When(Condition.NumberLessThan("$.object.bytes", 0), outcomes.Refuse("Size unknown", "LabStack.SizeUnknown", "S3 did not report the object's size."))
            .When(Condition.NumberEquals("$.object.bytes", 0), outcomes.Refuse("Empty object", "LabStack.EmptyObject", "The object is empty: there is nothing to analyze."))
            .When(ImageAnalysis.TooLarge, outcomes.Refuse("Image too large", "LabStack.ImageTooLarge", $"Rekognition reads images of at most {ImageAnalysis.ByteLimit} bytes from S3."))
            .When(AudioTranscription.TooLong, outcomes.Refuse("Audio too long", "LabStack.AudioTooLong",
                $"The lab transcribes audio files of at most {AudioTranscription.ByteLimit} bytes (about 2 minutes of MP3): Transcribe bills $0.024 a minute."))
            .When(ImageAnalysis.Accepts, anImage)
            .When(TextFileReading.Accepts, aText)
            .When(AudioTranscription.Accepts, anAudio)
            .When(ImageAnalysis.AcceptsType, anImage)
            .When(TextFileReading.AcceptsType, aText)
            .When(AudioTranscription.AcceptsType, anAudio)
            .Otherwise(outcomes.Refuse("Unsupported type", "LabStack.UnsupportedType",
                "Upload .jpg, .jpeg or .png images, .txt text files (UTF-8), or .mp3, .wav, .flac, .ogg, .m4a or .webm audio, in any " +
                "letter case; a key without one of these extensions is taken by its Content-Type (image/jpeg, image/png, text/plain, audio/...)."));

        var describe = Call(this, "Describe object", new ServiceCall
        {
            Service = "s3", Action = "headObject", IamAction = "s3:GetObject", IamResources = inbox,
            Parameters = Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Key", JsonPath.StringAt("$.input.key"))),
            // S3 always sends Content-Length; -1 stands for "not reported" (the model marks it optional). A missing
            // Content-Type is S3's default for objects uploaded without one.
            ResultSelector = KeepWithDefaults(("ContentLength", -1), ("ContentType", "binary/octet-stream")),
            ResultPath = "$.head",
        });
        outcomes.Catch(describe);
        describe.Next(FillDefaults(this, "Size and type or defaults", "$.head")).Next(new Pass(this, "Object facts", new PassProps
        {
            Parameters = Fields(("bytes", JsonPath.NumberAt("$.head.found.ContentLength")), ("content_type", JsonPath.StringAt("$.head.found.ContentType"))),
            ResultPath = "$.object",
        })).Next(route);

        // A comparison on a missing field fails the run, so presence is checked before type.
        var invalidInput = new Fail(this, "Invalid input", new FailProps
        {
            Error = "LabStack.InvalidInput",
            Cause = "Start with {\"bucket\": \"...\", \"key\": \"inbox/...\"} or an S3 Object Created event.",
        });
        var start = new Choice(this, "Start")
            .When(Condition.IsPresent("$.detail.object.key"), new Pass(this, "From upload event", new PassProps
            {
                Parameters = Fields(("input", Fields(("bucket", JsonPath.StringAt("$.detail.bucket.name")), ("key", JsonPath.StringAt("$.detail.object.key"))))),
            }).Next(describe))
            .When(Condition.And(Condition.IsPresent("$.bucket"), Condition.IsPresent("$.key")), new Choice(this, "Bucket and key are text?")
                .When(Condition.And(Condition.IsString("$.bucket"), Condition.IsString("$.key")), new Pass(this, "From manual start", new PassProps
                {
                    Parameters = Fields(("input", Fields(("bucket", JsonPath.StringAt("$.bucket")), ("key", JsonPath.StringAt("$.key"))))),
                }).Next(describe))
                .Otherwise(invalidInput))
            .Otherwise(invalidInput);

        LogGroup = WorkflowLogs.Create(this, "Logs", props.LogName, RetentionDays.ONE_WEEK);
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(start),
            StateMachineType = StateMachineType.STANDARD,
            // Every call's retries are bounded (about 4 minutes each), so a run ends on its own; the timeout only catches
            // the unforeseen, and a run it stops has no error document, so it is far above the slowest run a burst can cause.
            Timeout = Duration.Hours(3),
            TracingEnabled = true,
            Logs = new LogOptions { Destination = LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            Comment = "ML study lab: Rekognition, Transcribe, Comprehend, Translate and Polly over uploads to the lake's inbox/",
        });
        Nag.Suppress(StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "Objects are read under inbox/ and written under curated/ai-results/, ai-errors/, ai-transcripts/ (by Transcribe) and ai-speech/ " +
            "(by Polly) only; transcription jobs are named after executions, so the job ARN ends in *; Rekognition, Comprehend, Translate, " +
            "Polly (no lexicon is used), X-Ray and log delivery have no resource to name for these calls, so IAM requires Resource *.",
            Nag.AnyResource, "/^Resource::.*\\/(inbox|curated\\/ai-results|curated\\/ai-errors|curated\\/ai-transcripts|curated\\/ai-speech)\\/\\*$/",
            "/^Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job\\/\\*$/"));
    }
}
