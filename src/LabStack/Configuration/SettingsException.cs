using System.Collections;

namespace LabStack.Configuration;

/// <summary>
/// A setting the lab cannot use. The message is one line naming the key, the value and what is
/// allowed; Program prints it alone (no stack trace) and exits non-zero.
/// </summary>
public sealed class SettingsException : Exception
{
    /// <summary>A bad value: "Invalid setting 'key': got 'value'; allowed."</summary>
    public SettingsException(string key, object? value, string allowed)
        : base($"Invalid setting '{key}': got '{Show(value)}'; {allowed}.") => Key = key;

    /// <summary>A settings source the lab cannot read (cdk.json itself): <paramref name="line"/> is the whole message, one line.</summary>
    public SettingsException(string key, string line) : base(line.ReplaceLineEndings(" ")) => Key = key;

    /// <summary>The context key that was wrong.</summary>
    public string Key { get; }

    /// <summary>A value as the learner wrote it: lists and objects from cdk.json as JSON, not as .NET type names.</summary>
    private static string Show(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IDictionary or IEnumerable => System.Text.Json.JsonSerializer.Serialize(value),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
