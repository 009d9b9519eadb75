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
/// each would select nothing, and fail the run, when Comprehend finds none.
/// </summary>
public static class TextAnalysis
{
    /// <summary>Builds the chain in <paramref name="scope"/>.</summary>
    public static IChainable Build(Construct scope)
    {
        var any = new[] { "*" };
        var detectLanguage = Call(scope, "Detect language", new ServiceCall
        {
            Service = "comprehend", Action = "detectDominantLanguage", IamAction = "comprehend:DetectDominantLanguage", IamResources = any,
            Parameters = Fields(("Text", JsonPath.StringAt("$.text"))),
            ResultSelector = Fields(("code", JsonPath.StringAt("$.Languages[0].LanguageCode")), ("score", JsonPath.NumberAt("$.Languages[0].Score"))),
            ResultPath = "$.language",
        });

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
        ServiceCall Comprehend(string action, IDictionary<string, object> keep) => new()
        {
            Service = "comprehend", Action = action, IamAction = "comprehend:" + char.ToUpperInvariant(action[0]) + action[1..], IamResources = any,
            Parameters = input, ResultSelector = keep,
        };
        var analyze = new Parallel(scope, "Analyze text", new ParallelProps { ResultPath = "$.analysis" })
            .Branch(Call(scope, "Detect sentiment", Comprehend("detectSentiment",
                Fields(("sentiment", JsonPath.StringAt("$.Sentiment")), ("scores", JsonPath.StringAt("$.SentimentScore"))))))
            .Branch(Call(scope, "Detect key phrases", Comprehend("detectKeyPhrases", Fields(("phrases", JsonPath.ListAt("$.KeyPhrases"))))))
            .Branch(Call(scope, "Detect entities", Comprehend("detectEntities", Fields(("entities", JsonPath.ListAt("$.Entities"))))));

        var result = new Pass(scope, "Text result", new PassProps
        {
            Parameters = Fields(
                ("text", JsonPath.StringAt("$.text")),
                ("language", JsonPath.StringAt("$.language.code")),
                ("language_score", JsonPath.NumberAt("$.language.score")),
                ("analyzed_language", JsonPath.StringAt("$.analysis_input.code")),
                ("sentiment", JsonPath.StringAt("$.analysis[0].sentiment")),
                ("sentiment_scores", JsonPath.StringAt("$.analysis[0].scores")),
                ("key_phrases", JsonPath.ListAt("$.analysis[1].phrases")),
                ("entities", JsonPath.ListAt("$.analysis[2].entities")),
                ("translation", JsonPath.StringAt("$.translation"))),
        });

        analyze.Next(result);
        analyzeOriginal.Next(analyze);
        analyzeTranslation.Next(analyze);
        translate.Next(chooseInput);
        noTranslation.Next(chooseInput);
        return detectLanguage.Next(new Choice(scope, "Needs translation?")
            .When(Condition.StringEqualsJsonPath("$.language.code", "$.target"), noTranslation)
            .Otherwise(translate));
    }
}
