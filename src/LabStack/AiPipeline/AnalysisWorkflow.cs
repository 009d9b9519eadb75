using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.DataLake;
using LabStack.Guardrails;
using static LabStack.AiPipeline.ServiceCalls;
using SfnMap = Amazon.CDK.AWS.StepFunctions.Map;
using Parallel = Amazon.CDK.AWS.StepFunctions.Parallel;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="AnalysisWorkflow"/>.</summary>
public sealed record AnalysisWorkflowProps
{
    /// <summary>The lake: uploads are read from its inbox, results and errors written to its curated area.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>Language texts are translated into.</summary>
    public required string TargetLanguage { get; init; }
}

/// <summary>
/// The AI pipeline's state machine, built only from SDK service integrations. Input: an S3 "Object Created" event
/// from EventBridge, or <c>{ "bucket": ..., "key": ... }</c>. Images (jpg, png) get Rekognition labels and text
/// detection, and their first text lines go through the text path (<see cref="TextAnalysis"/>); text files are read
/// up to <see cref="TextByteLimit"/> bytes (the smallest Comprehend limit) and go through it too. Every run writes one
/// JSON document to <see cref="LakeLayout.AiResults"/>, or, when it fails, one to <see cref="LakeLayout.AiErrors"/>
/// before ending in a failed state that says why.
/// </summary>
public sealed class AnalysisWorkflow : Construct
{
    /// <summary>Bytes of a text file analyzed: DetectSentiment takes 5,000 bytes; the margin absorbs a character cut in two.</summary>
    public const int TextByteLimit = 4800;

    /// <summary>Largest image Rekognition reads from S3 (15 MB).</summary>
    public const long ImageByteLimit = 15L * 1024 * 1024;

    /// <summary>Text lines of an image that go through the text path.</summary>
    public const int ImageLinesAnalyzed = 5;

    /// <summary>Key patterns routed to Rekognition (Step Functions matching is case-sensitive).</summary>
    public static IReadOnlyList<string> ImagePatterns { get; } = ["*.jpg", "*.jpeg", "*.png", "*.JPG", "*.JPEG", "*.PNG"];

    /// <summary>Key patterns routed to the text path.</summary>
    public static IReadOnlyList<string> TextPatterns { get; } = ["*.txt", "*.TXT"];

    /// <summary>The state machine.</summary>
    public StateMachine StateMachine { get; }

    /// <summary>Execution history log group (deleted with the stack).</summary>
    public ILogGroup LogGroup { get; }

