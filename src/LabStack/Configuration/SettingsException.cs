using System.Collections;
using System.Globalization;
using System.Text;

namespace LabStack.Configuration;

/// <summary>
/// A setting the lab cannot use. The message is one line naming the key, the value and what is
/// allowed; Program prints it alone (no stack trace) and exits non-zero.
/// </summary>
public sealed class SettingsException : Exception
{
    /// <summary>A bad value: "Invalid setting 'key': got 'value'; allowed."</summary>
    public SettingsException(string key, object? value, string allowed)
        : base(OneLine($"Invalid setting '{key}': got '{Show(value)}'; {allowed}.")) => Key = key;

    /// <summary>A settings source the lab cannot read (cdk.json itself): <paramref name="line"/> is the whole message, one line.</summary>
    public SettingsException(string key, string line) : base(OneLine(line)) => Key = key;

    /// <summary>The context key that was wrong.</summary>
    public string Key { get; }

    /// <summary>
    /// The message with every control, format and line-separator character written as an escape (<c>\n</c>, <c>\u200B</c>):
    /// a value or key the learner typed with a newline or an invisible character stays on the error's one line, and shows
    /// what is really there.
    /// </summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                _ when char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return line.ToString();
    }

    /// <summary>A value as the learner wrote it: lists and objects from cdk.json as JSON, not as .NET type names.</summary>
    private static string Show(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IDictionary or IEnumerable => System.Text.Json.JsonSerializer.Serialize(value),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
