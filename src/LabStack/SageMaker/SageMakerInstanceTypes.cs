using System.Text.Json;

namespace LabStack.SageMaker;

/// <summary>
/// The instance types SageMaker's API model accepts for a notebook and for a real-time endpoint variant, from
/// <c>assets/models/sagemaker-instance-types.json</c> (written from the model by <c>tools/models/instance-types.mjs</c>;
/// a test fails when the file and the model differ). A setting offers a type only if the model lists it, so a type
/// that passes validation cannot fail at deploy for not existing.
/// </summary>
public static class SageMakerInstanceTypes
{
    private static readonly Lazy<Lists> Loaded = new(() =>
        JsonSerializer.Deserialize<Lists>(File.ReadAllText(LabPaths.Asset("models", "sagemaker-instance-types.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    /// <summary>CreateNotebookInstance's InstanceType values.</summary>
    public static IReadOnlyCollection<string> Notebook => Loaded.Value.Notebook;

    /// <summary>ProductionVariantInstanceType values (real-time endpoints).</summary>
    public static IReadOnlyCollection<string> Endpoint => Loaded.Value.Endpoint;

    private sealed record Lists(HashSet<string> Notebook, HashSet<string> Endpoint);
}
