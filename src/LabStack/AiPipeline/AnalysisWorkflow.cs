using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
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
/// from EventBridge, or <c>{ "bucket": ..., "key": ... }</c>. The object is described, then routed by size and type
/// (<see cref="UploadKinds"/>); a video's length is read from its header (<see cref="VideoAnalysis.MeasureLength"/>); an
/// upload it can analyze is counted against the <see cref="DailyUploadCap"/>, then goes to its kind's branch
/// (<see cref="ImageAnalysis"/>, <see cref="TextFileReading"/>, <see cref="AudioTranscription"/>, <see cref="VideoAnalysis"/>);
/// each branch but the video's extracts texts that go through <see cref="TextAnalysis"/>, and every run ends as <see cref="RunOutcomes"/>
/// says: a result document, or an error document and a failed execution. The document a run carries is <see cref="RunDocument"/>.
/// </summary>
/// <remarks>
/// CDK writes the states in the order it finds them from the start, following each state's incoming links (in the
/// order they were made) before its outgoing ones; so the order in which states are linked is part of the template. The
/// text path is built before the steps because every branch ends in it, and its Catch must be the first link into
/// Record error.
/// </remarks>
public sealed class AnalysisWorkflow : Construct
{
    public StateMachine StateMachine { get; }

    /// <summary>Execution history log group (deleted with the stack).</summary>
    public ILogGroup LogGroup { get; }

    /// <summary>The function that reads a video's duration before Rekognition Video starts.</summary>
    public VideoHeaderReader VideoHeader { get; }