    public AnalysisWorkflow(Construct scope, string id, AnalysisWorkflowProps props) : base(scope, id)
    {
        var inbox = new[] { props.Lake.ArnForObjects(LakeLayout.Inbox + "*") };
        var readInbox = new PolicyStatement(new PolicyStatementProps { Actions = ["s3:GetObject"], Resources = inbox });
        var object_ = Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Key", JsonPath.StringAt("$.input.key")));
        var s3Image = Fields(("S3Object", Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Name", JsonPath.StringAt("$.input.key")))));

        // Failure: one error document, then a failed execution carrying the error.
        var recordError = new Pass(this, "Record error", new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("bucket", JsonPath.StringAt("$.input.bucket")),
                ("object_key", JsonPath.StringAt("$.input.key")),
                ("error", JsonPath.StringAt("$.error.Error")),
                ("cause", JsonPath.StringAt("$.error.Cause")),
                ("failed_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.failure",
        });
        recordError
            .Next(Write("Write error", props.Lake, LakeLayout.AiErrors, "$.failure"))
            .Next(new Fail(this, "Failed", new FailProps { ErrorPath = "$.failure.error", CausePath = "$.failure.cause" }));
        CatchProps toRecord = new() { Errors = [Errors.ALL], ResultPath = "$.error" };
        Pass Refuse(string name, string error, string cause)
        {
            var refusal = new Pass(this, name, new PassProps
            {
                Result = Result.FromObject(Fields(("Error", error), ("Cause", cause))),
                ResultPath = "$.error",
            });
            refusal.Next(recordError);
            return refusal;
        }

        // Success: the result document, written to the lake and returned as the execution's output.
        IChainable BuildResult(string name) => new Pass(this, name, new PassProps
        {
            Parameters = Fields(
                ("execution", JsonPath.ExecutionName),
                ("bucket", JsonPath.StringAt("$.input.bucket")),
                ("object_key", JsonPath.StringAt("$.input.key")),
                ("input_type", JsonPath.StringAt("$.scope.type")),
                ("object_bytes", JsonPath.NumberAt("$.object.bytes")),
                ("analyzed_bytes", JsonPath.NumberAt("$.scope.analyzed_bytes")),
                ("truncated", JsonPath.StringAt("$.scope.truncated")),
                ("labels", JsonPath.ListAt("$.image.labels")),
                ("text_lines", JsonPath.ListAt("$.text.lines")),
                ("text_analyses", JsonPath.ListAt("$.text_analyses")),
                ("started_at", JsonPath.ExecutionStartTime),
                ("finished_at", JsonPath.StateEnteredTime)),
            ResultPath = "$.result",
        }).Next(Write("Write result", props.Lake, LakeLayout.AiResults, "$.result"))
          .Next(new Succeed(this, "Done", new SucceedProps { OutputPath = "$.result" }));

        var analyzeTexts = new SfnMap(this, "Analyze texts", new MapProps
        {
            ItemsPath = "$.text.items",
            ItemSelector = Fields(("text", JsonPath.StringAt("$$.Map.Item.Value")), ("target", props.TargetLanguage)),
            MaxConcurrency = 1,
            ResultPath = "$.text_analyses",
        });
        analyzeTexts.ItemProcessor(TextAnalysis.Build(this));
        analyzeTexts.AddCatch(recordError, toRecord);
        analyzeTexts.Next(BuildResult("Build result"));

        // Text files: read up to the limit, say whether that was all of it.
        var readText = Call(this, "Read text", "s3", "getObject", "s3:GetObject", inbox,
            Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Key", JsonPath.StringAt("$.input.key")), ("Range", $"bytes=0-{TextByteLimit - 1}")),
            Fields(("text", JsonPath.StringAt("$.Body"))), "$.read");
        readText.AddCatch(recordError, toRecord);
        var asOneText = new Pass(this, "No image analysis", new PassProps
        {
            Parameters = Fields(("labels", Array.Empty<object>())),
            ResultPath = "$.image",
        });
        asOneText.Next(new Pass(this, "As one text", new PassProps
        {
            Parameters = Fields(("lines", Array.Empty<object>()), ("items", JsonPath.Array(JsonPath.StringAt("$.read.text")))),
            ResultPath = "$.text",
        })).Next(analyzeTexts);
        readText.Next(new Choice(this, "Longer than the limit?")
            .When(Condition.NumberGreaterThan("$.object.bytes", TextByteLimit), Scope("Mark truncated", "text", true, TextByteLimit, asOneText))
            .Otherwise(Scope("Mark complete", "text", false, null, asOneText)));

        // Images: labels and text in parallel, then the first lines of text through the text path. The services' lists
        // are kept whole: a filter or projection that selects nothing fails the run, so lines are picked only once
        // Rekognition found some text (every word it finds belongs to a line).
        var analyzeImage = new Parallel(this, "Analyze image", new ParallelProps
        {
            ResultSelector = Fields(("labels", JsonPath.ListAt("$[0].Labels")), ("detections", JsonPath.ListAt("$[1].TextDetections"))),
            ResultPath = "$.image",
        })
            .Branch(Call(this, "Detect labels", "rekognition", "detectLabels", "rekognition:DetectLabels", ["*"],
                Fields(("Image", s3Image), ("MaxLabels", 10), ("MinConfidence", 75)), null, null, readInbox))
            .Branch(Call(this, "Detect text", "rekognition", "detectText", "rekognition:DetectText", ["*"],
                Fields(("Image", s3Image)), null, null, readInbox));
        analyzeImage.AddCatch(recordError, toRecord);
        var lines = new Pass(this, "Text lines", new PassProps
        {
            Parameters = Fields(("lines", JsonPath.ListAt("$.image.detections[?(@.Type == 'LINE')].DetectedText"))),
            ResultPath = "$.text",
        });
        lines.Next(new Pass(this, "First text lines", new PassProps
        {
            Parameters = Fields(
                ("lines", JsonPath.ListAt("$.text.lines")),
                ("items", JsonPath.ArrayGetItem(JsonPath.ArrayPartition(JsonPath.ListAt("$.text.lines"), ImageLinesAnalyzed), 0))),
            ResultPath = "$.text",
        })).Next(analyzeTexts);
        var noText = new Pass(this, "No text in image", new PassProps
        {
            Parameters = Fields(("lines", Array.Empty<object>()), ("items", Array.Empty<object>())),
            ResultPath = "$.text",
        });
        noText.Next(analyzeTexts);
        analyzeImage.Next(Scope("Mark image", "image", false, null, new Pass(this, "Count text detections", new PassProps
        {
            Parameters = Fields(("count", JsonPath.ArrayLength(JsonPath.ListAt("$.image.detections")))),
            ResultPath = "$.detection_count",
        }).Next(new Choice(this, "Any text in the image?")
            .When(Condition.NumberGreaterThan("$.detection_count.count", 0), lines)
            .Otherwise(noText))));

        // Route by size and type.
        var route = new Choice(this, "Route by type")
            .When(Condition.NumberEquals("$.object.bytes", 0), Refuse("Empty object", "LabStack.EmptyObject", "The object is empty: there is nothing to analyze."))
            .When(Condition.And(AnyKey(ImagePatterns), Condition.NumberGreaterThan("$.object.bytes", ImageByteLimit)),
                Refuse("Image too large", "LabStack.ImageTooLarge", $"Rekognition reads images of at most {ImageByteLimit} bytes from S3."))
            .When(AnyKey(ImagePatterns), analyzeImage)
            .When(AnyKey(TextPatterns), readText)
            .Otherwise(Refuse("Unsupported type", "LabStack.UnsupportedType",
                "Upload .jpg, .jpeg or .png images, or .txt text files (UTF-8)."));

        var describe = Call(this, "Describe object", "s3", "headObject", "s3:GetObject", inbox, object_,
            Fields(("bytes", JsonPath.NumberAt("$.ContentLength"))), "$.object");
        describe.AddCatch(recordError, toRecord);
        describe.Next(route);

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

        LogGroup = new LogGroup(this, "Logs", new LogGroupProps { Retention = RetentionDays.ONE_WEEK, RemovalPolicy = RemovalPolicy.DESTROY });
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            DefinitionBody = DefinitionBody.FromChainable(start),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Duration.Minutes(15),
            TracingEnabled = true,
            Logs = new LogOptions { Destination = LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
            Comment = "ML study lab: Rekognition, Comprehend and Translate over uploads to the lake's inbox/",
        });
        Nag.Suppress(StateMachine.Role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "Objects are read under inbox/ and written under curated/ai-results/ and curated/ai-errors/ only; Rekognition, Comprehend, " +
            "Translate, X-Ray and log delivery have no resource to name for these calls, so IAM requires Resource *.",
            Nag.AnyResource, "/^Resource::.*\\/(inbox|curated\\/ai-results|curated\\/ai-errors)\\/\\*$/"));
    }

    private static Condition AnyKey(IEnumerable<string> patterns) =>
        Condition.Or(patterns.Select(p => Condition.StringMatches("$.input.key", p)).ToArray());

    /// <summary>A Pass recording what kind of input this is and how much of it is analyzed, for the result document.</summary>
    private Pass Scope(string name, string type, bool truncated, int? analyzedBytes, IChainable next)
    {
        var scope = new Pass(this, name, new PassProps
        {
            Parameters = Fields(("type", type), ("truncated", truncated),
                ("analyzed_bytes", analyzedBytes is int bytes ? bytes : JsonPath.NumberAt("$.object.bytes"))),
            ResultPath = "$.scope",
        });
        scope.Next(next);
        return scope;
    }

    private IChainable Write(string name, IBucket lake, string prefix, string documentPath) =>
        Call(this, name, "s3", "putObject", "s3:PutObject", [lake.ArnForObjects(prefix + "*")],
            Fields(
                ("Bucket", lake.BucketName),
                ("Key", JsonPath.Format(prefix + "{}.json", JsonPath.ExecutionName)),
                ("ContentType", "application/json"),
                ("Body", JsonPath.JsonToString(JsonPath.StringAt(documentPath)))),
            null, JsonPath.DISCARD);
}
