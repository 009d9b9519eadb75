using System.Globalization;
using System.Text.RegularExpressions;
using LabStack.DataLake;
using LabStack.Tests.SageMaker;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The pipeline's CheckDrift script (assets/mlops/pipeline/check_drift.py) runs offline with Debian's pandas against a
/// training split of the shipped customers (stratified 70 %, as Prepare splits them): it finds exactly the drift built
/// into the shipped batch, raises nothing for held-out customers drawn like the training data, reports a missing column,
/// an extra column and a text value in a numeric column, and refuses unusable input in one line. Its numeric distance
/// is compared with SciPy's two-sample Kolmogorov-Smirnov statistic. The shipped batch is what its generator makes.
/// </summary>
public sealed partial class DriftCheckTests
{
    private static readonly string SampleData = LabPaths.Asset("sample-data");
    private static readonly string BatchFile = Path.Combine(SampleData, "batch", "new-customers.csv");
    private static readonly Lazy<(JsonObject? Result, string Why)> Run = new(RunScenarios);

    /// <summary>The drift the generator builds into the batch, and the check that must find each.</summary>
    private static readonly (string Feature, string Check)[] BuiltInDrift =
    [
        ("monthly_charges", "baseline_drift_check"),
        ("total_charges", "baseline_drift_check"),
        ("support_calls", "completeness_check"),
        ("contract_type", "categorical_values_check"),
        ("region", "baseline_drift_check"),
    ];

    private static (JsonObject? Result, string Why) RunScenarios()
    {
        var work = Directory.CreateTempSubdirectory("lab-drift-").FullName;
        var script = """
            import json, os, subprocess, sys
            import pandas as pd
            from scipy.stats import ks_2samp
            from sklearn.model_selection import train_test_split
            assets, work = sys.argv[1], sys.argv[2]
            check = os.path.join(assets, "mlops", "pipeline", "check_drift.py")
            customers = pd.read_csv(os.path.join(assets, "sample-data", "customers", "customers.csv"), dtype=str, keep_default_na=False)
            train, rest = train_test_split(customers, test_size=0.3, stratify=customers["churned"], random_state=42)
            _, held_out = train_test_split(rest, test_size=0.5, stratify=rest["churned"], random_state=42)
            held_out = held_out.drop(columns=["churned"])
            def folder(name, frame=None, files=None):
                path = os.path.join(work, "in", name); os.makedirs(path)
                if frame is not None: frame.to_csv(os.path.join(path, name + ".csv"), index=False)
                for file, text in (files or {}).items(): open(os.path.join(path, file), "w").write(text)
                return path
            baseline = folder("baseline", train)
            # The same rows as pandas writes them when read without dtype=str: an integer column with gaps becomes 42.0.
            floats, _ = train_test_split(pd.read_csv(os.path.join(assets, "sample-data", "customers", "customers.csv")), test_size=0.3, stratify=customers["churned"], random_state=42)
            float_baseline = folder("float_baseline", floats)
            texted = held_out.copy(); texted.iloc[0, texted.columns.get_loc("tenure_months")] = "unknown"
            batches = {
                "shipped": os.path.join(assets, "sample-data", "batch"),
                "held_out": folder("held_out", held_out),
                "float_baseline": os.path.join(work, "in", "held_out"),
                "missing_column": folder("missing_column", held_out.drop(columns=["age"])),
                "extra_column": folder("extra_column", held_out.assign(promo_code="SPRING")),
                "text_in_numeric": folder("text_in_numeric", texted),
                "empty_batch": folder("empty_batch", files={"new.csv": ",".join(held_out.columns) + "\n"}),
                "no_csv": folder("no_csv", files={"README.txt": "nothing to score\n"}),
                "header_twice": folder("header_twice", files={"new.csv": "age,region,age\n40,north,41\n"}),
                "ragged_csv": folder("ragged_csv", files={"new.csv": ",".join(held_out.columns) + "\n" + ",".join(held_out.iloc[0]) + ",extra\n"}),
                "no_shared_columns": folder("no_shared_columns", pd.DataFrame({"colour": ["red"], "size": ["L"]})),
            }
            def scenario(name, batch):
                report, base = os.path.join(work, "out", name), float_baseline if name == "float_baseline" else baseline
                done = subprocess.run([sys.executable, check, "--baseline", base, "--batch", batch, "--output", report], capture_output=True, text=True)
                files = {}
                for root, _, names in os.walk(report):
                    for file in names:
                        path = os.path.join(root, file)
                        files[os.path.relpath(path, report)] = json.load(open(path))
                return {"exit": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "files": files}
            shipped = pd.read_csv(os.path.join(batches["shipped"], "new-customers.csv"))
            numbers = lambda column: pd.to_numeric(column, errors="coerce").dropna()
            ks = {c: float(ks_2samp(numbers(train[c]), numbers(shipped[c])).statistic) for c in ("monthly_charges", "total_charges")}
            print(json.dumps({"scenarios": {name: scenario(name, batch) for name, batch in batches.items()}, "scipy_ks": ks}))
            """;
        try
        {
            return NotebookPython.RunJson(script, work, TimeSpan.FromMinutes(3));
        }
        finally
        {
            Directory.Delete(work, recursive: true); // the reports are in the result
        }
    }

