
namespace LabStack.Tests;

/// <summary>State machine definitions read from a synthesized template, for assertions on their states.</summary>
public static class StateMachineDefinitions
{
    /// <summary>
    /// The definition of the template's state machine whose logical id starts with <paramref name="logicalIdPrefix"/>
    /// (the only one when empty); CloudFormation intrinsics in it read <c>&lt;intrinsic&gt;</c>.
    /// </summary>
    public static JsonObject Read(JsonObject template, string logicalIdPrefix = "")
    {
        var parts = template.Properties("AWS::StepFunctions::StateMachine", logicalIdPrefix)["DefinitionString"]!["Fn::Join"]![1]!.AsArray();
        return JsonNode.Parse(string.Concat(parts.Select(p => p is JsonValue v ? (string)v! : "<intrinsic>")))!.AsObject();
    }

    /// <summary>Every state, those in Parallel branches and Map processors included.</summary>
    public static IEnumerable<(string Name, JsonObject State)> AllStates(JsonObject machine)
    {
        foreach (var (name, node) in machine["States"]!.AsObject())
        {
            var state = node!.AsObject();
            yield return (name, state);
            foreach (var branch in state["Branches"]?.AsArray() ?? [])
            {
                foreach (var inner in AllStates(branch!.AsObject())) yield return inner;
            }
            if (state["ItemProcessor"] is JsonObject processor)
            {
                foreach (var inner in AllStates(processor)) yield return inner;
            }
        }
    }
}
