using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace LabStack.Cli.Aws;

/// <summary>
/// The one client the <c>lab</c> command uses for the services NuGet does not serve here (see <see cref="AwsService"/>):
/// builds a request in the service's protocol, signs it with <see cref="AwsSigning"/> (AWSSDK.Core's SigV4 signer, with the
/// session token of temporary credentials), retries throttling and 5xx answers with jittered backoff, and turns an error
/// answer into an <see cref="AwsCallException"/> naming the refused action. The typed clients beside it
/// (<c>Amazon.&lt;Service&gt;</c> namespaces) give each operation the AWS SDK for .NET's request and response names.
/// </summary>
public sealed class SignedAwsClient(AWSCredentials credentials, RegionEndpoint region, TimeSpan answerTime) : IDisposable
{
    private const int MaxAttempts = 5;
    private readonly HttpClient http = new() { Timeout = answerTime };

    /// <summary>The region every call goes to.</summary>
    public RegionEndpoint Region { get; } = region;

    /// <summary>Whether <paramref name="code"/> is one of the throttling errors AWS services answer.</summary>
    public static bool IsThrottling(string code) =>
        code is "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "RequestLimitExceeded" or "ProvisionedThroughputExceededException" or "LimitExceededException" or "ThrottledException";

    /// <summary>An AWS JSON 1.0/1.1 call: <paramref name="body"/> to "/" with X-Amz-Target; the answer's JSON object.</summary>
    public async Task<JsonObject> JsonAsync(AwsService service, string operation, JsonObject body, CancellationToken cancellationToken = default)
    {
        var text = await CallAsync(service, operation, "/", $"application/x-amz-json-{service.JsonVersion}", Encoding.UTF8.GetBytes(body.ToJsonString()),
            new Dictionary<string, string> { ["X-Amz-Target"] = $"{service.TargetPrefix}.{operation}" }, cancellationToken).ConfigureAwait(false);
        return ParseObject(text.Length == 0 ? "{}" : text) ?? throw NotFromAws(service, operation, HttpStatusCode.OK, text);
    }

