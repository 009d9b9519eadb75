namespace LabStack.Cli.Aws;

/// <summary>The wire protocols of the services the <c>lab</c> command calls through <see cref="SignedAwsClient"/>.</summary>
public enum AwsProtocol
{
    /// <summary>AWS JSON 1.0/1.1: a POST to "/" with <c>X-Amz-Target: prefix.Operation</c>.</summary>
    Json,

    /// <summary>rest-json: a POST of a JSON body to the operation's path.</summary>
    RestJson,

    /// <summary>query: a form-encoded POST (Action, Version, parameters), XML answers.</summary>
    Query,
}

/// <summary>
/// How to reach and sign for one service, as its API model's <c>metadata</c> says (aws-sdk/apis/&lt;model&gt;.min.json:
/// <c>protocol</c>, <c>jsonVersion</c>, <c>targetPrefix</c>, <c>signingName</c> else <c>endpointPrefix</c>,
/// <c>apiVersion</c>, <c>serviceId</c>); a test compares every row with the model, so a typo here fails it.
/// </summary>
/// <param name="Model">The model's file name without <c>.min.json</c>; also the service name the model checks use.</param>
/// <param name="EndpointPrefix">The host's first label: <c>https://{prefix}.{region}.amazonaws.com</c>.</param>
/// <param name="SigningName">The SigV4 credential scope's service.</param>
/// <param name="Protocol">The wire protocol.</param>
/// <param name="ApiVersion">The API version (the query protocol's <c>Version</c>).</param>
/// <param name="JsonVersion">The JSON protocol's version (the content type <c>application/x-amz-json-{v}</c>).</param>
/// <param name="TargetPrefix">The JSON protocol's <c>X-Amz-Target</c> prefix.</param>
/// <param name="EndpointId">The AWS SDKs' service id for <c>AWS_ENDPOINT_URL_{id}</c> (serviceId, upper case, spaces as underscores).</param>
/// <param name="IamPrefix">The service's prefix in IAM actions, named when a call is refused.</param>
public sealed record AwsService(string Model, string EndpointPrefix, string SigningName, AwsProtocol Protocol, string ApiVersion,
    string? JsonVersion, string? TargetPrefix, string EndpointId, string IamPrefix)
{
    /// <summary>The service's name in messages.</summary>
    public string Title => EndpointId switch
    {
        "SERVICE_QUOTAS" => "Service Quotas", "LAKEFORMATION" => "Lake Formation", "CLOUDFORMATION" => "CloudFormation", "SAGEMAKER" => "SageMaker",
        "SFN" => "Step Functions", "RESOURCE_GROUPS_TAGGING_API" => "the Resource Groups Tagging API", "KINESIS" => "Kinesis", "GLUE" => "Glue", "CLOUDWATCH_LOGS" => "CloudWatch Logs", "TRANSCRIBE" => "Transcribe",
        "ATHENA" => "Athena", "FIREHOSE" => "Firehose", "SAGEMAKER_RUNTIME" => "SageMaker Runtime", "LEX_RUNTIME_V2" => "Lex Runtime V2",
        "KINESIS_ANALYTICS_V2" => "Managed Service for Apache Flink",
        _ => EndpointId,
    };

    /// <summary>Service Quotas.</summary>
    public static readonly AwsService ServiceQuotas = new("service-quotas-2019-06-24", "servicequotas", "servicequotas", AwsProtocol.Json, "2019-06-24",
        "1.1", "ServiceQuotasV20190624", "SERVICE_QUOTAS", "servicequotas");

    /// <summary>Lake Formation.</summary>
    public static readonly AwsService LakeFormation = new("lakeformation-2017-03-31", "lakeformation", "lakeformation", AwsProtocol.RestJson, "2017-03-31",
        "1.1", null, "LAKEFORMATION", "lakeformation");

    /// <summary>CloudFormation.</summary>
    public static readonly AwsService CloudFormation = new("cloudformation-2010-05-15", "cloudformation", "cloudformation", AwsProtocol.Query, "2010-05-15",
        null, null, "CLOUDFORMATION", "cloudformation");

    /// <summary>SageMaker.</summary>
    public static readonly AwsService SageMaker = new("sagemaker-2017-07-24", "api.sagemaker", "sagemaker", AwsProtocol.Json, "2017-07-24",
        "1.1", "SageMaker", "SAGEMAKER", "sagemaker");

    /// <summary>EMR.</summary>
    public static readonly AwsService Emr = new("elasticmapreduce-2009-03-31", "elasticmapreduce", "elasticmapreduce", AwsProtocol.Json, "2009-03-31",
        "1.1", "ElasticMapReduce", "EMR", "elasticmapreduce");

    /// <summary>Kinesis Data Streams.</summary>
    public static readonly AwsService Kinesis = new("kinesis-2013-12-02", "kinesis", "kinesis", AwsProtocol.Json, "2013-12-02",
        "1.1", "Kinesis_20131202", "KINESIS", "kinesis");

    /// <summary>Step Functions.</summary>
    public static readonly AwsService StepFunctions = new("states-2016-11-23", "states", "states", AwsProtocol.Json, "2016-11-23",
        "1.0", "AWSStepFunctions", "SFN", "states");

    /// <summary>Resource Groups Tagging API.</summary>
    public static readonly AwsService Tagging = new("resourcegroupstaggingapi-2017-01-26", "tagging", "tagging", AwsProtocol.Json, "2017-01-26",
        "1.1", "ResourceGroupsTaggingAPI_20170126", "RESOURCE_GROUPS_TAGGING_API", "tag");

    /// <summary>Glue.</summary>
    public static readonly AwsService Glue = new("glue-2017-03-31", "glue", "glue", AwsProtocol.Json, "2017-03-31",
        "1.1", "AWSGlue", "GLUE", "glue");

    /// <summary>CloudWatch Logs.</summary>
    public static readonly AwsService Logs = new("logs-2014-03-28", "logs", "logs", AwsProtocol.Json, "2014-03-28",
        "1.1", "Logs_20140328", "CLOUDWATCH_LOGS", "logs");

    /// <summary>Transcribe.</summary>
    public static readonly AwsService Transcribe = new("transcribe-2017-10-26", "transcribe", "transcribe", AwsProtocol.Json, "2017-10-26",
        "1.1", "Transcribe", "TRANSCRIBE", "transcribe");

    /// <summary>Athena (lab verify's query over the lake).</summary>
    public static readonly AwsService Athena = new("athena-2017-05-18", "athena", "athena", AwsProtocol.Json, "2017-05-18",
        "1.1", "AmazonAthena", "ATHENA", "athena");

    /// <summary>Data Firehose (lab verify's delivery check).</summary>
    public static readonly AwsService Firehose = new("firehose-2015-08-04", "firehose", "firehose", AwsProtocol.Json, "2015-08-04",
        "1.1", "Firehose_20150804", "FIREHOSE", "firehose");

    /// <summary>SageMaker Runtime (InvokeEndpoint); it signs as sagemaker.</summary>
    public static readonly AwsService SageMakerRuntime = new("runtime.sagemaker-2017-05-13", "runtime.sagemaker", "sagemaker", AwsProtocol.RestJson, "2017-05-13",
        "1.1", null, "SAGEMAKER_RUNTIME", "sagemaker");

    /// <summary>Lex Runtime V2 (RecognizeText); it signs as lex.</summary>
    public static readonly AwsService LexRuntime = new("runtime.lex.v2-2020-08-07", "runtime-v2-lex", "lex", AwsProtocol.RestJson, "2020-08-07",
        "1.1", null, "LEX_RUNTIME_V2", "lex");

    /// <summary>Managed Service for Apache Flink (Kinesis Analytics V2: lab verify's look at the Studio notebook).</summary>
    public static readonly AwsService KinesisAnalytics = new("kinesisanalyticsv2-2018-05-23", "kinesisanalytics", "kinesisanalytics", AwsProtocol.Json, "2018-05-23",
        "1.1", "KinesisAnalytics_20180523", "KINESIS_ANALYTICS_V2", "kinesisanalytics");

    /// <summary>Every service the client knows.</summary>
    public static IReadOnlyList<AwsService> All { get; } =
        [ServiceQuotas, LakeFormation, CloudFormation, SageMaker, Emr, Kinesis, StepFunctions, Tagging, Glue, Logs, Transcribe, Athena, Firehose, SageMakerRuntime, LexRuntime, KinesisAnalytics];

    /// <summary>The endpoint: AWS_ENDPOINT_URL_{id}, else AWS_ENDPOINT_URL, else the service's regional endpoint.</summary>
    public Uri Endpoint(string region) => new(Endpoints.Of(EndpointId) ?? $"https://{EndpointPrefix}.{region}.amazonaws.com/");
}

