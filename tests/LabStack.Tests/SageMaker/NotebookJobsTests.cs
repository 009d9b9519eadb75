using System.Text.RegularExpressions;
using LabStack.SageMaker;

namespace LabStack.Tests.SageMaker;

/// <summary>
/// What the notebooks may start in SageMaker (<see cref="NotebookJobs"/>): every statement, its resources named by the
/// lab's prefix and its cost conditions; and the shipped notebooks ask for no more than that (instance types, run
/// times, serverless sizes, names).
/// </summary>
public sealed partial class NotebookJobsTests(LabFixture lab) : StackTests<SageMakerStack>(lab)
{
    private static readonly string Notebooks = LabPaths.Asset("sagemaker", "notebooks");

    /// <summary>The statements of the notebooks' jobs policy, each resource written out with ${...} for tokens.</summary>
    private List<(List<string> Actions, List<string> Resources, JsonNode? Condition)> Statements() =>
        TemplateJson.PolicyStatements("NotebookJobsPolicy")
            .Select(s => (Actions(s), AsList(s["Resource"]).Select(Written).ToList(), s["Condition"]?.DeepClone()))
            .ToList();

    private static string Written(JsonNode node) => node switch
    {
        JsonValue value => (string)value!,
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Concat(join[1]!.AsArray().Select(p => Written(p!))),
        JsonObject o when o["Fn::ImportValue"] is not null => "${ImportValue}",
        JsonObject o when o["Ref"] is JsonNode reference => "${" + (string)reference! + "}",
        JsonObject o when o["Fn::FindInMap"] is JsonArray map => "${" + ((string)map[0]!)[..((string)map[0]!).IndexOf("Registries", StringComparison.Ordinal)] + "}",
        _ => node.ToJsonString(),
    };

    private static string Arn(string type) => "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:" + type + "/mllab--nb-*";

    [Fact]
    public void TrainingAndTuningOnlyOnCheapTypesForAtMostAnHourEachAndOnlyByTheLabsNames()
    {
        var create = Assert.Single(Statements(), s => s.Actions.Contains("sagemaker:CreateTrainingJob"));
        Assert.Equal(["sagemaker:CreateHyperParameterTuningJob", "sagemaker:CreateTrainingJob"], create.Actions);
        Assert.Equal([Arn("hyper-parameter-tuning-job"), Arn("training-job")], create.Resources.Order());
        LocalRuns.AssertJson(JsonNode.Parse($$"""
            { "ForAllValues:StringEquals": { "sagemaker:InstanceTypes": ["ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge"] },
              "Null": { "sagemaker:InstanceTypes": "false" },
              "NumericLessThanEquals": { "sagemaker:MaxRuntimeInSeconds": 3600 } }
            """), create.Condition);
    }

