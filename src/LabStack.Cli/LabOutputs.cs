using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabStack.Cli;

/// <summary>
/// The outputs file <c>cdk deploy</c> writes (cdk.json's <c>outputsFile</c>: <c>cdk-outputs.json</c>),
/// <c>{ "stack": { "OutputKey": "value", ... }, ... }</c> with string values. Any other shape is a one-line error; a
/// stack or value of another shape reads as absent. Every command reads its outputs through it.
/// </summary>
public sealed class OutputsFile
{
    private readonly JsonObject stacks;

    private OutputsFile(string path, string? labName, JsonObject stacks) => (Path, LabName, this.stacks) = (path, labName, stacks);

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>The lab <c>--lab</c> picked, or null for any.</summary>
    public string? LabName { get; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="labName"/> picks one lab when the file holds several.</summary>
    public static OutputsFile Load(string path, string? labName)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"No deploy outputs at {path}: deploy the lab first (npx cdk deploy --all writes them there), or pass --outputs FILE.");
        }
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            throw new CliException($"{path} is not valid JSON: deploy again to rewrite it (npx cdk deploy --all).");
        }
        return document is JsonObject stacks
            ? new OutputsFile(path, labName, stacks)
            : throw new CliException($"{path} is not the outputs cdk deploy writes (a JSON object of stacks): deploy again to rewrite it (npx cdk deploy --all).");
    }

    /// <summary>The names of the stacks ending in <paramref name="stackSuffix"/> (of <see cref="LabName"/>'s lab, when set).</summary>
    public IReadOnlyList<string> Stacks(string stackSuffix) =>
        stacks.Where(stack => stack.Key.EndsWith(stackSuffix, StringComparison.Ordinal) && (LabName is null || stack.Key == LabName + stackSuffix))
            .Select(stack => stack.Key).ToList();

    /// <summary>The output <paramref name="key"/> of the first such stack that has it as a non-empty string, or null.</summary>
    public string? Find(string stackSuffix, string key) =>
        Stacks(stackSuffix).Select(name => stacks[name] is JsonObject outputs && outputs[key] is JsonValue value
            && value.GetValueKind() == JsonValueKind.String ? (string?)value : null).FirstOrDefault(value => value is { Length: > 0 });

    /// <summary>As <see cref="Find"/>, or a one-line error saying which module to deploy.</summary>
    public string Require(string stackSuffix, string key, string module) => Find(stackSuffix, key)
        ?? throw new CliException($"{Path} has no {key} of a {LabName ?? "<lab>"}{stackSuffix} stack: deploy the {module} module " +
            $"(npx cdk deploy {LabName ?? "mllab"}{stackSuffix}){(LabName is null ? ", or pass --lab NAME" : "")}.");
}

/// <summary>What <c>analyze</c>, <c>runs</c> and <c>verify</c> need of a deployed lab: its lake and its pipeline.</summary>
/// <param name="LakeBucket">The lake bucket's name.</param>
/// <param name="StateMachineArn">The AI pipeline's state machine.</param>
/// <param name="MaxUploadsPerDay">The pipeline's daily cap, when the outputs hold it (outputs of an older deploy may not).</param>
public sealed record LabOutputs(string LakeBucket, string StateMachineArn, int? MaxUploadsPerDay = null)
{
    /// <summary>The file <c>cdk deploy</c> writes, relative to the project folder.</summary>
    public const string DefaultFile = "cdk-outputs.json";

    /// <summary>Reads the lake's and the pipeline's outputs from <paramref name="path"/> (see <see cref="OutputsFile"/>).</summary>
    public static LabOutputs Read(string path, string? labName)
    {
        var file = OutputsFile.Load(path, labName);
        var cap = int.TryParse(file.Find("-AiPipeline", "MaxUploadsPerDay"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : (int?)null;
        return new LabOutputs(file.Require("-DataLake", "LakeBucketName", "datalake"), file.Require("-AiPipeline", "StateMachineArn", "pipeline"), cap);
    }
}
