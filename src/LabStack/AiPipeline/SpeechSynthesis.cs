using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using LabStack.DataLake;
using static LabStack.ServiceCalls;

namespace LabStack.AiPipeline;

/// <summary>
/// Polly speaks each analyzed text: its translation, or the text itself when it needed none, so always in the target
/// language. StartSpeechSynthesisTask is asynchronous too, but nothing waits for it: Polly writes the MP3 into the lake
/// (<see cref="LakeLayout.AiSpeech"/>) on its own, and the document records the task (its OutputUri says where).
/// Standard voices ($4 per million characters; neural ones cost four times that). A target language Polly has no
/// voice for, or a task Polly refuses, is recorded in the text's <c>speech</c> entry, not as a failed run.
/// </summary>
public static class SpeechSynthesis
{
    /// <summary>A Polly voice: its id and, for bilingual voices, the language to speak.</summary>
    public sealed record Voice(string Id, string? LanguageCode = null);

    /// <summary>The standard-engine voice per target language (every one of <see cref="AiPipelineSettings.ComprehendLanguages"/> but zh-TW, which Polly does not speak).</summary>
    public static IReadOnlyDictionary<string, Voice> Voices { get; } = new Dictionary<string, Voice>
    {
        ["ar"] = new("Zeina"), ["de"] = new("Vicki"), ["en"] = new("Joanna"), ["es"] = new("Lucia"), ["fr"] = new("Lea"),
        ["hi"] = new("Aditi", "hi-IN"), ["it"] = new("Bianca"), ["ja"] = new("Mizuki"), ["ko"] = new("Seoyeon"),
        ["pt"] = new("Camila"), ["zh"] = new("Zhiyu"),
    };

    /// <summary>
    /// Builds the chain that speaks <c>$.translation.text</c> or <c>$.text</c> and leaves <c>$.speech.spoken</c> (the
    /// synthesis task, or why there is none), then goes to <paramref name="next"/>; returns its first state.
    /// </summary>
    public static IChainable Build(Construct scope, IBucket lake, string targetLanguage, IChainable next)
    {
        IChainable Skipped(string name, object reason) => new Pass(scope, name, new PassProps
        {
            Parameters = Fields(("spoken", Fields(("skipped", reason)))),
            ResultPath = "$.speech",
        }).Next(next);

        if (!Voices.TryGetValue(targetLanguage, out var voice))
        {
            return Skipped("No Polly voice", $"Polly has no voice for {targetLanguage}.");
        }

        var parameters = Fields(
            ("Engine", "standard"),
            ("OutputFormat", "mp3"),
            ("OutputS3BucketName", lake.BucketName),
            ("OutputS3KeyPrefix", JsonPath.Format(LakeLayout.AiSpeech + "{}/", JsonPath.ExecutionName)),
            ("Text", JsonPath.StringAt("$.speech_input.text")),
            ("VoiceId", voice.Id));
        if (voice.LanguageCode is string code)
        {
            parameters["LanguageCode"] = code;
        }
        var speak = Call(scope, "Speak", new ServiceCall
        {
            Service = "polly", Action = "startSpeechSynthesisTask", IamAction = "polly:StartSpeechSynthesisTask", IamResources = ["*"],
            Parameters = parameters,
            ResultSelector = KeepWithDefaults(("SynthesisTask", new Dictionary<string, object>())),
            ResultPath = "$.speech",
            // Polly writes the audio with the caller's rights.
            AlsoNeeds = [Iam.Allow(["s3:PutObject"], lake.ArnForObjects(LakeLayout.AiSpeech + "*"))],
        });
        speak.AddCatch(Skipped("Speech not made", JsonPath.Format("Polly refused the task: {}: {}", JsonPath.StringAt("$.speech_error.Error"), JsonPath.StringAt("$.speech_error.Cause"))),
            new CatchProps { Errors = [Errors.ALL], ResultPath = "$.speech_error" });
        speak.Next(FillDefaults(scope, "Synthesis task or none", "$.speech")).Next(new Pass(scope, "Speech task", new PassProps
        {
            Parameters = Fields(("spoken", JsonPath.StringAt("$.speech.found.SynthesisTask"))),
            ResultPath = "$.speech",
        })).Next(next);

        var translated = new Pass(scope, "Speak the translation", new PassProps { Parameters = Fields(("text", JsonPath.StringAt("$.translation.text"))), ResultPath = "$.speech_input" });
        var original = new Pass(scope, "Speak the text", new PassProps { Parameters = Fields(("text", JsonPath.StringAt("$.text"))), ResultPath = "$.speech_input" });
        translated.Next(speak);
        original.Next(speak);
        return new Choice(scope, "Speak what?")
            .When(Condition.BooleanEquals("$.translation.needed", true), translated)
            .Otherwise(original);
    }
}
