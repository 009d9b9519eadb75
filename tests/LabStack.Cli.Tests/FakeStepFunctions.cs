using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace LabStack.Cli.Tests;

/// <summary>
/// Step Functions on loopback, as far as the CLI calls it: checks each request's target, content type, body and SigV4
/// Authorization header, and answers with responses shaped like the real API's (JSON 1.0, epoch-second dates), errors
/// included (<see cref="ThrottleNext"/>, ExecutionDoesNotExist). Executions are scripted by the tests.
/// </summary>
public sealed class FakeStepFunctions : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private int throttles;

    /// <summary>A scripted execution: its input and the statuses successive DescribeExecution calls see (the last repeats).</summary>
    public sealed record Execution(string Name, string Input, Queue<string> Statuses, string? Error = null, string? Cause = null, string? Output = null)
    {
        /// <summary>When it started.</summary>
        public double StartDate { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>Starts listening on <paramref name="port"/>.</summary>
    public FakeStepFunctions(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Endpoint);
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Where it listens.</summary>
    public string Endpoint { get; }

    /// <summary>Every request: target and body, in order.</summary>
    public ConcurrentQueue<(string Target, JsonNode Body)> Requests { get; } = new();

    /// <summary>Problems with requests (a missing signature, a wrong content type...): a test asserts there are none.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>
    /// The keys AWS knows: access key id → secret, and for a temporary key (ASIA...) its session token. A request must be
    /// signed with one of them, and a temporary key's request must carry its token in a signed header.
    /// </summary>
    public Dictionary<string, (string Secret, string? Token)> Keys { get; } = new() { ["S3RVER"] = ("S3RVER", null) };

    /// <summary>Requests refused as AWS refuses them (a bad signature, a temporary key without its token): target and error code.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Executions whose DescribeExecution answers ExecutionDoesNotExist.</summary>
    public HashSet<string> Vanished { get; } = [];

    /// <summary>The next <paramref name="count"/> calls are throttled.</summary>
    public void ThrottleNext(int count) => throttles = count;

    /// <summary>Adds an execution started by an upload event for <paramref name="key"/>.</summary>
    public string Start(string name, string key, IEnumerable<string> statuses, string? error = null, string? cause = null)
    {
        var input = new JsonObject
        {
            ["detail-type"] = "Object Created", ["source"] = "aws.s3",
            ["detail"] = new JsonObject { ["bucket"] = new JsonObject { ["name"] = LocalAws.Bucket }, ["object"] = new JsonObject { ["key"] = key } },
        };
        var arn = $"arn:aws:states:us-east-1:123456789012:execution:lab-pipeline:{name}";
        executions[arn] = new Execution(name, input.ToJsonString(), new Queue<string>(statuses), error, cause);
        return arn;
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
            var (status, body) = Answer(context.Request);
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (HttpStatusCode, JsonNode) Answer(HttpListenerRequest request)
    {
        var target = request.Headers["X-Amz-Target"] ?? "";
        using var bytes = new MemoryStream();
        request.InputStream.CopyTo(bytes);
        var raw = bytes.ToArray();
        var body = JsonNode.Parse(raw.Length == 0 ? "{}" : Encoding.UTF8.GetString(raw)) ?? new JsonObject();
        Requests.Enqueue((target, body));
        Check(request.HttpMethod == "POST" && request.Url?.AbsolutePath == "/", $"{request.HttpMethod} {request.Url?.AbsolutePath}: expected POST /");
        Check(request.ContentType == "application/x-amz-json-1.0", $"{target}: content type {request.ContentType}");
        Check(request.Headers["X-Amz-Date"] is not null, $"{target}: no X-Amz-Date");
        if (SigV4.Refusal(request, raw, Keys) is (string code, string message))
        {
            Refused.Enqueue($"{target}: {code}");
            return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = code, ["message"] = message });
        }
        var authorization = request.Headers["Authorization"] ?? "";
        Check(authorization.Contains("/us-east-1/states/aws4_request", StringComparison.Ordinal) && authorization.Contains("x-amz-target", StringComparison.Ordinal),
            $"{target}: Authorization is not a signature for states in us-east-1 that covers X-Amz-Target: {authorization}");

        if (throttles > 0)
        {
            throttles--;
            return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.base.model#ThrottlingException", ["message"] = "Rate exceeded" });
        }
        switch (target)
        {
            case "AWSStepFunctions.ListExecutions":
                Check((string?)body["stateMachineArn"] == LocalAws.StateMachineArn, $"ListExecutions of {body["stateMachineArn"]}");
                var max = (int?)body["maxResults"] ?? 100;
                return (HttpStatusCode.OK, new JsonObject
                {
                    ["executions"] = new JsonArray(executions.OrderByDescending(e => e.Value.StartDate).Take(max).Select(e => (JsonNode)new JsonObject
                    {
                        ["executionArn"] = e.Key, ["stateMachineArn"] = LocalAws.StateMachineArn, ["name"] = e.Value.Name,
                        ["status"] = e.Value.Statuses.Peek(), ["startDate"] = e.Value.StartDate,
                    }).ToArray()),
                });
            case "AWSStepFunctions.DescribeExecution":
                var arn = (string?)body["executionArn"] ?? "";
                if (Vanished.Contains(arn) || !executions.TryGetValue(arn, out var execution))
                {
                    return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", ["message"] = $"Execution Does Not Exist: '{arn}'" });
                }
                var status = execution.Statuses.Count > 1 ? execution.Statuses.Dequeue() : execution.Statuses.Peek();
                var answer = new JsonObject
                {
                    ["executionArn"] = arn, ["stateMachineArn"] = LocalAws.StateMachineArn, ["name"] = execution.Name, ["status"] = status,
                    ["startDate"] = execution.StartDate, ["input"] = execution.Input,
                };
                if (status != "RUNNING")
                {
                    answer["stopDate"] = execution.StartDate + 4.2;
                }
                if (status == "FAILED")
                {
                    (answer["error"], answer["cause"]) = (execution.Error, execution.Cause);
                }
                return (HttpStatusCode.OK, answer);
            default:
                Check(false, $"unexpected target {target}");
                return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "UnknownOperationException" });
        }
    }

    private void Check(bool ok, string problem)
    {
        if (!ok)
        {
            Problems.Enqueue(problem);
        }
    }
}
