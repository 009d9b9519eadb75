using System.Text;
using Amazon.CDK.Assertions;
using LabStack.SageMaker;

namespace LabStack.Tests.SageMaker;

public sealed class SageMakerTests(LabFixture lab) : StackTests<SageMakerStack>(lab)
{
    private string MappingId() =>
        TemplateJson["Mappings"]!.AsObject().Single(m => m.Key.StartsWith("EndpointHuggingFaceRegistries", StringComparison.Ordinal)).Key;

    [Fact]
    public void NotebookIsSmallWithoutRootAndHasItsLifecycleConfig()
    {
        var lifecycleId = TemplateJson.Id("AWS::SageMaker::NotebookInstanceLifecycleConfig");
        Template.HasResourceProperties("AWS::SageMaker::NotebookInstance", Json($$"""
            {
              "InstanceType": "ml.t3.medium",
              "RootAccess": "Disabled",
              "DirectInternetAccess": "Enabled",
              "LifecycleConfigName": { "Fn::GetAtt": [ "{{lifecycleId}}", "NotebookInstanceLifecycleConfigName" ] }
            }
            """));
        var notebook = Template.FindResources("AWS::SageMaker::NotebookInstance").Values.Single();
        Assert.False(PropertiesOf(notebook).ContainsKey("NotebookInstanceName"), "no hard-coded physical name");
    }

    [Fact]
    public void NotebookSettingsTakeEffect()
    {
        var customized = Lab.Customized.Template<SageMakerStack>();
        customized.HasResourceProperties("AWS::SageMaker::NotebookInstance", Json("""{ "InstanceType": "ml.m5.xlarge", "RootAccess": "Enabled" }"""));
        Assert.Contains("lab-autostop.py 1800 ", OnStartScript.Of(Lab.Customized.TemplateJson<SageMakerStack>()));
    }

