using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;

namespace LabStack;

/// <summary>One SDK-integration task: which action it calls, what IAM it needs, where its result goes.</summary>
public sealed record ServiceCall
{
    /// <summary>The service as Step Functions names it (<c>s3</c>, <c>comprehend</c>...).</summary>
    public required string Service { get; init; }

    /// <summary>The API action, camelCase (<c>detectSentiment</c>); parameters are PascalCase.</summary>
    public required string Action { get; init; }

    /// <summary>The IAM action the role is allowed, exactly.</summary>
    public required string IamAction { get; init; }

    /// <summary>What the IAM action is allowed on.</summary>
    public required string[] IamResources { get; init; }

    /// <summary>The API call's parameters.</summary>
    public required IDictionary<string, object> Parameters { get; init; }

    /// <summary>What to keep of the result; null keeps all of it.</summary>
    public IDictionary<string, object>? ResultSelector { get; init; }

    /// <summary>Where the result goes; null leaves ResultPath out, so the result replaces the input (ASL's "$").</summary>
    public string? ResultPath { get; init; }

    /// <summary>Other statements the call needs (a service that reads S3 on the caller's behalf, for example).</summary>
    public PolicyStatement[] AlsoNeeds { get; init; } = [];
}

/// <summary>
/// Step Functions SDK-integration tasks (no Lambda), shared by the lab's workflows, with the retry policy: throttling and
/// transient errors of each service are retried <see cref="ThrottleRetries"/> times, from 2 s doubling up to a minute
/// apart, with full jitter; any other error goes to the catch. That is up to about 4 minutes of retrying per call, spread
/// at random, which is what lets a burst of uploads (hundreds at once from <c>aws s3 cp --recursive</c>) drain through
/// per-account quotas of a few to tens of calls a second: at 5 calls a second those 4 minutes hold about 1,200 calls.
/// </summary>
public static class ServiceCalls
{
    /// <summary>Transient error names per service, as Step Functions reports them (<c>Service.ExceptionName</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> TransientErrors { get; } = new Dictionary<string, string[]>
    {
        ["rekognition"] = ["Rekognition.ThrottlingException", "Rekognition.ProvisionedThroughputExceededException", "Rekognition.InternalServerErrorException"],
        ["comprehend"] = ["Comprehend.TooManyRequestsException", "Comprehend.InternalServerException"],
        ["translate"] = ["Translate.TooManyRequestsException", "Translate.ServiceUnavailableException", "Translate.InternalServerException"],
        ["transcribe"] = ["Transcribe.LimitExceededException", "Transcribe.InternalFailureException"],
        ["polly"] = ["Polly.ThrottlingException", "Polly.ServiceFailureException"],
        ["lambda"] = ["Lambda.TooManyRequestsException", "Lambda.ServiceException"],
        ["dynamodb"] = ["DynamoDb.ProvisionedThroughputExceededException", "DynamoDb.ThrottlingException", "DynamoDb.RequestLimitExceededException",
            "DynamoDb.InternalServerErrorException"],
    };

    /// <summary>Retries of a throttled or transiently failing call, after the first attempt.</summary>
    public const int ThrottleRetries = 8;

    /// <summary>The longest wait between two retries.</summary>
    public static Duration MaxRetryDelay => Duration.Seconds(60);

    /// <summary>Retries of a document write, after the first attempt.</summary>
    public const int WriteRetries = 3;

    /// <summary>A task named <paramref name="name"/> making <paramref name="call"/>, with the service's retries.</summary>
    public static CallAwsService Call(Construct scope, string name, ServiceCall call)
    {
        var task = new CallAwsService(scope, name, new CallAwsServiceProps
        {
            Service = call.Service,
            Action = call.Action,
            IamAction = call.IamAction,
            IamResources = call.IamResources,
            Parameters = call.Parameters,
            ResultSelector = call.ResultSelector,
            ResultPath = call.ResultPath,
            AdditionalIamStatements = call.AlsoNeeds,
        });
        if (TransientErrors.TryGetValue(call.Service, out var transient))
        {
            RetryTransient(task, transient);
        }
        return task;
    }

    /// <summary>The lab's retry policy (above) for <paramref name="errors"/> of <paramref name="task"/>.</summary>
    public static void RetryTransient(TaskStateBase task, string[] errors) => task.AddRetry(new RetryProps
    {
        Errors = errors,
        Interval = Duration.Seconds(2),
        BackoffRate = 2,
        MaxAttempts = ThrottleRetries,
        MaxDelay = MaxRetryDelay,
        JitterStrategy = JitterType.FULL,
    });

    /// <summary>
    /// A ResultSelector that keeps the whole result as <c>response</c> beside <paramref name="defaults"/> for the members
    /// the service may leave out (the API model marks them optional). A path into a missing member fails the run with
    /// States.Runtime, which no Catch takes; <see cref="FillDefaults"/> merges the two so that later paths always select.
    /// </summary>
    public static Dictionary<string, object> KeepWithDefaults(params (string Member, object Default)[] defaults) =>
        Fields(("defaults", Fields(defaults)), ("response", JsonPath.StringAt("$")));

    /// <summary>A Pass that turns <see cref="KeepWithDefaults"/>' output at <paramref name="path"/> into <c>found</c>: the response over the defaults.</summary>
    public static Pass FillDefaults(Construct scope, string name, string path) => new(scope, name, new PassProps
    {
        Parameters = Fields(("found", JsonPath.JsonMerge(JsonPath.StringAt(path + ".defaults"), JsonPath.StringAt(path + ".response")))),
        ResultPath = path == "$" ? null : path,
    });

    /// <summary>Retries any error of a task that writes to S3 (a lost write loses the run's record), with backoff and jitter.</summary>
    public static void RetryWrite(TaskStateBase task) => task.AddRetry(new RetryProps
    {
        Errors = [Errors.ALL],
        Interval = Duration.Seconds(1),
        BackoffRate = 2,
        MaxAttempts = WriteRetries,
        JitterStrategy = JitterType.FULL,
    });

    /// <summary>Shorthand for a dictionary of state parameters.</summary>
    public static Dictionary<string, object> Fields(params (string Key, object Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);
}
