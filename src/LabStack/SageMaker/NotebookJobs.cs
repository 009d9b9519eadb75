using static LabStack.Iam;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="NotebookJobs"/>.</summary>
public sealed record NotebookJobsProps
{
    /// <summary>The notebook's role: it starts the jobs and is the role they run as.</summary>
    public required IRole Role { get; init; }

    /// <summary>
    /// The start of every name the notebooks give what they create (<c>{labName}--nb</c>; labName holds no <c>--</c>, so no other lab's names start with it): training, tuning and transform
    /// jobs, models, endpoint configs and endpoints. The grants name only these, so a notebook can neither touch the
    /// stack's own endpoint nor anything else in the account.
    /// </summary>
    public required string NamePrefix { get; init; }
}

/// <summary>
/// What the lab's notebooks may start in SageMaker, and nothing else: training and tuning jobs on cheap CPU types for at
/// most an hour each, batch transform of the notebooks' own models, models, and endpoints that are serverless (small) or
/// on one of two small instance types; describe, stop and delete of the same; image pulls from the repositories of the
/// built-in algorithms and of the scikit-learn and PyTorch training containers only. Every statement names resources by
/// <see cref="NotebookJobsProps.NamePrefix"/>.
/// </summary>
public sealed class NotebookJobs : Construct
{
    /// <summary>Instance types training, tuning and transform jobs may use: CPU types of a few cents an hour (nothing here needs a GPU, and new accounts usually have no GPU quota).</summary>
    public static IReadOnlyList<string> TrainingInstanceTypes { get; } = ["ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge"];

    /// <summary>The longest a training job (alone or in a tuning job) may run: its MaxRuntimeInSeconds, against a forgotten job.</summary>
    public const int MaxTrainingSeconds = 3600;

    /// <summary>Instance types a notebook's real-time endpoint may use.</summary>
    public static IReadOnlyList<string> EndpointInstanceTypes { get; } = ["ml.m5.large", "ml.c5.large"];

    /// <summary>The most memory a notebook's serverless endpoint may have.</summary>
    public const int MaxServerlessMemoryMb = 3072;

    /// <summary>The most concurrent invocations a notebook's serverless endpoint may have.</summary>
    public const int MaxServerlessConcurrency = 2;

    /// <summary>What pulling one of the images takes.</summary>
    private static readonly string[] ImagePulls = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

    /// <summary>The grants.</summary>
    public Policy Policy { get; }

    /// <summary>
    /// Pulls of the BlazingText image, only in the regions its registry list covers (a stack elsewhere would fail on a
    /// missing mapping key): CloudFormation creates a resource with a condition only when the condition is true
    /// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-condition.html).
    /// </summary>
    public Policy BlazingTextPulls { get; }

