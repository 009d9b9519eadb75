using System.Text.Json;

namespace LabStack.Configuration;

/// <summary>
/// One JSON file the pinned CDK CLI reads context from (its <c>loadConfigFiles</c>): cdk.json and ~/.cdk.json hold it
/// in a <c>context</c> section, cdk.context.json is all context. <see cref="Read"/> is the one loader for all three,
/// under <c>dotnet run</c> and under the CLI alike.
/// </summary>
/// <param name="Name">The file as the learner knows it (<c>cdk.json</c>, <c>cdk.context.json</c>, <c>~/.cdk.json</c>).</param>
/// <param name="Path">Where it is.</param>
/// <param name="Required">Whether a missing file is an error (cdk.json under <c>dotnet run</c>: it holds the app command).</param>
/// <param name="InContextSection">Whether the context is the file's <c>context</c> section rather than the whole file.</param>
public sealed record ContextFile(string Name, string Path, bool Required, bool InContextSection)
{
    /// <summary>
    /// The file's context values, as strictly as the CLI's <c>JSON.parse</c> reads it (no comments, no trailing commas),
    /// and stricter where the CLI is silent: the root must be an object, no key may be written twice (the CLI would
    /// keep the last one without a word) and no value may be null (the CLI would pass it on, and the app would use the
    /// default instead). A missing optional file has no values. Every problem is a one-line <see cref="SettingsException"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Read(IReadOnlyList<Setting> settings)
    {
        if (Directory.Exists(Path))
        {
            throw Problem($"{Path} is a folder; expected a JSON file{Restore}");
        }
        if (!File.Exists(Path))
        {
            return Required ? throw Problem($"there is no {Path}; it holds the app command and the CDK feature flags{Restore}") : new Dictionary<string, object?>();
        }
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw Problem($"cannot read {Path} ({error.Message})");
        }
        var values = Parse(text);
        foreach (var (key, value) in values.Where(v => v.Value is null))
        {
            var setting = settings.FirstOrDefault(s => s.Key == key);
            throw setting is null
                ? new SettingsException(key, $"Invalid {Name}: \"{key}\" is null; give it a value, or leave the key out.")
                : new SettingsException(key, $"Invalid setting '{key}' in {Name}: got null; {setting.Allowed}; leave the key out for the default.");
        }
        return values;
    }

    private string Restore => Name == "cdk.json" ? "; restore it with git checkout cdk.json." : ".";

    private SettingsException Problem(string what) => new(Name, $"Invalid {Name}: {what}");

    private Dictionary<string, object?> Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Problem($"the file is {KindOf(root)}; expected a JSON object{Restore}");
            }
            RejectDuplicates(root, "");
            if (!InContextSection)
            {
                return Values(root);
            }
            if (!root.TryGetProperty("context", out var section))
            {
                return [];
            }
            return section.ValueKind == JsonValueKind.Object
                ? Values(section)
                : throw new SettingsException("context", $"Invalid {Name}: \"context\" is {KindOf(section)}; expected an object of settings.");
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is long line ? $" at line {line + 1}, column {error.BytePositionInLine + 1}" : "";
            throw Problem($"not valid JSON{where} (the CDK CLI reads it with JSON.parse: no comments, no trailing commas){Restore}");
        }
    }

    /// <summary>Throws for the first key written twice in any object of the file.</summary>
    private void RejectDuplicates(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                RejectDuplicates(item, where);
            }
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new SettingsException(property.Name, $"Invalid {Name}: \"{property.Name}\" is written twice{where}; " +
                    "the CDK CLI would silently use the last one: keep one.");
            }
            RejectDuplicates(property.Value, $" (in \"{property.Name}\")");
        }
    }

    private static Dictionary<string, object?> Values(JsonElement section) =>
        section.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value));

    private static string KindOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

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
