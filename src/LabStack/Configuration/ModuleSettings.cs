namespace LabStack.Configuration;

/// <summary>
/// A module's typed settings: a record beside the module's stack that declares its <see cref="Setting"/>s and reads
/// them. The registry reads every module's settings, selected or not, so a bad value always stops synthesis.
/// </summary>
public interface IModuleSettings<TSelf> where TSelf : IModuleSettings<TSelf>
{
    /// <summary>The settings this module reads, in the order the README lists them.</summary>
    static abstract IReadOnlyList<Setting> Definitions { get; }

    /// <summary>Reads and validates them; throws <see cref="SettingsException"/> on the first bad one.</summary>
    static abstract TSelf Read(Func<string, object?> context);

    /// <summary>Things worth telling the learner that do not stop synthesis.</summary>
    IReadOnlyList<string> Warnings => [];
}
