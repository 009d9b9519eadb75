using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;

namespace LabStack.AiPipeline;

/// <summary>
/// Step Functions SDK-integration tasks (no Lambda) with the lab's retry policy: throttling and transient errors of
/// each AI service are retried three times with exponential backoff and jitter; any other error goes to the catch.
/// </summary>
public static class ServiceCalls
{
    /// <summary>Transient error names per service, as Step Functions reports them (<c>Service.ExceptionName</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> TransientErrors { get; } = new Dictionary<string, string[]>
    {
        ["rekognition"] = ["Rekognition.ThrottlingException", "Rekognition.ProvisionedThroughputExceededException", "Rekognition.InternalServerErrorException"],
        ["comprehend"] = ["Comprehend.TooManyRequestsException", "Comprehend.InternalServerException"],
        ["translate"] = ["Translate.TooManyRequestsException", "Translate.ServiceUnavailableException", "Translate.InternalServerException"],
    };

    /// <summary>Retry attempts after the first call.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// A task calling <paramref name="service"/>'s <paramref name="action"/> (camelCase, parameters PascalCase),
    /// allowed exactly <paramref name="iamAction"/> on <paramref name="resources"/>. A null <paramref name="resultPath"/>
    /// leaves ResultPath out, so the result replaces the input (writing "$" means the same to Step Functions).
    /// </summary>
    public static CallAwsService Call(Construct scope, string name, string service, string action, string iamAction, string[] resources,
        IDictionary<string, object> parameters, IDictionary<string, object>? resultSelector, string? resultPath, params PolicyStatement[] alsoNeeds)
    {
        var task = new CallAwsService(scope, name, new CallAwsServiceProps
        {
            Service = service,
            Action = action,
            IamAction = iamAction,
            IamResources = resources,
            Parameters = parameters,
            ResultSelector = resultSelector,
            ResultPath = resultPath, // null: the result replaces the input (ASL's default "$")
            AdditionalIamStatements = alsoNeeds,
        });
        if (TransientErrors.TryGetValue(service, out var transient))
        {
            task.AddRetry(new RetryProps
            {
                Errors = transient,
                Interval = Duration.Seconds(1),
                BackoffRate = 2,
                MaxAttempts = MaxAttempts,
                JitterStrategy = JitterType.FULL,
            });
        }
        return task;
    }

    /// <summary>Shorthand for a dictionary of state parameters.</summary>
    public static Dictionary<string, object> Fields(params (string Key, object Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);
}
