using LabStack.Configuration;

namespace LabStack.MlOps;

/// <summary>Settings of the <c>mlops</c> module.</summary>
public sealed record MlOpsSettings : IModuleSettings<MlOpsSettings>
{
    /// <summary><c>mlopsMinAuc</c>: the pipeline registers a model only at or above this validation AUC.</summary>
    public static readonly Setting<double> MinAucSetting = Setting.Number("mlopsMinAuc", 0.75, 0, 1, 2, "the validation AUC a model needs (0.5 is a coin toss, 1 is perfect)");

    /// <summary><c>mlopsRunsPerDay</c>: pipeline runs new data may start per UTC day.</summary>
    public static readonly Setting<int> RunsPerDaySetting = Setting.Int("mlopsRunsPerDay", 3, 1, 20, "pipeline runs new data may start a day (UTC)");

    /// <summary>The validation AUC a model needs to be registered.</summary>
    public required double MinAuc { get; init; }

    /// <summary>Runs new data under raw/customers/ may start per UTC day; later uploads start none (a bill guard).</summary>
    public required int RunsPerDay { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [MinAucSetting, RunsPerDaySetting];

    /// <inheritdoc/>
    public static MlOpsSettings Read(Func<string, object?> context) =>
        new() { MinAuc = MinAucSetting.Read(context), RunsPerDay = RunsPerDaySetting.Read(context) };
}
