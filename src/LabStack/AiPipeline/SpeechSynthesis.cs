using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
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

    /// <summary>
    /// The standard-engine voice per target language (every one of <see cref="AiPipelineSettings.ComprehendLanguages"/>
    /// but zh-TW, which Polly does not speak).
    /// </summary>
    public static IReadOnlyDictionary<string, Voice> Voices { get; } = new Dictionary<string, Voice>
    {
        ["ar"] = new("Zeina"), ["de"] = new("Vicki"), ["en"] = new("Joanna"), ["es"] = new("Lucia"), ["fr"] = new("Lea"),
        ["hi"] = new("Aditi", "hi-IN"), ["it"] = new("Bianca"), ["ja"] = new("Mizuki"), ["ko"] = new("Seoyeon"),
        ["pt"] = new("Camila"), ["zh"] = new("Zhiyu"),
    };

    /// <summary>
    /// The chain that speaks <see cref="TextDocument.TranslationText"/> or <see cref="TextDocument.Text"/> and leaves
    /// <see cref="TextDocument.SpeechSpoken"/>: the synthesis task, or why there is none. It ends in two states, the task
    /// recorded or Polly's refusal recorded (one, when Polly has no voice for <paramref name="targetLanguage"/>).
    /// </summary>
    public static Chain Build(Construct scope, IBucket lake, string targetLanguage)
    {
        if (!Voices.TryGetValue(targetLanguage, out var voice))
        {
            return Chain.Start(Skipped(scope, "No Polly voice", $"Polly has no voice for {targetLanguage}."));
        }

        var speak = Speak(scope, lake, voice);
        var notMade = Skipped(scope, "Speech not made", JsonPath.Format("Polly refused the task: {}: {}",
            JsonPath.StringAt(TextDocument.SpeechErrorName), JsonPath.StringAt(TextDocument.SpeechErrorCause)));
        speak.AddCatch(notMade, new CatchProps { Errors = [Errors.ALL], ResultPath = TextDocument.SpeechError });
        var spoken = new Choice(scope, "Speak what?")
            .When(Condition.BooleanEquals(TextDocument.TranslationNeeded, true), SpeechInput(scope, "Speak the translation", TextDocument.TranslationText))
            .Otherwise(SpeechInput(scope, "Speak the text", TextDocument.Text))
            .Afterwards()
            .Next(speak)
            .Next(FillDefaults(scope, "Synthesis task or none", TextDocument.Speech))
            .Next(new Pass(scope, "Speech task", new PassProps
            {
                Parameters = Fields(("spoken", JsonPath.StringAt(TextDocument.SpeechTask))),
                ResultPath = TextDocument.Speech,
            }));
        return Chain.Custom(spoken.StartState, [notMade, .. spoken.EndStates], spoken);
    }

    /// <summary>The text Polly speaks, from <paramref name="textPath"/>, at <see cref="TextDocument.SpeechInput"/>.</summary>
    private static Pass SpeechInput(Construct scope, string name, string textPath) =>
        new(scope, name, new PassProps { Parameters = Fields(("text", JsonPath.StringAt(textPath))), ResultPath = TextDocument.SpeechInput });

    /// <summary>Polly's synthesis task in <paramref name="voice"/>, writing the MP3 into <paramref name="lake"/>.</summary>
    private static CallAwsService Speak(Construct scope, IBucket lake, Voice voice)
    {
        var parameters = Fields(
            ("Engine", "standard"),
            ("OutputFormat", "mp3"),
            ("OutputS3BucketName", lake.BucketName),
            ("OutputS3KeyPrefix", JsonPath.Format(LakeLayout.AiSpeech + "{}/", JsonPath.ExecutionName)),
            ("Text", JsonPath.StringAt(TextDocument.SpeechInputText)),
            ("VoiceId", voice.Id));
        if (voice.LanguageCode is string code)
        {
            parameters["LanguageCode"] = code;
        }
        return Call(scope, "Speak", new ServiceCall
        {
            Service = "polly", Action = "startSpeechSynthesisTask", IamAction = "polly:StartSpeechSynthesisTask", IamResources = ["*"],
            Parameters = parameters,
            ResultSelector = KeepWithDefaults(("SynthesisTask", new Dictionary<string, object>())),
            ResultPath = TextDocument.Speech,
            // Polly writes the audio with the caller's rights.
            AlsoNeeds = [Iam.Allow(["s3:PutObject"], lake.ArnForObjects(LakeLayout.AiSpeech + "*"))],
        });
    }

    /// <summary>The entry saying why the text was not spoken.</summary>
    private static Pass Skipped(Construct scope, string name, object reason) => new(scope, name, new PassProps
    {
        Parameters = Fields(("spoken", Fields(("skipped", reason)))),
        ResultPath = TextDocument.Speech,
    });
}
