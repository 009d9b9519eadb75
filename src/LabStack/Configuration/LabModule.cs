namespace LabStack.Configuration;

/// <summary>A deployable part of the lab; each one becomes its own stack.</summary>
public enum LabModule
{
    DataLake,
    Streaming,
    Emr,
    SageMaker,
    Pipeline,
}

/// <summary>Module keys as users type them, stack names, and which modules need which.</summary>
public static class LabModules
{
    /// <summary>Every module, in deployment order (dependencies first).</summary>
    public static IReadOnlyList<LabModule> All { get; } = Enum.GetValues<LabModule>();

    /// <summary>The key used in <c>-c modules=...</c>.</summary>
    public static string Key(this LabModule module) => module switch
    {
        LabModule.DataLake => "datalake",
        LabModule.Streaming => "streaming",
        LabModule.Emr => "emr",
        LabModule.SageMaker => "sagemaker",
        LabModule.Pipeline => "pipeline",
        _ => throw new ArgumentOutOfRangeException(nameof(module)),
    };

    /// <summary>The stack name suffix: the stack is <c>{labName}-{suffix}</c>.</summary>
    public static string StackSuffix(this LabModule module) => module switch
    {
        LabModule.DataLake => "DataLake",
        LabModule.Streaming => "Streaming",
        LabModule.Emr => "Emr",
        LabModule.SageMaker => "SageMaker",
        LabModule.Pipeline => "AiPipeline",
        _ => throw new ArgumentOutOfRangeException(nameof(module)),
    };

    /// <summary>The modules this one reads from or writes into; they are deployed with it.</summary>
    public static IReadOnlyList<LabModule> Needs(this LabModule module) =>
        module == LabModule.DataLake ? [] : [LabModule.DataLake];

    /// <summary>Finds a module by its key, or null when the key is unknown.</summary>
    public static LabModule? FromKey(string key) =>
        All.Cast<LabModule?>().FirstOrDefault(m => m!.Value.Key() == key);
}
