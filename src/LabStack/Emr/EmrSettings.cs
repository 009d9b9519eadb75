using LabStack.Configuration;

namespace LabStack.Emr;

/// <summary>Settings of the <c>emr</c> module.</summary>
public sealed record EmrSettings : IModuleSettings<EmrSettings>
{
    /// <summary>EC2 families offered for EMR nodes.</summary>
    public static IReadOnlyList<string> Families { get; } = ["m5", "m6i", "m7i", "c5", "c6i", "r5", "r6i"];

    /// <summary>Sizes offered: EMR's smallest supported size of these families is xlarge.</summary>
    public static IReadOnlyList<string> Sizes { get; } = ["xlarge", "2xlarge", "4xlarge"];

    /// <summary><c>emrInstanceType</c>: every node's instance type.</summary>
    public static readonly Setting<string> InstanceTypeSetting = Setting.InstanceType("emrInstanceType", "m5.xlarge", "", Families, Sizes);

    /// <summary><c>emrCoreNodes</c>: core nodes besides the primary.</summary>
    public static readonly Setting<int> CoreNodesSetting = Setting.Int("emrCoreNodes", 0, 0, 4, "core nodes");

    /// <summary>
    /// <c>emrIdleMinutes</c>: idle time before the cluster terminates itself. 15 by default: the cluster's only work is the
    /// step it starts with (about 3 minutes) and the steps a learner adds in exercise 3, so a longer wait only bills. EMR
    /// accepts 60 seconds to 7 days (https://docs.aws.amazon.com/emr/latest/APIReference/API_AutoTerminationPolicy.html);
    /// the lab offers 10 minutes (time to add a step after the first) to 12 hours.
    /// </summary>
    public static readonly Setting<int> IdleMinutesSetting = Setting.Int("emrIdleMinutes", 15, 10, 720, "minutes");

    /// <summary>The highest <c>emrRun</c>.</summary>
    public const int MaxRun = 999;

    /// <summary><c>emrRun</c>: the cluster's generation.</summary>
    public static readonly Setting<int> RunSetting = Setting.Int("emrRun", 1, 1, MaxRun, "(a generation number)");

    /// <summary>EC2 instance type of every EMR node.</summary>
    public required string InstanceType { get; init; }

    /// <summary>EMR core nodes; 0 runs everything on the primary node.</summary>
    public required int CoreNodes { get; init; }

    /// <summary>Minutes without running steps or jobs after which EMR terminates the cluster.</summary>
    public required int IdleMinutes { get; init; }

    /// <summary>Generation of the cluster: raising it replaces a terminated cluster with a fresh one.</summary>
    public required int Run { get; init; }

    /// <summary>
    /// The <c>emrRun</c> that brings a fresh cluster: the next one, and after <see cref="MaxRun"/> 1 again (any other
    /// number changes the cluster's name, which is all a fresh cluster needs; <see cref="MaxRun"/>+1 would be refused).
    /// </summary>
    public int NextRun => Run == MaxRun ? 1 : Run + 1;

    /// <summary>
    /// The cluster's name: the lab name, the run and every other setting. A change of <c>Name</c> replaces the cluster,
    /// while a core-node count, an idle timeout or a tag would be updated in place; once the cluster has terminated
    /// itself, EMR refuses those updates and the deploy fails (deploy-ml E4 of the 2026-12-01 review). With every
    /// setting in the name, a changed setting brings a fresh cluster instead.
    /// </summary>
    public string ClusterName(string labName) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{labName}-spark-{Run}-{InstanceType}-{CoreNodes}core-{IdleMinutes}min");

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [InstanceTypeSetting, CoreNodesSetting, IdleMinutesSetting, RunSetting];

    /// <inheritdoc/>
    public static EmrSettings Read(Func<string, object?> context) => new()
    {
        InstanceType = InstanceTypeSetting.Read(context),
        CoreNodes = CoreNodesSetting.Read(context),
        IdleMinutes = IdleMinutesSetting.Read(context),
        Run = RunSetting.Read(context),
    };
}
