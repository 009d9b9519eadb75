using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using static LabStack.ServiceCalls;
using Parallel = Amazon.CDK.AWS.StepFunctions.Parallel;

namespace LabStack.AiPipeline;

/// <summary>
/// The text path, run once per text by a Map state (one text for a text file, the first lines for an image):
/// detect the dominant language; translate to the target language when it differs (Translate with source "auto",
/// which calls Comprehend, so the role also needs comprehend:DetectDominantLanguage); then sentiment, key phrases
/// and entities in parallel, on the original text when Comprehend supports its language, else on the translation.
/// Each item's input is <c>{ "text": ..., "target": ... }</c>; its output is one entry of <c>text_analyses</c>. Key phrases
/// and entities are kept as Comprehend returns them (text, type, score, offsets): a path projecting one field of
/// each would select nothing, and fail the run, when Comprehend finds none. Members the API model marks optional are
/// read only after <see cref="ServiceCalls.FillDefaults"/> or an IsPresent test; a text with no dominant language, or
/// too long for Comprehend after translation, gets an entry that says why it was <c>skipped</c>. Each analyzed text is
/// then spoken by Polly (<see cref="SpeechSynthesis"/>).
/// </summary>
public static class TextAnalysis
{
    /// <summary>Builds the chain in <paramref name="scope"/>; Polly's speech goes into <paramref name="lake"/>, in <paramref name="targetLanguage"/>.</summary>
    public static IChainable Build(Construct scope, IBucket lake, string targetLanguage)
    {
        var any = new[] { "*" };
        var detectLanguage = Call(scope, "Detect language", new ServiceCall
        {
            Service = "comprehend", Action = "detectDominantLanguage", IamAction = "comprehend:DetectDominantLanguage", IamResources = any,
            Parameters = Fields(("Text", JsonPath.StringAt("$.text"))),
            ResultSelector = KeepWithDefaults(("Languages", Array.Empty<object>())),
            ResultPath = "$.detected",
        });
        var language = "$.detected.found.Languages[0]";
        var dominantLanguage = new Pass(scope, "Dominant language", new PassProps
        {
            Parameters = Fields(("code", JsonPath.StringAt(language + ".LanguageCode")), ("score", JsonPath.NumberAt(language + ".Score"))),
            ResultPath = "$.language",
        });
        var noLanguage = new Pass(scope, "No language found", new PassProps
        {
            Parameters = Fields(("text", JsonPath.StringAt("$.text")),
                ("skipped", "Comprehend found no dominant language (whitespace, digits or symbols only?): nothing to translate or analyze.")),
        });
        detectLanguage.Next(FillDefaults(scope, "Languages or none", "$.detected")).Next(new Choice(scope, "Language found?")
            .When(Condition.And(Condition.IsPresent(language + ".LanguageCode"), Condition.IsPresent(language + ".Score")), dominantLanguage)
            .Otherwise(noLanguage));

        var translate = Call(scope, "Translate", new ServiceCall
        {
            Service = "translate", Action = "translateText", IamAction = "translate:TranslateText", IamResources = any,
            Parameters = Fields(("Text", JsonPath.StringAt("$.text")), ("SourceLanguageCode", "auto"), ("TargetLanguageCode", JsonPath.StringAt("$.target"))),
            ResultSelector = Fields(("needed", true), ("text", JsonPath.StringAt("$.TranslatedText")),
                ("source", JsonPath.StringAt("$.SourceLanguageCode")), ("target", JsonPath.StringAt("$.TargetLanguageCode"))),
            ResultPath = "$.translation",
            // Translate with source "auto" calls Comprehend with the caller's rights.
            AlsoNeeds = [Iam.Allow(["comprehend:DetectDominantLanguage"], any)],
        });
        var noTranslation = new Pass(scope, "No translation needed", new PassProps
        {
            Parameters = Fields(("needed", false), ("target", JsonPath.StringAt("$.target"))),
            ResultPath = "$.translation",
        });

        var analyzeOriginal = new Pass(scope, "Analyze the original", new PassProps
        {
            Parameters = Fields(("code", JsonPath.StringAt("$.language.code")), ("text", JsonPath.StringAt("$.text"))),
            ResultPath = "$.analysis_input",
        });
        var analyzeTranslation = new Pass(scope, "Analyze the translation", new PassProps
        {
            Parameters = Fields(("code", JsonPath.StringAt("$.translation.target")), ("text", JsonPath.StringAt("$.translation.text"))),
            ResultPath = "$.analysis_input",
        });
        var supported = Condition.Or(AiPipelineSettings.ComprehendLanguages.Select(code => Condition.StringEquals("$.language.code", code)).ToArray());
        var chooseInput = new Choice(scope, "Can Comprehend analyze it?")
            .When(supported, analyzeOriginal)
            .Otherwise(analyzeTranslation);

        var input = Fields(("Text", JsonPath.StringAt("$.analysis_input.text")), ("LanguageCode", JsonPath.StringAt("$.analysis_input.code")));
        IChainable Comprehend(string action, string name, params (string Member, object Default)[] omittable) =>
            Call(scope, name, new ServiceCall
            {
                Service = "comprehend", Action = action, IamAction = "comprehend:" + char.ToUpperInvariant(action[0]) + action[1..], IamResources = any,
                Parameters = input, ResultSelector = KeepWithDefaults(omittable),
            }).Next(FillDefaults(scope, name + ": fill omitted", "$"));
        var analyze = new Parallel(scope, "Analyze text", new ParallelProps
        {
            ResultSelector = Fields(
                ("sentiment", JsonPath.StringAt("$[0].found.Sentiment")), ("scores", JsonPath.StringAt("$[0].found.SentimentScore")),
                ("phrases", JsonPath.ListAt("$[1].found.KeyPhrases")), ("entities", JsonPath.ListAt("$[2].found.Entities"))),
            ResultPath = "$.analysis",
        })
            .Branch(Comprehend("detectSentiment", "Detect sentiment", ("Sentiment", "NOT_RETURNED"), ("SentimentScore", new Dictionary<string, object>())))
            .Branch(Comprehend("detectKeyPhrases", "Detect key phrases", ("KeyPhrases", Array.Empty<object>())))
            .Branch(Comprehend("detectEntities", "Detect entities", ("Entities", Array.Empty<object>())));
        // A translation can outgrow Comprehend's 5,000 bytes (TextFileReading sizes reads for the target's script, but
        // Translate's output length is not bounded): that text is recorded as not analyzed, and the run goes on.
        analyze.AddCatch(new Pass(scope, "Too long to analyze", new PassProps
        {
            Parameters = Fields(("text", JsonPath.StringAt("$.text")), ("language", JsonPath.StringAt("$.language.code")),
                ("translation", JsonPath.StringAt("$.translation")),
                ("skipped", JsonPath.Format("Comprehend refused the {} text as too long ({})", JsonPath.StringAt("$.analysis_input.code"), JsonPath.StringAt("$.too_long.Cause")))),
        }), new CatchProps { Errors = ["Comprehend.TextSizeLimitExceededException"], ResultPath = "$.too_long" });

        var result = new Pass(scope, "Text result", new PassProps
        {
            Parameters = Fields(
                ("text", JsonPath.StringAt("$.text")),
                ("language", JsonPath.StringAt("$.language.code")),
                ("language_score", JsonPath.NumberAt("$.language.score")),
                ("analyzed_language", JsonPath.StringAt("$.analysis_input.code")),
                ("sentiment", JsonPath.StringAt("$.analysis.sentiment")),
                ("sentiment_scores", JsonPath.StringAt("$.analysis.scores")),
                ("key_phrases", JsonPath.ListAt("$.analysis.phrases")),
                ("entities", JsonPath.ListAt("$.analysis.entities")),
                ("translation", JsonPath.StringAt("$.translation")),
                ("speech", JsonPath.StringAt("$.speech.spoken"))),
        });

        analyze.Next(SpeechSynthesis.Build(scope, lake, targetLanguage, result));
        analyzeOriginal.Next(analyze);
        analyzeTranslation.Next(analyze);
        translate.Next(chooseInput);
        noTranslation.Next(chooseInput);
        dominantLanguage.Next(new Choice(scope, "Needs translation?")
            .When(Condition.StringEqualsJsonPath("$.language.code", "$.target"), noTranslation)
            .Otherwise(translate));
        return detectLanguage;
    }
}
