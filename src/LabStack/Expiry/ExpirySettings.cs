using LabStack.Configuration;

namespace LabStack.Expiry;

/// <summary>Settings of the <c>expiry</c> module.</summary>
public sealed record ExpirySettings : IModuleSettings<ExpirySettings>
{
    /// <summary>
    /// <c>expireAfterHours</c>: hours after the last deploy at which the lab deletes itself; 0 keeps it. 8 by default, a study
    /// day: the stream's shard bills every hour the lab stands, so a forgotten lab costs about $0.30 instead of $0.56 with 24
    /// hours (the summary's cost table); <c>lab extend --hours N</c> keeps it longer.
    /// </summary>
    public static readonly Setting<int> ExpireAfterHoursSetting = Setting.Int("expireAfterHours", 8, 0, 720, "hours (0 turns expiry off)");

    /// <summary>Hours without a deploy of any lab stack after which the lab deletes its stacks; 0 turns expiry off.</summary>
    public required int ExpireAfterHours { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ExpireAfterHoursSetting];

    /// <inheritdoc/>
    public static ExpirySettings Read(Func<string, object?> context) => new() { ExpireAfterHours = ExpireAfterHoursSetting.Read(context) };
}
