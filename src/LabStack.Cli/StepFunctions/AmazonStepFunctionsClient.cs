using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using Amazon.StepFunctions.Model;

namespace Amazon.StepFunctions;

/// <summary>Where and how to reach Step Functions (as AWSSDK.StepFunctions' config of the same name).</summary>
public sealed class AmazonStepFunctionsConfig : ClientConfig
{
    /// <summary>A config for the region the standard chain resolves, or the one set.</summary>
    public AmazonStepFunctionsConfig() : base(new DummyDefaultConfigurationProvider()) => AuthenticationServiceName = "states";

    /// <inheritdoc/>
    public override string RegionEndpointServiceName => "states";

    /// <inheritdoc/>
    public override string ServiceVersion => "2016-11-23";

    /// <inheritdoc/>
    public override string UserAgent => "labstack-cli";

    /// <summary>The service URL when one is set (a local endpoint), else Step Functions' regional endpoint.</summary>
    public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
        new(ServiceURL ?? $"https://states.{RegionEndpoint.SystemName}.amazonaws.com");

    private sealed class DummyDefaultConfigurationProvider : IDefaultConfigurationProvider
    {
        public IDefaultConfiguration GetDefaultConfiguration(RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
            new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard };
    }
}

/// <summary>
/// The Step Functions calls the <c>lab</c> command makes, over the service's JSON 1.0 protocol (a POST with an
/// <c>X-Amz-Target</c> header), signed by <see cref="LabStack.Cli.AwsSigning"/> (session token included); throttling and 5xx
/// answers are retried.
/// See <see cref="IAmazonStepFunctions"/> for why this exists and how to replace it.
/// </summary>
public sealed class AmazonStepFunctionsClient(AWSCredentials credentials, AmazonStepFunctionsConfig config) : IAmazonStepFunctions
{
    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly HttpClient http = new() { Timeout = config.Timeout ?? TimeSpan.FromSeconds(100) };

    private Uri Endpoint => new(config.ServiceURL ?? $"https://states.{config.RegionEndpoint.SystemName}.amazonaws.com/");

