
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
        var args = new[] { assemblyDirectory }.Concat(requiredTags.SelectMany(tag => new[] { "--require-tag", tag })).ToArray();
        var (stdout, exitCode) = NodeToolServer.Call(LabPaths.Root, "tools/validate/index.mjs", args, TimeSpan.FromMinutes(5));
        if (exitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"node tools/validate/index.mjs {string.Join(' ', args)} exited {exitCode}");
        }
        var json = JsonNode.Parse(stdout)!.AsObject();
        return new Report(
            json["templates"]!.AsArray().Select(t => (string)t!).ToList(),
            json["findings"]!.AsArray().Select(f => new Finding(
                (string)f!["validator"]!, (string)f["template"]!, (string)f["logicalId"]!, (string)f["rule"]!, (string)f["message"]!,
                (string?)f["action"])).ToList(),
            json["resourceStarActions"]!.AsArray().Select(a => new ResourceStarAction((string)a!["action"]!, (bool)a["wildcardOnly"]!)).ToList(),
            exitCode);
    }

    /// <summary>
    /// The Node tools that export <c>main(args)</c> and run in the one long-lived <see cref="NodeToolServer"/> (paths from the
    /// repository root); <see cref="Run"/> sends a <c>node</c> call of one of them there. A tool called many times a run
    /// joins by exporting <c>main(args)</c> (returning <c>{ stdout, exitCode }</c>) and being listed here.
    /// </summary>
    public static readonly IReadOnlyList<string> Served = ["tools/validate/index.mjs", "tools/validate/pipeline-definition.mjs", "tools/stepfunctions/run-local.mjs"];

    /// <summary>Runs a Node tool from the repository root and returns its standard output; throws with its error output on failure.</summary>
    public static string Run(string command, params string[] args)
    {
        _ = Installed.Value;
        return ServedTool(command, args) is var (tool, toolArgs) ? Serve(tool, toolArgs) : Exec(command, args);
    }

    /// <summary>The served tool a <c>node</c> command line runs (the server preloads the Step Functions polyfill), and its arguments.</summary>
    private static (string Tool, string[] Args)? ServedTool(string command, string[] args)
    {
        var rest = args.AsSpan();
        if (command != "node")
        {
            return null;
        }
        if (rest is ["--import", "./tools/stepfunctions/polyfill.mjs", ..])
        {
            rest = rest[2..];
        }
        if (rest.IsEmpty)
        {
            return null;
        }
        var tool = Path.GetRelativePath(LabPaths.Root, Path.GetFullPath(rest[0], LabPaths.Root)).Replace('\\', '/');
        return Served.Contains(tool) ? (tool, rest[1..].ToArray()) : null;
    }

    private static string Serve(string tool, string[] args)
    {
        var (stdout, exitCode) = NodeToolServer.Call(LabPaths.Root, tool, args, TimeSpan.FromMinutes(5));
        return exitCode == 0 ? stdout : throw new InvalidOperationException($"node {tool} {string.Join(' ', args)} exited {exitCode}");
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
