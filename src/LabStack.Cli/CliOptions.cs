using System.Globalization;

namespace LabStack.Cli;

/// <summary>The command line: the command, its files, and the options every command shares.</summary>
public sealed class CliOptions
{
    /// <summary>The command (analyze, runs, verify).</summary>
    public required string Command { get; init; }

    /// <summary>Files to analyze.</summary>
    public List<string> Files { get; } = [];

    /// <summary>The outputs file (<c>--outputs</c>).</summary>
    public string OutputsFile { get; private set; } = Path.Combine(ProjectFolder(), LabOutputs.DefaultFile);

    /// <summary>Which lab, when the outputs hold several (<c>--lab</c>).</summary>
    public string? LabName { get; private set; }

    /// <summary>How long to wait for runs (<c>--timeout</c> seconds; default 10 minutes, as long as the slowest audio run).</summary>
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between looks at the runs (<c>--poll</c> seconds).</summary>
    public TimeSpan Poll { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many runs <c>runs</c> lists (<c>--last</c>).</summary>
    public int Last { get; private set; } = 10;

    /// <summary>The samples <c>verify</c> uploads (<c>--samples</c>).</summary>
    public string Samples { get; private set; } = Path.Combine(ProjectFolder(), "src", "LabStack", "assets", "pipeline-samples");

    /// <summary>Reads the deployed lab's outputs.</summary>
    public LabOutputs Outputs() => LabOutputs.Read(OutputsFile, LabName);

    /// <summary>Parses <paramref name="args"/>; a bad option is a one-line <see cref="CliException"/>.</summary>
    public static CliOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("analyze" or "runs" or "verify"))
        {
            throw new CliException($"{(args.Length == 0 ? "No command" : $"Unknown command '{args[0]}'")}: lab analyze FILE... | lab runs [--last N] | lab verify " +
                "(options: --outputs FILE, --lab NAME, --timeout SECONDS).");
        }
        var options = new CliOptions { Command = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new CliException($"{args[i]} needs a value.");
            double Seconds(string name) => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                ? s : throw new CliException($"{name} must be a number of seconds above 0.");
            switch (args[i])
            {
                case "--outputs": options.OutputsFile = Value(); break;
                case "--lab": options.LabName = Value(); break;
                case "--samples": options.Samples = Value(); break;
                case "--timeout": options.Timeout = TimeSpan.FromSeconds(Seconds("--timeout")); break;
                case "--poll": options.Poll = TimeSpan.FromSeconds(Seconds("--poll")); break;
                case "--last":
                    options.Last = int.TryParse(Value(), out var last) && last is >= 1 and <= 1000 ? last : throw new CliException("--last must be a whole number from 1 to 1000.");
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    throw new CliException($"Unknown option {option}: --outputs FILE, --lab NAME, --timeout SECONDS, --last N, --samples DIR.");
                default: options.Files.Add(args[i]); break;
            }
        }
        return options;
    }

    /// <summary>The project folder: the nearest folder up from here with a cdk.json, else the current folder.</summary>
    private static string ProjectFolder()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
