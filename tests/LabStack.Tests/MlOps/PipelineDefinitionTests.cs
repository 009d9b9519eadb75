using LabStack.Configuration;
using LabStack.MlOps;
using LabStack.Tests.Validation;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The SageMaker pipeline's definition, taken from the synthesized template, against the published pipeline-definition
/// JSON schema (tools/validate/pipeline-schema/, copied into the repository with its source) with ajv, plus the references
/// a schema cannot check; and the validator's own refusal of deliberately broken steps.
/// </summary>
public sealed class PipelineDefinitionTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    private static readonly string Tool = Path.Combine(LabPaths.Root, "tools", "validate", "pipeline-definition.mjs");

    private string TemplateFile => Path.Combine(Lab.Default.AssemblyDirectory, $"{Lab.Default.Stack<MlOpsStack>().StackName}.template.json");

    private static JsonObject Validate(string file, bool publishedOnly = false) =>
        JsonNode.Parse(NodeTools.Run("node", [Tool, .. publishedOnly ? new[] { "--published-only" } : [], file]))!["definitions"]!.AsArray().Single()!.AsObject();

    private JsonObject Synthesized => Validate(TemplateFile);

    private static JsonArray ValidateDefinition(JsonNode definition, bool publishedOnly = false) => ValidateFully(definition, publishedOnly)["errors"]!.AsArray();

    private static JsonObject ValidateFully(JsonNode definition, bool publishedOnly = false)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-pipeline-").FullName, "definition.json");
        File.WriteAllText(file, definition.ToJsonString());
        return Validate(file, publishedOnly);
    }

    [Fact]
    public void AStepArgumentTheApiModelDoesNotKnowIsRefused()
    {
        var definition = Synthesized["definition"]!.DeepClone();
        definition["Steps"]![1]!["Arguments"]!["ResourceConfig"]!["InstanceCount"] = "one"; // a string where CreateTrainingJob takes an integer
        definition["Steps"]![0]!["Arguments"]!["StoppingCondition"]!.AsObject().Remove("MaxRuntimeInSeconds");
        var branch = IfSteps(definition);
        branch["BatchModel"]["Arguments"]!["PrimaryContainer"]!["ImageUrl"] = "a member CreateModel's ContainerDefinition does not have";
        branch["Score"]["Arguments"]!["TransformResources"]!["InstanceCount"] = "one";
        branch["CheckDrift"]["Arguments"]!["AppSpecification"]!["ContainerArguments"] = "--baseline"; // a string where a list goes
        var findings = ValidateFully(definition)["modelFindings"]!.AsArray().Select(f => (string)f!["message"]!).ToList();
        Assert.Contains(findings, f => f.StartsWith("step Train (sagemaker CreateTrainingJobCommand)", StringComparison.Ordinal) && f.Contains("InstanceCount", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("step Prepare (sagemaker CreateProcessingJobCommand)", StringComparison.Ordinal) && f.Contains("MaxRuntimeInSeconds", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("step BatchModel (sagemaker CreateModelCommand)", StringComparison.Ordinal) && f.Contains("ImageUrl", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("step Score (sagemaker CreateTransformJobCommand)", StringComparison.Ordinal) && f.Contains("InstanceCount", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("step CheckDrift (sagemaker CreateProcessingJobCommand)", StringComparison.Ordinal) && f.Contains("ContainerArguments", StringComparison.Ordinal));
    }

    /// <summary>CheckAuc's If branch by step name.</summary>
    private static Dictionary<string, JsonNode> IfSteps(JsonNode definition) =>
        definition["Steps"]!.AsArray().Single(s => (string?)s!["Name"] == "CheckAuc")!["Arguments"]!["IfSteps"]!.AsArray().ToDictionary(s => (string)s!["Name"]!, s => s!);

    [Fact]
    public void TheDefinitionValidatesAgainstThePublishedSchema()
    {
        var result = Synthesized;
        Assert.True(result["errors"]!.AsArray().Count == 0, result["errors"]!.ToJsonString());
        // Each job and registration step is the request SageMaker makes for it: it fits SageMaker's API model.
        Assert.True(result["modelFindings"]!.AsArray().Count == 0, result["modelFindings"]!.ToJsonString());
        var steps = result["definition"]!["Steps"]!.AsArray();
        Assert.Equal(ChurnPipelineDefinition.StepNames, steps.Select(s => (string)s!["Name"]!));
        Assert.Equal(["Processing", "Training", "Processing", "Processing", "Condition"], steps.Select(s => (string)s!["Type"]!));
        var branch = steps[4]!["Arguments"]!["IfSteps"]!.AsArray();
        Assert.Equal(ChurnPipelineDefinition.IfStepNames, branch.Select(s => (string)s!["Name"]!));
        Assert.Equal(["RegisterModel", "Model", "Transform", "Processing"], branch.Select(s => (string)s!["Type"]!));
    }

    [Fact]
    public void ThePublishedSchemaAloneRefusesOnlyWhatTheServiceAdditionsAdd()
    {
        var definition = Synthesized["definition"]!.DeepClone();
        Assert.NotEmpty(ValidateDefinition(definition, publishedOnly: true));
        // Without what service-additions.json adds (Std:Join values, ModelApprovalStatus, a Model step in the If branch, its
        // ModelDataUrl as a Get), the published schema alone accepts it; and it refuses each of them alone.
        JsonNode Without(params string[] additions)
        {
            var copy = definition.DeepClone();
            var branch = copy["Steps"]![4]!["Arguments"]!["IfSteps"]!.AsArray();
            var model = branch.Single(s => (string?)s!["Type"] == "Model")!;
            if (additions.Contains("ModelApprovalStatus"))
            {
                var register = branch[0]!["Arguments"]!.AsObject();
                Assert.Equal("PendingManualApproval", (string?)register["ModelApprovalStatus"]);
                register.Remove("ModelApprovalStatus");
            }
            if (additions.Contains("ModelDataUrl"))
            {
                Assert.NotNull(model["Arguments"]!["PrimaryContainer"]!["ModelDataUrl"]!["Get"]);
                model["Arguments"]!["PrimaryContainer"]!["ModelDataUrl"] = "s3://bucket/model.tar.gz";
            }
            if (additions.Contains("Model step in a branch"))
            {
                branch.Remove(model);
                copy["Steps"]!.AsArray().Add(model.DeepClone()); // where the published schema allows a Model step
            }
            return additions.Contains("Std:Join") ? ReplaceJoins(copy) : copy;
        }
        string[] all = ["Std:Join", "ModelApprovalStatus", "ModelDataUrl", "Model step in a branch"];
        var errors = ValidateDefinition(Without(all), publishedOnly: true);
        Assert.True(errors.Count == 0, errors.ToJsonString());
        foreach (var kept in all)
        {
            Assert.True(ValidateDefinition(Without(all.Where(a => a != kept).ToArray()), publishedOnly: true).Count > 0, $"the published schema accepts {kept}");
        }
    }

    [Theory]
    [InlineData("missing arguments", "/Steps/1")]
    [InlineData("misspelled member", "/Steps/0/Arguments/ProcessingResources/ClusterConfig")]
    [InlineData("unknown step type", "/Steps/2")]
    [InlineData("reads a step that does not exist", "/Steps/4/Arguments/Conditions/0/LeftValue")]
    [InlineData("reads an output the step does not write", "/Steps/1/Arguments/InputDataConfig/0/DataSource/S3DataSource/S3Uri")]
    [InlineData("transform with a misspelled member", "/Steps/4/Arguments/IfSteps/2")]
    [InlineData("model without a role", "/Steps/4/Arguments/IfSteps/1")]
    [InlineData("scores a model step that does not exist", "/Steps/4/Arguments/IfSteps/2/Arguments/ModelName")]
    [InlineData("drift check reads an output Prepare does not write", "/Steps/4/Arguments/IfSteps/3/Arguments/ProcessingInputs/0/S3Input/S3Uri")]
    [InlineData("waits for a step that does not exist", "/Steps/CheckDrift")]
    public void ABrokenStepIsRefused(string breakage, string where)
    {
        var definition = Synthesized["definition"]!.DeepClone();
        var steps = definition["Steps"]!.AsArray();
        switch (breakage)
        {
            case "missing arguments": steps[1]!.AsObject().Remove("Arguments"); break;
            case "misspelled member": steps[0]!["Arguments"]!["ProcessingResources"]!["ClusterConfig"]!["InstanceSize"] = "ml.m5.large"; break;
            case "unknown step type": steps[2]!["Type"] = "Evaluation"; break;
            case "transform with a misspelled member": IfSteps(definition)["Score"]["Arguments"]!["TransformResources"]!["InstanceSize"] = "ml.m5.large"; break;
            case "model without a role": IfSteps(definition)["BatchModel"]["Arguments"]!.AsObject().Remove("ExecutionRoleArn"); break;
            case "scores a model step that does not exist": IfSteps(definition)["Score"]["Arguments"]!["ModelName"] = new JsonObject { ["Get"] = "Steps.Model.ModelName" }; break;
            case "drift check reads an output Prepare does not write":
                IfSteps(definition)["CheckDrift"]["Arguments"]!["ProcessingInputs"]![0]!["S3Input"]!["S3Uri"] = new JsonObject { ["Get"] = "Steps.Prepare.ProcessingOutputConfig.Outputs['baseline'].S3Output.S3Uri" };
                break;
            case "waits for a step that does not exist": IfSteps(definition)["CheckDrift"]["DependsOn"] = new JsonArray("Transform"); break;
            case "reads a step that does not exist": steps[4]!["Arguments"]!["Conditions"]![0]!["LeftValue"] = new JsonObject { ["Get"] = "Steps.Training.FinalMetricDataList['validation:auc'].Value" }; break;
            case "reads an output the step does not write":
                steps[1]!["Arguments"]!["InputDataConfig"]![0]!["DataSource"]!["S3DataSource"]!["S3Uri"] = new JsonObject { ["Get"] = "Steps.Prepare.ProcessingOutputConfig.Outputs['training'].S3Output.S3Uri" };
                break;
        }
        var errors = ValidateDefinition(definition);
        Assert.Contains(errors, e => ((string)e!["path"]!).StartsWith(where, StringComparison.Ordinal));
    }

    [Fact]
    public void TheConditionGatesRegistrationOnTheMinAucSettingAndRegistersForManualApproval()
    {
        var definition = Synthesized["definition"]!;
        var minAuc = definition["Parameters"]!.AsArray().Single(p => (string?)p!["Name"] == "MinAuc")!;
        Assert.Equal(("Float", Lab.Default.Settings.Of<MlOpsSettings>().MinAuc), ((string)minAuc["Type"]!, (double)minAuc["DefaultValue"]!));
        var check = definition["Steps"]![4]!["Arguments"]!;
        LocalRuns.AssertJson(JsonNode.Parse("""
            [{"Type":"GreaterThanOrEqualTo","LeftValue":{"Get":"Steps.Train.FinalMetricDataList['validation:auc'].Value"},"RightValue":{"Get":"Parameters.MinAuc"}}]
            """), check["Conditions"]);
        var register = check["IfSteps"]![0]!;
        Assert.Equal(("RegisterModel", "mllab-churn-models"), ((string)register["Type"]!, (string)register["Arguments"]!["ModelPackageGroupName"]!));
        Assert.Equal("Fail", (string?)check["ElseSteps"]![0]!["Type"]);
        // Every job on the one cheap type, for at most half an hour (the batch transform on one instance of it).
        var jobs = definition["Steps"]!.AsArray().Where(s => (string?)s!["Type"] is "Processing" or "Training")
            .Concat(check["IfSteps"]!.AsArray().Where(s => (string?)s!["Type"] == "Processing")).ToList();
        Assert.Equal(["Prepare", "Train", "Evaluate", "Explain", "CheckDrift"], jobs.Select(s => (string)s!["Name"]!));
        // What the cost table prices per run.
        Assert.Equal(ChurnPipelineDefinition.ProcessingJobsPerRun, jobs.Count(s => (string?)s!["Type"] == "Processing"));
        Assert.Equal(ChurnPipelineDefinition.TransformJobsPerRun, check["IfSteps"]!.AsArray().Count(s => (string?)s!["Type"] == "Transform"));
        var transform = IfSteps(definition)["Score"]["Arguments"]!["TransformResources"]!;
        Assert.Equal((ChurnPipelineDefinition.InstanceType, 1), ((string)transform["InstanceType"]!, (int)transform["InstanceCount"]!));
        foreach (var step in jobs)
        {
            var arguments = step!["Arguments"]!;
            var resources = arguments["ProcessingResources"]?["ClusterConfig"] ?? arguments["ResourceConfig"]!;
            Assert.Equal((ChurnPipelineDefinition.InstanceType, 1), ((string)resources["InstanceType"]!, (int)resources["InstanceCount"]!));
            Assert.Equal(ChurnPipelineDefinition.MaxJobSeconds, (int)arguments["StoppingCondition"]!["MaxRuntimeInSeconds"]!);
        }
    }

    [Fact]
    public void ExplainReadsTheModelAndSplitsAndItsReportIsTheRegisteredBiasAndExplainability()
    {
        var definition = Synthesized["definition"]!;
        var explain = definition["Steps"]!.AsArray().Single(s => (string?)s!["Name"] == "Explain")!["Arguments"]!;
        var inputs = explain["ProcessingInputs"]!.AsArray().ToDictionary(i => (string)i!["InputName"]!, i => i!["S3Input"]!);
        Assert.Equal(["model", "splits", "code"], inputs.Keys);
        Assert.Equal("Steps.Train.ModelArtifacts.S3ModelArtifacts", (string?)inputs["model"]["S3Uri"]!["Get"]);
        Assert.Equal("Steps.Prepare.ProcessingOutputConfig.Outputs['splits'].S3Output.S3Uri", (string?)inputs["splits"]["S3Uri"]!["Get"]);
        Assert.Equal("/opt/ml/processing/analysis", (string?)explain["ProcessingOutputConfig"]!["Outputs"]![0]!["S3Output"]!["LocalPath"]);
        var check = definition["Steps"]![4]!;
        Assert.Equal(["Evaluate", "Explain"], check["DependsOn"]!.AsArray().Select(d => (string)d!));
        var metrics = IfSteps(definition)["Register"]["Arguments"]!["ModelMetrics"]!;
        foreach (var kind in new[] { "Bias", "Explainability" })
        {
            LocalRuns.AssertJson(JsonNode.Parse("""
                {"ContentType":"application/json","S3Uri":{"Std:Join":{"On":"","Values":[{"Get":"Steps.Explain.ProcessingOutputConfig.Outputs['analysis'].S3Output.S3Uri"},"/analysis.json"]}}}
                """), metrics[kind]!["Report"]);
        }
    }

    [Fact]
    public void TheBatchIsScoredByARunNamedModelAndCheckedForDriftAgainstTheTrainingSplit()
    {
        var definition = Synthesized["definition"]!;
        var batchData = definition["Parameters"]!.AsArray().Single(p => (string?)p!["Name"] == "BatchData")!;
        Assert.Equal("String", (string?)batchData["Type"]);
        Assert.Matches(@"^s3://[^/]+/[0-9a-f]{64}\.csv$", (string)batchData["DefaultValue"]!); // the shipped batch, as an S3 asset
        var prepareInputs = definition["Steps"]![0]!["Arguments"]!["ProcessingInputs"]!.AsArray();
        Assert.Contains(prepareInputs, i => (string?)i!["S3Input"]!["S3Uri"]!["Get"] == "Parameters.BatchData" && (string?)i["S3Input"]!["LocalPath"] == "/opt/ml/processing/batch");
        Assert.Equal(["train", "validation", "test", "splits", "batch"],
            definition["Steps"]![0]!["Arguments"]!["ProcessingOutputConfig"]!["Outputs"]!.AsArray().Select(o => (string)o!["OutputName"]!));

        var branch = IfSteps(definition);
        // No name: a pipeline names what its steps create (pipelines-<execution>-batchmodel-...), whatever the arguments say.
        Assert.False(branch["BatchModel"]["Arguments"]!.AsObject().ContainsKey("ModelName"));
        Assert.Equal("Steps.Train.ModelArtifacts.S3ModelArtifacts", (string?)branch["BatchModel"]["Arguments"]!["PrimaryContainer"]!["ModelDataUrl"]!["Get"]);
        var score = branch["Score"]["Arguments"]!;
        Assert.Equal("Steps.BatchModel.ModelName", (string?)score["ModelName"]!["Get"]);
        Assert.Equal("Steps.Prepare.ProcessingOutputConfig.Outputs['batch'].S3Output.S3Uri", (string?)score["TransformInput"]!["DataSource"]!["S3DataSource"]!["S3Uri"]!["Get"]);
        Assert.Equal(("text/csv", "Line"), ((string)score["TransformInput"]!["ContentType"]!, (string)score["TransformInput"]!["SplitType"]!));
        Assert.EndsWith("\"/scored\"]}}", score["TransformOutput"]!["S3OutputPath"]!.ToJsonString(), StringComparison.Ordinal);

        var drift = branch["CheckDrift"];
        Assert.Equal(["Score"], drift["DependsOn"]!.AsArray().Select(d => (string)d!));
        var arguments = drift["Arguments"]!;
        Assert.Equal(["--baseline", "/opt/ml/processing/baseline", "--batch", "/opt/ml/processing/batch", "--output", "/opt/ml/processing/report"],
            arguments["AppSpecification"]!["ContainerArguments"]!.AsArray().Select(a => (string)a!));
        var inputs = arguments["ProcessingInputs"]!.AsArray().ToDictionary(i => (string)i!["InputName"]!, i => i!["S3Input"]!);
        // The training split alone (the S3 prefix .../splits/train.csv): the folder also holds the test split, which is no baseline.
        var baseline = inputs["baseline"]["S3Uri"]!["Std:Join"]!["Values"]!.AsArray();
        Assert.Equal(("Steps.Prepare.ProcessingOutputConfig.Outputs['splits'].S3Output.S3Uri", "/train.csv"), ((string?)baseline[0]!["Get"], (string?)baseline[1]));
        Assert.Equal("Parameters.BatchData", (string?)inputs["batch"]["S3Uri"]!["Get"]);
        var report = arguments["ProcessingOutputConfig"]!["Outputs"]!.AsArray().Single()!;
        Assert.Equal(("report", "/opt/ml/processing/report"), ((string)report["OutputName"]!, (string)report["S3Output"]!["LocalPath"]!));
        Assert.EndsWith("\"/drift\"]}}", report["S3Output"]!["S3Uri"]!.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The definition with every <c>Std:Join</c> replaced by a plain string.</summary>
    private static JsonNode ReplaceJoins(JsonNode node) => node switch
    {
        JsonObject o when o.ContainsKey("Std:Join") => JsonValue.Create("s3://joined/by/std-join")!,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : ReplaceJoins(p.Value)))),
        JsonArray a => new JsonArray(a.Select(i => i is null ? null : ReplaceJoins(i)).ToArray()),
        _ => node.DeepClone(),
    };
}
