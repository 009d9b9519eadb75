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

    /// <summary><c>alertEmail</c>: who the budget emails; empty for nobody.</summary>
    public static readonly Setting<string> AlertEmailSetting = Setting.Text("alertEmail", "",
        new(@"^$|^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"), "expected an email address like you@example.com, or empty for no alerts");

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