/// <summary>The AWS SDKs' endpoint variables (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).</summary>
public static class Endpoints
{
    /// <summary>AWS_ENDPOINT_URL_<paramref name="serviceId"/>, else AWS_ENDPOINT_URL, else none (the service's own endpoint).</summary>
    public static string? Of(string serviceId) =>
        new[] { $"AWS_ENDPOINT_URL_{serviceId}", "AWS_ENDPOINT_URL" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => v is { Length: > 0 });
}

/// <summary>An error a service answered (after retries, for throttling): its code, message and the IAM action of the call.</summary>
public sealed class AwsCallException(string action, string code, string message, System.Net.HttpStatusCode status)
    : Exception(message.ReplaceLineEndings(" "))
{
    /// <summary>An error of <paramref name="operation"/> of <paramref name="service"/>.</summary>
    public AwsCallException(AwsService service, string operation, string code, string message, System.Net.HttpStatusCode status)
        : this($"{service.IamPrefix}:{operation}", code, message, status)
    {
    }

    /// <summary>An AWS SDK client's error, with the action it was calling.</summary>
    public static AwsCallException From(string action, Amazon.Runtime.AmazonServiceException error) =>
        new(action, error.ErrorCode ?? error.StatusCode.ToString(), error.Message, error.StatusCode) { RequestId = error.RequestId };

    /// <summary>The request id AWS gave the refused call (null when the answer had none), for a report AWS Support can trace.</summary>
    public string? RequestId { get; init; }

    /// <summary>Runs an AWS SDK call; its service error becomes an <see cref="AwsCallException"/> naming <paramref name="action"/>.</summary>
    public static async Task<T> Sdk<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Amazon.Runtime.AmazonServiceException error)
        {
            throw From(action, error);
        }
    }

    /// <summary>The error's name, without namespace (AccessDeniedException, ThrottlingException...).</summary>
    public string ErrorCode { get; } = code;

    /// <summary>The HTTP status.</summary>
    public System.Net.HttpStatusCode StatusCode { get; } = status;

    /// <summary>The IAM action of the refused call (<c>servicequotas:GetServiceQuota</c>).</summary>
    public string Action { get; } = action;

    /// <summary>Whether the caller may not make the call.</summary>
    public bool IsAccessDenied => ErrorCode is "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" or "AccessDeniedFault";

    /// <summary>Whether the service kept throttling after every retry.</summary>
    public bool IsThrottling => SignedAwsClient.IsThrottling(ErrorCode);
}
