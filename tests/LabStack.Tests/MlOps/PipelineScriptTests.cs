using LabStack.MlOps;
using LabStack.Tests.SageMaker;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The pipeline's Prepare, Evaluate and Explain scripts run offline on the shipped customers and batch (Debian's pandas,
/// scikit-learn and XGBoost 1.7, the release of the sagemaker-xgboost:1.7-1 container they run in), with the training step
/// stood in by XGBoost trained locally on Prepare's output with the pipeline's own hyperparameters. Explain's bias
/// metrics are checked against a recomputation here, from the CSVs, by the formulas of AWS's metric pages.
/// </summary>
public sealed class PipelineScriptTests
{
    private static readonly Lazy<(JsonObject? Result, string Why)> Run = new(RunScripts);

    private static (JsonObject? Result, string Why) RunScripts()
    {
        var work = Directory.CreateTempSubdirectory("lab-mlops-").FullName;
        var hyperparameters = System.Text.Json.JsonSerializer.Serialize(ChurnPipelineDefinition.HyperParameters);
        // CheckDrift's command line as the job runs it, its folders mapped to Prepare's splits, the shipped batch and a report folder.
        var driftArguments = System.Text.Json.JsonSerializer.Serialize(ChurnPipelineDefinition.DriftArguments);
        var script = $$"""
            import json, os, shutil, subprocess, sys, tarfile
            import pandas as pd, xgboost as xgb
            assets, work = sys.argv[1], sys.argv[2]
            run = lambda name, *args: subprocess.run([sys.executable, os.path.join(assets, "mlops", "pipeline", name), *args], check=True, capture_output=True, text=True).stdout
            prepared = os.path.join(work, "prepared")
            run("prepare.py", "--input", os.path.join(assets, "sample-data", "customers"), "--batch", os.path.join(assets, "sample-data", "batch"), "--output", prepared)
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
            run("explain.py", "--splits", os.path.join(prepared, "splits"), "--model", model, "--output", os.path.join(work, "analysis"))
            analysis = json.load(open(os.path.join(work, "analysis", "analysis.json")))
            splits = os.path.join(prepared, "splits")
            train_raw, test_raw = pd.read_csv(os.path.join(splits, "train.csv")), pd.read_csv(os.path.join(splits, "test.csv"))
            test_features = pd.read_csv(os.path.join(splits, "test_features.csv"))
            local = pd.read_csv(os.path.join(work, "analysis", "explanations_shap", "out.csv"))
            best = int(booster.attr("best_iteration")) + 1
            margin = booster.predict(xgb.DMatrix(test_features.values), output_margin=True, iteration_range=(0, best))
            probability = booster.predict(xgb.DMatrix(test_features.values), iteration_range=(0, best))
            # An independent recomputation, from the CSVs, for facet d = region "east" against the rest (facet a).
            d_train = train_raw["region"] == "east"
            na, nd = int((~d_train).sum()), int(d_train.sum())
            qa, qd = train_raw.loc[~d_train, "churned"].mean(), train_raw.loc[d_train, "churned"].mean()
            d_test = test_raw["region"] == "east"
            predicted = probability >= 0.5
            share = lambda mask: float(predicted[mask.values].mean())
            expected = {"CI": (na - nd) / (na + nd), "DPL": qa - qd, "DPPL": share(~d_test) - share(d_test), "DI": share(d_test) / share(~d_test)}
            baseline = os.path.join(work, "baseline"); os.makedirs(baseline)
            shutil.copy(os.path.join(splits, "train.csv"), baseline)  # what the job downloads: the objects under splits/train.csv
            folders = {"/opt/ml/processing/baseline": baseline, "/opt/ml/processing/batch": os.path.join(assets, "sample-data", "batch"),
                "/opt/ml/processing/report": os.path.join(work, "drift")}
            run("check_drift.py", *[folders.get(a, a) for a in json.loads('{{driftArguments}}')])
            batch_raw = pd.read_csv(os.path.join(assets, "sample-data", "batch", "new-customers.csv"))
            batch = pd.read_csv(os.path.join(prepared, "batch", "batch.csv"), header=None)
            print(json.dumps({"rows": {k: len(v) for k, v in split.items()}, "churn": {k: float(v[0].mean()) for k, v in split.items()},
                "features": {k: v.shape[1] - 1 for k, v in split.items()}, "train_max_mean": train_means, "train_max_std_gap": train_stds,
                "all_max_mean": all_means, "feature_columns": list(test_features.columns), "model_features": booster.num_features(),
                "splits": {"train": len(train_raw), "test": len(test_raw), "test_features": len(test_features),
                    "train_has_label": "churned" in train_raw.columns},
                "batch": {"rows": len(batch), "columns": batch.shape[1], "raw_rows": len(batch_raw), "raw_has_label": "churned" in batch_raw.columns},
                "analysis": analysis, "expected": expected,
                "shap": {"rows": len(local), "columns": list(local.columns), "max_additivity_gap": float(abs(local.sum(axis=1).values + analysis["explanations"]["tree_shap"]["label0"]["expected_value"] - margin).max())},
                "left_analysis": sorted(os.listdir(os.path.join(work, "analysis"))), "drift_files": sorted(os.path.relpath(os.path.join(d, f), os.path.join(work, "drift")) for d, _, fs in os.walk(os.path.join(work, "drift")) for f in fs),
                "drift_violations": sorted(v["feature_name"] + " " + v["constraint_check_type"] for v in json.load(open(os.path.join(work, "drift", "constraint_violations.json")))["violations"]),
                "validation_auc": float(booster.best_score), "report": report, "left": sorted(os.listdir(os.path.join(work, "evaluation")))}))
            """;
        try
        {
            return NotebookPython.RunJson(script, work, TimeSpan.FromMinutes(3));
        }
        finally
        {
            Directory.Delete(work, recursive: true); // what the tests read is in the result
        }
    }

