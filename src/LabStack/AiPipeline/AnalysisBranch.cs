using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace LabStack.AiPipeline;

/// <summary>
/// What a branch of the workflow (one kind of upload) is built with: the workflow's scope (state names are unique in
/// it), how runs end, the inbox objects it may read, the Map that analyzes the texts the branch extracts, and the
/// language texts are translated into.
/// </summary>
/// <param name="Scope">Where the branch's states are created.</param>
/// <param name="Outcomes">The result and error documents.</param>
/// <param name="Inbox">ARNs of the uploads the branch may read.</param>
/// <param name="AnalyzeTexts">The text path over <c>$.text.items</c>, which ends in the result document.</param>
/// <param name="TargetLanguage">The language texts are translated into.</param>
/// <param name="Lake">The lake, for branches whose services write into it.</param>
public sealed record AnalysisBranch(Construct Scope, RunOutcomes Outcomes, string[] Inbox, IChainable AnalyzeTexts, string TargetLanguage, IBucket Lake)
{
    /// <summary>
    /// True when the uploaded key ends with one of <paramref name="patterns"/> (<c>*.jpg</c>) in any mix of upper and
    /// lower case: Step Functions matching is case-sensitive, so each pattern is tried in every casing.
    /// </summary>
    public static Condition KeyMatches(IEnumerable<string> patterns) =>
        Condition.Or(patterns.SelectMany(Casings).Select(p => Condition.StringMatches("$.input.key", p)).ToArray());

    /// <summary>True when S3 reports one of <paramref name="contentTypes"/> for the object (as the uploader set it).</summary>
    public static Condition ContentTypeIs(IEnumerable<string> contentTypes) =>
        Condition.Or(contentTypes.Select(type => Condition.StringEquals("$.object.content_type", type)).ToArray());

    /// <summary>
    /// The states that send the one text at <paramref name="textPath"/> through the text path, with no image labels;
    /// named <paramref name="noLabelsName"/> and <paramref name="oneTextName"/>. Returns the first.
    /// </summary>
    public IChainable AnalyzeOneText(string noLabelsName, string oneTextName, string textPath)
    {
        var noLabels = new Pass(Scope, noLabelsName, new PassProps
        {
            Parameters = new Dictionary<string, object> { ["labels"] = Array.Empty<object>() },
            ResultPath = "$.image",
        });
        noLabels.Next(new Pass(Scope, oneTextName, new PassProps
        {
            Parameters = new Dictionary<string, object> { ["lines"] = Array.Empty<object>(), ["items"] = JsonPath.Array(JsonPath.StringAt(textPath)) },
            ResultPath = "$.text",
        })).Next(AnalyzeTexts);
        return noLabels;
    }

    /// <summary>Every upper/lower-case spelling of <paramref name="pattern"/>'s letters.</summary>
    public static IEnumerable<string> Casings(string pattern) =>
        pattern.Aggregate(new[] { "" }.AsEnumerable(), (prefixes, c) => char.IsLetter(c)
            ? prefixes.SelectMany(p => new[] { p + char.ToLowerInvariant(c), p + char.ToUpperInvariant(c) })
            : prefixes.Select(p => p + c));
}
