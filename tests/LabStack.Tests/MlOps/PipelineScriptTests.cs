using LabStack.MlOps;
using LabStack.Tests.SageMaker;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The pipeline's Prepare and Evaluate scripts run offline on the shipped customers (Debian's pandas, scikit-learn and
/// XGBoost 1.7, the release of the sagemaker-xgboost:1.7-1 container they run in), with the training step stood in by
/// XGBoost trained locally on Prepare's output with the pipeline's own hyperparameters.
/// </summary>
public sealed class PipelineScriptTests
{
    private static readonly Lazy<(JsonObject? Result, string Why)> Run = new(RunScripts);

    private static (JsonObject? Result, string Why) RunScripts()
    {
        var (python, why) = NotebookPython.Interpreter;
        if (python is null)
        {
            return (null, why);
        }
        var work = Directory.CreateTempSubdirectory("lab-mlops-").FullName;
        var hyperparameters = System.Text.Json.JsonSerializer.Serialize(ChurnPipelineDefinition.HyperParameters);
        var script = $$"""
            import json, os, subprocess, sys, tarfile
            import pandas as pd, xgboost as xgb
            assets, work = sys.argv[1], sys.argv[2]
            run = lambda name, *args: subprocess.run([sys.executable, os.path.join(assets, "mlops", "pipeline", name), *args], check=True, capture_output=True, text=True).stdout
            prepared = os.path.join(work, "prepared")
            run("prepare.py", "--input", os.path.join(assets, "sample-data", "customers"), "--output", prepared)
            split = {name: pd.read_csv(os.path.join(prepared, name, name + ".csv"), header=None) for name in ("train", "validation", "test")}
            scaled = lambda frame: frame.iloc[:, 1:7]  # the six numeric features, after the label
            train_means = scaled(split["train"]).mean().abs().max()
            train_stds = (scaled(split["train"]).std(ddof=0) - 1).abs().max()
            all_means = scaled(pd.concat(split.values())).mean().abs().max()
            # The built-in XGBoost reads these hyperparameters as text; train as the container would.
            hp = json.loads('{{hyperparameters}}')
            rounds, stop = int(hp.pop("num_round")), int(hp.pop("early_stopping_rounds"))
            params = dict(hp)  # as text, the way the container hands them to XGBoost
            dm = lambda f: xgb.DMatrix(f.iloc[:, 1:].values, label=f[0].values)
            booster = xgb.train(params, dm(split["train"]), rounds, evals=[(dm(split["validation"]), "validation")], early_stopping_rounds=stop, verbose_eval=False)
            model = os.path.join(work, "model"); os.makedirs(model)
            booster.save_model(os.path.join(work, "xgboost-model"))
            with tarfile.open(os.path.join(model, "model.tar.gz"), "w:gz") as tar: tar.add(os.path.join(work, "xgboost-model"), arcname="xgboost-model")
            run("evaluate.py", "--model", model, "--test", os.path.join(prepared, "test"), "--output", os.path.join(work, "evaluation"))
            report = json.load(open(os.path.join(work, "evaluation", "evaluation.json")))
            print(json.dumps({"rows": {k: len(v) for k, v in split.items()}, "churn": {k: float(v[0].mean()) for k, v in split.items()},
                "features": {k: v.shape[1] - 1 for k, v in split.items()}, "train_max_mean": train_means, "train_max_std_gap": train_stds,
                "all_max_mean": all_means, "baseline_columns": list(pd.read_csv(os.path.join(prepared, "baseline", "baseline.csv"), nrows=1).columns),
                "validation_auc": float(booster.best_score), "report": report, "left": sorted(os.listdir(os.path.join(work, "evaluation")))}))
            """;
        var file = Path.Combine(work, "run.py");
        File.WriteAllText(file, script);
        var result = ProcessRunner.Run(python, [file, LabPaths.Assets, work], work, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (JsonNode.Parse(result.Stdout)!.AsObject(), "ran");
    }

    private static JsonObject Result()
    {
        var (result, why) = Run.Value;
        Skip.If(result is null && !NotebookPython.Required, why);
        return result ?? throw new InvalidOperationException(why);
    }

    [SkippableFact]
    public void PrepareSplitsSeventyFifteenFifteenStratifiedWithTheSameFeatures()
    {
        var result = Result();
        var rows = result["rows"]!.AsObject().ToDictionary(r => r.Key, r => (int)r.Value!);
        Assert.Equal(5000, rows.Values.Sum());
        Assert.Equal((3500, 750, 750), (rows["train"], rows["validation"], rows["test"]));
        var churn = result["churn"]!.AsObject().Select(c => (double)c.Value!).ToList();
        Assert.True(churn.Max() - churn.Min() < 0.01, $"stratified: churn rates {string.Join(", ", churn)}");
        Assert.Single(result["features"]!.AsObject().Select(f => (int)f.Value!).Distinct());
        Assert.Equal("numeric__age", (string?)result["baseline_columns"]![0]);
    }

    [SkippableFact]
    public void TheScalerIsFittedOnTheTrainingSplitOnly()
    {
        var result = Result();
        // Standardized on the training split: mean 0 and deviation 1 there exactly, and not over all splits together.
        Assert.InRange((double)result["train_max_mean"]!, 0, 1e-9);
        Assert.InRange((double)result["train_max_std_gap"]!, 0, 1e-9);
        Assert.True((double)result["all_max_mean"]! > 1e-4, "the splits together are centred too: the scaler saw more than the training split");
    }

    [SkippableFact]
    public void EvaluateWritesTheTestAucAndTheDefaultThresholdIsReachableOnTheShippedData()
    {
        var result = Result();
        var metrics = result["report"]!["binary_classification_metrics"]!;
        var auc = (double)metrics["auc"]!["value"]!;
        Assert.InRange(auc, 0.5, 1.0);
        foreach (var name in new[] { "accuracy", "precision", "recall" })
        {
            Assert.InRange((double)metrics[name]!["value"]!, 0.0, 1.0);
        }
        var minAuc = MlOpsSettings.MinAucSetting.Default;
        Assert.True((double)result["validation_auc"]! >= minAuc, $"validation AUC {result["validation_auc"]} is below the default mlopsMinAuc {minAuc}: no run would register");
        Assert.Equal(["evaluation.json"], result["left"]!.AsArray().Select(f => (string)f!));
    }
}
