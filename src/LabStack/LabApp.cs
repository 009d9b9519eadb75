using Amazon.CDK;
using LabStack.AiPipeline;
using LabStack.Configuration;
using LabStack.DataLake;
using LabStack.Emr;
using LabStack.Guardrails;
using LabStack.SageMaker;
using LabStack.Streaming;

namespace LabStack;

/// <summary>The stacks one synthesis created; null for modules not selected.</summary>
public sealed record LabStacks(DataLakeStack? DataLake, StreamingStack? Streaming, EmrStack? Emr, SageMakerStack? SageMaker, AiPipelineStack? Pipeline)
{
    /// <summary>Every stack created, in deployment order.</summary>
    public IEnumerable<Stack> All => new Stack?[] { DataLake, Streaming, Emr, SageMaker, Pipeline }.OfType<Stack>();
}

/// <summary>Composes the selected modules' stacks into an app. Program and the tests both build the lab here.</summary>
public static class LabApp
{
    /// <summary>Adds a stack for each selected module.</summary>
    public static LabStacks Compose(App app, LabSettings settings)
    {
        T? IfSelected<T>(LabModule module, Func<string, T> create) where T : Stack =>
            settings.Modules.Contains(module) ? create(StackName(settings, module)) : null;

        var dataLake = IfSelected(LabModule.DataLake, name => new DataLakeStack(app, name, new DataLakeStackProps
        {
            Description = $"ML study lab '{settings.LabName}': S3 data lake, Glue catalog, Athena workgroup",
            RetainData = settings.RetainData,
            DatabaseName = settings.GlueDatabaseName,
            WorkGroupName = $"{settings.LabName}-workgroup",
            AthenaScanLimitMb = settings.AthenaScanLimitMb,
            Budget = new LabBudgetProps { MonthlyUsd = settings.BudgetUsd, AlertEmail = settings.AlertEmail },
        }));

        var streaming = IfSelected(LabModule.Streaming, name => new StreamingStack(app, name, new StreamingStackProps
        {
            Description = $"ML study lab '{settings.LabName}': Kinesis stream, Firehose to Parquet in the lake, sample producer",
            Lake = dataLake!.Lake,
            DatabaseName = dataLake.Catalog.DatabaseName,
            Athena = dataLake.Athena,
            ShardCount = settings.ShardCount,
        }));

        var emr = IfSelected(LabModule.Emr, name => new EmrStack(app, name, new EmrStackProps
        {
            Description = $"ML study lab '{settings.LabName}': EMR Spark cluster on the Glue catalog, idle auto-termination, lab VPC",
            Lake = dataLake!.Lake,
            DatabaseName = dataLake.Catalog.DatabaseName,
            LabName = settings.LabName,
            InstanceType = settings.EmrInstanceType,
            CoreNodes = settings.EmrCoreNodes,
            IdleMinutes = settings.EmrIdleMinutes,
            Run = settings.EmrRun,
        }));

        var sageMaker = IfSelected(LabModule.SageMaker, name => new SageMakerStack(app, name, new SageMakerStackProps
        {
            Description = $"ML study lab '{settings.LabName}': SageMaker notebook with idle auto-stop, sentiment endpoint",
            Lake = dataLake!.Lake,
            DatabaseName = dataLake.Catalog.DatabaseName,
            LabName = settings.LabName,
            NotebookInstanceType = settings.NotebookInstanceType,
            NotebookIdleMinutes = settings.NotebookIdleMinutes,
            NotebookRootAccess = settings.NotebookRootAccess,
            EndpointMode = settings.EndpointMode,
            EndpointMemoryMb = settings.EndpointMemoryMb,
            EndpointInstanceType = settings.EndpointInstanceType,
        }));

        var pipeline = IfSelected(LabModule.Pipeline, name => new AiPipelineStack(app, name, new AiPipelineStackProps
        {
            Description = $"ML study lab '{settings.LabName}': Step Functions over Rekognition, Comprehend and Translate",
            Lake = dataLake!.Lake,
            DatabaseName = dataLake.Catalog.DatabaseName,
            Athena = dataLake.Athena,
            TargetLanguage = settings.TargetLanguage,
        }));

        var stacks = new LabStacks(dataLake, streaming, emr, sageMaker, pipeline);
        foreach (var stack in stacks.All)
        {
            FunctionGuardrails.Apply(stack);
            CdkInternals.Suppress(stack);
        }
        LabTags.Apply(app, settings.LabName);
        return stacks;
    }

    /// <summary>The CloudFormation stack name of a module: <c>{labName}-{suffix}</c>.</summary>
    public static string StackName(LabSettings settings, LabModule module) => $"{settings.LabName}-{module.StackSuffix()}";
}