    private static JsonObject Result() => NotebookPython.Require(Run.Value);

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
        Assert.Equal("numeric__age", (string?)result["feature_columns"]![0]);
    }

    [SkippableFact]
    public void PrepareWritesTheRawSplitsAndTheTestFeaturesRowForRow()
    {
        var result = Result();
        var splits = result["splits"]!;
        Assert.Equal((3500, 750, 750), ((int)splits["train"]!, (int)splits["test"]!, (int)splits["test_features"]!));
        Assert.True((bool)splits["train_has_label"]!, "splits/train.csv keeps the label: the drift baseline and the bias metrics read it");
        Assert.Equal((int)result["features"]!["test"]!, result["feature_columns"]!.AsArray().Count);
    }

    [SkippableFact]
    public void TheBatchWithoutALabelIsTransformedIntoOneModelInputRowPerCustomer()
    {
        var result = Result();
        var batch = result["batch"]!;
        Assert.False((bool)batch["raw_has_label"]!, "the shipped batch has no churned column: Prepare must accept it");
        Assert.Equal((int)batch["raw_rows"]!, (int)batch["rows"]!);
        Assert.Equal((int)result["model_features"]!, (int)batch["columns"]!); // what the batch transform feeds the model
    }

    [SkippableFact]
    public void CheckDriftRunsWithTheJobsCommandLineOnPreparesSplitsAndTheShippedBatch()
    {
        // With the job's command line on Prepare's own splits/ (the baseline it reads) and the shipped batch, it writes Model
        // Monitor's four files and finds the drift built into the batch, and only that (DriftCheckTests tests the check itself).
        var result = Result();
        Assert.Equal(["baseline/constraints.json", "baseline/statistics.json", "constraint_violations.json", "statistics.json"],
            result["drift_files"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(
            [
                "contract_type categorical_values_check", "monthly_charges baseline_drift_check", "region baseline_drift_check",
                "support_calls completeness_check", "total_charges baseline_drift_check",
            ],
            result["drift_violations"]!.AsArray().Select(v => (string)v!));
    }

    [SkippableFact]
    public void ExplainsBiasMetricsMatchARecomputationFromTheCsvs()
    {
        var result = Result();
        var analysis = result["analysis"]!;
        double Metric(string report, string name) => (double)analysis[report]!["facets"]!["region"]!.AsArray()
            .Single(f => (string?)f!["value_or_threshold"] == "east")!["metrics"]!.AsArray().Single(m => (string?)m!["name"] == name)!["value"]!;
        var expected = result["expected"]!;
        foreach (var (report, name) in new[] { ("pre_training_bias_metrics", "CI"), ("pre_training_bias_metrics", "DPL"),
            ("post_training_bias_metrics", "DPPL"), ("post_training_bias_metrics", "DI") })
        {
            Assert.Equal((double)expected[name]!, Metric(report, name), 5);
        }
    }

    [SkippableFact]
    public void AnalysisJsonHasClarifysShapeForBothFacetsAndEveryMetric()
    {
        var analysis = Result()["analysis"]!;
        string[] pre = ["CI", "DPL", "KL", "JS", "LP", "TVD", "KS"], post = ["DPPL", "DI", "DCAcc", "DCR", "RD", "DAR", "DRR", "AD", "TE"];
        foreach (var (report, names) in new[] { ("pre_training_bias_metrics", pre), ("post_training_bias_metrics", post) })
        {
            var bias = analysis[report]!;
            Assert.Equal(("churned", "1"), ((string)bias["label"]!, (string)bias["label_value_or_threshold"]!));
            Assert.Equal(["region", "contract_type"], bias["facets"]!.AsObject().Select(f => f.Key));
            foreach (var facet in bias["facets"]!.AsObject())
            {
                Assert.True(facet.Value!.AsArray().Count >= 2, $"{facet.Key}: each value against the rest");
                foreach (var value in facet.Value.AsArray())
                {
                    Assert.False(string.IsNullOrEmpty((string?)value!["value_or_threshold"]));
                    var metrics = value["metrics"]!.AsArray();
                    Assert.Equal(names, metrics.Select(m => (string)m!["name"]!));
                    Assert.All(metrics, m => Assert.False(string.IsNullOrEmpty((string?)m!["description"])));
                    Assert.All(metrics, m => Assert.True(m!["value"] is not null || m["error"] is not null, m.ToJsonString()));
                }
            }
        }
        Assert.Contains("contract_type", analysis["explanations"]!["tree_shap"]!["label0"]!["global_shap_values_by_column"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["analysis.json", "explanations_shap"], Result()["left_analysis"]!.AsArray().Select(f => (string)f!));
    }

    [SkippableFact]
    public void ShapValuesAreLocalForEveryTestRowAndAddUpToTheModelsMargin()
    {
        var result = Result();
        var shap = result["shap"]!;
        Assert.Equal(750, (int)shap["rows"]!);
        Assert.Equal(result["feature_columns"]!.ToJsonString(), shap["columns"]!.ToJsonString());
        Assert.InRange((double)shap["max_additivity_gap"]!, 0, 1e-3); // float32 sums: contributions + expected value = margin
        var explanation = result["analysis"]!["explanations"]!["tree_shap"]!["label0"]!;
        var byFeature = explanation["global_shap_values"]!.AsObject().ToDictionary(f => f.Key, f => (double)f.Value!);
        var byColumn = explanation["global_shap_values_by_column"]!.AsObject().ToDictionary(f => f.Key, f => (double)f.Value!);
        Assert.Equal(20, byFeature.Count);
        Assert.Equal(10, byColumn.Count); // six numeric and four categorical columns
        Assert.Equal(byFeature["numeric__age"], byColumn["age"], 6); // a numeric column is its one feature
        Assert.True(byColumn.Values.Zip(byColumn.Values.Skip(1)).All(p => p.First >= p.Second), "sorted, largest first");
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
