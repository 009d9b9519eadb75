namespace LabStack.Tests.SageMaker;

/// <summary>
/// Notebooks 07 to 09's code on Debian's PyTorch 1.13 and scikit-learn 1.2: the script-mode scripts run as the framework
/// containers start them (tools/notebooks/run-script-mode.py: the notebook's own hyperparameters as arguments, the
/// channels in SM_* variables) on the splits notebook 01 wrote in this run; notebook 08's networks learn, and its
/// transfer learning trains only the new layer (an untrained ResNet-18 stands in for the download); the shipped corpus
/// and images are what their generators and the pipeline's samples say. The scripts keep to the PyTorch API 1.13 and
/// the containers' 2.x share: checked here by running on 1.13 and by refusing what 2.x changed or added.
/// </summary>
public sealed partial class NotebookRunTests
{
    private static readonly string Training = Path.Combine(Notebooks, "training");

    /// <summary>Runs ESTIMATOR's script from NOTEBOOK on notebook 01's splits; returns the runner's report and the model and output folders.</summary>
    private static (JsonNode Report, string Model, string Output) ScriptMode(string notebook, string estimator, params string[] overrides)
    {
        var run = RunOrSkip();
        var splits = Path.Combine(run.Lake, "curated", "churn-xgboost");
        var folder = Directory.CreateTempSubdirectory($"lab-{estimator.ToLowerInvariant()}-").FullName;
        var (model, output) = (Path.Combine(folder, "model"), Path.Combine(folder, "output"));
        var result = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [Path.Combine(LabPaths.Root, "tools", "notebooks", "run-script-mode.py"),
            Path.Combine(Notebooks, notebook), estimator, "--channel", $"train={Path.Combine(splits, "train")}", "--channel",
            $"validation={Path.Combine(splits, "validation")}", "--channel", $"features={splits}", "--model-dir", model, "--output-dir", output,
            .. overrides.SelectMany(o => new[] { "--set", o })], folder, TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var report = JsonNode.Parse(result.Stdout)!;
        Assert.True((int)report["exit"]! == 0, $"{report["stdout"]}\n{report["stderr"]}");
        return (report, model, output);
    }

    [SkippableFact]
    public void NotebookSevensAutogradMatchesItsHandWrittenGradientsAndSigmoidGradientsVanishAsItsTextSays()
    {
        var run = RunOrSkip();
        var stdout = (string)run.Report["ran"]!["07-neural-networks.ipynb"]!["stdout"]!;
        foreach (var weight in new[] { "W1", "b1", "W2", "b2" })
        {
            Assert.Contains($"{weight}: autograd equals the hand-written gradient: True", stdout);
        }
        Assert.Contains("No TensorFlow in this kernel: run this cell in conda_tensorflow2_p310", stdout);
        var measured = run.Report["values"]!["measured"]!;
        double First(string activation) => (double)measured[activation]!["first layer gradient"]!;
        // "the sigmoid's is orders of magnitude smaller than ReLU's": at least a hundred times.
        Assert.True(First("sigmoid") * 100 < First("relu"), $"sigmoid {First("sigmoid")}, relu {First("relu")}");
        Assert.True(First("sigmoid") * 100 < First("tanh"), $"sigmoid {First("sigmoid")}, tanh {First("tanh")}");
        Assert.All(measured["relu"]!["saturated per layer"]!.AsArray(), share => Assert.InRange((double)share!, 0.2, 0.8)); // ReLU: inactive units
        Assert.Matches(@"learning rate 0\.01 +validation loss 0\.3", stdout);
    }

