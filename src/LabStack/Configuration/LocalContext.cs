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
        var context = ReadCdkJson(cdkJsonPath);

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

    /// <summary>
    /// The context the CDK CLI passed to this process: the JSON in <c>CDK_CONTEXT_JSON</c>, or in the file named by
    /// <c>CONTEXT_OVERFLOW_LOCATION_ENV</c> when the CLI found it too large for an environment variable.
    /// </summary>
    public static IReadOnlyCollection<string> KeysFromCli()
    {
        var overflow = Environment.GetEnvironmentVariable("CONTEXT_OVERFLOW_LOCATION_ENV");
        var json = overflow is not null && File.Exists(overflow) ? File.ReadAllText(overflow) : Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON");
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.EnumerateObject().Select(p => p.Name).ToList() : [];
    }

    private static Dictionary<string, object> ReadCdkJson(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException error)
        {
            throw new SettingsException("cdk.json", $"Cannot read cdk.json ({path}): {error.Message}");
        }
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!document.RootElement.TryGetProperty("context", out var section))
            {
                return [];
            }
            return section.ValueKind == JsonValueKind.Object
                ? section.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)!)
                : throw new SettingsException("context", $"Invalid cdk.json: \"context\" is {section.ValueKind.ToString().ToLowerInvariant()}; expected an object of settings.");
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is long line ? $" at line {line + 1}, column {error.BytePositionInLine + 1}" : "";
            throw new SettingsException("cdk.json", $"Invalid cdk.json: not valid JSON{where}; fix it or restore it with git checkout cdk.json.");
        }
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
