using System.Globalization;
using System.Text.Json;

namespace LabStack.Cli;

/// <summary>
/// What the command needs of a deployed lab, from the outputs file <c>cdk deploy</c> writes (cdk.json's
/// <c>outputsFile</c>: <c>cdk-outputs.json</c>): the lake bucket (DataLake stack) and the pipeline's state machine and
/// daily cap (AiPipeline stack).
/// </summary>
/// <param name="LakeBucket">The lake bucket's name.</param>
/// <param name="StateMachineArn">The AI pipeline's state machine.</param>
/// <param name="MaxUploadsPerDay">The pipeline's daily cap, when the outputs hold it (outputs of an older deploy may not).</param>
public sealed record LabOutputs(string LakeBucket, string StateMachineArn, int? MaxUploadsPerDay = null)
{
    /// <summary>The file <c>cdk deploy</c> writes, relative to the project folder.</summary>
    public const string DefaultFile = "cdk-outputs.json";

    /// <summary>
    /// Reads <paramref name="path"/>; <paramref name="labName"/> picks one lab when the file holds several. The file is
    /// <c>{ "stack": { "OutputKey": "value", ... }, ... }</c> with string values: any other shape is a one-line error.
    /// </summary>
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
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{path} is not the outputs cdk deploy writes (a JSON object of stacks): deploy again to rewrite it (npx cdk deploy --all).");
            }
            // The named output of the first matching stack that has it as a string; stacks of another shape are skipped.
            string? Find(string stackSuffix, string key) =>
                document.RootElement.EnumerateObject()
                    .Where(stack => stack.Name.EndsWith(stackSuffix, StringComparison.Ordinal) && (labName is null || stack.Name == labName + stackSuffix))
                    .Select(stack => stack.Value.ValueKind == JsonValueKind.Object && stack.Value.TryGetProperty(key, out var value)
                        && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
                    .FirstOrDefault(value => value is { Length: > 0 });
            string Output(string stackSuffix, string key, string module) => Find(stackSuffix, key)
                ?? throw new CliException($"{path} has no {key} of a {labName ?? "<lab>"}{stackSuffix} stack: deploy the {module} module " +
                    $"(npx cdk deploy {labName ?? "mllab"}{stackSuffix}){(labName is null ? ", or pass --lab NAME" : "")}.");
            var cap = int.TryParse(Find("-AiPipeline", "MaxUploadsPerDay"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : (int?)null;
            return new LabOutputs(Output("-DataLake", "LakeBucketName", "datalake"), Output("-AiPipeline", "StateMachineArn", "pipeline"), cap);
        }
    }
}
