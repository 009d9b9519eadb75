using System.Text.RegularExpressions;
using LabStack.Configuration;

namespace LabStack;

/// <summary>
/// Every setting of the lab, read once from CDK context (defaults in the <see cref="Setting"/>s, lasting choices in
/// cdk.context.json, one run's with <c>-c key=value</c>)
/// and validated: the lab-wide ones here, each module's in its own record (<see cref="LabModule.Settings"/>).
/// Constructs receive these values as props; nothing else reads context.
/// </summary>
public sealed class LabSettings
{
    /// <summary><c>labName</c>: prefix of every stack name and value of the <c>lab</c> tag.</summary>
    /// <remarks>
    /// The lab's notebooks name what they make <c>{labName}--nb-...</c> and the lab deletes by that prefix: with no
    /// <c>--</c> in any lab's name, no other lab's names (<c>{other}-...</c>) can start with it.
    /// </remarks>
    public static readonly Setting<string> LabNameSetting = Setting.Text("labName", "mllab", new Regex(@"^(?!xn--|sthree-|amzn-s3-demo-)(?!.*--)[a-z][a-z0-9-]{1,18}[a-z0-9]\z"),
        "expected 3 to 20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen, " +
        "and not starting with xn--, sthree- or amzn-s3-demo- (S3 reserves those prefixes, and bucket names begin with the lab's name), " +
        "with no -- anywhere (-- separates the lab's name from the names its notebooks make: <labName>--nb-...)");

    /// <summary><c>modules</c>: which modules to synthesize.</summary>
    public static readonly Setting<IReadOnlyList<LabModule>> ModulesSetting = new("modules", LabModules.Default, "all",
        $"expected 'all' (every module but {string.Join(", ", LabModules.All.Where(m => m.OptIn).Select(m => m.Key))}, selected only by name) " +
        $"or a comma-separated list of all, {string.Join(", ", LabModules.All.Select(m => m.Key))}", ParseModules);

    private readonly IReadOnlyDictionary<LabModule, object> moduleSettings;

    private LabSettings(string labName, IReadOnlyList<LabModule> modules, IReadOnlyDictionary<LabModule, object> moduleSettings)
    {
        (LabName, Modules, this.moduleSettings) = (labName, modules, moduleSettings);
    }

    /// <summary>Prefix of every stack name and value of the <c>lab</c> tag.</summary>
    public string LabName { get; }

    /// <summary>The modules to synthesize, dependencies included, in deployment order.</summary>
    public IReadOnlyList<LabModule> Modules { get; }

    /// <summary>Every setting the lab reads: lab-wide first, then each module's.</summary>
    public static IReadOnlyList<Setting> Definitions { get; } = [LabNameSetting, ModulesSetting, .. LabModules.All.SelectMany(m => m.Settings)];

    /// <summary>A module's settings record (read even when the module is not selected, so every value is validated).</summary>
    public object For(LabModule module) => moduleSettings[module];

    /// <summary>The settings record of type <typeparamref name="T"/>.</summary>
    public T Of<T>() where T : class => moduleSettings.Values.OfType<T>().Single();

    /// <summary>Things worth telling the user that do not stop synthesis, from every module's settings.</summary>
    public IReadOnlyList<string> Warnings => LabModules.All.SelectMany(m => m.WarningsOf(For(m))).ToList();

    /// <summary>Reads and validates all settings; throws <see cref="SettingsException"/> on the first bad one.</summary>
    public static LabSettings FromContext(Func<string, object?> context)
    {
        var moduleSettings = LabModules.All.ToDictionary(m => m, m => m.ReadSettings(context));
        var settings = new LabSettings(LabNameSetting.Read(context), ModulesSetting.Read(context), moduleSettings);
        return settings.Modules.Select(m => m.SelectionError(settings)).FirstOrDefault(e => e is not null) is SettingsException error ? throw error : settings;
    }

    private static IReadOnlyList<LabModule> ParseModules(object raw)
    {
        var keys = (raw as string ?? throw new FormatException()).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var chosen = new HashSet<LabModule>();
        void Add(LabModule module)
        {
            if (chosen.Add(module))
            {
                foreach (var need in module.Needs)
                {
                    Add(need);
                }
            }
        }
        foreach (var key in keys.Select(k => k.ToLowerInvariant()))
        {
            foreach (var module in key == "all" ? LabModules.Default : [LabModules.FromKey(key) ?? throw new FormatException()])
            {
                Add(module);
            }
        }
        return chosen.Count == 0 ? throw new FormatException() : LabModules.All.Where(chosen.Contains).ToList();
    }
}
