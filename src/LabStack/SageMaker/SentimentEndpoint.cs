using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.Sagemaker;
using static LabStack.Iam;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="SentimentEndpoint"/>.</summary>
public sealed record SentimentEndpointProps
{
    /// <summary>Endpoint name; derived from the lab name so its log group can exist before it.</summary>
    public required string EndpointName { get; init; }

    /// <summary>Serverless or Realtime (the stack creates no endpoint for None).</summary>
    public required EndpointMode Mode { get; init; }

    /// <summary>Memory of a serverless endpoint (1024–6144 MB).</summary>
    public required int ServerlessMemoryMb { get; init; }

    /// <summary>Instance type of a real-time endpoint.</summary>
    public required string InstanceType { get; init; }
}

/// <summary>
/// A pretrained sentiment model served by SageMaker: the Hugging Face inference container downloads
/// <see cref="ModelId"/> from the Hugging Face Hub when it starts (no artifact to ship). Serverless by default, so it
/// costs nothing idle; each cold start pays for downloading and loading the model. The endpoint config has no fixed
/// name, so a change replaces it cleanly. The endpoint's log group is created first and deleted last: otherwise the
/// container would create /aws/sagemaker/Endpoints/... itself and leave it behind.
/// </summary>
public sealed class SentimentEndpoint : Construct
{
    /// <summary>The Hugging Face model served.</summary>
    public const string ModelId = "distilbert/distilbert-base-uncased-finetuned-sst-2-english";

    public CfnEndpoint Endpoint { get; }

    /// <summary>The endpoint configuration.</summary>
    public CfnEndpointConfig Config { get; }

    /// <summary>The role the model's container runs with.</summary>
    public IRole Role { get; }

    public CfnModel Model { get; }

    public SentimentEndpoint(Construct scope, string id, SentimentEndpointProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        var image = ContainerImage.HuggingFaceInference;
        var registryAccount = image.RegistryAccount(this, "HuggingFaceRegistries");
        var logGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            LogGroupName = $"/aws/sagemaker/Endpoints/{props.EndpointName}",
            Retention = RetentionDays.ONE_WEEK,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Iam.Trusting(ServiceFacts.Trust.SageMakerInference),
            Description = "SageMaker model of the ML study lab: pulls the Hugging Face container, writes its logs",
        });
        var policy = Grant(this, "Policy", Role,
            "ecr:GetAuthorizationToken has no resource to name; image pulls and logging are scoped to the repository and this endpoint's log group.",
            Allow(["ecr:GetAuthorizationToken"], "*"),
            Allow(["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                image.RepositoryArn(this, registryAccount)),
            Allow(["logs:CreateLogStream", "logs:PutLogEvents"], logGroup.LogGroupArn));

        Model = new CfnModel(this, "Model", new CfnModelProps
        {
            ExecutionRoleArn = Role.RoleArn,
            PrimaryContainer = new CfnModel.ContainerDefinitionProperty
            {
                Image = image.Uri(registryAccount),
                Environment = new Dictionary<string, object> { ["HF_MODEL_ID"] = ModelId, ["HF_TASK"] = "text-classification" },
            },
        });
        Model.Node.AddDependency(policy);

        var variant = new CfnEndpointConfig.ProductionVariantProperty
        {
            VariantName = "AllTraffic",
            ModelName = Model.AttrModelName,
        };
        if (props.Mode == EndpointMode.Serverless)
        {
            variant.ServerlessConfig = new CfnEndpointConfig.ServerlessConfigProperty { MemorySizeInMb = props.ServerlessMemoryMb, MaxConcurrency = 2 };
        }
        else
        {
            variant.InstanceType = props.InstanceType;
            variant.InitialInstanceCount = 1;
            variant.InitialVariantWeight = 1;
        }
        Config = new CfnEndpointConfig(this, "Config", new CfnEndpointConfigProps { ProductionVariants = new object[] { variant } });
        Endpoint = new CfnEndpoint(this, "Endpoint", new CfnEndpointProps
        {
            EndpointName = props.EndpointName,
            EndpointConfigName = Config.AttrEndpointConfigName,
        });
        Endpoint.Node.AddDependency(logGroup);
    }
}