    /// <summary>The workflow in <paramref name="scope"/>, over <paramref name="props"/>' lake: its steps in the order a run takes them.</summary>
    public AnalysisWorkflow(Construct scope, string id, AnalysisWorkflowProps props) : base(scope, id)
    {
        var inbox = new[] { props.Lake.ArnForObjects(LakeLayout.Inbox + "*") };
        var outcomes = new RunOutcomes(this, props.Lake);
        // Every branch ends in the text path, so it is built before the steps (see remarks: link order is in the template).
        var branch = new AnalysisBranch(this, outcomes, inbox, AnalyzeTexts(outcomes, props), props.TargetLanguage, props.Lake);

        VideoHeader = new VideoHeaderReader(this, "VideoHeader", new VideoHeaderReaderProps { Inbox = inbox });

        var definition = Chain.Start(TakeInput())
            .Next(DescribeObject(outcomes, inbox))
            .Next(RouteByType(outcomes))
            .Next(VideoAnalysis.MeasureLength(this, outcomes, VideoHeader))
            .Next(CountUpload(outcomes, props.UploadCap))
            .Next(AnalyzeAs(branch));

        LogGroup = WorkflowLogs.Create(this, "Logs", props.LogName, RetentionDays.ONE_WEEK);
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Role = Iam.ServiceRole(this, "Role", ServiceFacts.Trust.StepFunctions),
            DefinitionBody = DefinitionBody.FromChainable(definition),
            StateMachineType = StateMachineType.STANDARD,
            // Every call's retries are bounded (about 4 minutes each), so a run ends on its own; the timeout only catches
            // the unforeseen, and a run it stops has no error document, so it is far above the slowest run a burst can cause.
            Timeout = Duration.Hours(3),
            TracingEnabled = true,
            Logs = new LogOptions { Destination = LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            Comment = "ML study lab: Rekognition (images and video), Transcribe, Comprehend, Translate and Polly over uploads to the lake's inbox/",
        });
        SuppressWildcardFindings(StateMachine.Role);
    }

    /// <summary>
    /// The object to analyze, from an upload event or a manual start, as <see cref="RunDocument.Input"/>; anything else
    /// fails the run at once. A comparison on a missing field fails the run, so presence is checked before type.
    /// </summary>
    private Chain TakeInput()
    {
        var invalidInput = new Fail(this, "Invalid input", new FailProps
        {
            Error = "LabStack.InvalidInput",
            Cause = "Start with {\"bucket\": \"...\", \"key\": \"inbox/...\"} or an S3 Object Created event.",
        });
        Pass Input(string name, string bucketPath, string keyPath, params (string Key, object Value)[] more) => new(this, name, new PassProps
        {
            Parameters = Fields(("input", Fields([("bucket", JsonPath.StringAt(bucketPath)), ("key", JsonPath.StringAt(keyPath)), .. more]))),
        });
        return new Choice(this, "Start")
            // The event's ETag pins the version the run analyzes (S3's API quotes ETags, the event does not).
            .When(Condition.And(Condition.IsPresent(RunDocument.EventKey), Condition.IsPresent(RunDocument.EventEtag)),
                Input("From upload event", RunDocument.EventBucket, RunDocument.EventKey,
                    ("etag", JsonPath.Format("\"{}\"", JsonPath.StringAt(RunDocument.EventEtag)))))
            .When(Condition.IsPresent(RunDocument.EventKey), Input("From upload event without ETag", RunDocument.EventBucket, RunDocument.EventKey))
            .When(Condition.And(Condition.IsPresent(RunDocument.ManualBucket), Condition.IsPresent(RunDocument.ManualKey)),
                new Choice(this, "Bucket and key are text?")
                    .When(Condition.And(Condition.IsString(RunDocument.ManualBucket), Condition.IsString(RunDocument.ManualKey)),
                        Input("From manual start", RunDocument.ManualBucket, RunDocument.ManualKey))
                    .Otherwise(invalidInput))
            .Otherwise(invalidInput)
            .Afterwards();
    }

    /// <summary>
    /// The object's size, content type and ETag, from S3, as <see cref="RunDocument.ObjectFacts"/>; an object whose ETag is
    /// not the one the upload event named was overwritten since, and is recorded as replaced (its own event starts its own run).
    /// </summary>
    private Chain DescribeObject(RunOutcomes outcomes, string[] inbox)
    {
        var describe = S3Reads.Read(this, "Describe object", new ServiceCall
        {
            Service = "s3", Action = "headObject", IamAction = "s3:GetObject", IamResources = inbox,
            Parameters = Fields(("Bucket", JsonPath.StringAt(RunDocument.InputBucket)), ("Key", JsonPath.StringAt(RunDocument.InputKey))),
            // S3 always sends Content-Length and ETag; -1 stands for "not reported" (the model marks them optional). A missing
            // Content-Type is S3's default for objects uploaded without one.
            ResultSelector = KeepWithDefaults(("ContentLength", -1), ("ContentType", "binary/octet-stream"), ("ETag", "")),
            ResultPath = RunDocument.Head,
        }, outcomes);
        var facts = new Pass(this, "Object facts", new PassProps
        {
            Parameters = Fields(
                ("bytes", JsonPath.NumberAt(RunDocument.HeadContentLength)),
                ("content_type", JsonPath.StringAt(RunDocument.HeadContentType)),
                ("etag", JsonPath.StringAt(RunDocument.HeadEtag))),
            ResultPath = RunDocument.ObjectFacts,
        });
        var replaced = Condition.And(Condition.IsPresent(RunDocument.InputEtag), Condition.Not(Condition.StringEqualsJsonPath(RunDocument.InputEtag, RunDocument.HeadEtag)));
        return describe
            .Next(FillDefaults(this, "Size and type or defaults", RunDocument.Head))
            .Next(new Choice(this, "The uploaded version?")
                .When(replaced, outcomes.Refuse("Replaced before it was read", "LabStack.ObjectReplaced",
                    "The object was overwritten after this upload (S3 reports another ETag than the upload event): this upload is gone, " +
                    "and the newer one has a run of its own."))
                .Otherwise(facts)
                .Afterwards());
    }

    /// <summary>
    /// Refuses an object of unknown or no size, or too large for its kind; else records its kind
    /// (<see cref="RunDocument.Kind"/>): by key pattern first, then by content type, each in <see cref="UploadKinds.All"/>'s order.
    /// </summary>
    private Chain RouteByType(RunOutcomes outcomes)
    {
        var route = new Choice(this, "Route by type")
            // The console's "Create folder" writes an empty object whose key ends in /: not an upload, so not an error.
            .When(Condition.And(Condition.StringMatches(RunDocument.InputKey, "*/"), Condition.NumberEquals(RunDocument.ObjectBytes, 0)),
                new Pass(this, "Folder marker", new PassProps
                {
                    Parameters = Fields(("execution", JsonPath.ExecutionName), ("object_key", JsonPath.StringAt(RunDocument.InputKey)),
                        ("ignored", "An empty object whose key ends in / is a folder (the S3 console's Create folder): nothing to analyze.")),
                    ResultPath = RunDocument.Ignored,
                }).Next(new Succeed(this, "Ignored", new SucceedProps { OutputPath = RunDocument.Ignored })))
            .When(Condition.NumberLessThan(RunDocument.ObjectBytes, 0),
                outcomes.Refuse("Size unknown", "LabStack.SizeUnknown", "S3 did not report the object's size."))
            .When(Condition.NumberEquals(RunDocument.ObjectBytes, 0),
                outcomes.Refuse("Empty object", "LabStack.EmptyObject", "The object is empty: there is nothing to analyze."));
        foreach (var kind in UploadKinds.All.Where(kind => kind.TooLarge is not null))
        {
            route.When(kind.IsTooLarge, outcomes.Refuse(kind.TooLarge!));
        }
        var routed = UploadKinds.All.Select(kind => (kind, state: new Pass(this, kind.RoutedState, new PassProps
        {
            Parameters = Fields(("is", kind.Name)),
            ResultPath = RunDocument.Kind,
        }))).ToList();
        routed.ForEach(r => route.When(r.kind.Accepts, r.state));
        routed.ForEach(r => route.When(r.kind.AcceptsType, r.state));
        return route.Otherwise(outcomes.Refuse("Unsupported type", "LabStack.UnsupportedType", UploadKinds.UnsupportedCause)).Afterwards();
    }

    /// <summary>
    /// Counts the upload against today's cap, or refuses it once the cap is reached. Counted only once the upload is
    /// known to be analyzable: refusals cost no AI call, so they do not count.
    /// </summary>
    private CallAwsService CountUpload(RunOutcomes outcomes, DailyUploadCap cap)
    {
        var count = cap.Count(this, "Count upload");
        count.AddCatch(outcomes.Refuse("Daily cap reached", "LabStack.DailyCapReached",
            $"Skipped: {cap.MaxUploadsPerDay} uploads were analyzed today (UTC), the lab's cap (maxUploadsPerDay). " +
            "Start this one by hand tomorrow (output StartByHand), or raise the cap and deploy."),
            new CatchProps { Errors = ["DynamoDb.ConditionalCheckFailedException"], ResultPath = RunDocument.Error });
        outcomes.Catch(count);
        return count;
    }

    /// <summary>
    /// The branch of the kind recorded at <see cref="RunDocument.KindIs"/>. The fallback kind's branch is built first:
    /// the order the branches link into the text path is the order their states appear in the template.
    /// </summary>
    private static Choice AnalyzeAs(AnalysisBranch branch)
    {
        var fallback = UploadKinds.Fallback.Build(branch);
        var choice = new Choice(branch.Scope, "Analyze as");
        foreach (var kind in UploadKinds.All.Where(kind => kind != UploadKinds.Fallback))
        {
            choice.When(Condition.StringEquals(RunDocument.KindIs, kind.Name), kind.Build(branch));
        }
        return choice.Otherwise(fallback);
    }

    /// <summary>The text path over <see cref="RunDocument.TextItems"/>, one text at a time, then the result document.</summary>
    private SfnMap AnalyzeTexts(RunOutcomes outcomes, AnalysisWorkflowProps props)
    {
        var analyzeTexts = new SfnMap(this, "Analyze texts", new MapProps
        {
            ItemsPath = RunDocument.TextItems,
            // Each item's document (TextDocument) starts as the item, from the Map's context object, and the target language.
            ItemSelector = Fields(("text", JsonPath.StringAt("$$.Map.Item.Value")), ("target", props.TargetLanguage)),
            MaxConcurrency = 1,
            ResultPath = RunDocument.TextAnalyses,
        });
        analyzeTexts.ItemProcessor(TextAnalysis.Build(this, props.Lake, props.TargetLanguage));
        outcomes.Catch(analyzeTexts);
        analyzeTexts.Next(outcomes.ResultDocument("Build result"));
        return analyzeTexts;
    }

    /// <summary>Records why cdk-nag's wildcard findings on the role's policy are accepted.</summary>
    private static void SuppressWildcardFindings(Amazon.CDK.AWS.IAM.IRole role) =>
        Nag.Suppress(role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "Objects are read under inbox/ and written under curated/ai-results/, ai-errors/, ai-transcripts/ (by Transcribe) and ai-speech/ " +
            "(by Polly) only; transcription jobs are named after executions, so the job ARN ends in *; Rekognition (images and stored video), " +
            "Comprehend, Translate, Polly (no lexicon is used), X-Ray and log delivery have no resource to name for these calls, so IAM requires Resource *.",
            Nag.AnyResource, "/^Resource::.*\\/(inbox|curated\\/ai-results|curated\\/ai-errors|curated\\/ai-transcripts|curated\\/ai-speech)\\/\\*$/",
            "/^Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job\\/\\*$/"));
}
