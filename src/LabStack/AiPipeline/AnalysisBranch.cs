using Amazon.CDK.AWS.StepFunctions;

namespace LabStack.AiPipeline;

/// <summary>
/// What a branch of the workflow (one <see cref="UploadKind"/>) is built with: the workflow's scope (state names are
/// unique in it), how runs end, the inbox objects it may read, the Map that analyzes the texts the branch extracts, and
/// the language texts are translated into.
/// </summary>
/// <param name="Scope">Where the branch's states are created.</param>
/// <param name="Outcomes">The result and error documents.</param>
/// <param name="Inbox">ARNs of the uploads the branch may read.</param>
/// <param name="AnalyzeTexts">The text path over <see cref="RunDocument.TextItems"/>, which ends in the result document.</param>
/// <param name="TargetLanguage">The language texts are translated into.</param>
/// <param name="Lake">The lake, for branches whose services write into it.</param>
public sealed record AnalysisBranch(Construct Scope, RunOutcomes Outcomes, string[] Inbox, IChainable AnalyzeTexts, string TargetLanguage, IBucket Lake)
{
    /// <summary>
    /// The end of a branch that found one text, at <paramref name="textPath"/>: no image labels (<paramref name="noLabelsName"/>),
    /// the text as the only item (<paramref name="oneTextName"/>), then <see cref="AnalyzeTexts"/>.
    /// </summary>
    public IChainable AnalyzeOneText(string noLabelsName, string oneTextName, string textPath) =>
        new Pass(Scope, noLabelsName, new PassProps
        {
            Parameters = new Dictionary<string, object> { ["labels"] = Array.Empty<object>() },
            ResultPath = RunDocument.Image,
        })
        .Next(new Pass(Scope, oneTextName, new PassProps
        {
            Parameters = new Dictionary<string, object> { ["lines"] = Array.Empty<object>(), ["items"] = JsonPath.Array(JsonPath.StringAt(textPath)) },
            ResultPath = RunDocument.Text,
        }))
        .Next(AnalyzeTexts);
}
