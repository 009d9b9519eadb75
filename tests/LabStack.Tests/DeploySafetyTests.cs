using LabStack.DataLake;

namespace LabStack.Tests;

/// <summary>
/// Selecting modules decides which stacks exist, never what a stack contains: an export another deployed stack imports
/// cannot be removed, so a DataLake template that changed with the selection would make a partial deploy after a full
/// one fail and roll back.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DeploySafetyTests(LabFixture lab)
{
    /// <summary>Every single-module selection, and all of them (the opt-in groundtruth has its own test below).</summary>
    private IEnumerable<SynthesizedLab> Selections => LabModules.Default.Select(m => lab.With($"modules={m.Key}")).Prepend(lab.Default);

    [Fact]
    public void EachStacksTemplateIsTheSameWhicheverModulesAreSelected()
    {
        var full = lab.Default.Stacks.All.ToDictionary(s => s.StackName, s => SnapshotTests.Normalize(lab.Default.TemplateJson(s.StackName)));
        foreach (var selection in Selections)
        {
            foreach (var stack in selection.Stacks.All)
            {
                Assert.True(full[stack.StackName] == SnapshotTests.Normalize(selection.TemplateJson(stack.StackName)),
                    $"{stack.StackName} differs between modules=all and modules={string.Join(",", selection.Settings.Modules.Select(m => m.Key))}");
            }
        }
    }

    [Fact]
    public void SelectingTheOptInGroundTruthChangesNoOtherStackButThroughTheAlertEmailItNeeds()
    {
        Assert.Equal([LabModules.GroundTruth], LabModules.All.Where(m => m.OptIn));
        var selection = lab.GroundTruth;
        // alertEmail, which groundtruth needs, subscribes the budget (DataLake) and the expiry's alerts (Expiry): those two
        // differ from the default lab by that setting alone; their exports do not.
        string[] readAlertEmail = ["mllab-Expiry", "mllab-DataLake"];
        foreach (var stack in selection.Stacks.All.Where(s => s.StackName != "mllab-GroundTruth"))
        {
            var (expected, actual) = (lab.Default.TemplateJson(stack.StackName), selection.TemplateJson(stack.StackName));
            if (readAlertEmail.Contains(stack.StackName))
            {
                Assert.True(Exports(expected).SetEquals(Exports(actual)), $"{stack.StackName}'s exports differ when groundtruth is selected");
                continue;
            }
            Assert.True(SnapshotTests.Normalize(expected) == SnapshotTests.Normalize(actual), $"{stack.StackName} differs when groundtruth is selected");
        }
    }

    [Fact]
    public void TheDataLakeTheStreamAndTheNotebookExportWhatEveryModuleImportsEvenWhenDeployedAlone()
    {
        var lakeExports = Exports(lab.With("modules=datalake").TemplateJson<DataLakeStack>());
        var streamExports = Exports(lab.With("modules=streaming").TemplateJson<LabStack.Streaming.StreamingStack>());
        var notebookExports = Exports(lab.With("modules=sagemaker").TemplateJson<LabStack.SageMaker.SageMakerStack>());
        var imports = lab.Default.Stacks.All.SelectMany(s => ImportedNames(lab.Default.TemplateJson(s.StackName))).ToHashSet();

        Assert.Equal(5, lakeExports.Count); // the lake's name and ARN, the database, the workgroup, the query-results bucket's ARN
        Assert.Equal(2, streamExports.Count); // the stream's name and ARN, for the flink module
        Assert.Single(notebookExports); // the notebook role's name, for the mlops module's (and groundtruth's) notebook grants
        Assert.NotEmpty(imports);
        Assert.Subset(lakeExports.Union(streamExports).Union(notebookExports).ToHashSet(), imports);
    }

    private static HashSet<string> Exports(JsonObject template) =>
        template.Outputs().Select(o => (string?)o.Value!["Export"]?["Name"]).OfType<string>().ToHashSet();

    [Fact]
    public void NoOutputCommandNarrowsTheModuleSelection()
    {
        foreach (var (stack, name, output) in lab.Default.AllOutputs())
        {
            var text = output["Value"]!.ToJsonString();
            Assert.False(text.Contains("-c modules", StringComparison.Ordinal), $"{stack} output {name} selects modules: {text}");
            if (text.Contains("cdk deploy", StringComparison.Ordinal))
            {
                Assert.Contains("--exclusively", text);
            }
        }
    }

    private static IEnumerable<string> ImportedNames(JsonNode? node) => node switch
    {
        JsonObject o when o.TryGetPropertyValue("Fn::ImportValue", out var name) && name is JsonValue => [(string)name!],
        JsonObject o => o.SelectMany(p => ImportedNames(p.Value)),
        JsonArray a => a.SelectMany(ImportedNames),
        _ => [],
    };
}
