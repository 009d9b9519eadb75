using LabStack.Configuration;

namespace LabStack.Flink;

/// <summary>Settings of the <c>flink</c> module.</summary>
public sealed record FlinkSettings : IModuleSettings<FlinkSettings>
{
    /// <summary>
    /// <c>flinkParallelism</c>: the Studio notebook's parallelism, one KPU per parallel task (ParallelismPerKPU 1). Each KPU bills
    /// $0.11 an hour while the notebook runs, on top of the two a Studio application always bills
    /// (https://aws.amazon.com/managed-service-apache-flink/pricing/); the lab's stream has at most a few shards, so 4 is plenty.
    /// </summary>
    public static readonly Setting<int> ParallelismSetting = Setting.Int("flinkParallelism", 1, 1, 4, "parallel tasks (one KPU each)");

    /// <summary>
    /// <c>flinkSessionMinutes</c>: how long a notebook started with the <c>StartNotebook</c> output runs before the session
    /// workflow stops it. Managed Flink bills at least ten minutes per start (https://docs.aws.amazon.com/managed-flink/latest/java/how-pricing.html).
    /// </summary>
    public static readonly Setting<int> SessionMinutesSetting = Setting.Int("flinkSessionMinutes", 60, 15, 240, "minutes");

    /// <summary>Parallel tasks of the notebook's Flink jobs, one KPU each.</summary>
    public required int Parallelism { get; init; }

    /// <summary>Minutes a started notebook runs before the session workflow stops it.</summary>
    public required int SessionMinutes { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ParallelismSetting, SessionMinutesSetting];

    /// <inheritdoc/>
    public static FlinkSettings Read(Func<string, object?> context) =>
        new() { Parallelism = ParallelismSetting.Read(context), SessionMinutes = SessionMinutesSetting.Read(context) };
}
