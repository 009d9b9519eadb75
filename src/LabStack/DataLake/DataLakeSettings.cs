using LabStack.Configuration;

namespace LabStack.DataLake;

/// <summary>Settings of the <c>datalake</c> module (it also holds the lab's budget, which every module deploys).</summary>
public sealed record DataLakeSettings : IModuleSettings<DataLakeSettings>
{
    /// <summary><c>retainData</c>: keep the lake bucket and its objects on destroy.</summary>
    public static readonly Setting<bool> RetainDataSetting = Setting.Bool("retainData", false);

    /// <summary><c>athenaScanLimitMb</c>: Athena's per-query scan cutoff in the lab workgroup.</summary>
    public static readonly Setting<int> AthenaScanLimitSetting = Setting.Int("athenaScanLimitMb", 1024, 10, 1_048_576, "megabytes");

    /// <summary><c>budgetUsd</c>: the account's monthly budget.</summary>
    public static readonly Setting<int> BudgetSetting = Setting.Int("budgetUsd", 20, 1, 10_000, "US dollars");

    /// <summary>
    /// <c>alertEmail</c>: who the budget emails; empty for nobody. Only an address mail can reach: an ASCII dot-atom
    /// before the @ of at most 64 characters (RFC 5321), host-name labels after it (letters, digits, inner hyphens;
    /// an international domain in its xn-- form, so a Cyrillic look-alike cannot pass for a Latin domain), at most 254
    /// in all. A <c>mailto:</c> link, a double dot or a quoted local part would be accepted by the template and
    /// never deliver an alert.
    /// </summary>
    public static readonly Setting<string> AlertEmailSetting = Setting.Text("alertEmail", "",
        new(@"^\z|^(?=.{6,254}\z)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
            @"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\z"),
        "expected an email address like you@example.com, or empty for no alerts: before the @ at most 64 ASCII letters, digits and " +
        "!#$%&'*+/=?^_`{|}~- in dot-separated parts (no mailto:, no leading, trailing or double dot), after it a domain of dot-separated " +
        "ASCII labels of letters, digits and hyphens, none starting or ending with a hyphen (an international domain in its xn-- form), " +
        "at most 254 characters in all");

    /// <summary>When true, the lake bucket and its data survive <c>cdk destroy</c>.</summary>
    public required bool RetainData { get; init; }

    /// <summary>Athena stops any query in the lab workgroup that scans more than this.</summary>
    public required int AthenaScanLimitMb { get; init; }

    /// <summary>Monthly AWS Budget for the account, in USD; alerts at 50% and 80% actual and 100% forecast.</summary>
    public required int BudgetUsd { get; init; }

    /// <summary>Where budget alerts go; empty means the budget exists without a subscriber.</summary>
    public required string AlertEmail { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [RetainDataSetting, AthenaScanLimitSetting, BudgetSetting, AlertEmailSetting];

    /// <inheritdoc/>
    public static DataLakeSettings Read(Func<string, object?> context) => new()
    {
        RetainData = RetainDataSetting.Read(context),
        AthenaScanLimitMb = AthenaScanLimitSetting.Read(context),
        BudgetUsd = BudgetSetting.Read(context),
        AlertEmail = AlertEmailSetting.Read(context),
    };

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => string.IsNullOrEmpty(AlertEmail)
        ? ["alertEmail is not set: the budget is created without a subscriber, so nobody is emailed when spend passes it. Set -c alertEmail=you@example.com."]
        : [];
}