    private static JsonObject Result() => NotebookPython.Require(Run.Value);

    private static JsonObject Scenario(string name) => Result()["scenarios"]![name]!.AsObject();

    private static JsonObject Report(string scenario, string file)
    {
        var run = Scenario(scenario);
        Assert.True((int)run["exit"]! == 0, $"{scenario}: exit {run["exit"]}: {run["stderr"]}");
        return run["files"]![file]?.AsObject() ?? throw new InvalidOperationException($"{scenario} wrote no {file}");
    }

    private static List<JsonObject> Violations(string scenario) =>
        Report(scenario, "constraint_violations.json")["violations"]!.AsArray().Select(v => v!.AsObject()).ToList();

    private static (string Feature, string Check)[] Found(string scenario) =>
        Violations(scenario).Select(v => ((string)v["feature_name"]!, (string)v["constraint_check_type"]!)).ToArray();

    [SkippableFact]
    public void TheShippedBatchIsFlaggedExactlyOnTheDriftBuiltIntoIt()
    {
        // Exactly these: the undrifted columns (age, tenure, data usage, payment method, partner) raise nothing.
        Assert.Equal(BuiltInDrift.OrderBy(v => v).ToArray(), Found("shipped").OrderBy(v => v).ToArray());
        Assert.All(Violations("shipped"), v => Assert.Equal(["feature_name", "constraint_check_type", "description"], v.Select(p => p.Key)));
    }

    [SkippableFact]
    public void NumericDriftIsTheKolmogorovSmirnovStatisticOverTheComparisonThreshold()
    {
        var threshold = (double)Report("shipped", "baseline/constraints.json")["monitoring_config"]!["distribution_constraints"]!["comparison_threshold"]!;
        Assert.Equal(0.1, threshold);
        foreach (var column in new[] { "monthly_charges", "total_charges" })
        {
            var description = Description("shipped", column, "baseline_drift_check");
            var match = DriftDistance().Match(description);
            Assert.True(match.Success, description);
            var measured = double.Parse(match.Groups["distance"].Value, CultureInfo.InvariantCulture);
            Assert.Equal((double)Result()["scipy_ks"]![column]!, measured, 4);
            Assert.Equal(threshold, double.Parse(match.Groups["threshold"].Value, CultureInfo.InvariantCulture));
            Assert.True(measured > threshold, description);
        }
    }

    [SkippableFact]
    public void EachDescriptionNamesWhatItMeasuredAndTheThreshold()
    {
        Assert.Matches(@"LInfinity .*categorical_comparison_threshold", Description("shipped", "region", "baseline_drift_check"));
        var completeness = Description("shipped", "support_calls", "completeness_check");
        Assert.Contains("at least 1.0000", completeness);
        Assert.Contains("Observed completeness: 0.8480", completeness);
        var domain = Description("shipped", "contract_type", "categorical_values_check");
        Assert.Contains("three-year", domain);
        Assert.Contains("19 of 500", domain);
        Assert.Contains("domain_content_threshold 1.0", domain);
    }

    [SkippableFact]
    public void HeldOutCustomersDrawnLikeTheTrainingDataRaiseNoViolation()
    {
        Assert.Empty(Found("held_out"));
        Assert.StartsWith("0 violations: 750 batch rows against 3500 baseline rows", (string)Scenario("held_out")["stdout"]!);
    }

    [SkippableFact]
    public void ABaselineWrittenByPandasWithFloatsForIntegersChecksTheSame()
    {
        Assert.Empty(Found("float_baseline"));
        var age = Report("float_baseline", "baseline/constraints.json")["features"]!.AsArray().Single(f => (string)f!["name"]! == "age")!;
        Assert.Equal("Integral", (string)age["inferred_type"]!);
    }

    [SkippableTheory]
    [InlineData("missing_column", "age", "missing_column_check")]
    [InlineData("extra_column", "promo_code", "extra_column_check")]
    [InlineData("text_in_numeric", "tenure_months", "data_type_check")]
    public void ABrokenBatchGetsItsViolationAndNothingElse(string scenario, string feature, string check)
    {
        Assert.Equal([(feature, check)], Found(scenario));
        Assert.Equal(0, (int)Scenario(scenario)["exit"]!); // it reports; the pipeline goes on
    }

