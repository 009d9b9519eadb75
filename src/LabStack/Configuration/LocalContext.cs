using System.Text.Json;

namespace LabStack.Configuration;

/// <summary>
/// The context files of a project, in the pinned CDK CLI's order of precedence after <c>-c</c> (its
/// <c>loadConfigFiles</c>): cdk.json's <c>context</c>, then cdk.context.json, then the <c>context</c> of ~/.cdk.json.
/// </summary>
public sealed record ContextSources(IReadOnlyList<ContextFile> Files)
{
    /// <summary>
    /// The files of the project in <paramref name="folder"/>, with ~/.cdk.json in <paramref name="home"/> (none when
    /// null). cdk.json is required when <paramref name="cdkJsonRequired"/> (under <c>dotnet run</c> it holds the feature
    /// flags; under the CLI, <c>--app</c> can stand in for it).
    /// </summary>
    public static ContextSources InProject(string folder, string? home, bool cdkJsonRequired = true) => new(
    [
        new ContextFile("cdk.json", Path.Combine(folder, "cdk.json"), cdkJsonRequired, InContextSection: true),
        new ContextFile("cdk.context.json", Path.Combine(folder, "cdk.context.json"), Required: false, InContextSection: false),
        .. home is null ? Array.Empty<ContextFile>() : [new ContextFile("~/.cdk.json", Path.Combine(home, ".cdk.json"), Required: false, InContextSection: true)],
    ]);

    /// <summary>Only the project's cdk.json at <paramref name="cdkJsonPath"/>: the project's own context, as the tests build the lab.</summary>
    public static ContextSources CdkJsonOnly(string cdkJsonPath) => new([new ContextFile("cdk.json", cdkJsonPath, Required: true, InContextSection: true)]);

    /// <summary>The home folder the CLI expands <c>~</c> to (Node's <c>os.homedir()</c>: <c>HOME</c> first), or null.</summary>
    public static string? Home() =>
        System.Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home
        : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) is { Length: > 0 } profile ? profile : null;
}

/// <summary>
/// The context the CDK CLI would pass, built when the app runs without the CLI (<c>dotnet run</c>, tests): the feature
/// flags, then the context files from the lowest precedence up, then <c>-c key=value</c>; so defaults, a learner's
/// lasting choices in cdk.context.json and feature flags are the same everywhere.
/// </summary>
public static class LocalContext
{
    /// <summary>The project's cdk.json and <c>-c key=value</c> / <c>--context key=value</c> overrides (no learner files: the tests' lab).</summary>
    public static Dictionary<string, object> Load(string cdkJsonPath, IEnumerable<string> args) =>
        Load(ContextSources.CdkJsonOnly(cdkJsonPath), args, LabSettings.Definitions);

    /// <summary>Reads every file of <paramref name="sources"/> (see <see cref="ContextFile.Read"/>) and applies the arguments last.</summary>
    public static Dictionary<string, object> Load(ContextSources sources, IEnumerable<string> args, IReadOnlyList<Setting> settings)
    {
        var context = new Dictionary<string, object>(LabFeatureFlags.InForce);
        foreach (var file in sources.Files.Reverse())
        {
            foreach (var (key, value) in file.Read(settings))
            {
                context[key] = value!; // Read rejects nulls
            }
        }
        foreach (var (key, value) in Arguments(args))
        {
            context[key] = value;
        }
        return context;
    }

    /// <summary>
    /// Under the CLI, which has merged the files already (a key written twice lost its first value there, a null passed
    /// on): reads them again from disk with the same loader, only to reject what <see cref="ContextFile.Read"/> rejects.
    /// </summary>
    public static void Check(ContextSources sources, IReadOnlyList<Setting> settings)
    {
        foreach (var file in sources.Files)
        {
            file.Read(settings);
        }
    }

    /// <summary>
    /// The folder of the LabStack project: the nearest one up from the app (then from the working folder) that holds
    /// src/LabStack. Found without cdk.json, so a missing cdk.json is reported as such.
    /// </summary>
    public static string ProjectFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "src", "LabStack")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new SettingsException("cdk.json", $"Cannot find the LabStack project (a folder with src/LabStack) above {AppContext.BaseDirectory}; run from the repository.");
    }

    /// <summary>
    /// The context the CDK CLI passed to this process: the JSON in <c>CDK_CONTEXT_JSON</c>, or in the file named by
    /// <c>CONTEXT_OVERFLOW_LOCATION_ENV</c> when the CLI found it too large for an environment variable.
    /// </summary>
    public static IReadOnlyCollection<string> KeysFromCli()
    {
        var overflow = System.Environment.GetEnvironmentVariable("CONTEXT_OVERFLOW_LOCATION_ENV");
        var json = overflow is not null && File.Exists(overflow) ? File.ReadAllText(overflow) : System.Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON");
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    private static IEnumerable<(string Key, string Value)> Arguments(IEnumerable<string> args)
    {
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            if (arg.Current is not ("-c" or "--context"))
            {
                throw new SettingsException("arguments", arg.Current, "expected only -c key=value pairs");
            }
            var pair = arg.MoveNext() ? arg.Current : "";
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new SettingsException("-c", pair, "expected key=value");
            }
            yield return (pair[..equals], pair[(equals + 1)..]);
        }
    }
}
