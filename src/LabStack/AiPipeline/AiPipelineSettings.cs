using LabStack.Configuration;

namespace LabStack.AiPipeline;

/// <summary>Settings of the <c>pipeline</c> module.</summary>
public sealed record AiPipelineSettings : IModuleSettings<AiPipelineSettings>
{
    /// <summary>Languages Comprehend's sentiment, key phrase and entity detection accept (and Translate supports).</summary>
    public static IReadOnlyList<string> ComprehendLanguages { get; } = ["ar", "de", "en", "es", "fr", "hi", "it", "ja", "ko", "pt", "zh", "zh-TW"];

    /// <summary><c>targetLanguage</c>.</summary>
    public static readonly Setting<string> TargetLanguageSetting = Setting.OneOf("targetLanguage", "en", ComprehendLanguages);

    /// <summary><c>maxUploadsPerDay</c>.</summary>
    public static readonly Setting<int> MaxUploadsPerDaySetting = Setting.Int("maxUploadsPerDay", 200, 1, 10000, "uploads analyzed a day (UTC)");

    /// <summary>Language the AI pipeline translates text into; one Comprehend can analyze, so translations can be.</summary>
    public required string TargetLanguage { get; init; }

    /// <summary>Uploads analyzed per UTC day; later ones are recorded as skipped without any AI call (a bill guard for bulk uploads).</summary>
    public required int MaxUploadsPerDay { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [TargetLanguageSetting, MaxUploadsPerDaySetting];

    /// <inheritdoc/>
    public static AiPipelineSettings Read(Func<string, object?> context) =>
        new() { TargetLanguage = TargetLanguageSetting.Read(context), MaxUploadsPerDay = MaxUploadsPerDaySetting.Read(context) };
}
