using Amazon.CDK.AWS.StepFunctions;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// The text-file branch: read the file up to <see cref="ByteLimit"/> bytes (the smallest Comprehend limit, with a
/// margin), record whether that was all of it, and send the text through the text path as one item.
/// </summary>
public static class TextFileReading
{
    /// <summary>Key patterns routed here.</summary>
    public static IReadOnlyList<string> Patterns { get; } = ["*.txt", "*.TXT"];

    /// <summary>Bytes of a text file analyzed: DetectSentiment takes 5,000 bytes; the margin absorbs a character cut in two.</summary>
    public const int ByteLimit = 4800;

    /// <summary>Uploads this branch takes.</summary>
    public static Condition Accepts => AnalysisBranch.KeyMatches(Patterns);

    /// <summary>Builds the branch; returns its first state.</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var readText = Call(scope, "Read text", new ServiceCall
        {
            Service = "s3", Action = "getObject", IamAction = "s3:GetObject", IamResources = branch.Inbox,
            Parameters = Fields(("Bucket", JsonPath.StringAt("$.input.bucket")), ("Key", JsonPath.StringAt("$.input.key")), ("Range", $"bytes=0-{ByteLimit - 1}")),
            ResultSelector = Fields(("text", JsonPath.StringAt("$.Body"))),
            ResultPath = "$.read",
        });
        branch.Outcomes.Catch(readText);

        var asOneText = new Pass(scope, "No image analysis", new PassProps
        {
            Parameters = Fields(("labels", Array.Empty<object>())),
            ResultPath = "$.image",
        });
        asOneText.Next(new Pass(scope, "As one text", new PassProps
        {
            Parameters = Fields(("lines", Array.Empty<object>()), ("items", JsonPath.Array(JsonPath.StringAt("$.read.text")))),
            ResultPath = "$.text",
        })).Next(branch.AnalyzeTexts);
        readText.Next(new Choice(scope, "Longer than the limit?")
            .When(Condition.NumberGreaterThan("$.object.bytes", ByteLimit), branch.Outcomes.Scope("Mark truncated", "text", true, ByteLimit, asOneText))
            .Otherwise(branch.Outcomes.Scope("Mark complete", "text", false, null, asOneText)));
        return readText;
    }
}
