using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using LabStack.DataLake;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="AiPipelineStack"/>.</summary>
public sealed class AiPipelineStackProps : StackProps
{
    /// <summary>The lake: inbox/ in, curated/ai-results and curated/ai-errors out.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The lab's Athena workspace, for this module's named queries.</summary>
    public required AthenaWorkspace Athena { get; init; }

    /// <summary>Language texts are translated into.</summary>
    public required string TargetLanguage { get; init; }
}

/// <summary>
/// The <c>pipeline</c> module: a Step Functions workflow over Rekognition, Comprehend and Translate, started by
/// uploads to the lake's inbox/, writing a JSON document per run that Athena can query.
/// </summary>
public sealed class AiPipelineStack : LabModuleStack
{
    /// <summary>The workflow.</summary>
    public AnalysisWorkflow Workflow { get; }

    public AiPipelineStack(Construct scope, string id, AiPipelineStackProps props) : base(scope, id, props)
    {
        Workflow = new AnalysisWorkflow(this, "Workflow", new AnalysisWorkflowProps { Lake = props.Lake, TargetLanguage = props.TargetLanguage });
        new UploadTrigger(this, "Trigger", new UploadTriggerProps { Lake = props.Lake, StateMachine = Workflow.StateMachine });
        new AiResultsTables(this, "Tables", new AiResultsTablesProps { Lake = props.Lake, DatabaseName = props.DatabaseName });
        props.Athena.AddNamedQueries(this, "AiPipeline", props.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "pipeline")));

        Output("StateMachineArn", Workflow.StateMachine.StateMachineArn, "The AI pipeline's state machine");
        Output("UploadHere", props.Lake.S3UrlForObject(LakeLayout.Inbox), "Upload .jpg/.png images or .txt files here to start a run");
        Output("ResultsLocation", props.Lake.S3UrlForObject(LakeLayout.AiResults), "One JSON document per run (Athena table ai_results)");
        Output("ErrorsLocation", props.Lake.S3UrlForObject(LakeLayout.AiErrors), "One JSON document per failed run (Athena table ai_errors)");
        Output("StartByHand", Fn.Join("", ["aws stepfunctions start-execution --state-machine-arn ", Workflow.StateMachine.StateMachineArn,
            " --input '{\"bucket\":\"", props.Lake.BucketName, "\",\"key\":\"inbox/<file>\"}'"]), "Start a run on an object already in inbox/");
    }
}
