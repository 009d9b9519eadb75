using Amazon.CDK.AWS.StepFunctions;
using static LabStack.ServiceCalls;
using Parallel = Amazon.CDK.AWS.StepFunctions.Parallel;

namespace LabStack.AiPipeline;

/// <summary>
/// The text path, run once per text by a Map state (one text for a text file, the first lines for an image):
/// detect the dominant language; translate to the target language when it differs (from the language Comprehend
/// detected: Translate's "auto" would detect it again and can fail on its own doubts); then sentiment, key phrases
/// and entities in parallel, on the original text when Comprehend supports its language, else on the translation.
/// Each item's input is <c>{ "text": ..., "target": ... }</c> (<see cref="TextDocument"/>); its output is one entry of
/// <c>text_analyses</c>. Key phrases and entities are kept as Comprehend returns them (text, type, score, offsets): a
/// path projecting one field of each would select nothing, and fail the run, when Comprehend finds none. Members the API
/// model marks optional are read only after <see cref="ServiceCalls.FillDefaults"/> or an IsPresent test; a text with no
/// dominant language, a language detected with low confidence, a language Translate cannot translate from, or too long for
/// Comprehend after translation, gets an entry that says why it was <c>skipped</c>, and the run goes on.
/// Each analyzed text is then spoken by Polly (<see cref="SpeechSynthesis"/>).
/// </summary>
public static class TextAnalysis
{
    /// <summary>Comprehend and Translate calls have no resource to name.</summary>
    private static readonly string[] AnyResource = ["*"];

    /// <summary>
    /// The least confidence in the dominant language for a text to be translated and analyzed. Comprehend scores short
    /// texts (an image's line) low; analyzing them as a language they may not be in gives wrong sentiment. The lab's choice.
    /// </summary>
    public const double MinLanguageScore = 0.5;

    /// <summary>
    /// The path, in <paramref name="scope"/>, from language detection to the text's entry; Polly speaks into
    /// <paramref name="lake"/>, in <paramref name="targetLanguage"/>.
    /// </summary>
    public static IChainable Build(Construct scope, IBucket lake, string targetLanguage)
    {
        var found = Condition.And(Condition.IsPresent(TextDocument.DetectedLanguageCode), Condition.IsPresent(TextDocument.DetectedLanguageScore));
        return DetectLanguage(scope)
            .Next(new Choice(scope, "Language found?")
                .When(found, new Pass(scope, "Dominant language", new PassProps
                {
                    Parameters = Fields(
                        ("code", JsonPath.StringAt(TextDocument.DetectedLanguageCode)),
                        ("score", JsonPath.NumberAt(TextDocument.DetectedLanguageScore))),
                    ResultPath = TextDocument.Language,
                })
                    .Next(new Choice(scope, "Confident of the language?")
                        .When(Condition.NumberLessThan(TextDocument.LanguageScore, MinLanguageScore), Skipped(scope, "Language uncertain",
                            JsonPath.Format($"Comprehend is not confident of the language ({{}} with a score of {{}}, under {MinLanguageScore}): " +
                                "not translated or analyzed.", JsonPath.StringAt(TextDocument.LanguageCode), JsonPath.StringAt(TextDocument.LanguageScore))))
                        .Otherwise(TranslateUnlessInTarget(scope)
                            .Next(ChooseTextToAnalyze(scope))
                            .Next(AnalyzeText(scope))
                            .Next(SpeechSynthesis.Build(scope, lake, targetLanguage))
                            .Next(TextResult(scope)))))
                .Otherwise(new Pass(scope, "No language found", new PassProps
                {
                    Parameters = Fields(("text", JsonPath.StringAt(TextDocument.Text)),
                        ("skipped", "Comprehend found no dominant language (whitespace, digits or symbols only?): nothing to translate or analyze.")),
                })));
    }

