using System.Text.RegularExpressions;

namespace LabStack.Configuration;

/// <summary>
/// Every setting of the lab, read once from CDK context (defaults in cdk.json, overrides with
/// <c>-c key=value</c>) and validated. Constructs receive these values as props; nothing else reads context.
/// </summary>
public sealed partial record LabSettings
{
    /// <summary>Prefix of every stack name and value of the <c>lab</c> tag.</summary>
    public required string LabName { get; init; }

    /// <summary>The modules to synthesize, dependencies included, in deployment order.</summary>
    public required IReadOnlyList<LabModule> Modules { get; init; }

    /// <summary>When true, the lake's buckets and their data survive <c>cdk destroy</c>.</summary>
    public required bool RetainData { get; init; }

    /// <summary>Athena stops any query in the lab workgroup that scans more than this.</summary>
    public required int AthenaScanLimitMb { get; init; }

    /// <summary>Shards of the Kinesis stream (provisioned mode; each bills by the hour).</summary>
    public required int ShardCount { get; init; }

    /// <summary>Language the AI pipeline translates text into; one Comprehend can analyze, so translations can be.</summary>
    public required string TargetLanguage { get; init; }

    /// <summary>Languages Comprehend's sentiment, key phrase and entity detection accept (and Translate supports).</summary>
    public static IReadOnlyList<string> ComprehendLanguages { get; } = ["ar", "de", "en", "es", "fr", "hi", "it", "ja", "ko", "pt", "zh", "zh-TW"];

    /// <summary>Monthly AWS Budget for the account, in USD; alerts at 50% and 80% actual and 100% forecast.</summary>
    public required int BudgetUsd { get; init; }

    /// <summary>Where budget alerts go; empty means the budget exists without a subscriber.</summary>
    public required string AlertEmail { get; init; }

    /// <summary>Things worth telling the user that do not stop synthesis.</summary>
    public IReadOnlyList<string> Warnings => string.IsNullOrEmpty(AlertEmail)
        ? ["alertEmail is not set: the budget is created without a subscriber, so nobody is emailed when spend passes it. Set -c alertEmail=you@example.com."]
        : [];

    /// <summary>Name of the Glue database; Glue and Athena want lowercase letters, digits and underscores.</summary>
    public string GlueDatabaseName => LabName.Replace('-', '_') + "_lake";

    /// <summary>The context keys this object reads, for documentation and tests.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["labName", "modules", "retainData", "athenaScanLimitMb", "budgetUsd", "alertEmail", "shardCount", "targetLanguage"];

    /// <summary>Reads and validates all settings; throws <see cref="SettingsException"/> on the first bad one.</summary>
    public static LabSettings FromContext(Func<string, object?> lookup)
    {
        var read = new ContextReader(lookup);
        return new LabSettings
        {
            LabName = read.Matching("labName", "mllab", LabNamePattern(),
                "expected 3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen"),
            Modules = ParseModules(read.String("modules", "all")),
            RetainData = read.Bool("retainData", false),
            AthenaScanLimitMb = read.Int("athenaScanLimitMb", 1024, 10, 1_048_576, "megabytes"),
            ShardCount = read.Int("shardCount", 1, 1, 10, "shards"),
            TargetLanguage = read.OneOf("targetLanguage", "en", ComprehendLanguages),
            BudgetUsd = read.Int("budgetUsd", 20, 1, 10_000, "US dollars"),
            AlertEmail = read.Matching("alertEmail", "", EmailPattern(), "expected an email address like you@example.com, or empty for no alerts"),
        };
    }

    private static IReadOnlyList<LabModule> ParseModules(string raw)
    {
        var allowed = $"expected 'all' or a comma-separated list of {string.Join(", ", LabModules.All.Select(m => m.Key()))}";
        var keys = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (keys.Length == 0)
        {
            throw new SettingsException("modules", raw, allowed);
        }
        if (keys.Length == 1 && keys[0].Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return LabModules.All;
        }

        var chosen = new HashSet<LabModule>();
        foreach (var key in keys)
        {
            var module = LabModules.FromKey(key.ToLowerInvariant()) ?? throw new SettingsException("modules", raw, allowed);
            chosen.Add(module);
            chosen.UnionWith(module.Needs());
        }
        return LabModules.All.Where(chosen.Contains).ToList();
    }

    [GeneratedRegex(@"^$|^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$")]
    private static partial Regex LabNamePattern();
}
