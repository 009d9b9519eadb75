using LabStack.AiPipeline;
using LabStack.Configuration;
using LabStack.Emr;
using LabStack.GroundTruth;
using LabStack.Expiry;
using LabStack.Flink;
using LabStack.Lex;
using LabStack.MlOps;
using LabStack.SageMaker;
using LabStack.Streaming;

namespace LabStack;

/// <summary>The module registry: every module of the lab, declared once, in deployment order (needs first).</summary>
public static class LabModules
{
    /// <summary>The lab's self-deletion after a time without deploys; every module needs it, through the lake.</summary>
    public static readonly LabModule Expiry = LabModule.Define<ExpirySettings>("expiry", "Expiry",
        "deletes the lab when no lab stack was deployed for a while",
        (scope, settings) => new ExpiryStack(scope.App, scope.StackName, new ExpiryStackProps
        {
            Description = scope.Description, LabName = scope.LabName, Settings = settings,
            RetainData = scope.Lab.Of<DataLakeSettings>().RetainData,
            AlertEmail = scope.Lab.Of<DataLakeSettings>().AlertEmail,
        }));

    /// <summary>The lake every other module reads from or writes into; it also holds the budget.</summary>
    public static readonly LabModule DataLake = LabModule.Define<DataLakeSettings>("datalake", "DataLake",
        "S3 data lake, Glue catalog, Athena workgroup",
        (scope, settings) => new DataLakeStack(scope.App, scope.StackName, scope.Props(settings)), Expiry);

    /// <summary>Kinesis into the lake through Firehose.</summary>
    public static readonly LabModule Streaming = LabModule.Define<StreamingSettings>("streaming", "Streaming",
        "Kinesis stream, Firehose to Parquet in the lake, sample producer",
        (scope, settings) => new StreamingStack(scope.App, scope.StackName, scope.PropsWithLake(settings)), DataLake);

    /// <summary>Spark on EMR over the lake.</summary>
    public static readonly LabModule Emr = LabModule.Define<EmrSettings>("emr", "Emr",
        "EMR Spark cluster on the Glue catalog, idle auto-termination, lab VPC",
        (scope, settings) => new EmrStack(scope.App, scope.StackName, scope.PropsWithLake(settings)), DataLake);

    /// <summary>A notebook and an endpoint.</summary>
    public static readonly LabModule SageMaker = LabModule.Define<SageMakerSettings>("sagemaker", "SageMaker",
        "SageMaker notebook with idle auto-stop, sentiment endpoint",
        (scope, settings) => new SageMakerStack(scope.App, scope.StackName, scope.PropsWithLake(settings)), DataLake);

    /// <summary>The AI pipeline over uploads. Its key stays <c>pipeline</c>, the name learners type.</summary>
    public static readonly LabModule AiPipeline = LabModule.Define<AiPipelineSettings>("pipeline", "AiPipeline",
        "Step Functions over Rekognition, Transcribe, Comprehend, Translate and Polly",
        (scope, settings) => new AiPipelineStack(scope.App, scope.StackName, scope.PropsWithLake(settings)), DataLake);

    /// <summary>A Lex V2 text bot answering from the lake.</summary>
    public static readonly LabModule Lex = LabModule.Define<LexSettings>("lex", "Lex",
        "Lex V2 text bot over the lake's customers and pipeline runs, fulfilled by Lambda",
        (scope, settings) => new LexStack(scope.App, scope.StackName, scope.PropsWithLake(settings)), DataLake);

    /// <summary>Operate what you trained: a SageMaker pipeline, the Model Registry and deploy on approval.</summary>
    public static readonly LabModule MlOps = LabModule.Define<MlOpsSettings>("mlops", "MlOps",
        "SageMaker pipeline, Model Registry, deploy on approval",
        (scope, settings) => new MlOpsStack(scope.App, scope.StackName, new MlOpsStackProps
        {
            Description = scope.Description, LabName = scope.LabName, Settings = settings, Lake = scope.Lake,
            NotebookRole = scope.Needed<SageMakerStack>().Notebook.Role,
        }), DataLake, SageMaker);

    /// <summary>Flink SQL over the stream, in a Studio notebook.</summary>
    public static readonly LabModule Flink = LabModule.Define<FlinkSettings>("flink", "Flink",
        "Managed Service for Apache Flink Studio notebook over the Kinesis stream, windows into the lake",
        (scope, settings) => new FlinkStack(scope.App, scope.StackName, new FlinkStackProps
        {
            Description = scope.Description, LabName = scope.LabName, Settings = settings, Lake = scope.Lake, Stream = scope.Stream,
        }), Streaming, DataLake);

    /// <summary>
    /// Ground Truth labeling by the learner in a private workteam. Opt-in: its only worker is <c>alertEmail</c>, which the
    /// defaults leave empty, and it creates the region's one private workforce, which an account may already have
    /// (<see cref="GroundTruthSettings.ExistingWorkforceSetting"/>).
    /// </summary>
    public static readonly LabModule GroundTruth = LabModule.Define<GroundTruthSettings>("groundtruth", "GroundTruth",
        "Ground Truth private workforce and workteam for the notebooks' labeling jobs",
        (scope, settings) => new GroundTruthStack(scope.App, scope.StackName, new GroundTruthStackProps
        {
            Description = scope.Description, LabName = scope.LabName, Settings = settings, Lake = scope.Lake,
            NotebookRole = scope.Needed<SageMakerStack>().Notebook.Role,
            WorkerEmail = scope.Lab.Of<DataLakeSettings>().AlertEmail,
        }), DataLake, SageMaker)
        .OptedInWhen(lab => string.IsNullOrEmpty(lab.Of<DataLakeSettings>().AlertEmail)
            ? new SettingsException(DataLakeSettings.AlertEmailSetting.Key, "",
                "expected an email address when modules selects groundtruth: its only labeling worker is invited there (or leave groundtruth out)")
            : null);

    /// <summary>Every module, in deployment order (each after the modules it needs).</summary>
    public static IReadOnlyList<LabModule> All { get; } = [Expiry, DataLake, Streaming, Emr, SageMaker, AiPipeline, Lex, MlOps, Flink, GroundTruth];

    /// <summary>What <c>modules=all</c> and the default select: every module but the opt-in ones.</summary>
    public static IReadOnlyList<LabModule> Default { get; } = All.Where(m => !m.OptIn).ToList();

    /// <summary>Finds a module by its key, or null when the key is unknown.</summary>
    public static LabModule? FromKey(string key) => All.FirstOrDefault(m => m.Key == key);
}
