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

    /// <summary>Instance type of the SageMaker notebook (ml.family.size).</summary>
    public required string NotebookInstanceType { get; init; }

    /// <summary>Minutes without Jupyter activity after which the notebook stops itself.</summary>
    public required int NotebookIdleMinutes { get; init; }

    /// <summary>Whether notebook users get root (off by default).</summary>
    public required bool NotebookRootAccess { get; init; }

    /// <summary>How the sentiment model is served: serverless (no idle cost), realtime (an instance) or none.</summary>
    public required string EndpointMode { get; init; }

    /// <summary>Memory of the serverless endpoint.</summary>
    public required int EndpointMemoryMb { get; init; }

    /// <summary>Instance type of the real-time endpoint.</summary>
    public required string EndpointInstanceType { get; init; }

    /// <summary>Instance families offered for notebooks and real-time endpoints: CPU families a study lab needs.</summary>
    public static IReadOnlyList<string> InstanceFamilies { get; } = ["t3", "m5", "m6i", "c5", "c6i", "r5"];

    /// <summary>EC2 instance type of every EMR node.</summary>
    public required string EmrInstanceType { get; init; }

    /// <summary>EMR core nodes; 0 runs everything on the primary node.</summary>
    public required int EmrCoreNodes { get; init; }

    /// <summary>Minutes without running steps or jobs after which EMR terminates the cluster.</summary>
    public required int EmrIdleMinutes { get; init; }

    /// <summary>Generation of the cluster: raising it replaces a terminated cluster with a fresh one.</summary>
    public required int EmrRun { get; init; }

    /// <summary>EC2 families offered for EMR nodes (EMR's smallest supported size of these is xlarge).</summary>
    public static IReadOnlyList<string> EmrFamilies { get; } = ["m5", "m6i", "m7i", "c5", "c6i", "r5", "r6i"];

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
    public static IReadOnlyList<string> Keys { get; } = ["labName", "modules", "retainData", "athenaScanLimitMb", "budgetUsd", "alertEmail", "shardCount", "targetLanguage",
        "notebookInstanceType", "notebookIdleMinutes", "notebookRootAccess", "endpointMode", "endpointMemoryMb", "endpointInstanceType",
        "emrInstanceType", "emrCoreNodes", "emrIdleMinutes", "emrRun"];

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
            NotebookInstanceType = read.InstanceType("notebookInstanceType", "ml.t3.medium", InstanceFamilies),
            NotebookIdleMinutes = read.Int("notebookIdleMinutes", 60, 10, 720, "minutes"),
            NotebookRootAccess = read.Bool("notebookRootAccess", false),
            EndpointMode = read.OneOf("endpointMode", "serverless", ["serverless", "realtime", "none"]),
            EndpointMemoryMb = read.IntOneOf("endpointMemoryMb", 3072, [1024, 2048, 3072, 4096, 5120, 6144], "megabytes (serverless memory sizes)"),
            EndpointInstanceType = read.InstanceType("endpointInstanceType", "ml.m5.large", InstanceFamilies),
            EmrInstanceType = read.Matching("emrInstanceType", "m5.xlarge", EmrInstancePattern(),
                $"expected <family>.<size> with family {string.Join(", ", EmrFamilies)} and size xlarge, 2xlarge or 4xlarge"),
            EmrCoreNodes = read.Int("emrCoreNodes", 0, 0, 4, "core nodes"),
            EmrIdleMinutes = read.Int("emrIdleMinutes", 60, 10, 720, "minutes"),
            EmrRun = read.Int("emrRun", 1, 1, 999, "(a generation number)"),
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

    [GeneratedRegex("^(m5|m6i|m7i|c5|c6i|r5|r6i)\\.(xlarge|2xlarge|4xlarge)$")]
    private static partial Regex EmrInstancePattern();

    [GeneratedRegex(@"^$|^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$")]
    private static partial Regex LabNamePattern();
}
