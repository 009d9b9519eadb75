
namespace LabStack.Tests.Validation;

/// <summary>
/// Runs the npm-pinned validators (tools/validate). Installs them with <c>npm ci</c> when node_modules is
/// missing, so <c>dotnet test</c> needs no prior step; if that fails, the test fails with the command to run.
/// </summary>
public static class NodeTools
{
    private static readonly Lazy<bool> Installed = new(Install);

    /// <summary>tools/validate/sdk.mjs as a module URL, for test scripts that check SDK client calls (<c>checkClientCalls</c>) against the API models.</summary>
    public static string SdkModelCheck { get; } = new Uri(Path.Combine(LabPaths.Root, "tools", "validate", "sdk.mjs")).AbsoluteUri;

    /// <summary>One finding of a validator.</summary>
    public sealed record Finding(string Validator, string Template, string LogicalId, string Rule, string Message, string? Action = null)
    {
        public override string ToString() => $"{Template}/{LogicalId}: {Rule} ({Validator}): {Message}";
    }

    /// <summary>An action some policy allows on Resource "*", and whether IAM offers no resource-level permission for it.</summary>
    public sealed record ResourceStarAction(string Action, bool WildcardOnly);

    /// <summary>The validators' report over a cloud assembly folder.</summary>
    public sealed record Report(IReadOnlyList<string> Templates, IReadOnlyList<Finding> Findings, IReadOnlyList<ResourceStarAction> ResourceStarActions, int ExitCode)
    {
        public IEnumerable<Finding> Of(string validator) => Findings.Where(f => f.Validator == validator);
    }

    /// <summary>Runs <c>node tools/validate/index.mjs</c> over <paramref name="assemblyDirectory"/>, requiring tags given as key=value.</summary>
    public static Report Validate(string assemblyDirectory, params string[] requiredTags)
    {
        _ = Installed.Value;
        var args = new[] { Path.Combine(LabPaths.Root, "tools", "validate", "index.mjs"), assemblyDirectory }
            .Concat(requiredTags.SelectMany(tag => new[] { "--require-tag", tag })).ToArray();
        var result = ProcessRunner.Run("node", args, LabPaths.Root, TimeSpan.FromMinutes(5));
        if (result.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"node {string.Join(' ', args)} exited {result.ExitCode}:\n{Readable(result.Stderr)}");
        }
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        return new Report(
            json["templates"]!.AsArray().Select(t => (string)t!).ToList(),
            json["findings"]!.AsArray().Select(f => new Finding(
                (string)f!["validator"]!, (string)f["template"]!, (string)f["logicalId"]!, (string)f["rule"]!, (string)f["message"]!,
                (string?)f["action"])).ToList(),
            json["resourceStarActions"]!.AsArray().Select(a => new ResourceStarAction((string)a!["action"]!, (bool)a["wildcardOnly"]!)).ToList(),
            result.ExitCode);
    }

    /// <summary>Runs a Node tool from the repository root and returns its standard output; throws with its error output on failure.</summary>
    public static string Run(string command, params string[] args)
    {
        _ = Installed.Value;
        return Exec(command, args);
    }

    /// <summary>
    /// Runs a Python 3 <paramref name="script"/> (written to a temporary file, removed afterwards) with <paramref name="args"/>,
    /// as <see cref="Run"/> runs a tool.
    /// </summary>
    public static string RunPython(string script, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("lab-script-").FullName;
        try
        {
            var file = Path.Combine(folder, "script.py");
            File.WriteAllText(file, script);
            return Run("python3", [file, .. args]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Install()
    {
        NpmPackages.EnsureInstalled(LabPaths.Root);
        return true;
    }

    /// <summary>The end of an error output, without the minified source lines Node prints before a stack trace.</summary>
    private static string Readable(string stderr) => string.Join('\n', stderr.Split('\n')
        .Select(line => line.Length > 300 ? line[..300] + "..." : line)
        .TakeLast(20));

    private static string Exec(string command, params string[] args)
    {
        var result = ProcessRunner.Run(command, args, LabPaths.Root, TimeSpan.FromMinutes(5));
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {result.ExitCode}:\n{Readable(result.Stderr)}");
    }
}
