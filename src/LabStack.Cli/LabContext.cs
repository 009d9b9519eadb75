using LabStack.Configuration;
using LabStack.Emr;
using LabStack.SageMaker;

namespace LabStack.Cli;

/// <summary>
/// The lab's settings as the next deploy will read them: the project's context files in the pinned CDK CLI's order
/// (~/.cdk.json, then cdk.context.json, then cdk.json's context, each over the one before), read with the lab's own loader
/// (<see cref="ContextFile"/>) and settings records, so a key's default, its validation and its error are the deploy's.
/// <c>-c</c> overrides on the deploy's command line are not seen: pass the same as flags where a command takes them.
/// </summary>
public sealed class LabContext
{
    private readonly IReadOnlyDictionary<string, object?> values;

    private LabContext(IReadOnlyDictionary<string, object?> values) => this.values = values;

    /// <summary>The module keys, in deployment order (as LabModules.All; a test compares them).</summary>
    public static IReadOnlyList<string> ModuleKeys { get; } = ["expiry", "datalake", "streaming", "emr", "sagemaker", "pipeline", "lex", "mlops", "flink", "groundtruth"];

    /// <summary>The modules <c>all</c> leaves out, selected only by name (as LabModules.Default; a test compares).</summary>
    public static IReadOnlyList<string> OptIn { get; } = ["groundtruth"];

    /// <summary>Each module's stack suffix (<c>{labName}-{suffix}</c>, as LabModules; a test compares).</summary>
    public static IReadOnlyDictionary<string, string> StackSuffixes { get; } = new Dictionary<string, string>
    {
        ["expiry"] = "Expiry", ["datalake"] = "DataLake", ["streaming"] = "Streaming", ["emr"] = "Emr", ["sagemaker"] = "SageMaker", ["pipeline"] = "AiPipeline", ["lex"] = "Lex", ["mlops"] = "MlOps", ["flink"] = "Flink", ["groundtruth"] = "GroundTruth",
    };

    /// <summary>The modules every module needs (the lake, and the expiry the lake needs).</summary>
    public static IReadOnlyList<string> AlwaysDeployed { get; } = ["expiry", "datalake"];

    /// <summary>What a module needs besides <see cref="AlwaysDeployed"/> (as LabModules' needs; a test compares).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Needs { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["mlops"] = ["sagemaker"], ["flink"] = ["streaming"], ["groundtruth"] = ["sagemaker"],
    };

    /// <summary>Reads the context files of the project in <paramref name="folder"/>.</summary>
    public static LabContext Read(string folder)
    {
        var settings = EmrSettings.Definitions.Concat(SageMakerSettings.Definitions).ToList();
        var files = new List<ContextFile>
        {
            new("cdk.json", Path.Combine(folder, "cdk.json"), Required: false, InContextSection: true),
            new("cdk.context.json", Path.Combine(folder, "cdk.context.json"), Required: false, InContextSection: false),
        };
        if (Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home)
        {
            files.Add(new ContextFile("~/.cdk.json", Path.Combine(home, ".cdk.json"), Required: false, InContextSection: true));
        }
        var values = new Dictionary<string, object?>();
        foreach (var file in Enumerable.Reverse(files))
        {
            foreach (var (key, value) in file.Read(settings))
            {
                values[key] = value;
            }
        }
        return new LabContext(values);
    }

    /// <summary>
    /// The lab's own settings as the context files set them (not the CDK's feature flags, keys starting with @), for
    /// <c>lab verify</c>'s report; an e-mail address (a key naming mail) reads as "(set)": the report may be posted in public.
    /// </summary>
    public IReadOnlyDictionary<string, object?> LabSettings => values.Where(v => !v.Key.StartsWith('@'))
        .OrderBy(v => v.Key, StringComparer.Ordinal)
        .ToDictionary(v => v.Key, v => v.Key.Contains("mail", StringComparison.OrdinalIgnoreCase) && v.Value is not null ? "(set)" : v.Value);

    private object? Value(string key) => values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The <c>labName</c> setting, else the default lab name.</summary>
    public string LabName => Value("labName") as string ?? "mllab";

    /// <summary>The EMR module's settings.</summary>
    public EmrSettings Emr => EmrSettings.Read(Value);

    /// <summary>The SageMaker module's settings.</summary>
    public SageMakerSettings SageMaker => SageMakerSettings.Read(Value);

    /// <summary>The CDK bootstrap qualifier (<c>@aws-cdk/core:bootstrapQualifier</c>, default hnb659fds, as aws-cdk-lib's DefaultStackSynthesizer).</summary>
    public string BootstrapQualifier => Value("@aws-cdk/core:bootstrapQualifier") as string ?? "hnb659fds";

    /// <summary>
    /// The selected modules with the ones they need: <paramref name="list"/> (<c>--modules</c>), else the <c>modules</c>
    /// setting, else all. An unknown key is a one-line error.
    /// </summary>
    public IReadOnlyList<string> Modules(string? list)
    {
        var text = list ?? Value("modules") as string ?? "all";
        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = keys.FirstOrDefault(k => k != "all" && !ModuleKeys.Contains(k));
        if (unknown is null && (keys.Length == 0 || keys.Contains("all")))
        {
            return ModuleKeys.Where(k => !OptIn.Contains(k) || keys.Contains(k)).ToList();
        }
        return unknown is null
            ? ModuleKeys.Where(WithNeeds(keys).Contains).ToList()
            : throw new CliException($"Unknown module '{unknown}' in {(list is null ? "the modules setting" : "--modules")}: use all or a comma-separated list of {string.Join(", ", ModuleKeys)}.");
    }

    /// <summary><paramref name="keys"/>, the modules they need (transitively) and <see cref="AlwaysDeployed"/>.</summary>
    private static HashSet<string> WithNeeds(IEnumerable<string> keys)
    {
        var selected = new HashSet<string>(AlwaysDeployed);
        var pending = new Queue<string>(keys);
        while (pending.TryDequeue(out var key))
        {
            if (selected.Add(key))
            {
                foreach (var need in Needs.GetValueOrDefault(key, []))
                {
                    pending.Enqueue(need);
                }
            }
        }
        return selected;
    }
}
