using System.Globalization;

namespace LabStack.Tests.SageMaker;

/// <summary>
/// Notebooks 01, 02, 07 and 08 run for real on the shipped customers CSV and the lab's own images and reviews
/// (tools/notebooks/run-offline.py): S3 is a local folder, and notebook 02's training job is XGBoost 1.7 trained locally
/// with the notebook's own hyperparameters; 07 and 08 train their networks on Debian's PyTorch 1.13 (07's Keras and
/// Gluon cells find no TensorFlow or MXNet and say where they run; 08's weight download and Rekognition calls are stood
/// in). Every other notebook's cells are compiled by the same Python. Needs <see cref="NotebookPython"/>.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed partial class NotebookRunTests
{
    private static readonly string Notebooks = LabPaths.Asset("sagemaker", "notebooks");
    private static readonly Lazy<OfflineRun> Run = new(RunNotebooks);

    /// <summary>What one offline run of notebooks 01 and 02 left: the runner's report, the lake folder and the working folder.</summary>
    private sealed record OfflineRun(JsonObject Report, string Lake, string Work);

    private static OfflineRun RunNotebooks()
    {
        var (python, _) = NotebookPython.Interpreter;
        var root = Directory.CreateTempSubdirectory("lab-notebooks-").FullName;
        var (lake, work) = (Path.Combine(root, "lake"), Path.Combine(root, "work"));
        Directory.CreateDirectory(Path.Combine(lake, "raw", "customers"));
        Directory.CreateDirectory(work);
        File.Copy(LabPaths.Asset("sample-data", "customers", "customers.csv"), Path.Combine(lake, "raw", "customers", "customers.csv"));
        var result = ProcessRunner.Run(python!, [Path.Combine(LabPaths.Root, "tools", "notebooks", "run-offline.py"), "--lake", lake, "--work", work,
            "--compile", .. Directory.GetFiles(Notebooks).Where(f => !Ran(f)).Order(),
            "--report", "correlation", "components_for_95", "metrics", "trees", "best_iteration", "measured", "--",
            .. RanNotebooks.Select(n => Path.Combine(Notebooks, n))], work, TimeSpan.FromMinutes(5),
            new Dictionary<string, string?> { ["MPLBACKEND"] = "Agg" }); // 08 plots: to no screen
        var report = JsonNode.Parse(result.Stdout)?.AsObject() ?? throw new InvalidOperationException($"no report: {result.Stderr}");
        return new OfflineRun(report, lake, work);
    }

    /// <summary>The notebooks that run for real, in order (07 needs no stand-in: it trains on the notebook, offline by nature).</summary>
    private static readonly string[] RanNotebooks =
        ["01-explore-and-prepare.ipynb", "02-train-and-evaluate-xgboost.ipynb", "07-neural-networks.ipynb", "08-cnn-transfer-rnn.ipynb"];

    private static bool Ran(string file) => RanNotebooks.Contains(Path.GetFileName(file));

    private static OfflineRun RunOrSkip()
    {
        var (python, why) = NotebookPython.Interpreter;
        if (python is null)
        {
            Assert.False(NotebookPython.Required, $"LAB_REQUIRE_PYTHON=1, but {why}");
            Skip.If(true, why);
        }
        return Run.Value;
    }

    private static double[][] Rows(string file) =>
        File.ReadAllLines(file).Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    [SkippableFact]
    public void NotebooksOneTwoSevenAndEightRunWithOnlyTheJobDownloadAndServiceCallsStoodIn()
    {
        var run = RunOrSkip();
        var ran = run.Report["ran"]!.AsObject();
        foreach (var (notebook, result) in ran)
        {
            Assert.True(result!["error"] is null, $"{notebook}: {result["error"]}\n{result["stdout"]}");
        }
        Assert.Equal(RanNotebooks, ran.Select(r => r.Key));
        Assert.Empty(ran["01-explore-and-prepare.ipynb"]!["stood_in"]!.AsArray());
        Assert.Empty(ran["07-neural-networks.ipynb"]!["stood_in"]!.AsArray());
        Assert.Equal(["cell 6: resnet-untrained", "cell 9: rekognition-labels"],
            ran["08-cnn-transfer-rnn.ipynb"]!["stood_in"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["cell 1: sagemaker-session", "cell 4: train-xgboost"],
            ran["02-train-and-evaluate-xgboost.ipynb"]!["stood_in"]!.AsArray().Select(s => (string)s!));
    }

    [SkippableFact]
    public void EveryOtherNotebookCellCompiles()
    {
        var run = RunOrSkip();
        var expected = Directory.GetFiles(Notebooks).Where(f => !Ran(f))
            .Sum(f => f.EndsWith(".py", StringComparison.Ordinal) ? 1
                : JsonNode.Parse(File.ReadAllText(f))!["cells"]!.AsArray().Count(c => (string?)c!["cell_type"] == "code"));
        Assert.Equal(expected, (int)run.Report["compiled"]!);
    }

    [SkippableFact]
    public void SplitsAreStratifiedAndScaledWithTheTrainingSplitOnly()
    {
        var run = RunOrSkip();
        var curated = Path.Combine(run.Lake, "curated", "churn-xgboost");
        var splits = new[] { "train", "validation", "test" }.ToDictionary(s => s, s => Rows(Path.Combine(curated, s, $"{s}.csv")));
        Assert.Equal([3500, 750, 750], splits.Values.Select(rows => rows.Length));
        var churnRate = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Skip(1).Average(line => line.EndsWith(",1", StringComparison.Ordinal) ? 1.0 : 0.0);
        Assert.All(splits.Values, rows => Assert.InRange(rows.Average(r => r[0]), churnRate - 0.002, churnRate + 0.002));
        Assert.All(splits.Values.SelectMany(rows => rows), row => Assert.DoesNotContain(row, double.IsNaN));

        var features = JsonNode.Parse(File.ReadAllText(Path.Combine(curated, "features.json")))!;
        var columns = features["columns"]!.AsArray().Select(c => (string)c!).ToList();
        var numeric = features["numeric"]!.AsArray().Select(c => columns.IndexOf((string)c!) + 1).ToList(); // +1: the label comes first
        Assert.Equal(6, numeric.Count(i => i > 0));
        foreach (var column in numeric)
        {
            var train = splits["train"].Select(r => r[column]).ToArray();
            var mean = train.Average();
            Assert.InRange(mean, -1e-9, 1e-9); // standardized with the training split's own mean...
            Assert.InRange(Math.Sqrt(train.Average(v => (v - mean) * (v - mean))), 1 - 1e-9, 1 + 1e-9); // ...and deviation
        }
        // Fitted on all rows, the held-out splits would be centred too; fitted on train, they are off by sampling noise.
        Assert.Contains(numeric, column => Math.Abs(splits["test"].Average(r => r[column])) > 0.01);
    }

    [SkippableFact]
    public void NotebookOneTextMatchesTheCorrelationsInTheData()
    {
        var run = RunOrSkip();
        var correlation = run.Report["values"]!["correlation"]!.AsObject();
        double R(string a, string b) => (double)correlation[a]![b]!;
        Assert.InRange(R("tenure_months", "total_charges"), 0.8, 0.86);
        Assert.InRange(R("monthly_charges", "total_charges"), 0.4, 0.5);
        var others = correlation.SelectMany(a => a.Value!.AsObject().Where(b => b.Key != a.Key).Select(b => (a.Key, b.Key, R(a.Key, b.Key))))
            .Where(p => p.Item1 != "total_charges" && p.Item2 != "total_charges");
        Assert.All(others, p => Assert.True(Math.Abs(p.Item3) < 0.15, $"{p.Item1} ~ {p.Item2}: r = {p.Item3}"));
        var text = File.ReadAllText(Path.Combine(Notebooks, "01-explore-and-prepare.ipynb"));
        Assert.Contains("r about 0.84", text);
        Assert.Contains("|r| under 0.15", text);
        var components = (int)run.Report["values"]!["components_for_95"]!;
        Assert.Equal(5, components);
        // Notebook 04's built-in PCA keeps the number of components notebook 01 found, as its text says.
        Assert.Contains($"PCA(num_components={components},", File.ReadAllText(Path.Combine(Notebooks, "04-built-in-algorithms.ipynb")));
    }

    [SkippableFact]
    public void NotebookTwoPrintsAccuracyAndPredictsWithTheBestIteration()
    {
        var run = RunOrSkip();
        var values = run.Report["values"]!;
        var metrics = values["metrics"]!;
        Assert.True((double)metrics["accuracy"]! < (double)metrics["always_stays_accuracy"]!, "the weighted model trades accuracy for recall, as the questions say");
        Assert.InRange((double)metrics["roc_auc"]!, 0.75, 1);
        Assert.InRange((double)metrics["recall"]!, 0.5, 1);
        Assert.Equal(int.Parse((string)values["best_iteration"]!, CultureInfo.InvariantCulture) + 1, (int)values["trees"]!);
        var stdout = (string)run.Report["ran"]!["02-train-and-evaluate-xgboost.ipynb"]!["stdout"]!;
        Assert.Contains("accuracy    0.", stdout);
        Assert.Matches(@"predicting with (\d+) of (?!\1\b)\d+ trees", stdout);
        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Work, "xgboost-metrics.json")))!.AsObject();
        Assert.Superset(new HashSet<string> { "precision", "recall", "accuracy", "roc_auc" }, saved.Select(m => m.Key).ToHashSet()); // notebook 04 reads these
    }

    [SkippableFact]
    public void IdleStopDeletesOnlyTheNotebooksEndpointsThenStopsEvenWhenADeleteFails()
    {
        RunOrSkip();
        // autostop.py's main() with Jupyter idle for two hours, the instance metadata in a file, and the AWS CLI replaced
        // by a recorder: one endpoint fails to delete, two are not the notebooks' (another prefix, the stack's own).
        var script = """
            import json, subprocess, sys, tempfile
            source = open(sys.argv[1]).read().replace('if __name__ == "__main__":', "if False:")
            ns = {}
            exec(source, ns)
            metadata = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
            json.dump({"ResourceName": "lab-notebook", "ResourceArn": "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/lab-notebook"}, metadata)
            metadata.close()
            calls = []
            def aws(*args):
                calls.append(list(args))
                if args[1] == "describe-notebook-instance": return "InService"
                if args[1] == "list-endpoints": return "mllab--nb-ab-1\tmllab-nb-sentiment\tmllab-nbx-other\tmllab-sentiment\tmllab--nb-serverless-2"
                if args[-1] == "mllab--nb-ab-1": raise subprocess.CalledProcessError(1, "aws", stderr="ValidationException")
                return ""
            ns.update(aws=aws, METADATA=metadata.name,
                      jupyter=lambda path: [] if path in ("/api/kernels", "/api/terminals") else {"started": "2020-01-01T00:00:00Z"})
            sys.argv = ["lab-autostop.py", "3600", "mllab--nb"]
            ns["main"]()
            print(json.dumps(calls))
            """;
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-autostop-").FullName, "check.py");
        File.WriteAllText(file, script);
        var result = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [file, LabPaths.Asset("sagemaker", "autostop.py")], Path.GetDirectoryName(file)!, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var calls = JsonNode.Parse(result.Stdout.Trim().Split('\n')[^1])!.AsArray().Select(c => string.Join(' ', c!.AsArray().Select(a => (string)a!))).ToList();
        Assert.Equal(
        [
            "sagemaker describe-notebook-instance --region eu-west-1 --notebook-instance-name lab-notebook --query NotebookInstanceStatus --output text",
            "sagemaker list-endpoints --region eu-west-1 --name-contains mllab--nb --query Endpoints[?EndpointStatus!='Deleting'].EndpointName --output text",
            "sagemaker delete-endpoint --region eu-west-1 --endpoint-name mllab--nb-ab-1",
            "sagemaker delete-endpoint --region eu-west-1 --endpoint-name mllab--nb-serverless-2",
            "sagemaker stop-notebook-instance --region eu-west-1 --notebook-instance-name lab-notebook",
        ], calls);
        Assert.Contains("cannot delete endpoint mllab--nb-ab-1", result.Stdout);
    }

    [SkippableFact]
    public void TheIdleCheckStopsAnIdleJupyterServerAndNotOneInUse()
    {
        RunOrSkip();
        // autostop.py against a real Jupyter server (Debian's jupyter_server 1.23; the instances run 2.x), as on the instance:
        // HTTPS on localhost, no token; only the AWS CLI is a recorder. It relies on a kernel's own last_activity, which
        // both versions move only with the kernel's messages; /api/status's last_activity moves with every API poll.
        var work = Directory.CreateTempSubdirectory("lab-jupyter-").FullName;
        try
        {
            var run = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [Path.Combine(LabPaths.Root, "tools", "notebooks", "jupyter-idle.py"),
                LabPaths.Asset("sagemaker", "autostop.py"), work], work, TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
            var result = JsonNode.Parse(run.Stdout.Trim().Split('\n')[^1])!;
            Assert.True((bool)result["status_moves_with_polls"]!, "the server's global clock moves with polling: the check must not read it");
            Assert.True((bool)result["idle_server_stops"]!, "a server with no kernel, idle past the limit while a tab polls, is stopped");
            Assert.False((bool)result["just_ran_a_cell_stops"]!, "a cell ran a moment ago");
            Assert.True((bool)result["cell_ran_before_the_limit_stops"]!, "the last cell ran before the limit; polls since do not count");
            Assert.False((bool)result["busy_kernel_stops"]!, "a kernel busy for longer than the limit");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [SkippableFact]
    public void EveryBoto3CallInTheNotebooksFitsTheApiModels()
    {
        RunOrSkip();
        // The calls as CPython's parser finds them (tools/notebooks/boto3-calls.py), checked by the API-model validator.
        var files = Directory.GetFiles(Notebooks).Order().ToArray();
        var listed = ProcessRunner.Run(NotebookPython.Interpreter.Path!, [Path.Combine(LabPaths.Root, "tools", "notebooks", "boto3-calls.py"), .. files],
            LabPaths.Root, TimeSpan.FromMinutes(1));
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var callsFile = Path.Combine(Directory.CreateTempSubdirectory("lab-boto3-calls-").FullName, "calls.json");
        File.WriteAllText(callsFile, listed.Stdout);
        var script = $$"""
            const { readFileSync } = await import('node:fs');
            const { checkClientCalls } = await import('{{NodeTools.SdkModelCheck}}');
            const calls = JSON.parse(readFileSync(process.argv[1], 'utf8'));
            process.stdout.write(JSON.stringify(checkClientCalls(calls).map((f) => `${f.rule}: ${f.message}`)));
            """;
        var findings = JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script, callsFile))!.AsArray().Select(f => (string)f!).ToList();
        Assert.True(findings.Count == 0, string.Join("\n", findings));

        var calls = JsonNode.Parse(listed.Stdout)!.AsArray().Select(c => $"{(string)c!["service"]!} {(string)c["command"]!}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "sagemakerruntime InvokeEndpointCommand", "comprehend DetectDominantLanguageCommand", "comprehend DetectSentimentCommand",
            "translate TranslateTextCommand", "sagemaker UpdateEndpointWeightsAndCapacitiesCommand", "sagemaker DeleteEndpointCommand",
            "sagemaker DeleteEndpointConfigCommand", "sagemaker ListEndpointsCommand", "sagemaker ListEndpointConfigsCommand",
            "sagemaker ListModelsCommand", "sagemaker DeleteModelCommand", "logs DescribeLogGroupsCommand", "logs DeleteLogGroupCommand",
            "s3 GetObjectCommand", "s3 PutObjectCommand", "rekognition DetectLabelsCommand",
        }, calls);
    }

    [SkippableFact]
    public void TheCleanUpCellDeletesOnlyWhatIsNamedWithThePrefix()
    {
        RunOrSkip();
        // lab_cleanup.clean_up() with boto3 replaced by recording clients that list the lab's and other names.
        var script = """
            import json, sys, types
            calls = []
            listed = {
                "list_endpoints": {"Endpoints": [{"EndpointName": "mllab--nb-ab-1"}, {"EndpointName": "mllab-sentiment"}, {"EndpointName": "mllab-nbx-1"}, {"EndpointName": "mllab-nb-sentiment"}]},
                "list_endpoint_configs": {"EndpointConfigs": [{"EndpointConfigName": "mllab--nb-ab-1"}]},
                "list_models": {"Models": [{"ModelName": "mllab--nb-tuned-1"}, {"ModelName": "someone-else"}]},
                "describe_log_groups": {"logGroups": [{"logGroupName": "/aws/sagemaker/Endpoints/mllab--nb-ab-1"}]},
            }
            class Paginator:
                def __init__(self, name): self.name = name
                def paginate(self, **kwargs):
                    calls.append([self.name, kwargs])
                    return [listed[self.name]]
            class Client:
                def get_paginator(self, name): return Paginator(name)
                def __getattr__(self, name):
                    return lambda **kwargs: calls.append([name, kwargs])
            sys.modules["boto3"] = types.SimpleNamespace(client=lambda service, region_name=None: Client())
            with open("lab_config.json", "w") as f:
                json.dump({"name_prefix": "mllab--nb", "region": "eu-west-1"}, f)
            from lab_cleanup import clean_up
            deleted = clean_up()
            print(json.dumps({"calls": calls, "deleted": deleted}))
            """;
        var folder = Directory.CreateTempSubdirectory("lab-cleanup-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "check.py"), script);
            File.Copy(Path.Combine(Notebooks, "lab_cleanup.py"), Path.Combine(folder, "lab_cleanup.py")); // no __pycache__ among the notebooks
            var result = ProcessRunner.Run(NotebookPython.Interpreter.Path!, ["check.py"], folder, TimeSpan.FromMinutes(1));
            Assert.True(result.ExitCode == 0, result.Stderr);
            var output = JsonNode.Parse(result.Stdout.Trim().Split('\n')[^1])!;
            Assert.Equal(["endpoint mllab--nb-ab-1", "endpoint config mllab--nb-ab-1", "model mllab--nb-tuned-1", "log group /aws/sagemaker/Endpoints/mllab--nb-ab-1"],
                output["deleted"]!.AsArray().Select(d => (string)d!));
            var deletes = output["calls"]!.AsArray().Select(c => $"{(string)c![0]!} {c[1]!.ToJsonString()}").Where(c => c.StartsWith("delete_", StringComparison.Ordinal));
            Assert.Equal(
            [
                """delete_endpoint {"EndpointName":"mllab--nb-ab-1"}""",
                """delete_endpoint_config {"EndpointConfigName":"mllab--nb-ab-1"}""",
                """delete_model {"ModelName":"mllab--nb-tuned-1"}""",
                """delete_log_group {"logGroupName":"/aws/sagemaker/Endpoints/mllab--nb-ab-1"}""",
            ], deletes);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
