namespace LabStack.AiPipeline;

/// <summary>
/// The JSON document of one text inside the Map "Analyze texts" (<see cref="TextAnalysis"/>, <see cref="SpeechSynthesis"/>),
/// and the JSONPath of every member its states read or write. The Map's item selector writes <c>text</c> and
/// <c>target</c>; the item's last state (Text result, or the entry of a text skipped) is its entry of
/// <see cref="RunDocument.TextAnalyses"/>.
/// </summary>
/// <remarks>
/// <code>
/// {
///   "text", "target",                                   the text, and the language it is translated into
///   "detected":       { "found": { "Languages" } },     Comprehend's DetectDominantLanguage
///   "language":       { "code", "score" },              the dominant language
///   "translation":    { "needed", "text", "source", "target" },   Translate's answer, or needed: false
///   "not_translated": { "Error", "Cause" },             Translate's refusal of the language
///   "analysis_input": { "code", "text" },               what Comprehend analyzes: the text or its translation
///   "analysis":       { "sentiment", "scores", "phrases", "entities" },
///   "too_long":       { "Error", "Cause" },             Comprehend's refusal of a text too long
///   "speech_input":   { "text" },                       what Polly speaks
///   "speech":         { "spoken" },                     the synthesis task, or why there is none
///   "speech_error":   { "Error", "Cause" }              Polly's refusal
/// }
/// </code>
/// </remarks>
public static class TextDocument
{
    /// <summary>The text.</summary>
    public const string Text = "$.text";

    /// <summary>The language to translate into.</summary>
    public const string Target = "$.target";

    /// <summary>Comprehend's DetectDominantLanguage answer.</summary>
    public const string Detected = "$.detected";

    /// <summary>The first (most likely) language Comprehend found.</summary>
    public const string DetectedLanguage = Detected + ".found.Languages[0]";

    /// <summary>Its code.</summary>
    public const string DetectedLanguageCode = DetectedLanguage + ".LanguageCode";

    /// <summary>Its score.</summary>
    public const string DetectedLanguageScore = DetectedLanguage + ".Score";

    /// <summary>The dominant language.</summary>
    public const string Language = "$.language";

    /// <summary>Its code.</summary>
    public const string LanguageCode = Language + ".code";

    /// <summary>Comprehend's confidence in it.</summary>
    public const string LanguageScore = Language + ".score";

    /// <summary>The translation.</summary>
    public const string Translation = "$.translation";

    /// <summary>Whether the text was translated (false when it is in the target language).</summary>
    public const string TranslationNeeded = Translation + ".needed";

    /// <summary>The translated text.</summary>
    public const string TranslationText = Translation + ".text";

    /// <summary>The language translated into.</summary>
    public const string TranslationTarget = Translation + ".target";

    /// <summary>What Comprehend analyzes.</summary>
    public const string AnalysisInput = "$.analysis_input";

    /// <summary>Its language code.</summary>
    public const string AnalysisInputCode = AnalysisInput + ".code";

    /// <summary>Its text.</summary>
    public const string AnalysisInputText = AnalysisInput + ".text";

    /// <summary>Comprehend's analyses.</summary>
    public const string Analysis = "$.analysis";

    /// <summary>The sentiment.</summary>
    public const string AnalysisSentiment = Analysis + ".sentiment";

    /// <summary>The sentiment's scores.</summary>
    public const string AnalysisScores = Analysis + ".scores";

    /// <summary>The key phrases.</summary>
    public const string AnalysisPhrases = Analysis + ".phrases";

    /// <summary>The entities.</summary>
    public const string AnalysisEntities = Analysis + ".entities";

    /// <summary>Translate's refusal of the text's language.</summary>
    public const string NotTranslated = "$.not_translated";

    /// <summary>Its cause.</summary>
    public const string NotTranslatedCause = NotTranslated + ".Cause";

    /// <summary>Comprehend's refusal of a text too long.</summary>
    public const string TooLong = "$.too_long";

    /// <summary>Its cause.</summary>
    public const string TooLongCause = TooLong + ".Cause";

    /// <summary>What Polly speaks.</summary>
    public const string SpeechInput = "$.speech_input";

    /// <summary>Its text.</summary>
    public const string SpeechInputText = SpeechInput + ".text";

    /// <summary>Polly's answer, then what the text's entry records of it.</summary>
    public const string Speech = "$.speech";

    /// <summary>The synthesis task Polly started.</summary>
    public const string SpeechTask = Speech + ".found.SynthesisTask";

    /// <summary>The task, or why there is none.</summary>
    public const string SpeechSpoken = Speech + ".spoken";

    /// <summary>Polly's refusal.</summary>
    public const string SpeechError = "$.speech_error";

    /// <summary>Its error name.</summary>
    public const string SpeechErrorName = SpeechError + ".Error";

    /// <summary>Its cause.</summary>
    public const string SpeechErrorCause = SpeechError + ".Cause";
}