    [SkippableFact]
    public void ATextValueInANumericColumnIsNamedWithItsShare()
    {
        var description = Description("text_in_numeric", "tenure_months", "data_type_check");
        Assert.Contains("Expected data type: Integral", description);
        Assert.Contains("1 not, for example 'unknown'", description);
    }

    [SkippableTheory]
    [InlineData("empty_batch", "has no rows")]
    [InlineData("no_csv", "no CSV files under")]
    [InlineData("ragged_csv", "is not a readable CSV")]
    [InlineData("header_twice", "its header names age more than once")]
    [InlineData("no_shared_columns", "shares no column with the baseline")]
    public void UnusableInputStopsTheStepWithOneLine(string scenario, string reason)
    {
        var run = Scenario(scenario);
        Assert.NotEqual(0, (int)run["exit"]!);
        var line = Assert.Single(((string)run["stderr"]!).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("check_drift: ", line);
        Assert.Contains(reason, line);
        Assert.Empty(run["files"]!.AsObject());
    }

    [SkippableFact]
    public void TheReportFilesCarryModelMonitorsDocumentedKeys()
    {
        foreach (var file in new[] { "baseline/statistics.json", "statistics.json" })
        {
            Assert.Equal(["version", "dataset", "features"], Report("shipped", file).Select(p => p.Key));
        }
        Assert.Equal(["version", "features", "monitoring_config"], Report("shipped", "baseline/constraints.json").Select(p => p.Key));
        Assert.Equal(["violations"], Report("shipped", "constraint_violations.json").Select(p => p.Key));
        Assert.Equal(500, (int)Report("shipped", "statistics.json")["dataset"]!["item_count"]!);
        Assert.Equal(3500, (int)Report("shipped", "baseline/statistics.json")["dataset"]!["item_count"]!);
    }

    [SkippableFact]
    public void TheSuggestedConstraintsDescribeTheTrainingColumns()
    {
        var features = Report("shipped", "baseline/constraints.json")["features"]!.AsArray().ToDictionary(f => (string)f!["name"]!, f => f!.AsObject());
        // The identifier and the label are ignored by default; every other column of the shipped customers is described.
        var expected = CustomersSchema.Columns.Select(c => c.Name).Where(c => c is not ("customer_id" or "churned"));
        Assert.Equal(expected, features.Keys);
        Assert.Equal("Integral", (string)features["support_calls"]["inferred_type"]!);
        Assert.Equal("Fractional", (string)features["monthly_charges"]["inferred_type"]!);
        Assert.True((bool)features["monthly_charges"]["num_constraints"]!["is_non_negative"]!);
        Assert.Equal(["month-to-month", "one-year", "two-year"], features["contract_type"]["string_constraints"]!["domains"]!.AsArray().Select(d => (string)d!));
        Assert.InRange((double)features["age"]["completeness"]!, 0.9, 0.99);
        var kll = Report("shipped", "statistics.json")["features"]!.AsArray().Single(f => (string)f!["name"]! == "monthly_charges")!["numerical_statistics"]!["distribution"]!["kll"]!["buckets"]!.AsArray();
        Assert.Equal(10, kll.Count);
        Assert.Equal(500, kll.Sum(b => (int)b!["count"]!));
    }

    [Fact]
    public void TheCommittedBatchIsExactlyTheGeneratorsOutput()
    {
        var node = ProcessRunner.Run("node", ["generate-customers.mjs", "--batch", "--stdout"], SampleData, TimeSpan.FromMinutes(1));
        Assert.True(node.ExitCode == 0, node.Stderr);
        Assert.True(node.Stdout == File.ReadAllText(BatchFile),
            "batch/new-customers.csv differs from its generator: run `node generate-customers.mjs --batch` in assets/sample-data");
    }

    [Fact]
    public void TheBatchIsFiveHundredNewCustomersWithoutALabel()
    {
        var lines = File.ReadAllLines(BatchFile);
        Assert.Equal(CustomersSchema.Columns.Select(c => c.Name).Where(c => c != "churned"), lines[0].Split(','));
        var ids = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(500, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var shipped = File.ReadLines(Path.Combine(SampleData, "customers", "customers.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();
        Assert.DoesNotContain(ids, shipped.Contains);
    }

    private static string Description(string scenario, string feature, string check) =>
        (string)Violations(scenario).Single(v => (string)v["feature_name"]! == feature && (string)v["constraint_check_type"]! == check)["description"]!;

    [GeneratedRegex(@"Baseline drift distance: (?<distance>[0-9.]+) exceeds threshold: (?<threshold>[0-9.]+) \(Kolmogorov-Smirnov")]
    private static partial Regex DriftDistance();
}
