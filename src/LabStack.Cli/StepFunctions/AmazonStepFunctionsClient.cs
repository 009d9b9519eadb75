using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private readonly HttpClient http = new();

    /// <inheritdoc/>
    public async Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["stateMachineArn"] = request.StateMachineArn };
        if (request.MaxResults is int max) body["maxResults"] = max;
        if (request.StatusFilter is not null) body["statusFilter"] = request.StatusFilter.Value;
        if (request.NextToken is not null) body["nextToken"] = request.NextToken;
        var json = await CallAsync("ListExecutions", body, cancellationToken).ConfigureAwait(false);
        return new ListExecutionsResponse
        {
            Executions = json["executions"]?.AsArray().Select(e => new ExecutionListItem
            {
                ExecutionArn = (string?)e!["executionArn"],
                Name = (string?)e["name"],
                Status = Status(e["status"]),
                StartDate = Date(e["startDate"]),
                StopDate = Date(e["stopDate"]),
            }).ToList() ?? [],
            NextToken = (string?)json["nextToken"],
        };
    }

    /// <inheritdoc/>
    public async Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default)
    {
        var json = await CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = request.ExecutionArn }, cancellationToken).ConfigureAwait(false);
        return new DescribeExecutionResponse
        {
            ExecutionArn = (string?)json["executionArn"],
            Name = (string?)json["name"],
            Status = Status(json["status"]),
            StartDate = Date(json["startDate"]),
            StopDate = Date(json["stopDate"]),
            Input = (string?)json["input"],
            Output = (string?)json["output"],
            Error = (string?)json["error"],
            Cause = (string?)json["cause"],
        };
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    private async Task<JsonNode> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await SendAsync(operation, body.ToJsonString(Json), cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
            }
            var error = JsonNode.Parse(text.Length == 0 ? "{}" : text);
            var code = ((string?)error?["__type"] ?? response.StatusCode.ToString()).Split('#')[^1];
            var message = (string?)error?["message"] ?? (string?)error?["Message"] ?? text;
            var retriable = code is "ThrottlingException" or "TooManyRequestsException" || (int)response.StatusCode >= 500;
            if (!retriable || attempt == MaxAttempts)
            {
                throw new AmazonStepFunctionsException(code, message, response.StatusCode);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt) * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string body, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(config.ServiceURL ?? $"https://states.{config.RegionEndpoint.SystemName}.amazonaws.com/");
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

    private static ExecutionStatus? Status(JsonNode? node) => node is null ? null : new ExecutionStatus((string)node!);

    private static DateTime? Date(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number
        ? DateTime.UnixEpoch.AddSeconds((double)node)
        : null;

    private sealed class Operation : AmazonWebServiceRequest;
}
