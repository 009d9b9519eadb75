using LabStack.Cli.Verification;
using LabStack.Summary;

namespace LabStack.Cli.Commands;

/// <summary>
/// <c>lab verify [--modules LIST] [--report FILE]</c>: a smoke test per deployed module, each check named, timed and
/// priced; a module whose stack is not in the outputs is reported as not deployed. Prints a pass/fail table, and with
/// <c>--report</c> writes the JSON report a learner attaches to an issue (<see cref="VerifyReport"/>).
/// </summary>
public static class Verify
{
    /// <summary>Every module's key and stack suffix, in LabModules.All's order (the control panel's; a test compares).</summary>
    public static IReadOnlyList<(string Key, string Suffix)> AllModules { get; } =
        [.. LabContext.ModuleKeys.Select(k => (k, LabContext.StackSuffixes[k]))];

    /// <summary>Each module's checks (every module has some; a test compares the keys with the registry's).</summary>
    public static IReadOnlyDictionary<string, Func<VerifyContext, IEnumerable<Check>>> Modules { get; } = new Dictionary<string, Func<VerifyContext, IEnumerable<Check>>>
    {
        ["expiry"] = ExpiryChecks.Of,
        ["datalake"] = DataLakeChecks.Of,
        ["streaming"] = StreamingChecks.Of,
        ["emr"] = EmrChecks.Of,
        ["sagemaker"] = SageMakerChecks.Of,
        ["pipeline"] = PipelineChecks.Of,
        ["lex"] = LexChecks.Of,
        ["mlops"] = MlOpsChecks.Of,
        ["flink"] = FlinkChecks.Of,
        ["groundtruth"] = GroundTruthChecks.Of,
    };

    /// <summary>Runs the checks of the selected modules, prints them; 0 when none failed (exit codes: docs/lab-command.md).</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output, TextWriter progress)
    {
        var selected = Selected(options.Modules);
        var file = OutputsFile.Load(options.OutputsFile, options.LabName);
        var lab = Status.LabNameOf(file);
        var settings = LabContext.Read(options.ProjectFolder).LabSettings;
        using var clients = LabClients.Create(options.Timeout);
        var context = new VerifyContext(options, file, lab, clients, PriceTable.UsEast1, progress);
        var started = DateTime.UtcNow;
        var results = new List<CheckResult>();
        foreach (var module in selected)
        {
            results.AddRange(await ModuleAsync(context, module).ConfigureAwait(false));
        }
        Write(output, results);
        if (options.Report is string report)
        {
            VerifyReport.Write(report, VerifyReport.Of(context, settings, selected, results, started));
            output.WriteLine($"report: {report} (attach it to an issue when a check failed; it holds no credentials)");
        }
        return ExitCode(results, progress);
    }

    /// <summary>The modules <c>--modules</c> names (exactly those, no others), else every module; an unknown key is a one-line error.</summary>
    public static IReadOnlyList<string> Selected(string? list)
    {
        var all = AllModules.Select(m => m.Key).ToList();
        var keys = (list ?? "all").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (keys.Length == 0 || keys.Contains("all"))
        {
            return all;
        }
        var unknown = keys.FirstOrDefault(k => !all.Contains(k));
        return unknown is null
            ? all.Where(keys.Contains).ToList()
            : throw new CliException($"Unknown module '{unknown}' in --modules: use all or a comma-separated list of {string.Join(", ", all)}.");
    }

    private static async Task<List<CheckResult>> ModuleAsync(VerifyContext context, string module)
    {
        var suffix = AllModules.Single(m => m.Key == module).Suffix;
        if (!context.Outputs.Stacks($"-{suffix}").Contains($"{context.Lab}-{suffix}"))
        {
            return [new CheckResult(module, $"{module} module", Outcome.NotDeployed, $"no {context.Lab}-{suffix} stack in {context.Outputs.Path}: not deployed, nothing to check", 0, CheckPrice.Free)];
        }
        var results = new List<CheckResult>();
        foreach (var check in Modules[module](context))
        {
            context.Progress.WriteLine($"verify: {check.Module}: {check.Name}");
            results.Add(await check.RunAsync().ConfigureAwait(false));
        }
        return results;
    }

    /// <summary>The outcome's word in the table.</summary>
    public static string Word(Outcome outcome) => outcome switch
    {
        Outcome.Pass => "pass",
        Outcome.Fail => "FAIL",
        _ => "absent",
    };

    private static void Write(TextWriter output, List<CheckResult> results)
    {
        output.WriteLine($"{"RESULT",-9}  {"MODULE",-9}  {"CHECK",-52}  {"SECONDS",7}  {"PRICE",-8}  DETAIL");
        foreach (var r in results)
        {
            output.WriteLine($"{Word(r.Outcome),-9}  {r.Module,-9}  {r.Name,-52}  {r.Seconds,7:0.0}  {VerifyReport.Money(r.Price.Dollars),-8}  {r.Detail}" +
                (r.RequestId is string id ? $" (request id {id})" : ""));
        }
        var failed = results.Count(r => r.Outcome == Outcome.Fail);
        var checkedCount = results.Count(r => r.Outcome is Outcome.Pass or Outcome.Fail);
        var absent = results.Where(r => r.Outcome == Outcome.NotDeployed).Select(r => r.Module).ToList();
        var price = VerifyReport.Money(results.Sum(r => r.Price.Dollars));
        output.WriteLine((failed == 0 ? $"All {checkedCount} checks passed: the lab works" : $"{failed} of {checkedCount} checks failed") +
            $" ({price}{(absent.Count == 0 ? "" : $"; not deployed: {string.Join(", ", absent)}")}).");
    }

    /// <summary>
    /// 0 when nothing failed, else 1; a failure AWS refused for access is exit 3 and one line naming the action, one it kept
    /// throttling exit 4 (the table and the report are written first).
    /// </summary>
    private static int ExitCode(List<CheckResult> results, TextWriter error)
    {
        if (results.FirstOrDefault(r => r.ErrorCode is "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation") is { } denied)
        {
            error.WriteLine($"AccessDenied: your credentials may not call {denied.Action} ({denied.Module}: {denied.Name}): " +
                $"ask for {denied.Action} in your IAM policy (docs/lab-command.md lists what each command calls).");
            return Refusal.AccessDenied;
        }
        if (results.FirstOrDefault(r => r.ErrorCode is string code && Aws.SignedAwsClient.IsThrottling(code)) is { } throttled)
        {
            error.WriteLine($"Throttled: AWS kept refusing {throttled.Action} with {throttled.ErrorCode} after 5 tries: wait a minute and run the command again.");
            return Refusal.Throttled;
        }
        return results.Any(r => r.Outcome == Outcome.Fail) ? 1 : 0;
    }
}
