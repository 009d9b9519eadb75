using System.Text.Json.Nodes;

namespace LabStack.Tests;

/// <summary>Builds expected template fragments for Amazon.CDK.Assertions from JSON text, which reads like the template.</summary>
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

    /// <summary>The actions of an IAM statement (a string or a list in the template), sorted as the CDK writes lists.</summary>
    public static List<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray many => many.Select(a => (string)a!).Order(StringComparer.Ordinal).ToList(),
        var one => [(string)one!],
    };

    /// <summary>Properties of a resource returned by <c>Template.FindResources</c>.</summary>
    public static IDictionary<string, object> PropertiesOf(IDictionary<string, object> resource) =>
        (IDictionary<string, object>)resource["Properties"];
}

