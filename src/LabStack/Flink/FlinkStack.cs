namespace LabStack.Flink;

/// <summary>
/// The <c>flink</c> module: a Managed Service for Apache Flink Studio notebook over the Kinesis stream, on the Glue catalog,
/// writing windowed aggregates into the lake (the Glue table <c>usage_windows</c>, queryable in Athena), created stopped,
/// and the session workflow that starts it and stops it again.
/// </summary>
public sealed class FlinkStack : LabModuleStack
{
    /// <summary>The Studio notebook.</summary>
    public StudioNotebook Notebook { get; }

    /// <summary>The workflow that starts the notebook and stops it after the session.</summary>
    public NotebookSession Session { get; }

    /// <summary>The usage_windows table over the notebook's output.</summary>
    public LakeTables UsageWindows { get; }

    public FlinkStack(Construct scope, string id, FlinkStackProps props) : base(scope, id, props)
    {
        Notebook = new StudioNotebook(this, "Notebook", new StudioNotebookProps
        {
            Stream = props.Stream, Lake = props.Lake.Bucket, DatabaseName = props.Lake.DatabaseName, Parallelism = props.Settings.Parallelism,
        });
        Session = new NotebookSession(this, "Session", new NotebookSessionProps
        {
            LabName = props.LabName, Notebook = Notebook, SessionMinutes = props.Settings.SessionMinutes,
        });
        UsageWindows = new LakeTables(this, "UsageWindows", new LakeTablesProps
        {
            Lake = props.Lake.Bucket, DatabaseName = props.Lake.DatabaseName,
            Tables = new Dictionary<string, LakeTableSpec> { ["Table"] = UsageWindowsTable.Spec },
        });

        Output("NotebookApplicationName", Notebook.Application.Ref, "Managed Service for Apache Flink Studio notebook (created READY, not running)");
        Output("StartNotebook", $"aws stepfunctions start-execution --state-machine-arn {Session.StateMachine.StateMachineArn}",
            $"Run this to start the notebook for a session: it is stopped after {props.Settings.SessionMinutes} minutes");
        Output("StartNotebookUnwatched", Fn.Join("", ["aws kinesisanalyticsv2 start-application --application-name ", Notebook.Application.Ref]),
            "Starts the notebook without the session workflow: nothing stops it but you, or the lab's expiry");
        Output("StopNotebook", Fn.Join("", ["aws kinesisanalyticsv2 stop-application --application-name ", Notebook.Application.Ref]),
            "Run this when you are done: the notebook bills its KPUs every second it runs");
        Output("NotebookUrl", Fn.Join("", ["aws kinesisanalyticsv2 create-application-presigned-url --url-type ZEPPELIN_UI_URL --application-name ",
            Notebook.Application.Ref]), "Run this once the notebook is RUNNING: it prints the Zeppelin URL");
    }
}

/// <summary>What the <c>flink</c> module's stack is given: the lake, and the stream from <c>streaming</c>.</summary>
public sealed class FlinkStackProps : LakeModuleStackProps<FlinkSettings>
{
    /// <summary>The Kinesis stream the notebook reads.</summary>
    public required Amazon.CDK.AWS.Kinesis.IStream Stream { get; init; }
}