    [SkippableFact]
    public void NotebookEightsCnnLearnsTheShapesAndItsTransferTrainsTheNewLayersWeightsOnly()
    {
        var stdout = (string)RunOrSkip().Report["ran"]!["08-cnn-transfer-rnn.ipynb"]!["stdout"]!;
        var cnn = System.Text.RegularExpressions.Regex.Match(stdout, @"^test accuracy (?<accuracy>[\d.]+); 2019 parameters$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(cnn.Success, stdout);
        Assert.InRange(double.Parse(cnn.Groups["accuracy"].Value, System.Globalization.CultureInfo.InvariantCulture), 0.9, 1);
        Assert.Contains("new last layer only (1539 trained weights)", stdout); // the number NB08.3's answer gives
        Assert.Contains("shapes.png, the small CNN: {'horizontal': ", stdout); // the pipeline's image through the CNN
        Assert.Matches(@"test accuracy 0\.9\d+ on 600 reviews", stdout); // the GRU
    }

    [SkippableFact]
    public void ThePyTorchScriptTrainsOnTheSplitsAsTheContainerRunsItAndItsModelRestores()
    {
        var (report, model, _) = ScriptMode("09-sklearn-and-blazingtext.ipynb", "PyTorch", "epochs=4");
        // The notebook's hyperparameter names are the script's arguments (argparse refuses others), epochs shortened here.
        Assert.Equal(["activation", "epochs", "hidden", "layers", "learning-rate"], report["hyperparameters"]!.AsObject().Select(h => h.Key).Order());
        // The metric definitions' regexes find one value per epoch in what the script prints.
        var auc = report["metrics"]!["validation:auc"]!.AsArray().Select(v => (double)v!).ToList();
        Assert.Equal(4, auc.Count);
        Assert.Equal(4, report["metrics"]!["validation:loss"]!.AsArray().Count);
        Assert.InRange(auc[^1], 0.75, 1);
        Assert.True(File.Exists(Path.Combine(model, "model.pth")));
        // What notebook 09 says to do in notebook 07's kernel: restore() rebuilds the network from the model folder and scores the test split.
        var check = $$"""
            import json, sys, numpy as np, torch
            sys.path.insert(0, sys.argv[1])
            from churn_mlp import restore
            network, info = restore(sys.argv[2])
            rows = np.loadtxt(sys.argv[3], delimiter=",", dtype=np.float32)
            with torch.no_grad():
                scores = torch.sigmoid(network(torch.from_numpy(rows[:, 1:]))).numpy().ravel()
            print(json.dumps({"torch": info["torch"], "rows": len(scores), "in_range": bool(((scores >= 0) & (scores <= 1)).all())}))
            """;
        var restored = JsonNode.Parse(RunWithTorch(check, Training, model, Path.Combine(RunOrSkip().Lake, "curated", "churn-xgboost", "test", "test.csv")))!;
        Assert.StartsWith("1.13", (string)restored["torch"]!);
        Assert.Equal(750, (int)restored["rows"]!);
        Assert.True((bool)restored["in_range"]!);
    }

    [SkippableFact]
    public void TheScikitLearnScriptReportsCrossValidationGiniImportancesAndTheEffectOfL1()
    {
        var (report, _, output) = ScriptMode("09-sklearn-and-blazingtext.ipynb", "SKLearn", "n-estimators=20", "folds=3");
        Assert.Equal(["C", "folds", "max-depth", "n-estimators"], report["hyperparameters"]!.AsObject().Select(h => h.Key).Order());
        Assert.Equal(5, report["metrics"]!["cv:auc"]!.AsArray().Count); // one line per model
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!;
        var models = result["models"]!.AsObject();
        Assert.Equal(["decision_tree", "linear_svm", "logistic_l1", "logistic_l2", "random_forest"], models.Select(m => m.Key).Order());
        Assert.All(models, m => Assert.Equal(3, m.Value!["cv_auc"]!.AsArray().Count));
        Assert.All(models, m => Assert.InRange((double)m.Value!["validation_auc"]!, 0.7, 1));
        // Gini impurity of the root by hand: 1 - p^2 - (1 - p)^2 with the training split's churn rate; the balanced tree sees 0.5.
        var churners = File.ReadLines(Path.Combine(RunOrSkip().Lake, "curated", "churn-xgboost", "train", "train.csv")).Count(l => l.StartsWith("1", StringComparison.Ordinal));
        var p = churners / 3500.0;
        Assert.Equal(1 - p * p - (1 - p) * (1 - p), (double)result["root_gini"]!, 6);
        Assert.Equal(0.5, (double)models["decision_tree"]!["root_impurity"]!, 4);
        var features = result["features"]!.AsArray().Select(f => (string)f!).ToList();
        foreach (var name in new[] { "decision_tree", "random_forest" })
        {
            var importances = models[name]!["importances"]!.AsArray().Select(v => (double)v!).ToList();
            Assert.Equal(features.Count, importances.Count);
            Assert.InRange(importances.Sum(), 0.99, 1.01);
        }
        // The notebook's question 4: L1 zeroes some coefficients at C=0.1, L2 none.
        Assert.InRange((int)models["logistic_l1"]!["zero_coefficients"]!, 1, features.Count - 1);
        Assert.Equal(0, (int)models["logistic_l2"]!["zero_coefficients"]!);
    }

    [SkippableFact]
    public void NotebookEightsNetworksLearnAndTransferLearningTrainsOnlyTheNewLayer()
    {
        RunOrSkip();
        var check = """
            import json, sys, torch, torchvision
            sys.path.insert(0, sys.argv[1])
            import lab_nets
            x, y = lab_nets.draw_shapes(300, seed=1)
            tx, ty = lab_nets.draw_shapes(100, seed=2)
            again, _ = lab_nets.draw_shapes(300, seed=1)
            cnn = lab_nets.SmallCNN()
            lab_nets.fit(cnn, x, y, epochs=4)
            # The download is the only network call: an untrained ResNet-18 stands in for the pretrained one.
            weights_api = hasattr(torchvision.models, "ResNet18_Weights") and hasattr(torchvision.models.ResNet18_Weights, "DEFAULT")
            resnet = torchvision.models.resnet18(weights=None)
            before = {n: p.detach().clone() for n, p in resnet.named_parameters()}
            trainable = lab_nets.freeze_for_transfer(resnet)
            lab_nets.fit(resnet, lab_nets.as_rgb(x[:64]), y[:64], epochs=1, parameters=trainable)
            changed = sorted({n.split(".")[0] for n, p in resnet.named_parameters() if n not in before or not torch.equal(p, before[n])})
            reviews = lab_nets.read_reviews(sys.argv[2])
            classes = sorted({label for _, label in reviews})
            texts, labels = [t for t, _ in reviews], torch.tensor([classes.index(l) for _, l in reviews])
            vocabulary = lab_nets.Vocabulary(texts[:2400])
            gru = lab_nets.ReviewGRU(len(vocabulary.ids) + 2, len(classes))
            lab_nets.fit(gru, vocabulary.encode(texts[:2400]), labels[:2400], epochs=2)
            print(json.dumps({"seeded": bool(torch.equal(x, again)), "classes": sorted(set(y.tolist())),
                              "cnn_test": lab_nets.evaluate(cnn, tx, ty), "filters": list(cnn.conv1.weight.shape),
                              "maps": list(cnn.feature_maps(tx[:1]).shape), "weights_api": weights_api, "changed": changed,
                              "trainable": sum(p.numel() for p in trainable), "gru_test": lab_nets.evaluate(gru, vocabulary.encode(texts[2400:]), labels[2400:])}))
            """;
        var result = JsonNode.Parse(RunWithTorch(check, Notebooks, Path.Combine(Notebooks, "data", "reviews.csv")))!;
        Assert.True((bool)result["seeded"]!, "the image set is the same at every draw");
        Assert.Equal([0, 1, 2], result["classes"]!.AsArray().Select(c => (int)c!));
        Assert.InRange((double)result["cnn_test"]!, 0.9, 1);
        Assert.Equal([8, 1, 3, 3], result["filters"]!.AsArray().Select(c => (int)c!));
        Assert.Equal([1, 8, 16, 16], result["maps"]!.AsArray().Select(c => (int)c!));
        Assert.True((bool)result["weights_api"]!, "notebook 08 asks torchvision for ResNet18_Weights.DEFAULT (0.13+)");
        Assert.Equal(["fc"], result["changed"]!.AsArray().Select(c => (string)c!)); // frozen: only the new last layer moved
        Assert.Equal(512 * 3 + 3, (int)result["trainable"]!);
        Assert.InRange((double)result["gru_test"]!, 0.85, 1);
        Assert.Contains("lab_nets.freeze_for_transfer(pretrained)", File.ReadAllText(Path.Combine(Notebooks, "08-cnn-transfer-rnn.ipynb")));
    }

    [SkippableFact]
    public void TheReviewCorpusIsWhatItsSeededGeneratorWritesAndTheImagesAreThePipelines()
    {
        RunOrSkip();
        var data = Path.Combine(Notebooks, "data");
        var generated = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [Path.Combine(data, "generate_reviews.py"), "--stdout"], data, TimeSpan.FromMinutes(1));
        Assert.True(generated.ExitCode == 0, generated.Stderr);
        var committed = File.ReadAllText(Path.Combine(data, "reviews.csv"));
        Assert.True(generated.Stdout == committed, "reviews.csv differs from `python3 generate_reviews.py --stdout`");
        var lines = committed.TrimEnd('\n').Split('\n');
        Assert.Equal("review_id,label,text", lines[0]);
        Assert.Equal(3000, lines.Length - 1);
        var labels = lines.Skip(1).Select(l => l.Split(',')[1]).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["negative", "neutral", "positive"], labels.Keys.Order());
        Assert.All(labels.Values, count => Assert.InRange(count, 500, 1500));
        foreach (var image in new[] { "shapes.png", "street-sign.png" })
        {
            Assert.Equal(File.ReadAllBytes(LabPaths.Asset("pipeline-samples", image)), File.ReadAllBytes(Path.Combine(Notebooks, "pipeline-images", image)));
        }
    }

    [SkippableFact]
    public void TheTorchCodeKeepsToTheApiOneThirteenAndTwoShare()
    {
        RunOrSkip();
        // Ran on 1.13 above; here what 2.x added (torch.compile, torch.func, torch.export) or changed (torch.load's
        // weights_only default, True since 2.6) is refused, and no device is named (the jobs run on CPU types).
        var check = """
            import ast, json, sys
            sys.path.insert(0, sys.argv[1])
            from notebook_cells import code_cells
            problems = []
            for path in sys.argv[2:]:
                for index, source, _ in code_cells(path):
                    for node in ast.walk(ast.parse(source)):
                        where = f"{path.rsplit('/', 1)[-1]} cell {index} line {getattr(node, 'lineno', '?')}"
                        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "torch" and node.attr in ("compile", "func", "export", "cuda"):
                            problems.append(f"{where}: torch.{node.attr}")
                        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "load" and getattr(node.func.value, "id", "") == "torch":
                            if not any(k.arg == "weights_only" and getattr(k.value, "value", None) is True for k in node.keywords):
                                problems.append(f"{where}: torch.load without weights_only=True")
                        if isinstance(node, ast.Constant) and node.value in ("cuda", "mps"):
                            problems.append(f"{where}: names the {node.value} device")
            print(json.dumps(problems))
            """;
        var files = new[] { Path.Combine(Training, "churn_mlp.py"), Path.Combine(Notebooks, "lab_nets.py"),
            Path.Combine(Notebooks, "07-neural-networks.ipynb"), Path.Combine(Notebooks, "08-cnn-transfer-rnn.ipynb") };
        var problems = JsonNode.Parse(RunWithTorch(check, [Path.Combine(LabPaths.Root, "tools", "notebooks"), .. files]))!.AsArray().Select(p => (string)p!).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains("torch.load(os.path.join(model_dir, \"model.pth\"), weights_only=True)", File.ReadAllText(files[0]));
    }

    /// <summary>Runs a Python <paramref name="script"/> on the interpreter that has Debian's PyTorch, writing no bytecode next to the lab's files.</summary>
    private static string RunWithTorch(string script, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("lab-torch-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "check.py"), script);
            var result = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [Path.Combine(folder, "check.py"), .. args], folder, TimeSpan.FromMinutes(3),
                new Dictionary<string, string?> { ["PYTHONDONTWRITEBYTECODE"] = "1" });
            Assert.True(result.ExitCode == 0, result.Stderr);
            return result.Stdout.Trim().Split('\n')[^1];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
