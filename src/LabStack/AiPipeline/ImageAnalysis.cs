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

    /// <summary>Text lines of an image that go through the text path.</summary>
    public const int LinesAnalyzed = 5;

    /// <summary>The branch, from Rekognition's calls to the text path, with or without text lines.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        return AnalyzeImage(branch)
            .Next(branch.Outcomes.Scope("Mark image", "image", false))
            .Next(new Pass(scope, "Count text detections", new PassProps
            {
                Parameters = Fields(("count", JsonPath.ArrayLength(JsonPath.ListAt(RunDocument.ImageDetections)))),
                ResultPath = RunDocument.DetectionCount,
            }))
            .Next(new Choice(scope, "Any text in the image?")
                .When(Condition.NumberGreaterThan(RunDocument.DetectionCountValue, 0), new Pass(scope, "Text lines", new PassProps
                {
                    Parameters = Fields(("lines", JsonPath.ListAt(RunDocument.ImageDetections + "[?(@.Type == 'LINE')].DetectedText"))),
                    ResultPath = RunDocument.Text,
                }).Next(new Pass(scope, "First text lines", new PassProps
                {
                    Parameters = Fields(
                        ("lines", JsonPath.ListAt(RunDocument.TextLines)),
                        ("items", JsonPath.ArrayGetItem(JsonPath.ArrayPartition(JsonPath.ListAt(RunDocument.TextLines), LinesAnalyzed), 0))),
                    ResultPath = RunDocument.Text,
                })).Next(branch.AnalyzeTexts))
                .Otherwise(new Pass(scope, "No text in image", new PassProps
                {
                    Parameters = Fields(("lines", Array.Empty<object>()), ("items", Array.Empty<object>())),
                    ResultPath = RunDocument.Text,
                }).Next(branch.AnalyzeTexts)));
    }

    /// <summary>Rekognition's labels and text detections, at <see cref="RunDocument.Image"/>.</summary>
    private static Parallel AnalyzeImage(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var s3Image = Fields(("S3Object", Fields(("Bucket", JsonPath.StringAt(RunDocument.InputBucket)), ("Name", JsonPath.StringAt(RunDocument.InputKey)))));
        // Rekognition reads the object with the caller's rights.
        var readInbox = Iam.Allow(["s3:GetObject"], branch.Inbox);
        var analyzeImage = new Parallel(scope, "Analyze image", new ParallelProps
        {
            ResultSelector = Fields(("labels", JsonPath.ListAt("$[0].found.Labels")), ("detections", JsonPath.ListAt("$[1].found.TextDetections"))),
            ResultPath = RunDocument.Image,
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
        return analyzeImage;
    }
}
