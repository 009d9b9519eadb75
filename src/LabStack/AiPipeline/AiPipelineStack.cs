namespace LabStack.AiPipeline;

/// <summary>
/// The <c>pipeline</c> module: a Step Functions workflow over Rekognition (images and video), Transcribe, Comprehend, Translate and Polly,
/// started by uploads to the lake's inbox/ (at most <c>maxUploadsPerDay</c> analyzed a day), writing a JSON document
/// per run that Athena can query.
/// </summary>
public sealed class AiPipelineStack : LabModuleStack
{
    public AnalysisWorkflow Workflow { get; }

    /// <summary>The daily cap on analyzed uploads.</summary>
    public DailyUploadCap UploadCap { get; }

    /// <summary>The rule that starts the workflow on uploads.</summary>
    public UploadTrigger Trigger { get; }

    /// <summary>The Glue tables over results and errors.</summary>
    public LakeTables Tables { get; }

    public AiPipelineStack(Construct scope, string id, LakeModuleStackProps<AiPipelineSettings> props) : base(scope, id, props)
    {
        var lake = props.Lake.Bucket;
        UploadCap = new DailyUploadCap(this, "UploadCap", new DailyUploadCapProps { MaxUploadsPerDay = props.Settings.MaxUploadsPerDay });
        Workflow = new AnalysisWorkflow(this, "Workflow", new AnalysisWorkflowProps
        {
            Lake = lake, TargetLanguage = props.Settings.TargetLanguage, UploadCap = UploadCap, LogName = $"{props.LabName}-pipeline",
        });
        Trigger = new UploadTrigger(this, "Trigger", new UploadTriggerProps { Lake = lake, StateMachine = Workflow.StateMachine });
        Tables = new LakeTables(this, "Tables", new LakeTablesProps { Lake = lake, DatabaseName = props.Lake.DatabaseName, Tables = AiResultsTables.Specs });
        props.Lake.Athena.AddNamedQueries(this, "AiPipeline", props.Lake.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "pipeline")));

        Output("StateMachineArn", Workflow.StateMachine.StateMachineArn, "The AI pipeline's state machine");
        Output("UploadHere", lake.S3UrlForObject(LakeLayout.Inbox), "Upload .jpg/.png images, .txt files, .wav/.mp3 audio or .mp4/.mov video here to start a run");
        Output("ResultsLocation", lake.S3UrlForObject(LakeLayout.AiResults), "One JSON document per run (Athena table ai_results)");
        Output("ErrorsLocation", lake.S3UrlForObject(LakeLayout.AiErrors), "One JSON document per failed run (Athena table ai_errors)");
        Output("StartByHand", Fn.Join("", ["aws stepfunctions start-execution --state-machine-arn ", Workflow.StateMachine.StateMachineArn,
            " --input '{\"bucket\":\"", lake.BucketName, "\",\"key\":\"inbox/<file>\"}'"]), "Start a run on an object already in inbox/");
        Output("MaxUploadsPerDay", props.Settings.MaxUploadsPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Uploads analyzed per UTC day; later ones are recorded as skipped (error LabStack.DailyCapReached) without any AI call");
        Output("UndeliveredUploads", Trigger.Undelivered.QueueUrl, "Upload events EventBridge could not start a run for (README: replay them)");
    }
}
