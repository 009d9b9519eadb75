using LabStack.Configuration;

namespace LabStack.Lex;

/// <summary>Settings of the <c>lex</c> module.</summary>
public sealed record LexSettings : IModuleSettings<LexSettings>
{
    /// <summary>
    /// <c>lexConfidenceThreshold</c>: the bot locale's NluConfidenceThreshold, from 0 to 1 (CloudFormation's BotLocale page,
    /// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lex-bot-botlocale.html); below it in
    /// every intent Lex answers with AMAZON.FallbackIntent
    /// (https://docs.aws.amazon.com/lexv2/latest/dg/using-intent-confidence-scores.html). 0.40 is the console's default.
    /// </summary>
    public static readonly Setting<double> ConfidenceThresholdSetting =
        Setting.Number("lexConfidenceThreshold", 0.40, 0, 1, 2, "the lowest intent confidence the bot acts on");

    /// <summary>Below this confidence in every intent, the bot answers with its fallback intent.</summary>
    public required double ConfidenceThreshold { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ConfidenceThresholdSetting];

    /// <inheritdoc/>
    public static LexSettings Read(Func<string, object?> context) => new() { ConfidenceThreshold = ConfidenceThresholdSetting.Read(context) };
}