    public NotebookJobs(Construct scope, string id, NotebookJobsProps props) : base(scope, id)
    {
        string Named(string resource) => NamedArn(this, resource, props.NamePrefix);
        var (trainingJobs, tuningJobs, transformJobs) = (Named("training-job"), Named("hyper-parameter-tuning-job"), Named("transform-job"));
        var (models, endpointConfigs, endpoints) = (Named("model"), Named("endpoint-config"), Named("endpoint"));
        var cheapJobs = new Dictionary<string, object>
        {
            ["ForAllValues:StringEquals"] = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = TrainingInstanceTypes.ToArray() },
            ["Null"] = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = "false" },
        };
        var endpointTypes = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = EndpointInstanceTypes.ToArray() };

        var algorithms = ContainerImage.BuiltInAlgorithms;
        var algorithmRegistry = algorithms[0].RegistryAccount(this, "BuiltInAlgorithmRegistries");
        var xgboost = ContainerImage.XgboostTraining;
        var xgboostRegistry = xgboost.RegistryAccount(this, "XgboostRegistries"); // scikit-learn's image lives in the same accounts
        var pytorch = ContainerImage.PyTorchTraining;
        var imageRepositories = algorithms.Select(image => image.RepositoryArn(this, algorithmRegistry))
            .Prepend(xgboost.RepositoryArn(this, xgboostRegistry))
            .Append(ContainerImage.SklearnTraining.RepositoryArn(this, xgboostRegistry))
            .Append(pytorch.RepositoryArn(this, pytorch.RegistryAccount(this, "DeepLearningContainerRegistries"))).ToArray();

        Policy = Grant(this, "Policy", props.Role,
            $"Notebooks name what they create from {props.NamePrefix}- with a timestamp, so each grant names that prefix; creation is " +
            "held to cheap instance types, an hour per training job, small serverless endpoints and the notebooks' own models by " +
            "condition. List actions have no resource. Image pulls name the built-in algorithms' repositories exactly.",
            // Jobs bill per instance-second: only the cheap CPU types, and at most MaxTrainingSeconds per training job.
            AllowWhen(new Dictionary<string, object>(cheapJobs)
            {
                ["NumericLessThanEquals"] = new Dictionary<string, object> { ["sagemaker:MaxRuntimeInSeconds"] = MaxTrainingSeconds },
            }, ["sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob"], trainingJobs, tuningJobs),
            AllowWhen(new Dictionary<string, object>(cheapJobs)
            {
                ["ArnLike"] = new Dictionary<string, object> { ["sagemaker:ModelArn"] = models },
            }, ["sagemaker:CreateTransformJob"], transformJobs),
            // Real-time: the small types only. Serverless: small memory and concurrency (no instance type at all).
            AllowWhen(new Dictionary<string, object>
            {
                ["ForAllValues:StringEquals"] = endpointTypes,
                ["Null"] = new Dictionary<string, object> { ["sagemaker:InstanceTypes"] = "false" },
            }, ["sagemaker:CreateEndpointConfig"], endpointConfigs),
            AllowWhen(new Dictionary<string, object>
            {
                ["ForAllValues:StringEquals"] = endpointTypes,
                ["Null"] = new Dictionary<string, object> { ["sagemaker:ServerlessMemorySize"] = "false" },
                ["NumericLessThanEquals"] = new Dictionary<string, object>
                {
                    ["sagemaker:ServerlessMemorySize"] = MaxServerlessMemoryMb,
                    ["sagemaker:ServerlessMaxConcurrency"] = MaxServerlessConcurrency,
                },
            }, ["sagemaker:CreateEndpointConfig"], endpointConfigs),
            Allow(["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"], trainingJobs),
            Allow(["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                "sagemaker:StopHyperParameterTuningJob"], tuningJobs),
            Allow(["sagemaker:DescribeTransformJob", "sagemaker:StopTransformJob"], transformJobs),
            Allow(["sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DeleteModel"], models),
            Allow(["sagemaker:DescribeEndpointConfig", "sagemaker:DeleteEndpointConfig"], endpointConfigs),
            Allow(["sagemaker:CreateEndpoint"], endpoints, endpointConfigs),
            Allow(["sagemaker:DescribeEndpoint", "sagemaker:DeleteEndpoint", "sagemaker:InvokeEndpoint",
                "sagemaker:UpdateEndpointWeightsAndCapacities"], endpoints),
            // The clean-up cell and the idle stop find what the notebooks left by listing; List has no resource.
            Allow(["sagemaker:ListEndpoints", "sagemaker:ListEndpointConfigs", "sagemaker:ListModels"], "*"),
            Allow(ImagePulls, imageRepositories));
        BlazingTextPulls = BlazingTextPolicy(props.Role);
    }

    private Policy BlazingTextPolicy(IRole role)
    {
        var image = ContainerImage.BlazingText;
        var offered = new CfnCondition(this, "BlazingTextOffered", new CfnConditionProps { Expression = AnyRegion(image.Registries.Keys) });
        var policy = Grant(this, "BlazingTextPolicy", role, "Image pulls name BlazingText's repository exactly.",
            Allow(ImagePulls, image.RepositoryArn(this, image.RegistryAccount(this, "BlazingTextRegistries"))));
        ((CfnPolicy)policy.Node.DefaultChild!).CfnOptions.Condition = offered;
        return policy;
    }

    /// <summary>
    /// True in any of <paramref name="regions"/>: Fn::Or takes 2 to 10 conditions, so they are nested
    /// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html).
    /// </summary>
    private static ICfnConditionExpression AnyRegion(IEnumerable<string> regions)
    {
        var any = regions.Select(region => (ICfnConditionExpression)Fn.ConditionEquals(Aws.REGION, region)).ToList();
        while (any.Count > 1)
        {
            any = any.Chunk(10).Select(group => group.Length == 1 ? group[0] : Fn.ConditionOr(group)).ToList();
        }
        return any[0];
    }

    /// <summary>The ARN pattern of every SageMaker <paramref name="resource"/> (e.g. <c>endpoint</c>) named <paramref name="prefix"/>-...</summary>
    public static string NamedArn(IConstruct scope, string resource, string prefix) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "sagemaker", Resource = resource, ResourceName = prefix + "-*" });
}
