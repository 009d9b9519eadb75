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

    /// <summary>
    /// The look at an asynchronous job (Transcribe's, Rekognition Video's) that <paramref name="look"/> names: its status
    /// <paramref name="look"/>.Done goes on to <paramref name="done"/>, FAILED is recorded as <paramref name="failed"/> (its
    /// cause built at run time), and anything else counts the look and waits again, until <paramref name="look"/>.MaxLooks
    /// looks end the run as <paramref name="timedOut"/>.
    /// </summary>
    public Choice UntilDone(JobLook look, IChainable done, Refusal failed, Refusal timedOut) =>
        new Choice(Scope, look.Ready)
            .When(Condition.StringEquals(look.Status, look.Done), done)
            .When(Condition.StringEquals(look.Status, "FAILED"), Outcomes.Record(failed.State, failed.Error, failed.Cause))
            // Still running: count the look, then wait and look again, up to MaxLooks looks.
            .Otherwise(new Pass(Scope, look.CountName, new PassProps
            {
                Parameters = new Dictionary<string, object> { ["count"] = JsonPath.MathAdd(JsonPath.NumberAt(look.Count), 1) },
                ResultPath = look.Polls,
            }).Next(new Choice(Scope, look.TooLong)
                .When(Condition.NumberGreaterThanEquals(look.Count, look.MaxLooks), Outcomes.Refuse(timedOut))
                .Otherwise(look.Wait)));
}

/// <summary>
/// How a branch looks at its asynchronous job: the states' names (<paramref name="Ready"/>, <paramref name="CountName"/>,
/// <paramref name="TooLong"/>), where the job's status is and the status that means done, where the looks are counted
/// (<paramref name="Count"/>, in the object at <paramref name="Polls"/>), at most how many, and the wait before the next look.
/// </summary>
public sealed record JobLook(string Ready, string CountName, string TooLong, string Status, string Done, string Polls, string Count, int MaxLooks, Wait Wait);

