using Amazon.CDK.AWS.Kinesis;
using LabStack.Configuration;

namespace LabStack;

/// <summary>Where a module's stack is created, and what the modules it needs have shared.</summary>
public sealed class ModuleScope(App app, string stackName, string description, LabSettings lab, SharedLake? lake,
    IReadOnlyList<LabModuleStack> built)
{
    /// <summary>The app the stack goes into.</summary>
    public App App { get; } = app;

    /// <summary>The stack's name: <c>{labName}-{suffix}</c>.</summary>
    public string StackName { get; } = stackName;

    /// <summary>The stack's CloudFormation description.</summary>
    public string Description { get; } = description;

    /// <summary>The lab's name (prefix of stack and resource names).</summary>
    public string LabName => Lab.LabName;

    /// <summary>Every setting of the lab, for a module that depends on another module's settings.</summary>
    public LabSettings Lab { get; } = lab;

    /// <summary>The lake, for modules that need <c>datalake</c> (the registry always creates needed modules first).</summary>
    public SharedLake Lake => lake ?? throw new InvalidOperationException($"{StackName} needs the datalake module, which is created before it");

    /// <summary>The stack of a module this one needs (the registry creates needed modules first).</summary>
    public T Needed<T>() where T : LabModuleStack =>
        built.OfType<T>().SingleOrDefault() ?? throw new InvalidOperationException($"{StackName} needs {typeof(T).Name}, which is created before it");

    /// <summary>The Kinesis stream, for modules that need <c>streaming</c>.</summary>
    public IStream Stream => Needed<Streaming.StreamingStack>().Shared;

    /// <summary>The props of a module's stack: its description, the lab's name and <paramref name="settings"/>.</summary>
    public ModuleStackProps<TSettings> Props<TSettings>(TSettings settings) where TSettings : class =>
        new() { Description = Description, LabName = LabName, Settings = settings };

    /// <summary>The props of the stack of a module that needs the lake.</summary>
    public LakeModuleStackProps<TSettings> PropsWithLake<TSettings>(TSettings settings) where TSettings : class =>
        new() { Description = Description, LabName = LabName, Settings = settings, Lake = Lake };
}

/// <summary>
/// A deployable part of the lab, declared once in <see cref="LabModules"/>: its key, its stack, the modules it needs,
/// its settings and how its stack is created. Selection, stack names, the summary and the tests all go through it.
/// </summary>
public sealed class LabModule
{
    private readonly Func<Func<string, object?>, object> readSettings;
    private readonly Func<object, IReadOnlyList<string>> warnings;
    private readonly Func<ModuleScope, object, LabModuleStack> create;
    private readonly Func<LabSettings, SettingsException?> whenSelected;

    private LabModule(string key, string stackSuffix, string summary, IReadOnlyList<LabModule> needs, IReadOnlyList<Setting> settings,
        Func<Func<string, object?>, object> readSettings, Func<object, IReadOnlyList<string>> warnings, Func<ModuleScope, object, LabModuleStack> create,
        bool optIn = false, Func<LabSettings, SettingsException?>? whenSelected = null)
    {
        (Key, StackSuffix, Summary, Needs, Settings, OptIn) = (key, stackSuffix, summary, needs, settings, optIn);
        (this.readSettings, this.warnings, this.create) = (readSettings, warnings, create);
        this.whenSelected = whenSelected ?? (_ => null);
    }

    /// <summary>
    /// Selected only by its key, never by <c>modules=all</c> (nor by default): for a module that needs a setting the
    /// defaults leave empty, or makes something account-wide that may already exist.
    /// </summary>
    public bool OptIn { get; }

    /// <summary>
    /// This module, selected only by its key (<see cref="OptIn"/>), and refused when selected with settings
    /// <paramref name="check"/> finds wrong (it returns the one-line error, or null).
    /// </summary>
    public LabModule OptedInWhen(Func<LabSettings, SettingsException?> check) =>
        new(Key, StackSuffix, Summary, Needs, Settings, readSettings, warnings, create, optIn: true, whenSelected: check);

    /// <summary>The error selecting this module with <paramref name="lab"/>'s settings is, or null.</summary>
    public SettingsException? SelectionError(LabSettings lab) => whenSelected(lab);

    /// <summary>The key in <c>-c modules=...</c>.</summary>
    public string Key { get; }

    /// <summary>The stack is <c>{labName}-{StackSuffix}</c>.</summary>
    public string StackSuffix { get; }

    /// <summary>What the module holds, for the stack's description.</summary>
    public string Summary { get; }

    /// <summary>Modules this one reads from or writes into; they are selected and created with it, first.</summary>
    public IReadOnlyList<LabModule> Needs { get; }

    /// <summary>The settings the module reads.</summary>
    public IReadOnlyList<Setting> Settings { get; }

    /// <summary>Declares a module whose settings are <typeparamref name="TSettings"/>.</summary>
    public static LabModule Define<TSettings>(string key, string stackSuffix, string summary,
        Func<ModuleScope, TSettings, LabModuleStack> create, params LabModule[] needs)
        where TSettings : class, IModuleSettings<TSettings> =>
        new(key, stackSuffix, summary, needs, TSettings.Definitions, context => TSettings.Read(context),
            settings => ((IModuleSettings<TSettings>)settings).Warnings, (scope, settings) => create(scope, (TSettings)settings));

    /// <summary>The module's stack name in a lab called <paramref name="labName"/>.</summary>
    public string StackName(string labName) => $"{labName}-{StackSuffix}";

    /// <summary>Reads and validates the module's settings.</summary>
    public object ReadSettings(Func<string, object?> context) => readSettings(context);

    /// <summary>What the module's settings want the learner to know.</summary>
    public IReadOnlyList<string> WarningsOf(object settings) => warnings(settings);

    /// <summary>Creates the module's stack.</summary>
    public LabModuleStack CreateStack(ModuleScope scope, object settings) => create(scope, settings);

    /// <inheritdoc/>
    public override string ToString() => Key;
}