    /// <summary>A rest-json call: <paramref name="body"/> POSTed to <paramref name="path"/>; the answer's JSON object.</summary>
    public async Task<JsonObject> RestJsonAsync(AwsService service, string operation, string path, JsonObject body, CancellationToken cancellationToken = default)
    {
        var text = await CallAsync(service, operation, path, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()), [], cancellationToken).ConfigureAwait(false);
        return ParseObject(text.Length == 0 ? "{}" : text) ?? throw NotFromAws(service, operation, HttpStatusCode.OK, text);
    }

    /// <summary>A rest call whose body is a payload (SageMaker Runtime's InvokeEndpoint): <paramref name="body"/> as <paramref name="contentType"/>; the answer's body as text.</summary>
    public Task<string> PayloadAsync(AwsService service, string operation, string path, string contentType, byte[] body, CancellationToken cancellationToken = default) =>
        CallAsync(service, operation, path, contentType, body, [], cancellationToken);

    /// <summary>A query call: Action, Version and <paramref name="parameters"/> form-encoded; the answer's <c>{Operation}Result</c> element.</summary>
    public async Task<XElement> QueryAsync(AwsService service, string operation, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken = default)
    {
        var form = string.Join('&', new[] { new KeyValuePair<string, string>("Action", operation), new("Version", service.ApiVersion) }.Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var text = await CallAsync(service, operation, "/", "application/x-www-form-urlencoded; charset=utf-8", Encoding.UTF8.GetBytes(form), [], cancellationToken).ConfigureAwait(false);
        var result = ParseXml(text)?.Descendants().FirstOrDefault(e => e.Name.LocalName == operation + "Result");
        return result ?? throw NotFromAws(service, operation, HttpStatusCode.OK, text);
    }

    /// <summary>
    /// The SDK-named request as the JSON body (members as the properties name them, nulls left out), the answer as the
    /// SDK-named response (members it does not declare are ignored; dates as epoch seconds).
    /// </summary>
    public async Task<TResponse> JsonAsync<TRequest, TResponse>(AwsService service, string operation, TRequest request, CancellationToken cancellationToken = default) =>
        Typed<TResponse>(service, operation, await JsonAsync(service, operation, Serialize(request), cancellationToken).ConfigureAwait(false));

    /// <summary>As <see cref="JsonAsync{TRequest, TResponse}"/>, over rest-json.</summary>
    public async Task<TResponse> RestJsonAsync<TRequest, TResponse>(AwsService service, string operation, string path, TRequest request, CancellationToken cancellationToken = default) =>
        Typed<TResponse>(service, operation, await RestJsonAsync(service, operation, path, Serialize(request), cancellationToken).ConfigureAwait(false));

    /// <summary>The answer as <typeparamref name="TResponse"/>; a member of another type than the API's is a one-line error.</summary>
    private TResponse Typed<TResponse>(AwsService service, string operation, JsonObject answer)
    {
        try
        {
            return answer.Deserialize<TResponse>(Wire) ?? throw NotFromAws(service, operation, HttpStatusCode.OK, "null");
        }
        catch (JsonException error)
        {
            throw new AwsCallException(service, operation, "InvalidResponse", $"{service.Title} answered {operation} with a member of another type than its API's: {error.Path}", HttpStatusCode.OK);
        }
    }

    private static readonly JsonSerializerOptions Wire = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new EpochSeconds() },
    };

    private static JsonObject Serialize<T>(T request) => JsonSerializer.SerializeToNode(request, Wire) as JsonObject ?? [];

    /// <summary>The JSON protocols' timestamps: epoch seconds (a fraction allowed).</summary>
    private sealed class EpochSeconds : System.Text.Json.Serialization.JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.GetDouble() is >= 0 and < 253402300800 and var seconds
                ? DateTime.UnixEpoch.AddSeconds(seconds)
                : throw new JsonException("not an epoch-seconds timestamp");

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteNumberValue((value.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds);
    }

    /// <summary>One call, retried on throttling and 5xx; the body of a 2xx answer, or an <see cref="AwsCallException"/>.</summary>
    private async Task<string> CallAsync(AwsService service, string operation, string path, string contentType, byte[] body,
        Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var endpoint = service.Endpoint(Region.SystemName);
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode status;
            string text, errorType, requestId;
            try
            {
                using var response = await SendAsync(service, endpoint, path, contentType, body, headers, cancellationToken).ConfigureAwait(false);
                (status, errorType) = (response.StatusCode, response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : "");
                requestId = RequestIdOf(response);
                text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient's timeout: not retried, so a command never waits longer than its own --timeout on one answer.
                throw new AwsCallException(service, operation, "RequestTimeout",
                    $"{service.Title} did not answer {operation} within {http.Timeout.TotalSeconds:0.#} s ({endpoint.Host}).", HttpStatusCode.RequestTimeout);
            }
            if ((int)status is >= 200 and < 300)
            {
                return text;
            }
            var (code, message) = service.Protocol == AwsProtocol.Query ? QueryError(service, endpoint, status, text) : JsonError(service, endpoint, status, errorType, text);
            if ((!IsThrottling(code) && (int)status < 500) || attempt == MaxAttempts)
            {
                throw new AwsCallException(service, operation, code, message, status)
                {
                    RequestId = requestId.Length > 0 ? requestId : service.Protocol == AwsProtocol.Query ? QueryRequestId(text) : null,
                };
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt) * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The answer's request id (the header every AWS service sets), for a report AWS Support can trace; empty when absent.</summary>
    private static string RequestIdOf(HttpResponseMessage response) =>
        new[] { "x-amzn-RequestId", "x-amz-request-id" }.Select(h => response.Headers.TryGetValues(h, out var values) ? values.First() : null)
            .FirstOrDefault(v => v is { Length: > 0 }) ?? "";

    /// <summary>A query error's <c>&lt;RequestId&gt;</c>.</summary>
    private static string? QueryRequestId(string text) => ParseXml(text)?.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;

    private async Task<HttpResponseMessage> SendAsync(AwsService service, Uri endpoint, string path, string contentType, byte[] body,
        Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var target = new Uri(endpoint, path);
        var request = new DefaultRequest(new Operation(), service.SigningName)
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = target.AbsolutePath,
            Content = body,
            AuthenticationRegion = Region.SystemName,
        };
        request.Headers["Content-Type"] = contentType;
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }
        await AwsSigning.SignAsync(request, new SigningConfig(service.SigningName, Region), credentials).ConfigureAwait(false);

        var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
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

    /// <summary>
    /// A JSON error's code and message: from the body's <c>__type</c> (or the <c>x-amzn-ErrorType</c> header), without the
    /// namespace before <c>#</c> or the <c>:</c> suffix the protocol allows; a body that is not JSON (a proxy's page) is named as such.
    /// </summary>
    private static (string Code, string Message) JsonError(AwsService service, Uri endpoint, HttpStatusCode status, string errorType, string text)
    {
        var json = ParseObject(text.Length == 0 ? "{}" : text);
        var type = Text(json?["__type"]) ?? (errorType.Length > 0 ? errorType : null) ?? Text(json?["code"]);
        var code = type is null ? status.ToString() : type.Split('#')[^1].Split(':')[0];
        if (json is null)
        {
            return (code, $"{endpoint.Host} answered HTTP {(int)status} with a page that is not from {service.Title} (a proxy or network problem?): {Excerpt(text)}");
        }
        return (code, Text(json["message"]) ?? Text(json["Message"]) ?? $"HTTP {(int)status} {code}");
    }

    /// <summary>A query error: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>.</summary>
    private static (string Code, string Message) QueryError(AwsService service, Uri endpoint, HttpStatusCode status, string text)
    {
        var error = ParseXml(text)?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
        string? Child(string name) => error?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        return Child("Code") is string code
            ? (code, Child("Message") ?? $"HTTP {(int)status} {code}")
            : (status.ToString(), $"{endpoint.Host} answered HTTP {(int)status} with a page that is not from {service.Title} (a proxy or network problem?): {Excerpt(text)}");
    }

    private AwsCallException NotFromAws(AwsService service, string operation, HttpStatusCode status, string text) =>
        new(service, operation, "InvalidResponse", $"{service.Title} answered {operation} with something that is not {(service.Protocol == AwsProtocol.Query ? "its XML answer" : "JSON")}: {Excerpt(text)}", status);

    /// <summary>A JSON value's text, or null when absent or not a string.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

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

    private static XElement? ParseXml(string text)
    {
        try
        {
            return XDocument.Parse(text).Root;
        }
        catch (System.Xml.XmlException)
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

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    private sealed class Operation : AmazonWebServiceRequest;

    /// <summary>What AWSSDK.Core's signer reads of a client config: the signing name and region.</summary>
    private sealed class SigningConfig : ClientConfig
    {
        private readonly string serviceName;

        public SigningConfig(string signingName, RegionEndpoint region) : base(new StandardDefaults()) =>
            (serviceName, AuthenticationServiceName, RegionEndpoint, AuthenticationRegion) = (signingName, signingName, region, region.SystemName);

        public override string RegionEndpointServiceName => serviceName;

        public override string ServiceVersion => "lab";

        public override string UserAgent => "labstack-cli";

        public override Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(Amazon.Runtime.Endpoints.ServiceOperationEndpointParameters parameters) =>
            new(ServiceURL ?? $"https://{serviceName}.{RegionEndpoint.SystemName}.amazonaws.com");
    }

    private sealed class StandardDefaults : IDefaultConfigurationProvider
    {
        public IDefaultConfiguration GetDefaultConfiguration(RegionEndpoint clientRegion, DefaultConfigurationMode? requestedConfigurationMode = null) =>
            new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard };
    }
}
