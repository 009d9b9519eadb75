using LabStack.Configuration;

namespace LabStack.SageMaker;

/// <summary>How the sentiment model is served.</summary>
public enum EndpointMode
{
    /// <summary>Serverless inference: billed per request, nothing while idle.</summary>
    Serverless,

    /// <summary>A real-time endpoint on an instance that bills every hour.</summary>
    Realtime,

    /// <summary>No endpoint.</summary>
    None,
}

/// <summary>Settings of the <c>sagemaker</c> module.</summary>
public sealed record SageMakerSettings : IModuleSettings<SageMakerSettings>
{
    /// <summary>Instance families offered for notebooks and real-time endpoints: CPU families a study lab needs (each API offers some of their sizes).</summary>
    public static IReadOnlyList<string> InstanceFamilies { get; } = ["t3", "m5", "m6i", "c5", "c6i", "r5"];

    /// <summary>Instance sizes offered.</summary>
    public static IReadOnlyList<string> InstanceSizes { get; } = ["medium", "large", "xlarge", "2xlarge", "4xlarge"];

    /// <summary>Serverless endpoint memory sizes SageMaker offers.</summary>
    public static IReadOnlyList<int> ServerlessMemorySizes { get; } = [1024, 2048, 3072, 4096, 5120, 6144];

    /// <summary><c>notebookInstanceType</c>.</summary>
    public static readonly Setting<string> NotebookInstanceTypeSetting = MlInstanceType("notebookInstanceType", "ml.t3.medium", SageMakerInstanceTypes.Notebook);

    /// <summary><c>notebookIdleMinutes</c>.</summary>
    public static readonly Setting<int> NotebookIdleMinutesSetting = Setting.Int("notebookIdleMinutes", 60, 10, 720, "minutes");

    /// <summary><c>notebookRootAccess</c>.</summary>
    public static readonly Setting<bool> NotebookRootAccessSetting = Setting.Bool("notebookRootAccess", false);

    /// <summary><c>endpointMode</c>.</summary>
    public static readonly Setting<EndpointMode> EndpointModeSetting = Setting.Choice("endpointMode", EndpointMode.Serverless);

    /// <summary><c>endpointMemoryMb</c>.</summary>
    public static readonly Setting<int> EndpointMemorySetting = Setting.IntOneOf("endpointMemoryMb", 3072, ServerlessMemorySizes, "megabytes (serverless memory sizes)");

    /// <summary><c>endpointInstanceType</c>.</summary>
    public static readonly Setting<string> EndpointInstanceTypeSetting = MlInstanceType("endpointInstanceType", "ml.m5.large", SageMakerInstanceTypes.Endpoint);

    /// <summary>Instance type of the SageMaker notebook (ml.family.size).</summary>
    public required string NotebookInstanceType { get; init; }

    /// <summary>Minutes without Jupyter activity after which the notebook stops itself.</summary>
    public required int NotebookIdleMinutes { get; init; }

    /// <summary>Whether notebook users get root (off by default).</summary>
    public required bool NotebookRootAccess { get; init; }

    /// <summary>How the sentiment model is served.</summary>
    public required EndpointMode EndpointMode { get; init; }

    /// <summary>Memory of the serverless endpoint.</summary>
    public required int EndpointMemoryMb { get; init; }

    /// <summary>Instance type of the real-time endpoint.</summary>
    public required string EndpointInstanceType { get; init; }

    /// <summary>Whether the context sets <c>endpointMemoryMb</c> (rather than leaving the default): only then can it contradict the mode.</summary>
    public bool EndpointMemoryGiven { get; init; }

    /// <summary>Whether the context sets <c>endpointInstanceType</c>.</summary>
    public bool EndpointInstanceTypeGiven { get; init; }

    /// <summary>
    /// A size given for the kind of endpoint the mode does not create (memory with realtime or none, an instance type
    /// with serverless or none) has no effect: say so with both keys, rather than drop the value without a word. A
    /// warning, not an error: a choice kept in cdk.context.json and a one-run <c>-c endpointMode=none</c> are a fair mix.
    /// </summary>
    public IReadOnlyList<string> Warnings =>
    [
        .. EndpointMemoryGiven && EndpointMode != EndpointMode.Serverless
            ? [$"endpointMemoryMb={EndpointMemoryMb} has no effect with endpointMode={Mode}: only a serverless endpoint has a memory size; " +
               "remove endpointMemoryMb, or set endpointMode=serverless"]
            : Array.Empty<string>(),
        .. EndpointInstanceTypeGiven && EndpointMode != EndpointMode.Realtime
            ? [$"endpointInstanceType={EndpointInstanceType} has no effect with endpointMode={Mode}: only a real-time endpoint runs on an instance; " +
               "remove endpointInstanceType, or set endpointMode=realtime"]
            : Array.Empty<string>(),
    ];

    private string Mode => EndpointMode.ToString().ToLowerInvariant();

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } =
        [NotebookInstanceTypeSetting, NotebookIdleMinutesSetting, NotebookRootAccessSetting, EndpointModeSetting, EndpointMemorySetting, EndpointInstanceTypeSetting];

    /// <inheritdoc/>
    public static SageMakerSettings Read(Func<string, object?> context) => new()
    {
        NotebookInstanceType = NotebookInstanceTypeSetting.Read(context),
        NotebookIdleMinutes = NotebookIdleMinutesSetting.Read(context),
        NotebookRootAccess = NotebookRootAccessSetting.Read(context),
        EndpointMode = EndpointModeSetting.Read(context),
        EndpointMemoryMb = EndpointMemorySetting.Read(context),
        EndpointInstanceType = EndpointInstanceTypeSetting.Read(context),
        EndpointMemoryGiven = context(EndpointMemorySetting.Key) is not null,
        EndpointInstanceTypeGiven = context(EndpointInstanceTypeSetting.Key) is not null,
    };

    private static Setting<string> MlInstanceType(string key, string fallback, IReadOnlyCollection<string> offered) =>
        Setting.InstanceType(key, fallback, "ml.", InstanceFamilies, InstanceSizes, " (CPU families a study lab needs, as SageMaker's API model lists them)", offered);
}
