using System.Collections.Concurrent;
using System.Net;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace LabStack.Cli.Tests;

/// <summary>
/// AWS on loopback for the control-panel commands: one listener for every service, told apart by the SigV4 credential
/// scope's service (as AWS's endpoints are by host), answering in the service's protocol (AWS JSON, rest-json, query with
/// XML). Each request's signature and session token are checked (<see cref="SigV4"/>); each call is recorded with its
/// input and the answer given, for <see cref="ApiModels"/> to check against the API models. Tests script answers per
/// operation (<see cref="On"/>), and faults: <see cref="Deny"/> (AccessDenied naming the action, as IAM words it),
/// <see cref="ThrottleNext"/>. Designed to be reused by further commands (lab verify of every module).
/// </summary>
public sealed class FakeAws : IDisposable
{
    /// <summary>The test account.</summary>
    public const string Account = "123456789012";

    /// <summary>The access key the tests sign with (a temporary one: it needs its session token).</summary>
    public const string AccessKey = "ASIAFAKELAB0000TEST";

    /// <summary>Its secret.</summary>
    public const string Secret = "fake-secret-for-the-lab-tests";

    /// <summary>Its session token.</summary>
    public const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ-panel";

    /// <summary>Each service by the signing name in its requests' credential scope: protocol, model name (for the model check) and JSON version.</summary>
    private static readonly Dictionary<string, (string Protocol, string Model, string JsonVersion, string IamPrefix)> Services = new()
    {
        ["sts"] = ("query", "sts", "", "sts"),
        ["cloudformation"] = ("query", "cloudformation", "", "cloudformation"),
        ["ssm"] = ("json", "ssm", "1.1", "ssm"),
        ["servicequotas"] = ("json", "servicequotas", "1.1", "servicequotas"),
        ["sagemaker"] = ("json", "sagemaker", "1.1", "sagemaker"),
        ["elasticmapreduce"] = ("json", "emr", "1.1", "elasticmapreduce"),
        ["kinesis"] = ("json", "kinesis", "1.1", "kinesis"),
        ["states"] = ("json", "states", "1.0", "states"),
        ["tagging"] = ("json", "resourcegroupstaggingapi", "1.1", "tag"),
        ["glue"] = ("json", "glue", "1.1", "glue"),
        ["lakeformation"] = ("rest-json", "lakeformation", "", "lakeformation"),
        ["dynamodb"] = ("json", "dynamodb", "1.0", "dynamodb"),
        ["logs"] = ("json", "logs", "1.1", "logs"),
        ["transcribe"] = ("json", "transcribe", "1.1", "transcribe"),
        ["athena"] = ("json", "athena", "1.1", "athena"),
        ["runtime.sagemaker"] = ("payload", "sagemakerruntime", "", "sagemaker"),
        ["lex"] = ("rest-json", "lexruntimev2", "", "lex"),
        ["firehose"] = ("json", "firehose", "1.1", "firehose"),
        ["kinesisanalytics"] = ("json", "kinesisanalyticsv2", "1.1", "kinesisanalytics"),
    };

    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Func<JsonObject, Answer>> handlers = new();
    private readonly ConcurrentDictionary<string, byte> denied = new();
    private int throttles;
    private string? throttled;

    /// <summary>An answer: a result (the operation's output, as JSON) or an error.</summary>
    public sealed record Answer(JsonObject? Result, string? ErrorCode = null, string? Message = null, HttpStatusCode Status = HttpStatusCode.OK)
    {
        /// <summary>A result.</summary>
        public static Answer Ok(JsonObject result) => new(result);

        /// <summary>An error AWS answers with HTTP 400.</summary>
        public static Answer Error(string code, string message) => new(null, code, message, HttpStatusCode.BadRequest);
    }

    /// <summary>One call: the service's model name, the operation, its input and the answer's result (null for an error).</summary>
    public sealed record Call(string Service, string Operation, JsonObject Input, JsonObject? Output, string? Error, string RequestId = "");