    [Fact]
    public void BatchTransformOnlyOfTheNotebooksOwnModelsOnCheapTypes()
    {
        var transform = Assert.Single(Statements(), s => s.Actions.Contains("sagemaker:CreateTransformJob"));
        Assert.Equal([Arn("transform-job")], transform.Resources);
        Assert.Equal(["ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge"], transform.Condition!["ForAllValues:StringEquals"]!["sagemaker:InstanceTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("false", (string?)transform.Condition["Null"]!["sagemaker:InstanceTypes"]);
        Assert.Equal(Arn("model"), Written(transform.Condition["ArnLike"]!["sagemaker:ModelArn"]!));
    }

    [Fact]
    public void EndpointConfigsAreSmallRealTimeOrSmallServerless()
    {
        var configs = Statements().Where(s => s.Actions.Contains("sagemaker:CreateEndpointConfig")).ToList();
        Assert.Equal(2, configs.Count);
        Assert.All(configs, c => Assert.Equal([Arn("endpoint-config")], c.Resources));
        Assert.All(configs, c => Assert.Equal(["sagemaker:CreateEndpointConfig"], c.Actions));
        var endpointTypes = """{ "sagemaker:InstanceTypes": ["ml.m5.large", "ml.c5.large"] }""";
        LocalRuns.AssertJson(JsonNode.Parse($$"""
            { "ForAllValues:StringEquals": {{endpointTypes}}, "Null": { "sagemaker:InstanceTypes": "false" } }
            """), configs[0].Condition);
        LocalRuns.AssertJson(JsonNode.Parse($$"""
            { "ForAllValues:StringEquals": {{endpointTypes}}, "Null": { "sagemaker:ServerlessMemorySize": "false" },
              "NumericLessThanEquals": { "sagemaker:ServerlessMemorySize": 3072, "sagemaker:ServerlessMaxConcurrency": 2 } }
            """), configs[1].Condition);
    }

    [Fact]
    public void EverythingElseNamesTheLabsPrefixedResourcesExactly()
    {
        var rest = Statements().Where(s => s.Condition is null).Select(s => (string.Join(" ", s.Actions), string.Join(" ", s.Resources.Order()))).ToList();
        var images = ContainerImage.BuiltInAlgorithms.Select(i => $"arn:${{AWS::Partition}}:ecr:${{AWS::Region}}:${{NotebookJobsBuiltInAlgorithm}}:repository/{i.Repository}")
            .Append("arn:${AWS::Partition}:ecr:${AWS::Region}:${NotebookJobsXgboost}:repository/sagemaker-xgboost")
            .Append("arn:${AWS::Partition}:ecr:${AWS::Region}:${NotebookJobsXgboost}:repository/sagemaker-scikit-learn")
            .Append("arn:${AWS::Partition}:ecr:${AWS::Region}:${NotebookJobsDeepLearningContainer}:repository/pytorch-training").Order();
        Assert.Equal(
        [
            ("sagemaker:DescribeTrainingJob sagemaker:StopTrainingJob", Arn("training-job")),
            ("sagemaker:DescribeHyperParameterTuningJob sagemaker:ListTrainingJobsForHyperParameterTuningJob sagemaker:StopHyperParameterTuningJob", Arn("hyper-parameter-tuning-job")),
            ("sagemaker:DescribeTransformJob sagemaker:StopTransformJob", Arn("transform-job")),
            ("sagemaker:CreateModel sagemaker:DeleteModel sagemaker:DescribeModel", Arn("model")),
            ("sagemaker:DeleteEndpointConfig sagemaker:DescribeEndpointConfig", Arn("endpoint-config")),
            ("sagemaker:CreateEndpoint", $"{Arn("endpoint-config")} {Arn("endpoint")}"),
            ("sagemaker:DeleteEndpoint sagemaker:DescribeEndpoint sagemaker:InvokeEndpoint sagemaker:UpdateEndpointWeightsAndCapacities", Arn("endpoint")),
            ("sagemaker:ListEndpointConfigs sagemaker:ListEndpoints sagemaker:ListModels", "*"),
            ("ecr:BatchCheckLayerAvailability ecr:BatchGetImage ecr:GetDownloadUrlForLayer", string.Join(" ", images)),
        ], rest);
        // The stack's own endpoint is outside the prefix: no notebook can delete it; nor lab mllab-nb's, stack-made or notebook-made.
        Assert.DoesNotMatch("^mllab--nb-", "mllab-sentiment");
        Assert.DoesNotMatch("^mllab--nb-", "mllab-nb-sentiment");
        Assert.DoesNotMatch("^mllab--nb-", "mllab-nb--nb-tuned-1");
    }

    [Fact]
    public void NotebookMayDeleteOnlyTheLogGroupsOfItsOwnEndpointsAndCallsTheServicesNotebookThreeUses()
    {
        var statements = TemplateJson.PolicyStatements("NotebookLakeAndServices")
            .Select(s => (Actions: Actions(s), Resources: AsList(s["Resource"]).Select(Written).ToList())).ToList();
        var delete = Assert.Single(statements, s => s.Actions.Contains("logs:DeleteLogGroup"));
        Assert.Equal(["logs:DeleteLogGroup"], delete.Actions);
        Assert.Equal(["arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/sagemaker/Endpoints/mllab--nb-*"], delete.Resources);
        var anyResource = statements.Where(s => s.Resources.SequenceEqual(["*"])).SelectMany(s => s.Actions).Order();
        Assert.Equal(["comprehend:DetectDominantLanguage", "comprehend:DetectSentiment", "ecr:GetAuthorizationToken", "logs:DescribeLogGroups",
            "rekognition:DetectLabels", "translate:TranslateText"], anyResource);
    }

    [Fact]
    public void BuiltInAlgorithmImagesShareOneRegistryPerRegionCoveringTheLabsRegions()
    {
        var images = ContainerImage.BuiltInAlgorithms;
        Assert.Equal(["linear-learner", "pca", "kmeans", "knn"], images.Select(i => i.Repository));
        Assert.All(images, i => Assert.Equal(images[0].Registries, i.Registries));
        Assert.All(images, i => Assert.Equal("1", i.Tag));
        Assert.Equal("382416733822", images[0].Registries["us-east-1"]);
        Assert.Superset(ContainerImage.HuggingFaceInference.Registries.Keys.Intersect(ContainerImage.XgboostTraining.Registries.Keys)
            .Where(r => !r.StartsWith("us-iso", StringComparison.Ordinal)).ToHashSet(), images[0].Registries.Keys.ToHashSet());
    }

    [Fact]
    public void NotebooksAskForNoMoreThanThePolicyAllows()
    {
        // The bounds as the deployed policy states them: what IAM enforces.
        var statements = Statements();
        var training = statements.Single(s => s.Actions.Contains("sagemaker:CreateTrainingJob")).Condition!;
        var configs = statements.Where(s => s.Actions.Contains("sagemaker:CreateEndpointConfig")).Select(s => s.Condition!).ToList();
        var serverlessBounds = configs.Single(c => c["NumericLessThanEquals"] is not null)["NumericLessThanEquals"]!;
        static List<string> InstanceTypes(JsonNode condition) =>
            condition["ForAllValues:StringEquals"]!["sagemaker:InstanceTypes"]!.AsArray().Select(t => (string)t!).ToList();

        var sources = Directory.GetFiles(Notebooks, "*.ipynb").ToDictionary(f => Path.GetFileName(f), CodeOf);
        var all = string.Join("\n", sources.Values);
        var types = InstanceType().Matches(all).Select(m => m.Value).ToHashSet();
        Assert.NotEmpty(types);
        Assert.NotEmpty(configs);
        Assert.All(types, t => Assert.True(InstanceTypes(training).Contains(t) && configs.All(c => InstanceTypes(c).Contains(t)),
            $"{t} is used for jobs and endpoints alike, so both lists must allow it"));
        Assert.All(MaxRun().Matches(all), m => Assert.InRange(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1,
            (int)training["NumericLessThanEquals"]!["sagemaker:MaxRuntimeInSeconds"]!));
        // 02's estimator, 04's shared settings, 05's tuned estimator, 09's PyTorch, scikit-learn and BlazingText estimators.
        Assert.Equal(6, MaxRun().Matches(all).Count);
        var serverless = Regex.Match(sources["06-deploy-what-you-trained.ipynb"], @"memory_size_in_mb=(\d+), max_concurrency=(\d+)");
        Assert.InRange(int.Parse(serverless.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1024,
            (int)serverlessBounds["sagemaker:ServerlessMemorySize"]!);
        Assert.InRange(int.Parse(serverless.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1,
            (int)serverlessBounds["sagemaker:ServerlessMaxConcurrency"]!);
        Assert.Contains("version=\"" + ContainerImage.XgboostTraining.Tag + "\"", all);
    }

    [Fact]
    public void EverythingANotebookCreatesIsNamedWithTheLabsPrefix()
    {
        // The notebooks that use the SageMaker SDK (01's PCA is scikit-learn's).
        var all = string.Join("\n", Directory.GetFiles(Notebooks, "*.ipynb").Select(CodeOf).Where(code => code.Contains("import sagemaker", StringComparison.Ordinal)));
        // Each estimator names its jobs (base_job_name); models, endpoints and tuning jobs get explicit names.
        foreach (Match call in Regex.Matches(all, @"\b(Estimator|LinearLearner|KNN|PCA|KMeans|PyTorch|SKLearn)\("))
        {
            var arguments = all[call.Index..ClosingParenthesis(all, call.Index + call.Length - 1)];
            Assert.True(arguments.Contains("base_job_name=f\"{name_prefix}-", StringComparison.Ordinal)
                || arguments.Contains("base_job_name=f\"{lab['name_prefix']}-", StringComparison.Ordinal), $"unnamed: {arguments}");
        }
        foreach (Match call in Regex.Matches(all, @"\bModel\("))
        {
            Assert.Contains("name=f\"{name_prefix}-", all[call.Index..ClosingParenthesis(all, call.Index + call.Length - 1)]);
        }
        Assert.Contains("tuner.fit(inputs, job_name=tuning_job_name())", all);
        Assert.Contains("return f\"{name_prefix}-{datetime.now(timezone.utc):%H%M%S}\"", all);
        var longestPrefix = new string('x', 20) + "--nb"; // labName is at most 20 characters
        Assert.True(longestPrefix.Length + "-235959".Length <= 32, "tuning job names hold 32 characters");
        Assert.Contains("endpoint_name=f\"{name_prefix}-serverless-{stamp}\"", all);
        Assert.Contains("trained_model_name = f\"{name_prefix}-trained-{stamp}\"", all);
        Assert.Contains("ab_endpoint = f\"{name_prefix}-ab-{stamp}\"", all);
        Assert.Single(Regex.Matches(all, @"\.deploy\(")); // the serverless endpoint; the A/B one is named above
    }

    [Fact]
    public void EveryNotebookEndsWithQuestionsAndTheDeployingOnesWithTheCleanUp()
    {
        foreach (var file in Directory.GetFiles(Notebooks, "*.ipynb"))
        {
            var cells = JsonNode.Parse(File.ReadAllText(file))!["cells"]!.AsArray().Select(c => (Kind: (string)c!["cell_type"]!, Source: Source(c))).ToList();
            Assert.Contains(cells, c => c.Kind == "markdown" && c.Source.StartsWith("## Questions", StringComparison.Ordinal));
            var createsModels = cells.Any(c => c.Kind == "code" && Regex.IsMatch(c.Source, @"\.transformer\(|\.deploy\(|create_model\("));
            if (createsModels)
            {
                Assert.Equal("from lab_cleanup import clean_up\n\nclean_up()", cells[^1].Source); // last, and runnable alone
            }
        }
        var deploy = File.ReadAllText(Path.Combine(Notebooks, "06-deploy-what-you-trained.ipynb"));
        Assert.Contains("**This notebook creates endpoints that bill", deploy);
        Assert.Contains("serverless.delete_endpoint(delete_endpoint_config=True)", deploy);
        Assert.Contains("sm.delete_endpoint(EndpointName=ab_endpoint)", deploy);
        var cleanUp = File.ReadAllText(Path.Combine(Notebooks, "lab_cleanup.py"));
        Assert.Contains("item[field].startswith(prefix)", cleanUp);
        Assert.All(["delete_endpoint(", "delete_endpoint_config(", "delete_model(", "delete_log_group("], call => Assert.Contains(call, cleanUp));
    }

    [Fact]
    public void EveryNotebookOnTheSdkChecksItIsVersionTwoBeforeUsingIt()
    {
        foreach (var file in Directory.GetFiles(Notebooks, "*.ipynb"))
        {
            var code = CodeOf(file);
            var import = code.IndexOf("import sagemaker\n", StringComparison.Ordinal);
            if (import < 0)
            {
                continue;
            }
            var check = code.IndexOf("if not sagemaker.__version__.startswith(\"2.\"):", StringComparison.Ordinal);
            Assert.True(check > import, $"{Path.GetFileName(file)}: no SDK version check after import sagemaker");
            Assert.DoesNotContain("from sagemaker", code[..check]);
            Assert.DoesNotContain("sagemaker.", code[..check].Replace("import sagemaker", ""));
        }
    }

    [Fact]
    public void NotebookThreeAnalyzesThePipelinesSampleTexts()
    {
        var code = CodeOf(Path.Combine(Notebooks, "03-endpoint-vs-comprehend.ipynb"));
        var samples = Directory.GetFiles(LabPaths.Asset("pipeline-samples"), "*.txt").Where(f => new FileInfo(f).Length > 0).ToList();
        Assert.Equal(5, samples.Count);
        foreach (var sample in samples)
        {
            Assert.Contains($"\"{Path.GetFileName(sample)}\": {System.Text.Json.JsonSerializer.Serialize(File.ReadAllText(sample), new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })}", code);
        }
        var languages = string.Join(", ", LabStack.AiPipeline.AiPipelineSettings.ComprehendLanguages.Select(l => $"\"{l}\""));
        Assert.Contains($"comprehend_languages = [{languages}]", code);
    }

    [Fact]
    public void BlazingTextPullsAreGrantedOnlyWhereItsImageExists()
    {
        // BlazingText's registries cover fewer regions than the lab deploys to: its grant is a policy of its own, created
        // only where the mapping has the region (elsewhere the FindInMap would fail the whole stack).
        var policy = TemplateJson.Resource("AWS::IAM::Policy", "NotebookJobsBlazingTextPolicy");
        var statement = Assert.Single(TemplateJson.PolicyStatements("NotebookJobsBlazingTextPolicy"));
        Assert.Equal(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Actions(statement));
        Assert.Equal(["arn:${AWS::Partition}:ecr:${AWS::Region}:${NotebookJobsBlazingText}:repository/blazingtext"], AsList(statement["Resource"]).Select(Written));
        var condition = (string)policy["Condition"]!;
        static IEnumerable<string> Regions(JsonNode node) => node switch
        {
            JsonObject o when o["Fn::Or"] is JsonArray any => any.SelectMany(n => Regions(n!)),
            JsonObject o when o["Fn::Equals"] is JsonArray equals => [(string)equals[1]!],
            _ => throw new InvalidOperationException(node.ToJsonString()),
        };
        var regions = Regions(TemplateJson["Conditions"]![condition]!).ToList();
        Assert.Equal(ContainerImage.BlazingText.Registries.Keys.Order(), regions.Order());
        Assert.Equal(regions.Order(), TemplateJson["Mappings"]!.AsObject().Single(m => m.Key.StartsWith("NotebookJobsBlazingText", StringComparison.Ordinal)).Value!.AsObject().Select(r => r.Key).Order());
        Assert.Contains("us-east-1", regions);
        Assert.DoesNotContain("eu-central-2", regions); // a lab region BlazingText's config does not list
        Assert.Contains("eu-central-2", ContainerImage.XgboostTraining.Registries.Keys);
    }

    [Fact]
    public void FrameworkJobsAskForThePinnedContainersWithoutProfilerOrDebuggerJobs()
    {
        var pytorch = CodeOf(Path.Combine(Notebooks, "09-sklearn-and-blazingtext.ipynb"));
        var sklearn = pytorch;
        // The estimator's framework and Python versions make the tag IAM grants pulls of (see the facts table's rows).
        var (version, python) = (ContainerImage.PyTorchTraining.Tag.Split("-cpu-")[0], ContainerImage.PyTorchTraining.Tag.Split("-cpu-")[1]);
        Assert.Contains($"framework_version=\"{version}\",\n    py_version=\"{python}\",", pytorch);
        Assert.Contains($"framework_version=\"{ContainerImage.SklearnTraining.Tag.Split("-cpu-")[0]}\",\n    py_version=\"py3\",", sklearn);
        Assert.Contains("version=\"" + ContainerImage.BlazingText.Tag + "\"", sklearn);
        // The SDK adds a profiler rule job and a Debugger hook to framework estimators unless told not to: their images and
        // processing jobs are not granted. Script and data stay in the lake (code_location), not in a default bucket.
        foreach (Match call in Regex.Matches(pytorch, @"\b(PyTorch|SKLearn)\("))
        {
            var arguments = pytorch[call.Index..ClosingParenthesis(pytorch, call.Index + call.Length - 1)];
            Assert.Contains("disable_profiler=True", arguments);
            Assert.Contains("debugger_hook_config=False", arguments);
            Assert.Contains("code_location=f\"", arguments);
            Assert.Contains("source_dir=\"training\"", arguments);
        }
        Assert.Equal(2, Regex.Matches(pytorch, @"\b(PyTorch|SKLearn)\(").Count);
    }

    [Fact]
    public void PredictionsTableReadsTheTransformOutputForAthena()
    {
        Template.HasResourceProperties("AWS::Glue::Table", Json("""
            { "TableInput": { "Name": "churn_predictions", "TableType": "EXTERNAL_TABLE",
              "StorageDescriptor": { "Columns": [ { "Name": "churned", "Type": "int" }, { "Name": "churn_score", "Type": "double" } ] } } }
            """));
        var table = TemplateJson.Properties("AWS::Glue::Table")["TableInput"]!;
        Assert.Null(table["Parameters"]!["skip.header.line.count"]); // the transform writes no header
        Assert.Equal("s3://${ImportValue}/curated/churn-predictions/", Written(table["StorageDescriptor"]!["Location"]!)); // the lake bucket
        Assert.Contains("\"predictions_prefix\": \"curated/churn-predictions/\"", OnStartScript.Of(TemplateJson)); // where the notebooks write it
        Template.HasResourceProperties("AWS::Athena::NamedQuery", Json("""{ "Name": "churn-predictions" }"""));
    }

    private static string Source(JsonNode? cell) => cell!["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string)l!)) : (string)cell["source"]!;

    private static string CodeOf(string notebook) => string.Join("\n",
        JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").Select(Source));

    private static int ClosingParenthesis(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }
        return text.Length;
    }

    [Fact]
    public void EveryTuningJobSetsBothRunTimeLimitsWithinThePolicysBound()
    {
        // IAM does not say which request field fills sagemaker:MaxRuntimeInSeconds for CreateHyperParameterTuningJob: the
        // training job definition's stopping condition (the estimator's max_run) or the tuning job's resource limits
        // (the tuner's max_runtime_in_seconds). Each HyperparameterTuner in the notebooks sets both, as literals.
        var script = """
            import ast, json, sys
            sys.path.insert(0, sys.argv[1])
            from notebook_cells import code_cells
            found = []
            for path in sys.argv[2:]:
                estimators = {}
                for _, source, _ in code_cells(path):
                    for node in ast.walk(ast.parse(source)):
                        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and isinstance(node.targets[0], ast.Name):
                            keywords = {k.arg: k.value for k in node.value.keywords}
                            if isinstance(keywords.get("max_run"), ast.Constant):
                                estimators[node.targets[0].id] = keywords["max_run"].value
                        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "HyperparameterTuner":
                            keywords = {k.arg: k.value for k in node.keywords}
                            limit = keywords.get("max_runtime_in_seconds")
                            found.append({"estimator_max_run": estimators.get(getattr(node.args[0], "id", "")),
                                          "tuner_max_runtime": limit.value if isinstance(limit, ast.Constant) else None})
            print(json.dumps(found))
            """;
        var tuners = JsonNode.Parse(NodeTools.RunPython(script, [Path.Combine(LabPaths.Root, "tools", "notebooks"), .. Directory.GetFiles(Notebooks, "*.ipynb")]))!.AsArray();
        Assert.NotEmpty(tuners);
        var bound = (int)Statements().Single(s => s.Actions.Contains("sagemaker:CreateHyperParameterTuningJob")).Condition!["NumericLessThanEquals"]!["sagemaker:MaxRuntimeInSeconds"]!;
        Assert.All(tuners, tuner =>
        {
            Assert.InRange((int?)tuner!["estimator_max_run"] ?? int.MaxValue, 1, bound);
            Assert.InRange((int?)tuner["tuner_max_runtime"] ?? int.MaxValue, 1, bound);
        });
    }

    [GeneratedRegex(@"ml\.[a-z0-9]+\.[a-z0-9]+")]
    private static partial Regex InstanceType();

    [GeneratedRegex(@"max_run=(\d+)")]
    private static partial Regex MaxRun();
}
