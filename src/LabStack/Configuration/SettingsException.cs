namespace LabStack.Configuration;

/// <summary>
/// A setting the lab cannot use. The message is one line naming the key, the value and what is
/// allowed; Program prints it alone (no stack trace) and exits non-zero.
/// </summary>
public sealed class SettingsException(string key, object? value, string allowed)
    : Exception($"Invalid setting '{key}': got '{value}'; {allowed}.")
{
    /// <summary>The context key that was wrong.</summary>
    public string Key { get; } = key;
}