    /// <summary>Comprehend's dominant languages, at <see cref="TextDocument.Detected"/>.</summary>
    private static Chain DetectLanguage(Construct scope) => Call(scope, "Detect language", new ServiceCall
    {
        Service = "comprehend", Action = "detectDominantLanguage", IamAction = "comprehend:DetectDominantLanguage", IamResources = AnyResource,
        Parameters = Fields(("Text", JsonPath.StringAt(TextDocument.Text))),
        ResultSelector = KeepWithDefaults(("Languages", Array.Empty<object>())),
        ResultPath = TextDocument.Detected,
    }).Next(FillDefaults(scope, "Languages or none", TextDocument.Detected));

    /// <summary>
    /// The translation into the target language, or a note that the text is in it already, at <see cref="TextDocument.Translation"/>;
    /// a language Translate does not translate from ends the text as skipped. Translate's languages:
    /// https://docs.aws.amazon.com/translate/latest/dg/what-is-languages.html
    /// </summary>
    private static Chain TranslateUnlessInTarget(Construct scope)
    {
        var translate = Call(scope, "Translate", new ServiceCall
        {
            Service = "translate", Action = "translateText", IamAction = "translate:TranslateText", IamResources = AnyResource,
            Parameters = Fields(
                ("Text", JsonPath.StringAt(TextDocument.Text)),
                ("SourceLanguageCode", JsonPath.StringAt(TextDocument.LanguageCode)),
                ("TargetLanguageCode", JsonPath.StringAt(TextDocument.Target))),
            ResultSelector = Fields(("needed", true), ("text", JsonPath.StringAt("$.TranslatedText")),
                ("source", JsonPath.StringAt("$.SourceLanguageCode")), ("target", JsonPath.StringAt("$.TargetLanguageCode"))),
            ResultPath = TextDocument.Translation,
        });
        translate.AddCatch(Skipped(scope, "Not translated", JsonPath.Format("Translate cannot translate this {} text: {}",
                JsonPath.StringAt(TextDocument.LanguageCode), JsonPath.StringAt(TextDocument.NotTranslatedCause))),
            new CatchProps { Errors = ["Translate.UnsupportedLanguagePairException"], ResultPath = TextDocument.NotTranslated });
        return new Choice(scope, "Needs translation?")
            .When(Condition.StringEqualsJsonPath(TextDocument.LanguageCode, TextDocument.Target), new Pass(scope, "No translation needed", new PassProps
            {
                Parameters = Fields(("needed", false), ("target", JsonPath.StringAt(TextDocument.Target))),
                ResultPath = TextDocument.Translation,
            }))
            .Otherwise(translate)
            .Afterwards();
    }

    /// <summary>The entry of a text not analyzed: the text, its language and score, and why.</summary>
    private static Pass Skipped(Construct scope, string name, string why) => new(scope, name, new PassProps
    {
        Parameters = Fields(("text", JsonPath.StringAt(TextDocument.Text)), ("language", JsonPath.StringAt(TextDocument.LanguageCode)),
            ("language_score", JsonPath.NumberAt(TextDocument.LanguageScore)), ("skipped", why)),
    });

    /// <summary>The original when Comprehend analyzes its language, else the translation, at <see cref="TextDocument.AnalysisInput"/>.</summary>
    private static IChainable ChooseTextToAnalyze(Construct scope)
    {
        var supported = Condition.Or(AiPipelineSettings.ComprehendLanguages.Select(code => Condition.StringEquals(TextDocument.LanguageCode, code)).ToArray());
        return new Choice(scope, "Can Comprehend analyze it?")
            .When(supported, new Pass(scope, "Analyze the original", new PassProps
            {
                Parameters = Fields(("code", JsonPath.StringAt(TextDocument.LanguageCode)), ("text", JsonPath.StringAt(TextDocument.Text))),
                ResultPath = TextDocument.AnalysisInput,
            }))
            .Otherwise(new Pass(scope, "Analyze the translation", new PassProps
            {
                Parameters = Fields(("code", JsonPath.StringAt(TextDocument.TranslationTarget)), ("text", JsonPath.StringAt(TextDocument.TranslationText))),
                ResultPath = TextDocument.AnalysisInput,
            }))
            .Afterwards();
    }

