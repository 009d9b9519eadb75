using Amazon.CDK.AWS.StepFunctions;
using Constructs;

namespace LabStack.AiPipeline;

/// <summary>
/// What a branch of the workflow (one kind of upload) is built with: the workflow's scope (state names are unique in
/// it), how runs end, the inbox objects it may read, and the Map that analyzes the texts the branch extracts.
/// </summary>
/// <param name="Scope">Where the branch's states are created.</param>
/// <param name="Outcomes">The result and error documents.</param>
/// <param name="Inbox">ARNs of the uploads the branch may read.</param>
/// <param name="AnalyzeTexts">The text path over <c>$.text.items</c>, which ends in the result document.</param>
public sealed record AnalysisBranch(Construct Scope, RunOutcomes Outcomes, string[] Inbox, IChainable AnalyzeTexts)
{
    /// <summary>True when the uploaded key matches one of <paramref name="patterns"/> (Step Functions matching is case-sensitive).</summary>
    public static Condition KeyMatches(IEnumerable<string> patterns) =>
        Condition.Or(patterns.Select(p => Condition.StringMatches("$.input.key", p)).ToArray());
}
