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
        var findings = ValidateFully(definition)["modelFindings"]!.AsArray().Select(f => (string)f!["message"]!).ToList();
        Assert.Contains(findings, f => f.StartsWith("step Train (sagemaker CreateTrainingJobCommand)", StringComparison.Ordinal) && f.Contains("InstanceCount", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.StartsWith("step Prepare (sagemaker CreateProcessingJobCommand)", StringComparison.Ordinal) && f.Contains("MaxRuntimeInSeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDefinitionValidatesAgainstThePublishedSchema()
    {
        var result = Synthesized;
        Assert.True(result["errors"]!.AsArray().Count == 0, result["errors"]!.ToJsonString());
        // Each job and registration step is the request SageMaker makes for it: it fits SageMaker's API model.
        Assert.True(result["modelFindings"]!.AsArray().Count == 0, result["modelFindings"]!.ToJsonString());
        var steps = result["definition"]!["Steps"]!.AsArray();
        Assert.Equal(ChurnPipelineDefinition.StepNames, steps.Select(s => (string)s!["Name"]!));
        Assert.Equal(["Processing", "Training", "Processing", "Condition"], steps.Select(s => (string)s!["Type"]!));
    }

    [Fact]
    public void ThePublishedSchemaAloneRefusesOnlyWhatTheServiceAdditionsAdd()
    {
        var definition = Synthesized["definition"]!.DeepClone();
        Assert.NotEmpty(ValidateDefinition(definition, publishedOnly: true));
        // Without Std:Join values and ModelApprovalStatus (service-additions.json), the published schema alone accepts it.
        var register = definition["Steps"]![3]!["Arguments"]!["IfSteps"]![0]!["Arguments"]!.AsObject();
        Assert.Equal("PendingManualApproval", (string?)register["ModelApprovalStatus"]);
        register.Remove("ModelApprovalStatus");
        var plain = ReplaceJoins(definition);
        var errors = ValidateDefinition(plain, publishedOnly: true);
        Assert.True(errors.Count == 0, errors.ToJsonString());
    }

    [Theory]
    [InlineData("missing arguments", "/Steps/1")]
    [InlineData("misspelled member", "/Steps/0/Arguments/ProcessingResources/ClusterConfig")]
    [InlineData("unknown step type", "/Steps/2")]
    [InlineData("reads a step that does not exist", "/Steps/3/Arguments/Conditions/0/LeftValue")]
    [InlineData("reads an output the step does not write", "/Steps/1/Arguments/InputDataConfig/0/DataSource/S3DataSource/S3Uri")]
    public void ABrokenStepIsRefused(string breakage, string where)
    {
        var definition = Synthesized["definition"]!.DeepClone();
        var steps = definition["Steps"]!.AsArray();
        switch (breakage)
        {
            case "missing arguments": steps[1]!.AsObject().Remove("Arguments"); break;
            case "misspelled member": steps[0]!["Arguments"]!["ProcessingResources"]!["ClusterConfig"]!["InstanceSize"] = "ml.m5.large"; break;
            case "unknown step type": steps[2]!["Type"] = "Evaluation"; break;
            case "reads a step that does not exist": steps[3]!["Arguments"]!["Conditions"]![0]!["LeftValue"] = new JsonObject { ["Get"] = "Steps.Training.FinalMetricDataList['validation:auc'].Value" }; break;
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
        var check = definition["Steps"]![3]!["Arguments"]!;
        LocalRuns.AssertJson(JsonNode.Parse("""
            [{"Type":"GreaterThanOrEqualTo","LeftValue":{"Get":"Steps.Train.FinalMetricDataList['validation:auc'].Value"},"RightValue":{"Get":"Parameters.MinAuc"}}]
            """), check["Conditions"]);
        var register = check["IfSteps"]![0]!;
        Assert.Equal(("RegisterModel", "mllab-churn-models"), ((string)register["Type"]!, (string)register["Arguments"]!["ModelPackageGroupName"]!));
        Assert.Equal("Fail", (string?)check["ElseSteps"]![0]!["Type"]);
        // Every job on the one cheap type, for at most half an hour.
        foreach (var step in definition["Steps"]!.AsArray().Take(3))
        {
            var arguments = step!["Arguments"]!;
            var resources = arguments["ProcessingResources"]?["ClusterConfig"] ?? arguments["ResourceConfig"]!;
            Assert.Equal((ChurnPipelineDefinition.InstanceType, 1), ((string)resources["InstanceType"]!, (int)resources["InstanceCount"]!));
            Assert.Equal(ChurnPipelineDefinition.MaxJobSeconds, (int)arguments["StoppingCondition"]!["MaxRuntimeInSeconds"]!);
        }
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
