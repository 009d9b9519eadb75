using LabStack.Configuration;

namespace LabStack.Expiry;

/// <summary>Settings of the <c>expiry</c> module.</summary>
public sealed record ExpirySettings : IModuleSettings<ExpirySettings>
{
    /// <summary><c>expireAfterHours</c>: hours after the last deploy at which the lab deletes itself; 0 keeps it.</summary>
    public static readonly Setting<int> ExpireAfterHoursSetting = Setting.Int("expireAfterHours", 24, 0, 720, "hours (0 turns expiry off)");

    /// <summary>Hours without a deploy of any lab stack after which the lab deletes its stacks; 0 turns expiry off.</summary>
    public required int ExpireAfterHours { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ExpireAfterHoursSetting];

    /// <inheritdoc/>
    public static ExpirySettings Read(Func<string, object?> context) => new() { ExpireAfterHours = ExpireAfterHoursSetting.Read(context) };
}
