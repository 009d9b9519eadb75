
namespace LabStack.Tests;

/// <summary>
/// The tests' one set of template helpers: expected fragments for Amazon.CDK.Assertions built from JSON text (which
/// reads like the template), and queries over a synthesized template file (<see cref="SynthesizedLab.TemplateJson(string)"/>):
/// its resources, a resource's logical id, a policy's statements and their actions.
/// </summary>
public static class Expect
{
    /// <summary>Parses JSON into dictionaries, arrays and scalars the jsii matchers accept.</summary>
    public static IDictionary<string, object> Json(string json) => (IDictionary<string, object>)ToPlain(JsonNode.Parse(json))!;

    /// <summary>The plain .NET form of a JSON node.</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)!),
        JsonArray a => a.Select(ToPlain).ToArray(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        JsonValue v => v.GetValue<string>(),
        _ => throw new ArgumentException($"unexpected JSON node {node}"),
    };

    /// <summary>Properties of a resource returned by <c>Template.FindResources</c>.</summary>
    public static IDictionary<string, object> PropertiesOf(IDictionary<string, object> resource) =>
        (IDictionary<string, object>)resource["Properties"];

    /// <summary>A template's resources, by logical id.</summary>
    public static JsonObject Resources(this JsonObject template) => template["Resources"]!.AsObject();

    /// <summary>A template's outputs, by name.</summary>
    public static JsonObject Outputs(this JsonObject template) => template["Outputs"]!.AsObject();

    /// <summary>The resources of <paramref name="type"/> whose logical ids start with <paramref name="prefix"/>.</summary>
    public static IEnumerable<(string Id, JsonObject Resource)> ResourcesOf(this JsonObject template, string type, string prefix = "") =>
        template.Resources()
            .Where(r => (string?)r.Value!["Type"] == type && r.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>
    /// The logical id of the one resource of <paramref name="type"/> whose id starts with <paramref name="prefix"/>
    /// (the only one of its type when empty).
    /// </summary>
    public static string Id(this JsonObject template, string type, string prefix = "") => template.ResourcesOf(type, prefix).Single().Id;

    /// <summary>
    /// The one resource of <paramref name="type"/> whose logical id starts with <paramref name="prefix"/> (the only one of
    /// its type when empty).
    /// </summary>
    public static JsonObject Resource(this JsonObject template, string type, string prefix = "") => template.ResourcesOf(type, prefix).Single().Resource;

    /// <summary>The properties of <see cref="Resource"/>.</summary>
    public static JsonObject Properties(this JsonObject template, string type, string prefix = "") =>
        template.Resource(type, prefix)["Properties"]!.AsObject();

    /// <summary>The statements of the one IAM policy whose logical id starts with <paramref name="policyPrefix"/>.</summary>
    public static List<JsonObject> PolicyStatements(this JsonObject template, string policyPrefix) =>
        template.Properties("AWS::IAM::Policy", policyPrefix)["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();

    /// <summary>The actions of an IAM statement (a string or a list in the template), sorted as the CDK writes lists.</summary>
    public static List<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray many => many.Select(a => (string)a!).Order(StringComparer.Ordinal).ToList(),
        var one => [(string)one!],
    };

    /// <summary>A value the template writes as one item or a list (an IAM statement's Resource), as a list.</summary>
    public static IReadOnlyList<JsonNode> AsList(JsonNode? node) => node is JsonArray array ? array.Select(n => n!).ToList() : [node!];

    /// <summary>
    /// Every resource (of <paramref name="type"/>, when given) of every stack of <paramref name="synthesized"/>, with its
    /// stack's name and template.
    /// </summary>
    public static IEnumerable<(string Stack, string Id, JsonObject Resource, JsonObject Template)> AllResources(
        this SynthesizedLab synthesized, string? type = null) =>
        synthesized.Stacks.All.SelectMany(stack =>
        {
            var template = synthesized.TemplateJson(stack.StackName);
            return template.Resources().Where(r => type is null || (string?)r.Value!["Type"] == type)
                .Select(r => (stack.StackName, r.Key, r.Value!.AsObject(), template));
        });

    /// <summary>Every output of every stack of <paramref name="synthesized"/>, with its stack's name.</summary>
    public static IEnumerable<(string Stack, string Name, JsonObject Output)> AllOutputs(this SynthesizedLab synthesized) =>
        synthesized.Stacks.All.SelectMany(stack => (synthesized.TemplateJson(stack.StackName)["Outputs"]?.AsObject() ?? [])
            .Select(o => (stack.StackName, o.Key, o.Value!.AsObject())));

    /// <summary>The cdk-nag suppressions in a resource's metadata (<c>rules_to_suppress</c>), none when it has none.</summary>
    public static IEnumerable<JsonObject> NagSuppressions(this JsonObject resource) =>
        resource["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray().Select(r => r!.AsObject()) ?? [];
}
