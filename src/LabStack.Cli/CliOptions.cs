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
    public string OutputsFile { get; private set; } = Path.Combine(FindProjectFolder(), LabOutputs.DefaultFile);

    /// <summary>Which lab, when the outputs hold several (<c>--lab</c>).</summary>
    public string? LabName { get; private set; }

    /// <summary>How long to wait for runs (<c>--timeout</c> seconds; default 10 minutes, as long as the slowest audio run).</summary>
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromMinutes(10);

    /// <summary>Time between looks at the runs (<c>--poll</c> seconds).</summary>
    public TimeSpan Poll { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many runs <c>runs</c> lists (<c>--last</c>).</summary>
    public int Last { get; private set; } = 10;

    /// <summary>The hours <c>extend</c> asks for (<c>--hours</c>, 1 to 720); null: the deployed expireAfterHours.</summary>
    public int? Hours { get; private set; }

    /// <summary>The modules <c>preflight</c> checks (<c>--modules</c>); null: the modules setting, else all.</summary>
    public string? Modules { get; private set; }

    /// <summary>Where <c>verify</c> writes its JSON report (<c>--report</c>); null: no report.</summary>
    public string? Report { get; private set; }

    /// <summary><c>verify</c>: check the streaming delivery stream is ACTIVE instead of waiting for a delivery (<c>--quick</c>).</summary>
    public bool Quick { get; private set; }

    /// <summary><c>verify</c>: also run the crawler and the Glue job (<c>--run-jobs</c>; about $0.15).</summary>
    public bool RunJobs { get; private set; }

    /// <summary>JSON on stdout instead of the table (<c>--json</c>).</summary>
    public bool Json { get; private set; }

    /// <summary>Act without asking (<c>--yes</c>).</summary>
    public bool Yes { get; private set; }

    /// <summary>The project folder, whose context files hold the learner's settings.</summary>
    public string ProjectFolder { get; } = FindProjectFolder();

    /// <summary>The samples <c>verify</c> uploads (<c>--samples</c>).</summary>
    public string Samples { get; private set; } = Path.Combine(FindProjectFolder(), "src", "LabStack", "assets", "pipeline-samples");

    /// <summary>Reads the deployed lab's outputs.</summary>
    public LabOutputs Outputs() => LabOutputs.Read(OutputsFile, LabName);

    /// <summary>
    /// Each command: its usage, the options it takes, and whether it takes files. Anything else on its command line is
    /// refused, so a typo or a misplaced option is never silently ignored.
    /// </summary>
    private static readonly Dictionary<string, (string Usage, string[] Options, bool TakesFiles)> Commands = new()
    {
        ["analyze"] = ("lab analyze FILE...", ["--outputs", "--lab", "--timeout", "--poll"], true),
        ["runs"] = ("lab runs [--last N]", ["--outputs", "--lab", "--last"], false),
        ["verify"] = ("lab verify [--modules LIST] [--report FILE] [--quick] [--run-jobs]", ["--outputs", "--lab", "--timeout", "--poll", "--samples", "--modules", "--report", "--quick", "--run-jobs"], false),
        ["extend"] = ("lab extend [--hours N]", ["--outputs", "--lab", "--hours"], false),
        ["preflight"] = ("lab preflight [--modules LIST] [--json]", ["--modules", "--json"], false),
        ["status"] = ("lab status [--json]", ["--outputs", "--lab", "--json"], false),
        ["stop"] = ("lab stop [--yes]", ["--outputs", "--lab", "--yes"], false),
        ["leftovers"] = ("lab leftovers [--lab NAME]", ["--outputs", "--lab"], false),
    };

    /// <summary>What each option's value is, for the messages.</summary>
    private static readonly Dictionary<string, string> Values = new()
    {
        ["--outputs"] = "FILE", ["--lab"] = "NAME", ["--timeout"] = "SECONDS", ["--poll"] = "SECONDS", ["--last"] = "N", ["--samples"] = "DIR", ["--hours"] = "N",
        ["--modules"] = "LIST", ["--report"] = "FILE", ["--quick"] = "", ["--run-jobs"] = "", ["--json"] = "", ["--yes"] = "",
    };

    /// <summary>The longest <c>--timeout</c> (a day: no run takes longer) and the shortest <c>--poll</c> (faster looks only cost API calls).</summary>
    private const double MaxTimeoutSeconds = 86400, MinPollSeconds = 0.1, MaxPollSeconds = 600;

    /// <summary>Parses <paramref name="args"/>; a bad option is a one-line <see cref="CliException"/>.</summary>
    public static CliOptions Parse(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            throw new CliException($"{(args.Length == 0 ? "No command" : $"Unknown command '{args[0]}'")}: " +
                $"{string.Join(" | ", Commands.Values.Select(c => c.Usage))} (options: --outputs FILE, --lab NAME, --timeout SECONDS).");
        }
        var options = new CliOptions { Command = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.Length > 1 && arg[0] == '-' && !command.Options.Contains(arg))
            {
                throw new CliException($"Unknown option {arg} for {command.Usage}: it takes {string.Join(", ", command.Options.Select(o => $"{o} {Values[o]}".TrimEnd()))}.");
            }
            if (arg == "--run-jobs")
            {
                options.RunJobs = true;
                continue;
            }
            if (arg is "--json" or "--yes" or "--quick")
            {
                (options.Json, options.Yes, options.Quick) = (options.Json || arg == "--json", options.Yes || arg == "--yes", options.Quick || arg == "--quick");
                continue;
            }
            string Value() => i + 1 < args.Length ? args[++i] : throw new CliException($"{arg} needs a value: {arg} {Values[arg]}.");
            switch (arg)
            {
                case "--outputs": options.OutputsFile = Value(); break;
                case "--lab": options.LabName = Value(); break;
                case "--samples": options.Samples = Value(); break;
                case "--modules": options.Modules = Value(); break;
                case "--report": options.Report = Value(); break;
                case "--timeout": options.Timeout = Seconds(arg, Value(), 0, MaxTimeoutSeconds); break;
                case "--poll": options.Poll = Seconds(arg, Value(), MinPollSeconds, MaxPollSeconds); break;
                case "--hours":
                    options.Hours = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours is >= 1 and <= 720
                        ? hours : throw new CliException("--hours must be a whole number from 1 to 720.");
                    break;
                case "--last":
                    options.Last = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last is >= 1 and <= 1000
                        ? last : throw new CliException("--last must be a whole number from 1 to 1000.");
                    break;
                case var _ when !command.TakesFiles:
                    throw new CliException($"{command.Usage} takes no file or other argument, but got '{arg}'.");
                default: options.Files.Add(arg); break;
            }
        }
        return options;
    }

    /// <summary>
    /// <paramref name="text"/> as seconds above <paramref name="min"/> (or equal, when min is above 0) and at most
    /// <paramref name="max"/>: NaN, infinities and huge numbers are refused here, before TimeSpan or Task.Delay would throw.
    /// </summary>
    private static TimeSpan Seconds(string option, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) && (min == 0 ? s > 0 : s >= min) && s <= max
            ? TimeSpan.FromSeconds(s)
            : throw new CliException($"{option} must be a number of seconds {(min == 0 ? "above 0" : $"from {min.ToString(CultureInfo.InvariantCulture)}")} " +
                $"and at most {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");

    /// <summary>The project folder: the nearest folder up from here with a cdk.json, else the current folder.</summary>
    private static string FindProjectFolder()
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
