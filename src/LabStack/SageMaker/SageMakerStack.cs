namespace LabStack.SageMaker;

/// <summary>
/// The <c>sagemaker</c> module: a notebook instance that stops itself when idle, with the lab's notebooks (explore,
/// train, built-in algorithms, tuning, deploying) and what they may start, a pretrained sentiment model on an endpoint
/// that is serverless by default, and an Athena table over the notebooks' batch predictions.
/// </summary>
public sealed class SageMakerStack : LabModuleStack
{
    public LabNotebook Notebook { get; }

    /// <summary>The Glue table over notebook 06's batch predictions.</summary>
    public LakeTables Predictions { get; }

    /// <summary>The endpoint, unless the mode is none.</summary>
    public SentimentEndpoint? Endpoint { get; }

    /// <summary>
    /// The start of every name the notebooks give what they make. "--" parts the lab's name from the notebooks' part:
    /// labName may not hold "--", so lab x's "x--nb-" names can never be lab x-nb's and no lab's clean-up deletes another's.
    /// </summary>
    public static string NotebookNamePrefix(string labName) => $"{labName}--nb";

    public SageMakerStack(Construct scope, string id, LakeModuleStackProps<SageMakerSettings> props) : base(scope, id, props)
    {
        var settings = props.Settings;
        // The mode is part of the name, so a mode change replaces the endpoint: SageMaker cannot update a real-time endpoint
        // to serverless in place (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-update.html).
        var endpointName = settings.EndpointMode == EndpointMode.None ? "" : $"{props.LabName}-sentiment-{settings.EndpointMode.ToString().ToLowerInvariant()}";
        if (settings.EndpointMode != EndpointMode.None)
        {
            Endpoint = new SentimentEndpoint(this, "Endpoint", new SentimentEndpointProps
            {
                EndpointName = endpointName,
                Mode = settings.EndpointMode,
                ServerlessMemoryMb = settings.EndpointMemoryMb,
                InstanceType = settings.EndpointInstanceType,
            });
        }

        Notebook = new LabNotebook(this, "Notebook", new LabNotebookProps
        {
            Lake = props.Lake.Bucket,
            InstanceType = settings.NotebookInstanceType,
            IdleMinutes = settings.NotebookIdleMinutes,
            RootAccess = settings.NotebookRootAccess,
            NamePrefix = NotebookNamePrefix(props.LabName),
            LabConfig = new Dictionary<string, string>
            {
                ["lake_bucket"] = props.Lake.Bucket.BucketName,
                ["database"] = props.Lake.DatabaseName,
                ["workgroup"] = props.Lake.Athena.WorkGroupName, // notebook 10 queries the offline store through it
                ["region"] = Aws.REGION,
                ["endpoint_name"] = endpointName,
                ["predictions_table"] = ChurnPredictionsTable.Name,
                ["predictions_prefix"] = LakeLayout.ChurnPredictions,
            },
        });
        Predictions = new LakeTables(this, "Predictions", new LakeTablesProps
        {
            Lake = props.Lake.Bucket, DatabaseName = props.Lake.DatabaseName,
            Tables = new Dictionary<string, LakeTableSpec> { ["Table"] = ChurnPredictionsTable.Spec },
        });
        props.Lake.Athena.AddNamedQueries(this, "SageMaker", props.Lake.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "sagemaker")));
        if (Endpoint is not null)
        {
            Notebook.Role.AddToPrincipalPolicy(Iam.Allow(["sagemaker:InvokeEndpoint"], Endpoint.Endpoint.Ref));
        }

        // The Ground Truth stack grants notebook 12 its labeling calls on this role: exported whichever modules are selected,
        // so this template never depends on the selection.
        ExportValue(Notebook.Role.RoleName);

        var notebookName = Notebook.Instance.AttrNotebookInstanceName;
        Output("NotebookUrl", $"https://{Aws.REGION}.console.aws.amazon.com/sagemaker/home?region={Aws.REGION}#/notebook-instances/openNotebook/{notebookName}?view=lab",
            $"Open JupyterLab (the instance stops itself after {settings.NotebookIdleMinutes} idle minutes)");
        Output("NotebookName", notebookName, "Start it again with `aws sagemaker start-notebook-instance --notebook-instance-name <value>`");
        if (Endpoint is not null)
        {
            Output("EndpointName", endpointName, $"Sentiment endpoint ({settings.EndpointMode.ToString().ToLowerInvariant()}) serving {SentimentEndpoint.ModelId}");
            Output("InvokeEndpoint",
                $"aws sagemaker-runtime invoke-endpoint --endpoint-name {endpointName} --content-type application/json " +
                "--cli-binary-format raw-in-base64-out --body '{\"inputs\":\"I love this lab\"}' sentiment.json && cat sentiment.json",
                "Ask the endpoint for a sentiment");
        }
    }
}
