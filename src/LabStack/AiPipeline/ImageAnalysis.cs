using Amazon.CDK.AWS.StepFunctions;
using static LabStack.ServiceCalls;
using Parallel = Amazon.CDK.AWS.StepFunctions.Parallel;

namespace LabStack.AiPipeline;

/// <summary>
/// The image branch: Rekognition labels and text detection in parallel, then the first lines of text through the text
/// path. The services' lists are kept whole: a filter or projection that selects nothing fails the run, so lines are
/// picked only once Rekognition found some text (every word it finds belongs to a line).
/// </summary>
public static class ImageAnalysis
{
    /// <summary>Key patterns routed here.</summary>
    public static IReadOnlyList<string> Patterns { get; } = ["*.jpg", "*.jpeg", "*.png"];

    /// <summary>Content types routed here when the key's extension says nothing (no extension, or an unknown one).</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = ["image/jpeg", "image/png"];

    /// <summary>Largest image Rekognition reads from S3 (15 MB).</summary>
    public const long ByteLimit = 15L * 1024 * 1024;

    /// <summary>Text lines of an image that go through the text path.</summary>
    public const int LinesAnalyzed = 5;

    /// <summary>Uploads this branch takes.</summary>
    public static Condition Accepts => AnalysisBranch.KeyMatches(Patterns);

    /// <summary>Uploads this branch takes by their content type.</summary>
    public static Condition AcceptsType => AnalysisBranch.ContentTypeIs(ContentTypes);

    /// <summary>Images Rekognition would refuse.</summary>
    public static Condition TooLarge => Condition.And(Condition.Or(Accepts, AcceptsType), Condition.NumberGreaterThan("$.object.bytes", ByteLimit));

    /// <summary>Builds the branch; returns its first state.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var s3Image = Fields(("S3Object", Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Name", JsonPath.StringAt("$.input.key")))));
        // Rekognition reads the object with the caller's rights.
        var readInbox = Iam.Allow(["s3:GetObject"], branch.Inbox);
        var analyzeImage = new Parallel(scope, "Analyze image", new ParallelProps
        {
            ResultSelector = Fields(("labels", JsonPath.ListAt("$[0].found.Labels")), ("detections", JsonPath.ListAt("$[1].found.TextDetections"))),
            ResultPath = "$.image",
        })
            .Branch(Call(scope, "Detect labels", new ServiceCall
            {
                Service = "rekognition", Action = "detectLabels", IamAction = "rekognition:DetectLabels", IamResources = ["*"],
                Parameters = Fields(("Image", s3Image), ("MaxLabels", 10), ("MinConfidence", 75)), AlsoNeeds = [readInbox],
                ResultSelector = KeepWithDefaults(("Labels", Array.Empty<object>())),
            }).Next(FillDefaults(scope, "Labels or none", "$")))
            .Branch(Call(scope, "Detect text", new ServiceCall
            {
                Service = "rekognition", Action = "detectText", IamAction = "rekognition:DetectText", IamResources = ["*"],
                Parameters = Fields(("Image", s3Image)), AlsoNeeds = [readInbox],
                ResultSelector = KeepWithDefaults(("TextDetections", Array.Empty<object>())),
            }).Next(FillDefaults(scope, "Text detections or none", "$")));
        branch.Outcomes.Catch(analyzeImage);

        var lines = new Pass(scope, "Text lines", new PassProps
        {
            Parameters = Fields(("lines", JsonPath.ListAt("$.image.detections[?(@.Type == 'LINE')].DetectedText"))),
            ResultPath = "$.text",
        });
        lines.Next(new Pass(scope, "First text lines", new PassProps
        {
            Parameters = Fields(
                ("lines", JsonPath.ListAt("$.text.lines")),
                ("items", JsonPath.ArrayGetItem(JsonPath.ArrayPartition(JsonPath.ListAt("$.text.lines"), LinesAnalyzed), 0))),
            ResultPath = "$.text",
        })).Next(branch.AnalyzeTexts);
        var noText = new Pass(scope, "No text in image", new PassProps
        {
            Parameters = Fields(("lines", Array.Empty<object>()), ("items", Array.Empty<object>())),
            ResultPath = "$.text",
        });
        noText.Next(branch.AnalyzeTexts);

        analyzeImage.Next(branch.Outcomes.Scope("Mark image", "image", false, null, new Pass(scope, "Count text detections", new PassProps
        {
            Parameters = Fields(("count", JsonPath.ArrayLength(JsonPath.ListAt("$.image.detections")))),
            ResultPath = "$.detection_count",
        }).Next(new Choice(scope, "Any text in the image?")
            .When(Condition.NumberGreaterThan("$.detection_count.count", 0), lines)
            .Otherwise(noText))));
        return analyzeImage;
    }
}
