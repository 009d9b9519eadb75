namespace LabStack.Configuration;

/// <summary>
/// Context keys that are neither a lab setting nor the CDK's own: a misspelled setting (<c>budgetUSD</c>,
/// <c>modulez</c>) would otherwise be ignored, and the learner would believe it applied. The CDK's keys are namespaced
/// (they contain ':' or start with '@', as every feature flag in cdk.json does), except the CLI's
/// <c>acknowledged-issue-numbers</c>.
/// </summary>
public static class ContextKeys
{
    private static readonly HashSet<string> CliKeys = ["acknowledged-issue-numbers"];

    /// <summary>Throws a one-line <see cref="SettingsException"/> for the first key of <paramref name="keys"/> that is not known.</summary>
    public static void RejectUnknown(IEnumerable<string> keys, IReadOnlyList<Setting> settings)
    {
        var known = settings.Select(s => s.Key).ToList();
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (key.Contains(':') || key.StartsWith('@') || CliKeys.Contains(key) || known.Contains(key))
            {
                continue;
            }
            var nearest = known.MinBy(k => Distance(key.ToLowerInvariant(), k.ToLowerInvariant()))!;
            var hint = Distance(key.ToLowerInvariant(), nearest.ToLowerInvariant()) <= Math.Max(2, nearest.Length / 3)
                ? $"did you mean '{nearest}'?"
                : $"the settings are {string.Join(", ", known)}";
            throw new SettingsException(key, $"Unknown setting '{key}'; {hint} (README, \"Settings\")");
        }
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions from one to the other.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
