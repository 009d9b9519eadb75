using System.Text.Json;
using Amazon.CDK;
using Constructs;

namespace LabStack.SageMaker;

/// <summary>
/// The Hugging Face PyTorch inference container (CPU) for the stack's region: a CloudFormation mapping from region to
/// the AWS registry account, built from assets/sagemaker/huggingface-inference.json (taken from the SageMaker Python
/// SDK's image URI configuration), so the environment-agnostic stack resolves the image where it is deployed.
/// </summary>
public static class HuggingFaceImage
{
    /// <summary>The registry data: repository, tag and region → account.</summary>
    public sealed record Registry(string Source, string Repository, string Tag, IReadOnlyDictionary<string, string> Registries);

    /// <summary>The committed registry data.</summary>
    public static Registry Data { get; } = JsonSerializer.Deserialize<Registry>(
        File.ReadAllText(LabPaths.Asset("sagemaker", "huggingface-inference.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    /// <summary>Adds the region mapping to <paramref name="scope"/>'s stack and returns the registry account for the stack's region.</summary>
    public static string RegistryAccount(Construct scope)
    {
        var mapping = new CfnMapping(scope, "HuggingFaceRegistries", new CfnMappingProps
        {
            Mapping = Data.Registries.ToDictionary(r => r.Key, r => (IDictionary<string, object>)new Dictionary<string, object> { ["account"] = r.Value }),
        });
        return mapping.FindInMap(Aws.REGION, "account");
    }

    /// <summary>The image URI in the stack's region.</summary>
    public static string Uri(string registryAccount) =>
        $"{registryAccount}.dkr.ecr.{Aws.REGION}.{Aws.URL_SUFFIX}/{Data.Repository}:{Data.Tag}";
}
