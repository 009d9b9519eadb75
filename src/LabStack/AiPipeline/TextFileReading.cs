using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// The text-file branch: read the file's first bytes (<see cref="ByteLimitFor"/>), step back over a character the read
/// cut in two, refuse text that is not UTF-8, record whether that was all of it, and send the text through the text
/// path as one item.
/// </summary>
/// <remarks>
/// Step Functions returns an S3 body as a string decoded from UTF-8: bytes that are not UTF-8 (Latin-1, UTF-16) and a
/// multi-byte character cut by the range end each come back as U+FFFD, the replacement character. A cut one shows only
/// at the very end of a truncated read, and reading up to three bytes less removes it (UTF-8 characters are at most 4
/// bytes); any U+FFFD left means the file is not UTF-8 (or holds U+FFFD itself), and the run records that, as it records
/// a NUL byte (binary data). The checks look at the body as a JSON string literal (States.JsonToString), where line breaks
/// and control characters are escapes: a StringMatches wildcard is not known to cross a line break (the local runner's
/// does not), and JSON writers escape NUL as \u0000 and may escape U+FFFD as \uFFFD, so both spellings are matched.
/// StringMatches and its escapes: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
/// </remarks>
public static class TextFileReading
{

    /// <summary>Bytes of a text file analyzed: DetectSentiment takes 5,000 bytes; the margin absorbs U+FFFD's 3 bytes at a cut.</summary>
    public const int ByteLimit = 4800;

    /// <summary>The replacement character a UTF-8 decoder puts where bytes are not UTF-8.</summary>
    public const string ReplacementCharacter = "\uFFFD";

    /// <summary>
    /// Bytes read for <paramref name="targetLanguage"/>: a text Comprehend cannot analyze is analyzed in translation, and
    /// a translation into a script of 2 or 3 UTF-8 bytes a character (Cyrillic, Arabic; Devanagari, CJK) takes about
    /// that many times the bytes, so less is read for those targets to keep the translation under Comprehend's limit.
    /// </summary>
    public static int ByteLimitFor(string targetLanguage) => targetLanguage.Split('-')[0] switch
    {
        "am" or "bn" or "gu" or "hi" or "ja" or "ka" or "km" or "kn" or "ko" or "ml" or "mr" or "my" or "ne" or "pa"
            or "si" or "ta" or "te" or "th" or "zh" => ByteLimit / 3,
        "ar" or "be" or "bg" or "el" or "fa" or "he" or "hy" or "kk" or "ky" or "mk" or "mn" or "ps" or "ru" or "sr"
            or "tg" or "uk" or "ur" or "uz" => ByteLimit / 2,
        _ => ByteLimit,
    };

    /// <summary>The branch, from the first read to the text path (or the refusal of text that is not UTF-8).</summary>
    public static IChainable Build(AnalysisBranch branch)
    {
        var scope = branch.Scope;
        var limit = ByteLimitFor(branch.TargetLanguage);
        var read = ReadText(branch);
        var text = RunDocument.ReadBody;
        var truncated = Condition.NumberGreaterThan(RunDocument.ObjectBytes, limit);
        // The literal ends in the closing quote.
        var cutAtTheEnd = Condition.And(truncated, Contains("*", "\""), Condition.NumberGreaterThan(RunDocument.RangeEnd, limit - 4));
        // Both ways out of the UTF-8 check end in the same two states.
        var asOneText = branch.AnalyzeOneText("No image analysis", "As one text", text);

        return new Pass(scope, "First range", new PassProps { Parameters = Fields(("end", limit - 1)), ResultPath = RunDocument.Range })
            .Next(read)
            .Next(FillDefaults(scope, "Body or empty", RunDocument.Read))
            .Next(new Pass(scope, "Body as a literal", new PassProps
            {
                Parameters = Fields(("body", JsonPath.JsonToString(JsonPath.StringAt(text)))),
                ResultPath = RunDocument.ReadQuoted,
            }))
            .Next(new Choice(scope, "Cut inside a character?")
                .When(cutAtTheEnd, new Pass(scope, "One byte less", new PassProps
                {
                    Parameters = Fields(("end", JsonPath.MathAdd(JsonPath.NumberAt(RunDocument.RangeEnd), -1))),
                    ResultPath = RunDocument.Range,
                }).Next(read))
                .Otherwise(new Choice(scope, "UTF-8?")
                    .When(Condition.Or(Contains("*", "*"), Condition.StringMatches(RunDocument.ReadQuotedBody, "*\\\\u0000*")),
                        branch.Outcomes.Refuse("Not UTF-8", "LabStack.NotUtf8",
                            "The file is not UTF-8 text (Latin-1, UTF-16 or binary data, for example): save it as UTF-8 and upload it again."))
                    .When(truncated, branch.Outcomes.Scope("Mark truncated", "text", true, JsonPath.MathAdd(JsonPath.NumberAt(RunDocument.RangeEnd), 1))
                        .Next(asOneText))
                    .Otherwise(branch.Outcomes.Scope("Mark complete", "text", false).Next(asOneText))));
    }

    /// <summary>
    /// True when the body's literal holds U+FFFD, raw or escaped, between the patterns <paramref name="before"/> and
    /// <paramref name="after"/> (a backslash in a pattern is written twice).
    /// </summary>
    private static Condition Contains(string before, string after) => Condition.Or(
        new[] { ReplacementCharacter, "\\\\uFFFD", "\\\\ufffd" }
            .Select(c => Condition.StringMatches(RunDocument.ReadQuotedBody, before + c + after)).ToArray());

    /// <summary>The read of the bytes up to <see cref="RunDocument.RangeEnd"/>, of the version described (If-Match its ETag).</summary>
    private static CallAwsService ReadText(AnalysisBranch branch) => S3Reads.Read(branch.Scope, "Read text", new ServiceCall
    {
        Service = "s3", Action = "getObject", IamAction = "s3:GetObject", IamResources = branch.Inbox,
        Parameters = Fields(("Bucket", JsonPath.StringAt(RunDocument.InputBucket)), ("Key", JsonPath.StringAt(RunDocument.InputKey)),
            ("IfMatch", JsonPath.StringAt(RunDocument.ObjectEtag)),
            ("Range", JsonPath.Format("bytes=0-{}", JsonPath.StringAt(RunDocument.RangeEnd)))),
        ResultSelector = KeepWithDefaults(("Body", "")),
        ResultPath = RunDocument.Read,
    }, branch.Outcomes);
}
