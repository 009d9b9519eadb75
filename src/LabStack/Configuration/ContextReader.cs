using System.Globalization;
using System.Text.RegularExpressions;

namespace LabStack.Configuration;

/// <summary>
/// Reads raw CDK context values (strings from <c>-c key=value</c>, JSON values from cdk.json) as
/// typed values, throwing <see cref="SettingsException"/> with the allowed values on anything else.
/// </summary>
internal sealed class ContextReader(Func<string, object?> lookup)
{
    public string String(string key, string fallback) =>
        lookup(key) switch
        {
            null => fallback,
            string s => s.Trim(),
            var other => throw new SettingsException(key, other, "expected text"),
        };

    public string Matching(string key, string fallback, Regex pattern, string allowed)
    {
        var value = String(key, fallback);
        return pattern.IsMatch(value) ? value : throw new SettingsException(key, value, allowed);
    }

    public string OneOf(string key, string fallback, IReadOnlyList<string> allowed)
    {
        var value = String(key, fallback);
        return allowed.Contains(value) ? value : throw new SettingsException(key, value, $"expected one of {string.Join(", ", allowed)}");
    }

    /// <summary>A SageMaker instance type such as ml.t3.medium, of one of <paramref name="families"/>.</summary>
    public string InstanceType(string key, string fallback, IReadOnlyList<string> families)
    {
        var value = String(key, fallback);
        var parts = value.Split('.');
        var sizes = new[] { "medium", "large", "xlarge", "2xlarge", "4xlarge" };
        return parts.Length == 3 && parts[0] == "ml" && families.Contains(parts[1]) && sizes.Contains(parts[2])
            ? value
            : throw new SettingsException(key, value,
                $"expected ml.<family>.<size> with family {string.Join(", ", families)} and size {string.Join(", ", sizes)} (CPU only)");
    }

    public bool Bool(string key, bool fallback) =>
        lookup(key) switch
        {
            null => fallback,
            bool b => b,
            string s when s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            string s when s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            var other => throw new SettingsException(key, other, "expected true or false"),
        };

    public int IntOneOf(string key, int fallback, int[] allowed, string unit)
    {
        var value = Int(key, fallback, allowed.Min(), allowed.Max(), unit);
        return allowed.Contains(value) ? value : throw new SettingsException(key, value, $"expected one of {string.Join(", ", allowed)} {unit}");
    }

    public int Int(string key, int fallback, int min, int max, string unit)
    {
        var raw = lookup(key);
        var allowed = $"expected a whole number of {unit} from {min} to {max}";
        int value = raw switch
        {
            null => fallback,
            double d when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue => (int)d,
            int i => i,
            long l when l >= int.MinValue && l <= int.MaxValue => (int)l,
            string s when int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new SettingsException(key, raw, allowed),
        };
        return value >= min && value <= max ? value : throw new SettingsException(key, raw, allowed);
    }
}
