namespace LabStack.GroundTruth;

/// <summary>
/// Ground Truth's own Lambda functions for a built-in task type: the pre-annotation function (<c>PRE-</c>) prepares each
/// object for the worker, the annotation-consolidation function (<c>ACS-</c>) combines the workers' answers into one label.
/// AWS owns them, in one account per region; the API reference lists them
/// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HumanTaskConfig.html and
/// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AnnotationConsolidationConfig.html; read 2026-12-01).
/// The stack is environment-agnostic, so the region's account comes from a mapping at deploy time: a region outside it
/// fails the deploy on the mapping, naming the region.
/// </summary>
public static class BuiltInTasks
{
    /// <summary>The built-in task type the lab's labeling job uses: one label per image, from a list.</summary>
    public const string ImageClassification = "ImageMultiClass";

    /// <summary>The account that holds Ground Truth's built-in task functions, by region (the pages above, 12 regions).</summary>
    public static IReadOnlyDictionary<string, string> FunctionAccounts { get; } = new Dictionary<string, string>
    {
        ["us-east-1"] = "432418664414", ["us-east-2"] = "266458841044", ["us-west-2"] = "081040173940",
        ["ca-central-1"] = "918755190332", ["eu-west-1"] = "568282634449", ["eu-west-2"] = "487402164563",
        ["eu-central-1"] = "203001061592", ["ap-northeast-1"] = "477331159723", ["ap-northeast-2"] = "845288260483",
        ["ap-south-1"] = "565803892007", ["ap-southeast-1"] = "377565633583", ["ap-southeast-2"] = "454466003867",
    };

    /// <summary>A mapping of <see cref="FunctionAccounts"/> in <paramref name="scope"/>'s stack.</summary>
    public static CfnMapping Mapping(Construct scope, string id) => new(scope, id, new CfnMappingProps
    {
        Mapping = FunctionAccounts.ToDictionary(r => r.Key, r => (IDictionary<string, object>)new Dictionary<string, object> { ["Account"] = r.Value }),
    });

    /// <summary>The ARN of the region's <paramref name="stage"/> (<c>PRE</c> or <c>ACS</c>) function for <paramref name="taskType"/>.</summary>
    public static string FunctionArn(CfnMapping accounts, string stage, string taskType) =>
        $"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{accounts.FindInMap(Aws.REGION, "Account")}:function:{stage}-{taskType}";
}
