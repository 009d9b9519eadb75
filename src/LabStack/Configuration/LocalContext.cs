using System.Text.Json;

namespace LabStack.Configuration;

/// <summary>
/// The context the CDK CLI would pass: cdk.json's <c>context</c> plus <c>-c key=value</c> arguments.
/// Used when the app runs without the CLI (<c>dotnet run</c>, tests), so feature flags and defaults are
/// the same everywhere.
/// </summary>
public static class LocalContext
{
    /// <summary>Reads cdk.json's context and applies <c>-c key=value</c> / <c>--context key=value</c> overrides.</summary>
    public static Dictionary<string, object> Load(string cdkJsonPath, IEnumerable<string> args)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(cdkJsonPath));
        var context = document.RootElement.TryGetProperty("context", out var section)
            ? section.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)!)
            : [];

        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            if (arg.Current is not ("-c" or "--context"))
            {
                throw new SettingsException("arguments", arg.Current, "expected only -c key=value pairs");
            }
            var pair = arg.MoveNext() ? arg.Current : "";
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new SettingsException("-c", pair, "expected key=value");
            }
            context[pair[..equals]] = pair[(equals + 1)..];
        }
        return context;
    }

    private static object? ToPlain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(ToPlain).ToArray(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        _ => null,
    };
}
