using System.Text.Json.Nodes;
using Amazon.CDK.CXAPI;

namespace LabStack.Summary;

/// <summary>One synthesized stack as the summary shows it.</summary>
public sealed record StackReport(string StackName, JsonObject Template, IReadOnlyDictionary<string, int> ResourceCounts,
    IReadOnlyList<(string Name, string Description)> Outputs, IReadOnlyList<string> Warnings)
{
    /// <summary>Reads a template file of the cloud assembly, with the warnings the stack's constructs annotated.</summary>
    public static StackReport From(string stackName, string templatePath, IReadOnlyList<string>? warnings = null)
    {
        var template = JsonNode.Parse(File.ReadAllText(templatePath))!.AsObject();
        var counts = (template["Resources"]?.AsObject() ?? [])
            .GroupBy(r => (string)r.Value!["Type"]!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var outputs = (template["Outputs"]?.AsObject() ?? [])
            .Where(o => !o.Key.StartsWith("ExportsOutput", StringComparison.Ordinal)) // the CDK's cross-stack references
            .Select(o => (o.Key, (string?)o.Value!["Description"] ?? ""))
            .ToList();
        return new StackReport(stackName, template, counts, outputs, warnings ?? []);
    }
}

/// <summary>Prints what <c>cdk deploy</c> would create: each stack, its resources by type, and its outputs.</summary>
public static class SynthSummary
{
    /// <summary>Reports for every stack of the assembly.</summary>
    public static IReadOnlyList<StackReport> Read(CloudAssembly assembly) =>
        assembly.Stacks.Select(s => StackReport.From(s.StackName, s.TemplateFullPath, s.Messages
            .Where(m => m.Level == SynthesisMessageLevel.WARNING)
            .Select(m => $"{m.Id}: {m.Entry.Data}")
            .ToList())).ToList();

    /// <summary>
    /// Writes the summary of a lab synthesized with <paramref name="settings"/>; <paramref name="moduleOf"/> names the
    /// module of a stack; <paramref name="today"/> (default: the UTC date) dates the facts table's warnings.
    /// </summary>
    public static void Write(TextWriter output, string assemblyDirectory, IReadOnlyList<StackReport> stacks,
        Func<string, string> moduleOf, LabSettings settings, DateOnly? today = null)
    {
        var labName = settings.LabName;
        output.WriteLine($"Synthesized {stacks.Count} stack(s) into {Path.GetRelativePath(Directory.GetCurrentDirectory(), assemblyDirectory)}");
        output.WriteLine($"Lab '{labName}': stack names start with it. Changing labName on a deployed lab deploys a second lab beside this one, " +
            $"and this one keeps billing: destroy it first (npx cdk destroy --all -c labName={labName}).");
        WriteSafetySettings(output, settings);
        foreach (var stack in stacks)
        {
            output.WriteLine();
            output.WriteLine($"{stack.StackName}: {stack.ResourceCounts.Values.Sum()} resources");
            foreach (var (type, count) in stack.ResourceCounts)
            {
                output.WriteLine($"  {count,3} x {type}");
            }
            if (stack.Outputs.Count > 0)
            {
                output.WriteLine("  outputs:");
                foreach (var (name, description) in stack.Outputs)
                {
                    output.WriteLine($"    {name} - {description}");
                }
            }
        }
        var prices = PriceTable.UsEast1;
        int? maxUploadsPerDay = settings.Modules.Contains(LabModules.AiPipeline) ? settings.Of<AiPipeline.AiPipelineSettings>().MaxUploadsPerDay : null;
        WriteCosts(output, stacks.Select(s => CostModel.Estimate(moduleOf(s.StackName), s.Template, prices)).ToList(), prices,
            settings.Of<Expiry.ExpirySettings>().ExpireAfterHours, maxUploadsPerDay);

        var warnings = stacks.SelectMany(s => s.Warnings).ToList();
        if (warnings.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Warnings (cdk synth prints these too):");
            foreach (var warning in warnings)
            {
                output.WriteLine($"  {warning}");
            }
        }
        var versions = ServiceFacts.Warnings(today ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToList();
        if (versions.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Versions AWS supports for a short while more, or no longer (src/LabStack/Facts/ServiceFacts.cs):");
            foreach (var warning in versions)
            {
                output.WriteLine($"  {warning}");
            }
        }
    }

    /// <summary>
    /// The settings that decide what a learner can lose or pay, stated on every run whatever their value: a choice given
    /// with <c>-c</c> holds for that run only, and the next deploy without it quietly undoes it (retainData, expiry), so
    /// the learner sees what is in force each time, and where lasting choices go.
    /// </summary>
    public static void WriteSafetySettings(TextWriter output, LabSettings settings)
    {
        var lake = settings.Of<DataLake.DataLakeSettings>();
        var hours = settings.Of<Expiry.ExpirySettings>().ExpireAfterHours;
        output.WriteLine("Safety settings in force (a -c value holds for one run only: keep lasting choices in cdk.context.json):");
        output.WriteLine(lake.RetainData
            ? "  retainData=true: the lake bucket and its objects are kept when the lab is deleted (its Glue tables, Athena query results and the notebook's files are not)"
            : "  retainData=false: the lake and everything in it are deleted with the lab (npx cdk destroy or expiry)");
        output.WriteLine(hours > 0
            ? $"  expireAfterHours={hours}: the lab deletes itself {hours} h after the last deploy that changed a lab stack (lab extend [--hours N] restarts the clock; a deploy that changes nothing does not)"
            : "  expireAfterHours=0: expiry is off: the lab bills until you destroy it");
        var alerts = Guardrails.LabBudget.Thresholds.Select(t => $"{t.Percent}% {(t.Type == "ACTUAL" ? "spent" : "forecast")}");
        output.WriteLine($"  budgetUsd={lake.BudgetUsd}: a monthly AWS Budget of ${lake.BudgetUsd} for the account, alerting at {string.Join(", ", alerts)}");
        output.WriteLine(lake.AlertEmail.Length > 0
            ? $"  alertEmail={lake.AlertEmail}: the budget's alerts are emailed there"
            : "  alertEmail is empty: nobody is emailed when spend passes the budget");
    }

    /// <summary>Days of a month a forgotten lab bills.</summary>
    public const int ForgottenDays = 30;

    /// <summary>
    /// The cost table: per module, the first idle day, a month forgotten (cut short when the lab expires after
    /// <paramref name="expireAfterHours"/>; 0: never), one practice hour and every exercise once, with totals; with the pipeline, the worst day's AI
    /// cost at its cap of <paramref name="maxUploadsPerDay"/> analyzed uploads.
    /// </summary>
    public static void WriteCosts(TextWriter output, IReadOnlyList<ModuleCost> modules, PriceTable prices, int expireAfterHours = 0, int? maxUploadsPerDay = null)
    {
        var billedHours = ForgottenHoursBilled(prices, expireAfterHours);
        // The first column is as wide as the longest priced item (indented two), so every figure stays in its column.
        var width = Math.Max(56, modules.SelectMany(m => m.Lines).Select(l => l.Item.Length + 4).DefaultIfEmpty(0).Max());
        void Row(string name, string idle, string month, string practice, string exercises) =>
            output.WriteLine($"  {name.PadRight(width)}{idle,20}{month,20}{practice,16}{exercises,22}");
        output.WriteLine();
        output.WriteLine($"Estimated cost ({prices.Region} on-demand prices read {prices.ReadDates}, in {prices.Currency}; assets/prices, each with its source):");
        Row("module / priced item", "forgotten, per day", $"forgotten {ForgottenDays} days", "practice hour", EveryExerciseColumn);
        foreach (var module in modules)
        {
            Row(module.Module, Money(module.IdlePerDay), Money(module.ForgottenHours(billedHours)), Money(module.PracticeHour),
                Money(module.EveryExercise));
            foreach (var line in module.Lines)
            {
                if (line.Unpriced is null)
                {
                    var month = new ModuleCost(module.Module, [line]).ForgottenHours(billedHours);
                    Row("  " + line.Item, Money(line.IdlePerDay), Money(month), Money(line.PracticeHour), Money(line.EveryExercise));
                }
                else
                {
                    Row("  " + line.Item, "n/a", "n/a", "n/a", "n/a");
                }
            }
        }
        var totalMonth = modules.Sum(m => m.ForgottenHours(billedHours));
        var unpriced = modules.SelectMany(m => m.Lines).Count(l => l.Unpriced is not null);
        Row(unpriced == 0 ? "total" : $"total: INCOMPLETE, {unpriced} item(s) unpriced, so more than this",
            Money(modules.Sum(m => m.IdlePerDay)), Money(totalMonth), Money(modules.Sum(m => m.PracticeHour)), Money(modules.Sum(m => m.EveryExercise)));
        output.WriteLine(expireAfterHours > 0
            ? $"  forgotten: the lab deletes itself {expireAfterHours} h after the last deploy, so a forgotten month costs {Money(totalMonth)} " +
              $"(without expiry: {Money(modules.Sum(m => m.Forgotten(ForgottenDays)))}); lab extend to extend (a deploy that changes no stack does not), -c expireAfterHours=0 to keep it"
            : $"  forgotten: expiry is off (expireAfterHours=0): the lab bills until you destroy it");
        output.WriteLine("  practice hour: what the price file's hour of practice uses, plus the idle tails a session leaves: " +
            "EMR runs on until its idle timeout ends it and the notebook until its idle stop");
        output.WriteLine($"  {EveryExerciseColumn}: what the exercises in docs/exercises use, each once in its own sitting, with the hours the " +
            "stream and the notebook run during it and the idle tails (the price file's exercises; each exercise states its own): " +
            string.Join(", ", prices.ExerciseUsages.Select(e => $"{e.Name} {Money(modules.Sum(m => m.Exercise(e.Name)))}")) +
            "; what the lab bills while it stands between sittings is the forgotten columns' rate");
        output.WriteLine(VerifyLine(prices));
        if (maxUploadsPerDay is int cap)
        {
            var worst = CostModel.WorstUploadCost(prices);
            output.WriteLine($"  pipeline, worst day: at most {cap} uploads are analyzed a day (maxUploadsPerDay), so AI calls cost at most " +
                $"{Money(cap * worst)} a day ({Money(worst)} an upload, each a {AiPipeline.TextFileReading.ByteLimit:N0}-byte text translated, analyzed " +
                $"and spoken); an audio upload costs ${prices.Rate("transcribeMinute").ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} a minute of speech to transcribe, then its text's analysis; " +
                $"a video upload {Money(prices.Rate("rekognitionVideoMinute"))} a minute of video, at most {AiPipeline.UploadKinds.VideoMaxSeconds} seconds, " +
                $"so a day of videos at the cap (and yesterday's still running) costs at most {Money(CostModel.WorstDayVideoCost(prices, cap))}");
        }
        foreach (var line in modules.SelectMany(m => m.Lines).Where(l => l.Unpriced is not null))
        {
            output.WriteLine($"  not in the total: {line.Item} ({line.Unpriced}; add it to assets/prices)");
        }
    }

    /// <summary>
    /// The hours of a forgotten month the lab stays deployed: all 30 days without expiry; with it, the clock's hours plus
    /// the deploy before the clock starts (the first stacks bill while the last deploys) and the deletion's own run
    /// (durations in the price file). Each line then bills up to its own end (EMR terminates, the notebook stops).
    /// </summary>
    public static double ForgottenHoursBilled(PriceTable prices, int expireAfterHours) => expireAfterHours > 0
        ? Math.Min(ForgottenDays * 24, expireAfterHours + (prices.Duration("labDeployMinutes") + prices.Duration("expiryDeletionMinutes")) / 60)
        : ForgottenDays * 24;

    /// <summary>What a full <c>lab verify</c> costs, below the columns; a table without a rate it needs says so instead of a number.</summary>
    private static string VerifyLine(PriceTable prices)
    {
        try
        {
            var (verify, runJobs) = CostModel.VerifyCost(prices);
            return $"  lab verify: a full run (every module's check, docs/lab-command.md) costs about {Money(verify)}, not in the columns; " +
                $"with --run-jobs (the crawler and the Glue job run once) about {Money(verify + runJobs)}";
        }
        catch (KeyNotFoundException missing)
        {
            return $"  lab verify: not priced ({missing.Message})";
        }
    }

    /// <summary>The cost table's column of what doing every exercise once costs.</summary>
    public const string EveryExerciseColumn = "every exercise once";

    /// <summary>Dollars to the cent; amounts under a cent but above zero read "&lt; $0.01".</summary>
    public static string Money(double amount) => amount switch
    {
        0 => "$0.00",
        < 0.005 => "< $0.01",
        _ => amount.ToString("$0.00", System.Globalization.CultureInfo.InvariantCulture),
    };
}
