using System.Globalization;
using System.Text.RegularExpressions;

namespace LabStack.Configuration;

/// <summary>
/// One lab setting: its context key, its default and what is allowed, written once for the error message. The
/// defaults live here, not in cdk.json: the CDK CLI prefers cdk.json to cdk.context.json, so a default written there
/// would hide the learner's lasting choice. Modules declare their settings beside their stack; nothing else reads context.
/// </summary>
public abstract class Setting(string key, string allowed)
{
    /// <summary>The context key (<c>-c key=value</c>).</summary>
    public string Key { get; } = key;

    /// <summary>What is allowed, as the error says it (<c>expected ...</c>).</summary>
    public string Allowed { get; } = allowed;

    /// <summary>The default as a context file (cdk.context.json) would write it: text, number or boolean.</summary>
    public abstract object DefaultAsJson { get; }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Setting<int> Int(string key, int fallback, int min, int max, string unit) =>
        new(key, fallback, fallback, $"expected a whole number of {unit} from {min} to {max}",
            raw => WholeNumber(raw) is int value && value >= min && value <= max ? value : throw new FormatException());

    /// <summary>A whole number from a fixed set.</summary>
    public static Setting<int> IntOneOf(string key, int fallback, IReadOnlyList<int> allowed, string unit) =>
        new(key, fallback, fallback, $"expected one of {string.Join(", ", allowed)} {unit}",
            raw => WholeNumber(raw) is int value && allowed.Contains(value) ? value : throw new FormatException());

    /// <summary>A number from 0 to 1 (a fraction, a probability, an AUC), written with a dot.</summary>
    public static Setting<double> Fraction(string key, double fallback, string unit) =>
        new(key, fallback, fallback, $"expected a number of {unit} from 0 to 1, written with a dot (0.75)",
            raw => Number(raw) is double value && value >= 0 && value <= 1 ? value : throw new FormatException());

    /// <summary>true or false (any case, from the command line).</summary>
    public static Setting<bool> Bool(string key, bool fallback) =>
        new(key, fallback, fallback, "expected true or false", raw => raw switch
        {
            bool b => b,
            string s when s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            string s when s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new FormatException(),
        });

    /// <summary>Text matching <paramref name="pattern"/>.</summary>
    public static Setting<string> Text(string key, string fallback, Regex pattern, string allowed) =>
        new(key, fallback, fallback, allowed, raw => Trimmed(raw) is string s && pattern.IsMatch(s) ? s : throw new FormatException());

    /// <summary>One of a fixed list of texts.</summary>
    public static Setting<string> OneOf(string key, string fallback, IReadOnlyList<string> allowed) =>
        new(key, fallback, fallback, $"expected one of {string.Join(", ", allowed)}",
            raw => Trimmed(raw) is string s && allowed.Contains(s) ? s : throw new FormatException());

    /// <summary>A closed choice: the enum's member names, lowercased, are the allowed texts.</summary>
    public static Setting<TEnum> Choice<TEnum>(string key, TEnum fallback) where TEnum : struct, Enum
    {
        var names = Enum.GetValues<TEnum>().ToDictionary(v => v.ToString().ToLowerInvariant());
        return new(key, fallback, fallback.ToString().ToLowerInvariant(), $"expected one of {string.Join(", ", names.Keys)}",
            raw => Trimmed(raw) is string s && names.TryGetValue(s, out var value) ? value : throw new FormatException());
    }

    /// <summary>
    /// An instance type <c>{prefix}family.size</c> from the lists given (the lists are the only place they are written);
    /// when <paramref name="offered"/> is given (the service's API model), only the combinations it lists.
    /// </summary>
    public static Setting<string> InstanceType(string key, string fallback, string prefix, IReadOnlyList<string> families, IReadOnlyList<string> sizes,
        string note = "", IReadOnlyCollection<string>? offered = null)
    {
        var allowed = families.SelectMany(family => sizes.Select(size => $"{prefix}{family}.{size}"))
            .Where(type => offered is null || offered.Contains(type)).ToList();
        var description = offered is null
            ? $"expected {prefix}<family>.<size> with family {string.Join(", ", families)} and size {List(sizes)}{note}"
            : $"expected one of {List(allowed)}{note}";
        return new(key, fallback, fallback, description, raw => Trimmed(raw) is string s && allowed.Contains(s) ? s : throw new FormatException());
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count < 2 ? string.Join("", items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";

    private static string? Trimmed(object raw) => raw is string s ? s.Trim() : null;

    private static double? Number(object raw) => raw switch
    {
        double d when double.IsFinite(d) => d,
        int i => i,
        long l => l,
        string s when double.TryParse(s.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static int? WholeNumber(object raw) => raw switch
    {
        double d when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue => (int)d,
        int i => i,
        long l when l >= int.MinValue && l <= int.MaxValue => (int)l,
        string s when int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}

/// <summary>A setting whose value is a <typeparamref name="T"/>.</summary>
public sealed class Setting<T>(string key, T fallback, object defaultAsJson, string allowed, Func<object, T> parse) : Setting(key, allowed)
    where T : notnull
{
    /// <summary>The value when the context does not set the key.</summary>
    public T Default { get; } = fallback;

    /// <inheritdoc/>
    public override object DefaultAsJson { get; } = defaultAsJson;

    /// <summary>The value in <paramref name="context"/>; throws <see cref="SettingsException"/> naming what is allowed.</summary>
    public T Read(Func<string, object?> context)
    {
        var raw = context(Key);
        if (raw is null)
        {
            return Default;
        }
        try
        {
            return parse(raw);
        }
        catch (FormatException)
        {
            throw new SettingsException(Key, raw, Allowed);
        }
    }
}
