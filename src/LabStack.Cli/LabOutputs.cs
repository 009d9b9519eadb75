using System.Text.Json;

namespace LabStack.Cli;

/// <summary>
/// What the command needs of a deployed lab, from the outputs file <c>cdk deploy</c> writes (cdk.json's
/// <c>outputsFile</c>: <c>cdk-outputs.json</c>): the lake bucket (DataLake stack) and the pipeline's state machine
/// (AiPipeline stack).
/// </summary>
/// <param name="LakeBucket">The lake bucket's name.</param>
/// <param name="StateMachineArn">The AI pipeline's state machine.</param>
public sealed record LabOutputs(string LakeBucket, string StateMachineArn)
{
    /// <summary>The file <c>cdk deploy</c> writes, relative to the project folder.</summary>
    public const string DefaultFile = "cdk-outputs.json";

    /// <summary>Reads <paramref name="path"/>; <paramref name="labName"/> picks one lab when the file holds several.</summary>
    public static LabOutputs Read(string path, string? labName)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"No deploy outputs at {path}: deploy the lab first (npx cdk deploy --all writes them there), or pass --outputs FILE.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            throw new CliException($"{path} is not valid JSON: deploy again to rewrite it (npx cdk deploy --all).");
        }
        using (document)
        {
            string Output(string stackSuffix, string key, string module) =>
                document.RootElement.EnumerateObject()
                    .Where(stack => stack.Name.EndsWith(stackSuffix, StringComparison.Ordinal) && (labName is null || stack.Name == labName + stackSuffix))
                    .Select(stack => stack.Value.TryGetProperty(key, out var value) ? value.GetString() : null)
                    .FirstOrDefault(value => value is not null)
                ?? throw new CliException($"{path} has no {key} of a {labName ?? "<lab>"}{stackSuffix} stack: deploy the {module} module " +
                    $"(npx cdk deploy {labName ?? "mllab"}{stackSuffix}){(labName is null ? ", or pass --lab NAME" : "")}.");
            return new LabOutputs(Output("-DataLake", "LakeBucketName", "datalake"), Output("-AiPipeline", "StateMachineArn", "pipeline"));
        }
    }
}
