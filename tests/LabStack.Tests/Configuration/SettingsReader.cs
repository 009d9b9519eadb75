using LabStack.Configuration;

namespace LabStack.Tests.Configuration;

/// <summary>The lab's settings from a context of <c>key = value</c> pairs, as synthesis reads them (no jsii).</summary>
public static class SettingsReader
{
    /// <summary>Reads and validates the settings; a bad value throws <see cref="SettingsException"/>.</summary>
    public static LabSettings Read(params (string Key, object Value)[] context)
    {
        var values = context.ToDictionary(c => c.Key, c => c.Value);
        return LabSettings.FromContext(key => values.GetValueOrDefault(key));
    }
}
