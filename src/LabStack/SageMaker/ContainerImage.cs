using System.Text.Json;

namespace LabStack.SageMaker;

/// <summary>
/// An AWS-published SageMaker container in the stack's region: a CloudFormation mapping from region to the AWS
/// registry account, built from a file under assets/sagemaker/ taken from the SageMaker Python SDK's image URI
/// configuration (<c>../shared/reference/sagemaker-image-uris/</c>), so the environment-agnostic stack resolves the
/// image, and scopes pulls to its repository, where it is deployed.
/// </summary>
/// <param name="Source">Where the data comes from.</param>
/// <param name="Repository">The ECR repository name.</param>
/// <param name="Tag">The image tag.</param>
/// <param name="Registries">Region → AWS registry account.</param>
public sealed record ContainerImage(string Source, string Repository, string Tag, IReadOnlyDictionary<string, string> Registries)
{
    private static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web); // before the images it reads

    /// <summary>The Hugging Face PyTorch inference container (CPU) the sentiment endpoint serves.</summary>
    public static ContainerImage HuggingFaceInference { get; } = Load("huggingface-inference.json");

    /// <summary>The built-in XGBoost algorithm the notebooks train, tune and deploy (one image serves training and inference).</summary>
    public static ContainerImage XgboostTraining { get; } = Load("xgboost-training.json");

    /// <summary>The PyTorch training container (CPU) notebook 09's script-mode job runs in (notebook 07's network).</summary>
    public static ContainerImage PyTorchTraining { get; } = Load("pytorch-training.json");

    /// <summary>The scikit-learn container notebook 09's script-mode job runs in (the same registry accounts as XGBoost's).</summary>
    public static ContainerImage SklearnTraining { get; } = Load("sklearn-training.json");

    /// <summary>The built-in BlazingText algorithm notebook 09 trains and batch-transforms: its own registry accounts, in fewer regions.</summary>
    public static ContainerImage BlazingText { get; } = Load("blazingtext.json");

    /// <summary>
    /// The first-party built-in algorithms notebook 04 trains (Linear Learner, PCA, K-Means, KNN): one repository each, in
    /// one registry account per region, so they share one mapping.
    /// </summary>
    public static IReadOnlyList<ContainerImage> BuiltInAlgorithms { get; } = LoadFamily("builtin-algorithms.json");

    /// <summary>Adds the region mapping (named <paramref name="mappingId"/>) to <paramref name="scope"/>'s stack; returns the registry account for the stack's region.</summary>
    public string RegistryAccount(Construct scope, string mappingId)
    {
        var mapping = new CfnMapping(scope, mappingId, new CfnMappingProps
        {
            Mapping = Registries.ToDictionary(r => r.Key, r => (IDictionary<string, object>)new Dictionary<string, object> { ["account"] = r.Value }),
        });
        return mapping.FindInMap(Aws.REGION, "account");
    }

    /// <summary>The image URI in the stack's region.</summary>
    public string Uri(string registryAccount) => $"{registryAccount}.dkr.ecr.{Aws.REGION}.{Aws.URL_SUFFIX}/{Repository}:{Tag}";

    /// <summary>The repository's ARN in the stack's region, in the registry account.</summary>
    public string RepositoryArn(IConstruct scope, string registryAccount) =>
        Stack.Of(scope).FormatArn(new ArnComponents { Service = "ecr", Account = registryAccount, Resource = "repository", ResourceName = Repository });

    private static ContainerImage Load(string file) =>
        JsonSerializer.Deserialize<ContainerImage>(File.ReadAllText(LabPaths.Asset("sagemaker", file)), FileFormat)!;

    private static IReadOnlyList<ContainerImage> LoadFamily(string file)
    {
        var family = JsonSerializer.Deserialize<ImageFamily>(File.ReadAllText(LabPaths.Asset("sagemaker", file)), FileFormat)!;
        return family.Repositories.Select(repository => new ContainerImage(family.Source, repository, family.Tag, family.Registries)).ToList();
    }

    /// <summary>Several repositories with one tag in the same registry accounts.</summary>
    private sealed record ImageFamily(string Source, IReadOnlyList<string> Repositories, string Tag, IReadOnlyDictionary<string, string> Registries);
}
