using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="SageMakerStack"/>.</summary>
public sealed class SageMakerStackProps : StackProps
{
    /// <summary>The lake the notebooks work on.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database (for lab_config.json).</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The lab name: the endpoint is <c>{labName}-sentiment</c>.</summary>
    public required string LabName { get; init; }

    /// <summary>Notebook settings.</summary>
    public required string NotebookInstanceType { get; init; }

    /// <summary>Minutes of idleness before the notebook stops itself.</summary>
    public required int NotebookIdleMinutes { get; init; }

    /// <summary>Root access for notebook users.</summary>
    public required bool NotebookRootAccess { get; init; }

    /// <summary>serverless, realtime or none.</summary>
    public required string EndpointMode { get; init; }

    /// <summary>Serverless memory.</summary>
    public required int EndpointMemoryMb { get; init; }

    /// <summary>Real-time instance type.</summary>
    public required string EndpointInstanceType { get; init; }
}

/// <summary>
/// The <c>sagemaker</c> module: a notebook instance that stops itself when idle, with the lab's notebooks, and a
/// pretrained sentiment model on an endpoint that is serverless by default.
/// </summary>
public sealed class SageMakerStack : LabModuleStack
{
    /// <summary>The notebook.</summary>
    public LabNotebook Notebook { get; }

    /// <summary>The endpoint, unless the mode is none.</summary>
    public SentimentEndpoint? Endpoint { get; }

    public SageMakerStack(Construct scope, string id, SageMakerStackProps props) : base(scope, id, props)
    {
        var endpointName = props.EndpointMode == "none" ? "" : $"{props.LabName}-sentiment";
        if (props.EndpointMode != "none")
        {
            Endpoint = new SentimentEndpoint(this, "Endpoint", new SentimentEndpointProps
            {
                EndpointName = endpointName,
                Mode = props.EndpointMode,
                ServerlessMemoryMb = props.EndpointMemoryMb,
                InstanceType = props.EndpointInstanceType,
            });
        }

        Notebook = new LabNotebook(this, "Notebook", new LabNotebookProps
        {
            Lake = props.Lake,
            InstanceType = props.NotebookInstanceType,
            IdleMinutes = props.NotebookIdleMinutes,
            RootAccess = props.NotebookRootAccess,
            LabConfig = new Dictionary<string, string>
            {
                ["lake_bucket"] = props.Lake.BucketName,
                ["database"] = props.DatabaseName,
                ["region"] = Aws.REGION,
                ["endpoint_name"] = endpointName,
            },
        });
        if (Endpoint is not null)
        {
            Notebook.Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["sagemaker:InvokeEndpoint"],
                Resources = [Endpoint.Endpoint.Ref],
            }));
        }

        var notebookName = Notebook.Instance.AttrNotebookInstanceName;
        Output("NotebookUrl", $"https://{Aws.REGION}.console.aws.amazon.com/sagemaker/home?region={Aws.REGION}#/notebook-instances/openNotebook/{notebookName}?view=lab",
            $"Open JupyterLab (the instance stops itself after {props.NotebookIdleMinutes} idle minutes)");
        Output("NotebookName", notebookName, "Start it again with `aws sagemaker start-notebook-instance --notebook-instance-name <value>`");
        if (Endpoint is not null)
        {
            Output("EndpointName", endpointName, $"Sentiment endpoint ({props.EndpointMode}) serving {SentimentEndpoint.ModelId}");
            Output("InvokeEndpoint",
                $"aws sagemaker-runtime invoke-endpoint --endpoint-name {endpointName} --content-type application/json " +
                "--cli-binary-format raw-in-base64-out --body '{\"inputs\":\"I love this lab\"}' sentiment.json && cat sentiment.json",
                "Ask the endpoint for a sentiment");
        }
    }
}