    [Fact]
    public void OnStartCopiesTheNotebooksAndInstallsTheIdleStopWithinSageMakersLimits()
    {
        var script = OnStartScript.Of(TemplateJson);
        Assert.Contains($"\"$AWS_CLI\" s3 cp \"{new string('x', 63)}\" \"$STAGE.zip\"", script); // the notebooks asset's S3 URL
        var lifecycle = TemplateJson.Resource("AWS::SageMaker::NotebookInstanceLifecycleConfig");
        Assert.Contains("cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}", lifecycle.ToJsonString());
        Assert.Contains("unzip -q \"$STAGE.zip\" -d \"$STAGE\"", script);
        Assert.Contains("ExecStart=/usr/bin/python3 /usr/local/bin/lab-autostop.py 3600 mllab--nb\n", script);
        Assert.Contains("\nsystemctl enable --now lab-autostop.timer\n", script);
        Assert.Contains(File.ReadAllText(LabPaths.Asset("sagemaker", "autostop.py")).ReplaceLineEndings("\n").TrimEnd('\n'), script);
        // The notebooks' SDK v2, pinned in the kernel's environment without holding up the start.
        Assert.Contains("cat > /home/ec2-user/lab-requirements.txt <<'REQUIREMENTS'\nsagemaker>=2.200,<3\nboto3\nxgboost>=1.7,<1.8\nREQUIREMENTS\n", script);
        Assert.Contains("nohup sudo -u ec2-user -i bash -c 'source activate python3 && pip install --quiet -r /home/ec2-user/lab-requirements.txt'", script);
        Assert.DoesNotContain("__", script.Replace("__main__", "").Replace("__name__", ""));
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(script)).Length;
        Assert.True(encoded <= LabNotebook.LifecycleScriptLimit, $"the base64 script is {encoded} characters; SageMaker accepts {LabNotebook.LifecycleScriptLimit}");
    }

    [Fact]
    public void TheNotebookRunsOnAmazonLinux2023WithoutCron()
    {
        Template.HasResourceProperties("AWS::SageMaker::NotebookInstance", Json("""{ "PlatformIdentifier": "notebook-al2023-v1" }"""));
        var script = OnStartScript.Of(TemplateJson);
        // cron is a deprecated package on AL2023, not installed by default: the idle check is a systemd timer.
        Assert.DoesNotContain("cron", script.Replace("Not cron: cron is a deprecated package", ""), StringComparison.OrdinalIgnoreCase);
        // A lifecycle script starts with PATH=/sbin:/bin:/usr/sbin:/usr/bin; the CLI is found once, with /usr/local/bin too.
        var lines = script.Split('\n');
        var path = Array.FindIndex(lines, l => l.StartsWith("export PATH=", StringComparison.Ordinal));
        Assert.True(path >= 0 && path < Array.FindIndex(lines, l => l.Contains(" s3 cp ", StringComparison.Ordinal)), "PATH is set before the first AWS CLI call");
        Assert.Contains("/usr/local/bin", lines[path]);
        Assert.Contains("AWS_CLI=$(command -v aws)", script);
        Assert.Contains("Environment=LAB_AWS_CLI=$AWS_CLI", script);
        Assert.Contains("os.environ.get(\"LAB_AWS_CLI\", \"aws\")", File.ReadAllText(LabPaths.Asset("sagemaker", "autostop.py")));
    }

    [Fact]
    public void EveryNotebookRunsOnTheKernelTheStartScriptPrepares()
    {
        // notebook-al2023-v1's conda_python3 (Python 3.10) is the conda environment "python3" that on-start.sh pins the SDK in:
        // every notebook on the SageMaker SDK runs there. Notebooks 07 and 08 train on the notebook itself, on the kernel
        // that has PyTorch (conda_pytorch_p310), and call no SDK.
        var kernels = new Dictionary<string, string>();
        foreach (var notebook in Directory.GetFiles(LabPaths.Asset("sagemaker", "notebooks"), "*.ipynb"))
        {
            var document = JsonNode.Parse(File.ReadAllText(notebook))!;
            var kernel = document["metadata"]!["kernelspec"]!;
            Assert.Equal("python", (string?)kernel["language"]);
            kernels[Path.GetFileName(notebook)[..2]] = (string)kernel["name"]!;
            if (document.ToJsonString().Contains("import sagemaker", StringComparison.Ordinal))
            {
                Assert.Equal("conda_python3", (string)kernel["name"]!);
            }
        }
        Assert.Equal(["07", "08"], kernels.Where(k => k.Value == "conda_pytorch_p310").Select(k => k.Key).Order());
        Assert.All(kernels.Where(k => k.Key is not ("07" or "08")), k => Assert.Equal("conda_python3", k.Value));
        Assert.Contains("source activate python3 && pip install", OnStartScript.Of(TemplateJson));
    }

    [Fact]
    public void EveryNotebookImportIsInstalledByTheStartOrDocumentedInTheKernel()
    {
        // conda_python3's documented packages (https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-add-external.html:
        // "scikit, Pandas, NumPy"), conda_pytorch_p310's PyTorch, torchvision and matplotlib for the notebooks that name that
        // kernel (and the modules only they import), Python's standard library, the notebooks' own modules and folders
        // (training/ holds the script-mode scripts), and requirements.txt. An import inside `try: ... except ImportError`
        // is optional (07's Keras and Gluon cells say where they run instead).
        var script = """
            import ast, glob, json, os, re, sys
            sys.path.insert(0, sys.argv[1])
            from notebook_cells import code_cells
            folder, manifest = sys.argv[2], sys.argv[3]
            kernels = {"conda_python3": {"numpy", "pandas", "sklearn"}}
            kernels["conda_pytorch_p310"] = kernels["conda_python3"] | {"torch", "torchvision", "matplotlib"}
            own = {os.path.splitext(os.path.basename(f))[0] for f in glob.glob(os.path.join(folder, "*.py"))}
            own |= {name for name in os.listdir(folder) if os.path.isdir(os.path.join(folder, name))}
            installed = {re.split(r"[<>=!~ ]", line.strip())[0] for line in open(manifest) if line.strip() and not line.startswith("#")}

            def imports(source):
                tree = ast.parse(source)
                optional = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try)
                            and any(getattr(h.type, "id", "") in ("ImportError", "ModuleNotFoundError") for h in t.handlers)
                            for statement in t.body for n in ast.walk(statement)}
                for node in ast.walk(tree):
                    if id(node) in optional:
                        continue
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
                    yield from (name.split(".")[0] for name in names)

            notebooks = sorted(glob.glob(os.path.join(folder, "*.ipynb")))
            kernel_of = {path: json.load(open(path))["metadata"]["kernelspec"]["name"] for path in notebooks}
            imported_by = {}
            for path in notebooks:
                for _, source, _ in code_cells(path):
                    for top in imports(source):
                        imported_by.setdefault(top, set()).add(kernel_of[path])
            missing, unknown = set(), sorted({k for k in kernel_of.values() if k not in kernels})
            for path in notebooks + sorted(glob.glob(os.path.join(folder, "*.py"))):
                module = os.path.splitext(os.path.basename(path))[0]
                runs_in = {kernel_of[path]} if path in kernel_of else imported_by.get(module, {"conda_python3"})
                documented = set.intersection(*(kernels.get(k, set()) for k in runs_in))
                for _, source, _ in code_cells(path):
                    for top in imports(source):
                        if top not in sys.stdlib_module_names and top not in documented | own | installed:
                            missing.add(f"{os.path.basename(path)}: {top}")
            print(json.dumps({"missing": sorted(missing), "installed": sorted(installed), "unknown_kernels": unknown,
                              "kernels": sorted(set(kernel_of.values()))}))
            """;
        var result = JsonNode.Parse(NodeTools.RunPython(script, Path.Combine(LabPaths.Root, "tools", "notebooks"),
            LabPaths.Asset("sagemaker", "notebooks"), LabPaths.Asset("sagemaker", "requirements.txt")))!;
        Assert.Empty(result["missing"]!.AsArray());
        Assert.Empty(result["unknown_kernels"]!.AsArray());
        Assert.Equal(["conda_python3", "conda_pytorch_p310"], result["kernels"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["boto3", "sagemaker", "xgboost"], result["installed"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void TheIdleCheckUnitsAreValidSystemdUnitsThatRunEveryFiveMinutes()
    {
        // The two unit files as on-start.sh writes them (the service's heredoc expands $AWS_CLI), checked by systemd itself.
        var script = OnStartScript.Of(TemplateJson);
        var folder = Directory.CreateTempSubdirectory("lab-units-").FullName;
        try
        {
            var units = System.Text.RegularExpressions.Regex.Matches(script, @"cat > /etc/systemd/system/(?<name>[\w.-]+) <<'?UNIT'?\n(?<body>.*?)\nUNIT\n",
                System.Text.RegularExpressions.RegexOptions.Singleline)
                .Select(m => (Name: m.Groups["name"].Value, Body: m.Groups["body"].Value.Replace("$AWS_CLI", "/usr/bin/aws"))).ToList();
            Assert.Equal(["lab-autostop.service", "lab-autostop.timer"], units.Select(u => u.Name));
            foreach (var (name, body) in units)
            {
                File.WriteAllText(Path.Combine(folder, name), body + "\n");
            }
            var verify = ProcessRunner.Run("systemd-analyze", ["verify", "--man=no", .. units.Select(u => Path.Combine(folder, u.Name))], folder, TimeSpan.FromMinutes(1));
            Assert.True(verify.ExitCode == 0 && verify.Stderr.Trim().Length == 0, $"systemd-analyze verify: exit {verify.ExitCode}\n{verify.Stderr}");
            var timer = units.Single(u => u.Name.EndsWith(".timer", StringComparison.Ordinal)).Body;
            Assert.Contains("OnCalendar=*:0/5\n", timer);
            Assert.Contains("WantedBy=timers.target", timer);
            var service = units.Single(u => u.Name.EndsWith(".service", StringComparison.Ordinal)).Body;
            Assert.Contains("Type=oneshot", service);
            Assert.Contains("StandardOutput=append:/var/log/lab-autostop.log", service);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ARedeployReplacesTheNotebooksALearnerLeftAloneAndKeepsTheOnesTheyChanged()
    {
        // Section 1 of the on-start script, run by bash on temporary folders, the S3 download replaced by a local zip.
        var root = Directory.CreateTempSubdirectory("lab-on-start-").FullName;
        var (labDir, stage, release) = (Path.Combine(root, "lab-notebooks"), Path.Combine(root, "stage"), Path.Combine(root, "release.zip"));
        var lines = File.ReadAllLines(LabPaths.Asset("sagemaker", "on-start.sh"));
        var section = lines.SkipWhile(l => !l.StartsWith("# 1.", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("cat > ", StringComparison.Ordinal))
            .Select(l => l.StartsWith("STAGE=", StringComparison.Ordinal) ? $"STAGE='{stage}'"
                : l.StartsWith("\"$AWS_CLI\" s3 cp", StringComparison.Ordinal) ? $"cp '{release}' \"$STAGE.zip\"" : l);
        var script = Path.Combine(root, "section1.sh");
        File.WriteAllText(script, $"set -euo pipefail\nLAB_DIR='{labDir}'\n" + string.Join("\n", section) + "\n");
        void Start(params (string Name, string Text)[] files)
        {
            File.Delete(release);
            using (var zip = System.IO.Compression.ZipFile.Open(release, System.IO.Compression.ZipArchiveMode.Create))
            {
                foreach (var (name, text) in files)
                {
                    using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                    writer.Write(text);
                }
            }
            var run = ProcessRunner.Run("bash", [script], root, TimeSpan.FromMinutes(1));
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        string Read(string name) => File.ReadAllText(Path.Combine(labDir, name));

        try
        {
            // The notebooks' folders come too (notebook 09's training/ scripts, 08's data/ and pipeline-images/).
            Start(("01-a.ipynb", "a1"), ("02-b.ipynb", "b1"), ("training/train.py", "t1"));
            Assert.Equal(("a1", "b1", "t1"), (Read("01-a.ipynb"), Read("02-b.ipynb"), Read("training/train.py")));
            File.WriteAllText(Path.Combine(labDir, "01-a.ipynb"), "a1 with my notes");
            File.WriteAllText(Path.Combine(labDir, "training", "train.py"), "t1 with my change");
            Start(("01-a.ipynb", "a2"), ("02-b.ipynb", "b2"), ("03-c.ipynb", "c2"), ("training/train.py", "t2"), ("data/d.csv", "d2"));
            Assert.Equal("a1 with my notes", Read("01-a.ipynb")); // changed by the learner: kept...
            Assert.Equal("a2", Read("01-a.new.ipynb"));            // ...and the new version beside it
            Assert.Equal("b2", Read("02-b.ipynb"));                // untouched: replaced
            Assert.Equal("c2", Read("03-c.ipynb"));                // new: added
            Assert.Equal(("t1 with my change", "t2"), (Read("training/train.py"), Read("training/train.new.py"))); // the same in a folder
            Assert.Equal("d2", Read("data/d.csv"));                // a new folder
            Assert.False(File.Exists(Path.Combine(labDir, "02-b.new.ipynb")));
            Start(("01-a.ipynb", "a2"), ("02-b.ipynb", "b2"), ("03-c.ipynb", "c2"), ("training/train.py", "t2"), ("data/d.csv", "d2")); // a restart with no new version changes nothing
            Assert.Equal(("a1 with my notes", "a2", "b2"), (Read("01-a.ipynb"), Read("01-a.new.ipynb"), Read("02-b.ipynb")));
            Assert.Equal(("t1 with my change", "t2"), (Read("training/train.py"), Read("training/train.new.py")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AutoStopLogicChecksBusyKernelsAndLastActivityAndStopsOnlyAnInServiceInstance()
    {
        var autostop = File.ReadAllText(LabPaths.Asset("sagemaker", "autostop.py"));
        Assert.Contains("/api/kernels", autostop);
        Assert.Contains("execution_state\") == \"busy\"", autostop);
        Assert.Contains("/api/status", autostop);
        Assert.Contains("last_activity", autostop);
        Assert.Contains("\"describe-notebook-instance\"", autostop);
        Assert.Contains("\"stop-notebook-instance\"", autostop);
        Assert.Contains("if status == \"InService\":", autostop);
        // A forgotten endpoint of the notebooks' is deleted before the instance stops; only names with the prefix.
        Assert.Contains("\"list-endpoints\", \"--region\", region, \"--name-contains\", prefix", autostop);
        Assert.Contains("if n.startswith(prefix + \"-\")", autostop);
        Assert.Contains("\"delete-endpoint\"", autostop);
    }

    [Fact]
    public void NotebookMayStopOnlyItself()
    {
        var notebookId = TemplateJson.Id("AWS::SageMaker::NotebookInstance");
        Template.HasResourceProperties("AWS::IAM::Policy", Json($$"""
            { "PolicyDocument": { "Statement": [ { "Action": [ "sagemaker:DescribeNotebookInstance", "sagemaker:StopNotebookInstance" ], "Effect": "Allow", "Resource": { "Ref": "{{notebookId}}" } } ] } }
            """));
        var notebook = Template.FindResources("AWS::SageMaker::NotebookInstance").Values.Single();
        var dependsOn = ((object[])notebook["DependsOn"]).Cast<string>();
        Assert.Contains(dependsOn, d => d.StartsWith("NotebookLakeAndServices", StringComparison.Ordinal));
    }

    [Fact]
    public void NotebookAndScriptsAreValidPythonAndNotebooks()
    {
        var files = Directory.GetFiles(LabPaths.Asset("sagemaker", "notebooks"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".ipynb", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal))
            .Append(LabPaths.Asset("sagemaker", "autostop.py")).ToArray();
        // Eleven notebooks (01-10, 12), the clean-up and network modules they import, two script-mode scripts, the corpus generator, the idle stop.
        Assert.Equal(17, files.Length);
        var report = JsonNode.Parse(NodeTools.Run("node", [Path.Combine(LabPaths.Root, "tools", "notebooks", "check.mjs"), .. files]))!.AsObject();
        Assert.Equal(files.Length, report.Count);
        var problems = report.SelectMany(r => r.Value!["problems"]!.AsArray().Select(p => $"{r.Key}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void NotebooksReadOnlyTheSettingsTheLifecycleWrites()
    {
        var script = OnStartScript.Of(TemplateJson);
        // lab["key"] in code (escaped in a notebook's JSON), lab['key'] inside f-strings.
        var used = Directory.GetFiles(LabPaths.Asset("sagemaker", "notebooks"))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"lab\[(?:\\?""|')(\w+)(?:\\?""|')\]").Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.Superset(new HashSet<string> { "lake_bucket", "region", "endpoint_name", "name_prefix", "database", "workgroup", "predictions_prefix", "predictions_table" }, used);
        Assert.All(used, key => Assert.Contains($"\"{key}\":", script));
    }

    [Fact]
    public void EndpointIsServerlessByDefaultWithNoFixedConfigName()
    {
        Template.HasResourceProperties("AWS::SageMaker::EndpointConfig", Json("""
            { "ProductionVariants": [ { "VariantName": "AllTraffic", "ServerlessConfig": { "MemorySizeInMB": 3072, "MaxConcurrency": 2 } } ] }
            """));
        var config = Template.FindResources("AWS::SageMaker::EndpointConfig").Values.Single();
        Assert.False(PropertiesOf(config).ContainsKey("EndpointConfigName"));
        Assert.False(((IDictionary<string, object>)((object[])PropertiesOf(config)["ProductionVariants"])[0]).ContainsKey("InstanceType"));
    }

    [Fact]
    public void RealtimeModeUsesOneInstance()
    {
        var customized = Lab.Customized.Template<SageMakerStack>();
        customized.HasResourceProperties("AWS::SageMaker::EndpointConfig", Json("""
            { "ProductionVariants": [ { "InstanceType": "ml.c5.xlarge", "InitialInstanceCount": 1 } ] }
            """));
    }

    [Fact]
    public void ModeNoneHasNoModelOrEndpoint()
    {
        var none = Lab.With("modules=sagemaker", "endpointMode=none");
        var resources = none.TemplateJson<SageMakerStack>().Resources().Select(r => (string)r.Value!["Type"]!).ToList();
        Assert.DoesNotContain("AWS::SageMaker::Endpoint", resources);
        Assert.DoesNotContain("AWS::SageMaker::Model", resources);
        Assert.Contains("AWS::SageMaker::NotebookInstance", resources);
    }

    [Fact]
    public void ModelIsAHuggingFaceContainerResolvedPerRegionThatDownloadsItsModel()
    {
        Template.HasResourceProperties("AWS::SageMaker::Model", Json($$"""
            {
              "PrimaryContainer": {
                "Environment": { "HF_MODEL_ID": "{{SentimentEndpoint.ModelId}}", "HF_TASK": "text-classification" },
                "Image": { "Fn::Join": [ "", [ { "Fn::FindInMap": [ "{{MappingId()}}", { "Ref": "AWS::Region" }, "account" ] },
                  ".dkr.ecr.", { "Ref": "AWS::Region" }, ".", { "Ref": "AWS::URLSuffix" },
                  "/huggingface-pytorch-inference:2.6.0-transformers5.5.3-cpu-py312-ubuntu22.04" ] ] }
              }
            }
            """));
    }

    [Fact]
    public void RegionMappingCoversEveryRegionTheLabSupports()
    {
        var mapping = TemplateJson["Mappings"]![MappingId()]!.AsObject();
        var regions = mapping.Select(m => m.Key).ToHashSet();
        Assert.Equal(ContainerImage.HuggingFaceInference.Registries.Keys.ToHashSet(), regions);
        Assert.Superset(new HashSet<string> { "us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1" }, regions);
        Assert.Equal("763104351884", (string?)mapping["us-east-1"]!["account"]);
    }

    [Fact]
    public void ChangingTheEndpointModeReplacesTheEndpoint()
    {
        // SageMaker cannot update a real-time endpoint to serverless: the mode is part of the name, whose change replaces it.
        var replaces = JsonNode.Parse(NodeTools.Run("node", Path.Combine(LabPaths.Root, "tools", "validate", "replacement.mjs"),
            "AWS::SageMaker::Endpoint", "EndpointName", "EndpointConfigName"))!;
        Assert.Equal("yes", (string?)replaces["EndpointName"]);
        Assert.Equal("no", (string?)replaces["EndpointConfigName"]); // a config change alone would be an in-place UpdateEndpoint
        string? NameIn(SynthesizedLab synthesized) =>
            (string?)synthesized.TemplateJson<SageMakerStack>().Properties("AWS::SageMaker::Endpoint")["EndpointName"];
        Assert.Equal("mllab-sentiment-serverless", NameIn(Lab.Default));
        Assert.Equal("mllab-sentiment-realtime", NameIn(Lab.Customized));
        Assert.Contains("/aws/sagemaker/Endpoints/mllab-sentiment-realtime", Lab.Customized.TemplateJson<SageMakerStack>().Resources().ToJsonString());
    }

    [Fact]
    public void EndpointLogGroupExistsBeforeItAndGoesWithTheStack()
    {
        var logGroupId = Template.FindResources("AWS::Logs::LogGroup", Json("""{ "Properties": { "LogGroupName": "/aws/sagemaker/Endpoints/mllab-sentiment-serverless" } }""")).Keys.Single();
        Template.HasResource("AWS::SageMaker::Endpoint", new Dictionary<string, object>
        {
            ["Properties"] = Json("""{ "EndpointName": "mllab-sentiment-serverless" }"""),
            ["DependsOn"] = Match.ArrayWith([logGroupId]),
        });
    }

    [Fact]
    public void OutputsGiveTheNotebookUrlAndAReadyInvokeCommand()
    {
        var outputs = TemplateJson.Outputs();
        Assert.Contains("notebook-instances/openNotebook/", outputs["NotebookUrl"]!.ToJsonString());
        Assert.Equal("mllab-sentiment-serverless", (string?)outputs["EndpointName"]!["Value"]);
        Assert.StartsWith("aws sagemaker-runtime invoke-endpoint --endpoint-name mllab-sentiment-serverless ", (string?)outputs["InvokeEndpoint"]!["Value"]);
    }
}