    /// <summary>Sentiment, key phrases and entities in parallel, at <see cref="TextDocument.Analysis"/>.</summary>
    private static Parallel AnalyzeText(Construct scope)
    {
        var input = Fields(("Text", JsonPath.StringAt(TextDocument.AnalysisInputText)), ("LanguageCode", JsonPath.StringAt(TextDocument.AnalysisInputCode)));
        IChainable Comprehend(string action, string name, params (string Member, object Default)[] omittable) =>
            Call(scope, name, new ServiceCall
            {
                Service = "comprehend", Action = action, IamAction = "comprehend:" + char.ToUpperInvariant(action[0]) + action[1..], IamResources = AnyResource,
                Parameters = input, ResultSelector = KeepWithDefaults(omittable),
            }).Next(FillDefaults(scope, name + ": fill omitted", "$"));
        var analyze = new Parallel(scope, "Analyze text", new ParallelProps
        {
            ResultSelector = Fields(
                ("sentiment", JsonPath.StringAt("$[0].found.Sentiment")), ("scores", JsonPath.StringAt("$[0].found.SentimentScore")),
                ("phrases", JsonPath.ListAt("$[1].found.KeyPhrases")), ("entities", JsonPath.ListAt("$[2].found.Entities"))),
            ResultPath = TextDocument.Analysis,
        })
            .Branch(Comprehend("detectSentiment", "Detect sentiment", ("Sentiment", "NOT_RETURNED"), ("SentimentScore", new Dictionary<string, object>())))
            .Branch(Comprehend("detectKeyPhrases", "Detect key phrases", ("KeyPhrases", Array.Empty<object>())))
            .Branch(Comprehend("detectEntities", "Detect entities", ("Entities", Array.Empty<object>())));
        // A translation can outgrow Comprehend's 5,000 bytes (TextFileReading sizes reads for the target's script, but
        // Translate's output length is not bounded): that text is recorded as not analyzed, and the run goes on.
        analyze.AddCatch(new Pass(scope, "Too long to analyze", new PassProps
        {
            Parameters = Fields(("text", JsonPath.StringAt(TextDocument.Text)), ("language", JsonPath.StringAt(TextDocument.LanguageCode)),
                ("translation", JsonPath.StringAt(TextDocument.Translation)),
                ("skipped", JsonPath.Format("Comprehend refused the {} text as too long ({})",
                    JsonPath.StringAt(TextDocument.AnalysisInputCode), JsonPath.StringAt(TextDocument.TooLongCause)))),
        }), new CatchProps { Errors = ["Comprehend.TextSizeLimitExceededException"], ResultPath = TextDocument.TooLong });
        return analyze;
    }

    /// <summary>The text's entry of <see cref="RunDocument.TextAnalyses"/>.</summary>
    private static Pass TextResult(Construct scope) => new(scope, "Text result", new PassProps
    {
        Parameters = Fields(
            ("text", JsonPath.StringAt(TextDocument.Text)),
            ("language", JsonPath.StringAt(TextDocument.LanguageCode)),
            ("language_score", JsonPath.NumberAt(TextDocument.LanguageScore)),
            ("analyzed_language", JsonPath.StringAt(TextDocument.AnalysisInputCode)),
            ("sentiment", JsonPath.StringAt(TextDocument.AnalysisSentiment)),
            ("sentiment_scores", JsonPath.StringAt(TextDocument.AnalysisScores)),
            ("key_phrases", JsonPath.ListAt(TextDocument.AnalysisPhrases)),
            ("entities", JsonPath.ListAt(TextDocument.AnalysisEntities)),
            ("translation", JsonPath.StringAt(TextDocument.Translation)),
            ("speech", JsonPath.StringAt(TextDocument.SpeechSpoken))),
    });
}