    /// <inheritdoc/>
    public async Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["stateMachineArn"] = request.StateMachineArn };
        if (request.MaxResults is int max) body["maxResults"] = max;
        if (request.StatusFilter is not null) body["statusFilter"] = request.StatusFilter.Value;
        if (request.NextToken is not null) body["nextToken"] = request.NextToken;
        var json = await CallAsync("ListExecutions", body, cancellationToken).ConfigureAwait(false);
        // Fields of another type than the API's read as absent: an item without its ARN is skipped by the commands.
        return new ListExecutionsResponse
        {
            Executions = (json["executions"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new ExecutionListItem
            {
                ExecutionArn = Text(e["executionArn"]),
                Name = Text(e["name"]),
                Status = Status(e["status"]),
                StartDate = Date(e["startDate"]),
                StopDate = Date(e["stopDate"]),
            }).ToList(),
            NextToken = Text(json["nextToken"]),
        };
    }

    /// <inheritdoc/>
    public async Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = request.ExecutionArn }, cancellationToken).ConfigureAwait(false);
        return new DescribeExecutionResponse
        {
            ExecutionArn = Text(json["executionArn"]),
            Name = Text(json["name"]),
            Status = Status(json["status"]),
            StartDate = Date(json["startDate"]),
            StopDate = Date(json["stopDate"]),
            Input = Text(json["input"]),
            Output = Text(json["output"]),
            Error = Text(json["error"]),
            Cause = Text(json["cause"]),
        };
    }

    /// <inheritdoc/>
    public async Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["stateMachineArn"] = request.StateMachineArn, ["input"] = request.Input };
        if (request.Name is not null) body["name"] = request.Name;
        var json = await CallAsync("StartExecution", body, cancellationToken).ConfigureAwait(false);
        return new StartExecutionResponse { ExecutionArn = (string?)json["executionArn"], StartDate = Date(json["startDate"]) };
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    /// <summary>
    /// One call, retried on throttling and 5xx. The answer is a JSON object; anything else (a proxy's HTML page, an
    /// answer cut short) and a call unanswered within the config's timeout are an <see cref="AmazonStepFunctionsException"/>
    /// with a one-line message.
    /// </summary>
    private async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode status;
            string text, errorType;
            try
            {
                using var response = await SendAsync(operation, body.ToJsonString(Json), cancellationToken).ConfigureAwait(false);
                (status, errorType) = (response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : "");
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient's timeout: not retried, so a command never waits longer than its own --timeout on one answer.
                throw new AmazonStepFunctionsException("RequestTimeout",
                    $"Step Functions did not answer {operation} within {http.Timeout.TotalSeconds:0.#} s ({Endpoint.Host}).", HttpStatusCode.RequestTimeout);
            }
            var json = ParseObject(text.Length == 0 ? "{}" : text);
            if ((int)status is >= 200 and < 300)
            {
                return json ?? throw new AmazonStepFunctionsException("InvalidResponse",
                    $"Step Functions answered {operation} with something that is not JSON: {Excerpt(text)}", status);
            }
            var (code, message) = ErrorOf(status, errorType, json, text);
            var retriable = code is "ThrottlingException" or "TooManyRequestsException" || (int)status >= 500;
            if (!retriable || attempt == MaxAttempts)
            {
                throw new AmazonStepFunctionsException(code, message, status);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt) * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An error answer's code and message: from the JSON body's <c>__type</c> (or the <c>x-amzn-ErrorType</c> header),
    /// without the namespace before <c>#</c> or the <c>:</c> suffix the JSON protocol allows; a body that is not JSON
    /// (a proxy's or load balancer's page) is named as such, by its HTTP status.
    /// </summary>
    private (string Code, string Message) ErrorOf(HttpStatusCode status, string errorType, JsonObject? json, string text)
    {
        var type = Text(json?["__type"]) ?? (errorType.Length > 0 ? errorType : null);
        var code = type is null ? status.ToString() : type.Split('#')[^1].Split(':')[0];
        if (json is null)
        {
            return (code, $"{Endpoint.Host} answered HTTP {(int)status} with a page that is not from Step Functions (a proxy or network problem?): {Excerpt(text)}");
        }
        return (code, Text(json["message"]) ?? Text(json["Message"]) ?? $"HTTP {(int)status} {code}");
    }
    private async Task<HttpResponseMessage> SendAsync(string operation, string body, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint;
        var request = new DefaultRequest(new Operation(), "StepFunctions")
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = Encoding.UTF8.GetBytes(body),
            AuthenticationRegion = config.AuthenticationRegion ?? config.RegionEndpoint?.SystemName,
        };
        request.Headers["Content-Type"] = "application/x-amz-json-1.0";
        request.Headers["X-Amz-Target"] = "AWSStepFunctions." + operation;
        await LabStack.Cli.AwsSigning.SignAsync(request, config, credentials).ConfigureAwait(false);

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(request.Content) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private static ExecutionStatus? Status(JsonNode? node) => Text(node) is string status ? new ExecutionStatus(status) : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary><paramref name="text"/> as a JSON object, or null when it is not one.</summary>
    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The start of a body, on one line and without markup, for a message.</summary>
    private static string Excerpt(string text)
    {
        var plain = Regex.Replace(Regex.Replace(text, "<[^>]*>", " "), @"\s+", " ").Trim();
        return plain.Length == 0 ? "(empty)" : plain.Length <= 120 ? plain : plain[..117] + "...";
    }

    /// <summary>An epoch-seconds date; null when absent, not a number, or outside DateTime's years (which would throw).</summary>
    private static DateTime? Date(JsonNode? node) => node is JsonValue value && value.TryGetValue<double>(out var seconds) && seconds is >= 0 and < 253402300800
        ? DateTime.UnixEpoch.AddSeconds(seconds)
        : null;

    private sealed class Operation : AmazonWebServiceRequest;
}
