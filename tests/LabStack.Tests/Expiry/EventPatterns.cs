using System.Text.Json.Nodes;

namespace LabStack.Tests.Expiry;

/// <summary>
/// EventBridge's matching of an event pattern, for the operators the lab's rules use: a list of alternatives, each an
/// exact value or a <c>prefix</c> (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
/// Any other operator fails the test rather than being guessed at. No npm package matches patterns offline, and AWS's own
/// matcher (event-ruler) is Java.
/// </summary>
public static class EventPatterns
{
    /// <summary>The pattern with <c>Fn::Join</c> and the partition, region and account references resolved.</summary>
    public static JsonNode Resolve(JsonNode pattern, string partition, string region, string account) => pattern switch
    {
        JsonObject { Count: 1 } o when o["Ref"] is JsonValue reference => JsonValue.Create((string)reference! switch
        {
            "AWS::Partition" => partition,
            "AWS::Region" => region,
            "AWS::AccountId" => account,
            var other => throw new NotSupportedException($"reference {other} in an event pattern"),
        }),
        JsonObject { Count: 1 } o when o["Fn::Join"] is JsonArray join =>
            JsonValue.Create(string.Join((string)join[0]!, join[1]!.AsArray().Select(p => (string)Resolve(p!, partition, region, account)!))),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Resolve(p.Value!, partition, region, account)))),
        JsonArray a => new JsonArray(a.Select(item => (JsonNode?)Resolve(item!, partition, region, account)).ToArray()),
        _ => pattern.DeepClone(),
    };

    /// <summary>Whether <paramref name="pattern"/> (resolved) matches <paramref name="event"/>.</summary>
    public static bool Matches(JsonNode pattern, JsonNode? @event) => pattern switch
    {
        JsonObject fields => fields.All(field => @event is JsonObject e && Matches(field.Value!, e[field.Key])),
        JsonArray alternatives => @event is JsonValue value && alternatives.Any(alternative => MatchesOne(alternative!, (string)value!)),
        _ => throw new NotSupportedException($"pattern value {pattern.ToJsonString()}: a field's pattern is an object or a list"),
    };

    private static bool MatchesOne(JsonNode alternative, string value) => alternative switch
    {
        JsonValue exact => (string)exact! == value,
        JsonObject { Count: 1 } o when o["prefix"] is JsonValue prefix => value.StartsWith((string)prefix!, StringComparison.Ordinal),
        _ => throw new NotSupportedException($"operator {alternative.ToJsonString()}: add it to the matcher from EventBridge's documentation"),
    };
}