    /// <summary>Starts listening on a free loopback port.</summary>
    public FakeAws()
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Endpoint);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Where it listens.</summary>
    public string Endpoint { get; }

    /// <summary>The keys AWS knows (access key → secret and session token).</summary>
    public Dictionary<string, (string Secret, string? Token)> Keys { get; } = new() { [AccessKey] = (Secret, Token) };

    /// <summary>Every call, in order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Requests refused for their signature or token, and other problems with requests: a test asserts there are none.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The environment that points the command at this fake with the test key (AWS_ENDPOINT_URL answers for every service).</summary>
    public Dictionary<string, string?> Environment(string home) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey, ["AWS_SECRET_ACCESS_KEY"] = Secret, ["AWS_SESSION_TOKEN"] = Token,
        ["AWS_PROFILE"] = null, ["AWS_DEFAULT_REGION"] = null, ["AWS_REGION"] = "us-east-1",
        ["AWS_CONFIG_FILE"] = Path.Combine(home, "no-config"), ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "no-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true", ["HOME"] = home,
        ["AWS_ENDPOINT_URL"] = Endpoint,
        ["AWS_ENDPOINT_URL_S3"] = null, ["AWS_ENDPOINT_URL_SFN"] = null,
        // The SDK's retries (STS, SSM) would otherwise wait seconds between attempts.
        ["AWS_MAX_ATTEMPTS"] = "3",
    };

    /// <summary>
    /// Runs <c>lab command args</c> in <paramref name="folder"/> against this fake (<see cref="Environment"/>, with
    /// <paramref name="overrides"/>; null removes a variable), <paramref name="input"/> as what the learner types.
    /// </summary>
    public ProcessResult RunLab(string folder, string command, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? overrides = null, string? input = null)
    {
        var environment = Environment(folder);
        foreach (var (name, value) in overrides ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }
        return ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "lab.dll"), command, .. args], folder, TimeSpan.FromMinutes(2), environment, input);
    }

    /// <summary>The non-empty lines a run printed on stdout.</summary>
    public static IReadOnlyList<string> Lines(ProcessResult run) => run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    /// <summary>Answers <paramref name="operation"/> of <paramref name="service"/> (the model name: ssm, servicequotas...) with <paramref name="answer"/>.</summary>
    public void On(string service, string operation, Func<JsonObject, Answer> answer) => handlers[$"{service}:{operation}"] = answer;

    /// <summary>Refuses every call of <paramref name="action"/> (IAM's name: servicequotas:GetServiceQuota) with AccessDenied.</summary>
    public void Deny(string action) => denied[action] = 0;

    /// <summary>The next <paramref name="count"/> calls (of <paramref name="service"/>'s model name, when given) are throttled.</summary>
    public void ThrottleNext(int count, string? service = null) => (throttles, throttled) = (count, service);

    /// <summary>Forgets scripted answers, faults and recorded calls.</summary>
    public void Reset()
    {
        handlers.Clear();
        denied.Clear();
        throttles = 0;
        Calls.Clear();
        Problems.Clear();
    }

    /// <inheritdoc/>
    public void Dispose() => listener.Close();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Respond(context));
        }
    }

    private void Respond(HttpListenerContext context)
    {
        try
        {
            var (status, contentType, headers, body) = Handle(context.Request);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or IOException)
        {
            // the client went away
        }
    }

    private (HttpStatusCode, string, Dictionary<string, string>, string) Handle(HttpListenerRequest request)
    {
        using var buffer = new MemoryStream();
        request.InputStream.CopyTo(buffer);
        var raw = buffer.ToArray();
        var scope = (request.Headers["Authorization"] ?? "").Split("Credential=", 2) is [_, var rest] ? rest.Split(',')[0].Split('/') : [];
        var signingName = scope.Length >= 4 ? scope[3] : "";
        // SageMaker Runtime signs as sagemaker, told apart by its path (its own host, at AWS): its body is the payload.
        var runtime = signingName == "sagemaker" && request.Url!.AbsolutePath.StartsWith("/endpoints/", StringComparison.Ordinal);
        if (runtime)
        {
            signingName = "runtime.sagemaker";
        }
        if (!Services.TryGetValue(signingName, out var service))
        {
            Problems.Enqueue($"a request for an unknown service '{signingName}': {request.HttpMethod} {request.Url}");
            return (HttpStatusCode.BadRequest, "text/plain", [], "unknown service");
        }
        var (operation, input) = Parse(service.Protocol, request, raw);
        if (SigV4.Refusal(request, raw, Keys) is (string refusal, string why))
        {
            Problems.Enqueue($"{service.Model}:{operation}: {refusal}");
            var code = service.Protocol == "query" && refusal == "UnrecognizedClientException" ? "InvalidClientTokenId" : refusal;
            return Render(service, operation, FakeAws.Answer.Error(code, why) with { Status = HttpStatusCode.Forbidden });
        }
        Answer answer;
        if ((throttled is null || throttled == service.Model) && throttles > 0 && Interlocked.Decrement(ref throttles) >= 0)
        {
            answer = FakeAws.Answer.Error(service.Protocol == "query" ? "Throttling" : "ThrottlingException", "Rate exceeded");
        }
        else if (denied.ContainsKey($"{service.IamPrefix}:{operation}"))
        {
            answer = FakeAws.Answer.Error(service.Protocol == "query" ? "AccessDenied" : "AccessDeniedException",
                $"User: arn:aws:sts::{Account}:assumed-role/learner/panel is not authorized to perform: {service.IamPrefix}:{operation} because no identity-based policy allows the {service.IamPrefix}:{operation} action");
        }
        else if (handlers.TryGetValue($"{service.Model}:{operation}", out var handler))
        {
            answer = handler(input);
        }
        else
        {
            Problems.Enqueue($"{service.Model}:{operation}: no answer scripted");
            answer = FakeAws.Answer.Error("UnknownOperationException", $"no answer scripted for {operation}");
        }
        // Every AWS answer carries its request id (x-amzn-RequestId; the query protocol's also in its body).
        var requestId = Guid.NewGuid().ToString();
        Calls.Enqueue(new Call(service.Model, operation, input, answer.Result, answer.ErrorCode, requestId));
        var (status, contentType, headers, body) = Render(service, operation, answer);
        headers["x-amzn-RequestId"] = requestId;
        return (status, contentType, headers, body.Replace("<RequestId>0000</RequestId>", $"<RequestId>{requestId}</RequestId>", StringComparison.Ordinal));
    }

    /// <summary>The operation and its input: from X-Amz-Target (JSON), the path (rest-json) or the form's Action (query, flat members only).</summary>
    private (string Operation, JsonObject Input) Parse(string protocol, HttpListenerRequest request, byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        switch (protocol)
        {
            case "json":
                var target = request.Headers["X-Amz-Target"] ?? "";
                if (!(request.ContentType ?? "").StartsWith("application/x-amz-json-", StringComparison.Ordinal))
                {
                    Problems.Enqueue($"{target}: content type {request.ContentType}");
                }
                return (target.Split('.')[^1], JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? []);
            case "rest-json" when request.Url!.AbsolutePath.Split('/') is ["", "bots", var bot, "botAliases", var alias, "botLocales", var locale, "sessions", var session, "text"]:
                // Lex Runtime V2's RecognizeText: its ids in the path, the text in the body.
                var recognize = JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? [];
                (recognize["botId"], recognize["botAliasId"], recognize["localeId"], recognize["sessionId"]) =
                    (Uri.UnescapeDataString(bot), Uri.UnescapeDataString(alias), Uri.UnescapeDataString(locale), Uri.UnescapeDataString(session));
                return ("RecognizeText", recognize);
            case "rest-json":
                return (request.Url!.AbsolutePath.Trim('/'), JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? []);
            case "payload":
                // InvokeEndpoint: /endpoints/{EndpointName}/invocations, the body as it came.
                return ("InvokeEndpoint", new JsonObject
                {
                    ["EndpointName"] = Uri.UnescapeDataString(request.Url!.AbsolutePath.Split('/')[2]), ["Body"] = text, ["ContentType"] = request.ContentType,
                });
            default:
                var form = HttpUtility.ParseQueryString(text);
                var input = new JsonObject();
                foreach (var key in form.AllKeys.OfType<string>().Where(k => k is not ("Action" or "Version")))
                {
                    input[key] = form[key];
                }
                return (form["Action"] ?? "", input);
        }
    }

    private static (HttpStatusCode, string, Dictionary<string, string>, string) Render((string Protocol, string Model, string JsonVersion, string IamPrefix) service, string operation, Answer answer)
    {
        if (service.Protocol == "query")
        {
            const string ns = "https://aws.example/doc/";
            return answer.ErrorCode is string code
                ? (answer.Status, "text/xml", [], $"<ErrorResponse xmlns=\"{ns}\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(answer.Message)}</Message></Error><RequestId>0000</RequestId></ErrorResponse>")
                : (HttpStatusCode.OK, "text/xml", [], $"<{operation}Response xmlns=\"{ns}\"><{operation}Result>{Xml(answer.Result!)}</{operation}Result><ResponseMetadata><RequestId>0000</RequestId></ResponseMetadata></{operation}Response>");
        }
        if (service.Protocol == "payload" && answer.ErrorCode is null)
        {
            return (HttpStatusCode.OK, (string?)answer.Result!["ContentType"] ?? "application/json", [], (string?)answer.Result["Body"] ?? "");
        }
        var contentType = service.Protocol == "json" ? $"application/x-amz-json-{service.JsonVersion}" : "application/json";
        return answer.ErrorCode is string error
            ? (answer.Status, contentType, service.Protocol is "rest-json" or "payload" ? new() { ["x-amzn-ErrorType"] = $"{error}:http://internal.amazon.com/coral/com.amazonaws.lakeformation/" } : new(),
                new JsonObject { ["__type"] = service.Protocol == "json" ? $"com.amazonaws.{service.Model}#{error}" : null, ["message"] = answer.Message }.ToJsonString())
            : (HttpStatusCode.OK, contentType, [], answer.Result!.ToJsonString());
    }

    /// <summary>A result as the query protocol's XML: members as elements, list items as &lt;member&gt;.</summary>
    private static string Xml(JsonNode? node) => node switch
    {
        JsonObject o => string.Concat(o.Select(p => $"<{p.Key}>{Xml(p.Value)}</{p.Key}>")),
        JsonArray a => string.Concat(a.Select(i => $"<member>{Xml(i)}</member>")),
        null => "",
        _ => SecurityElement.Escape(node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString()),
    };

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
