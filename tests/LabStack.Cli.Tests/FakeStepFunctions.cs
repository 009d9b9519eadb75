using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LabStack.Cli.Tests;

/// <summary>
/// Step Functions on loopback, as far as the CLI calls it: checks each request's target, content type, body and SigV4
/// Authorization header, and answers with responses shaped like the real API's (JSON 1.0, epoch-second dates, pages of
/// at most maxResults, default 100, with a nextToken), errors included (<see cref="ThrottleNext"/>, ExecutionDoesNotExist).
/// It plays EventBridge too: before it answers ListExecutions, each new object in the inbox starts the run a test
/// scripted for its file name (<see cref="OnUpload"/>), with the S3 Object Created event as input, as the pipeline's rule does.
/// </summary>
public sealed class FakeStepFunctions : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, Execution> executions = new();
    private readonly Func<Task<IReadOnlyList<(string Key, long Size, string ETag)>>> inbox;
    private readonly HashSet<string> delivered = [];
    private readonly List<(string FileName, Func<string, Execution> Run, Action<Execution>? Then)> scripts = [];
    private readonly SemaphoreSlim one = new(1);
    private int throttles, raws;
    private (HttpStatusCode Status, string ContentType, string Body) raw;
    private TimeSpan? delay;
    private long sequencer = 0x0055AED6DCD90281E5;

    /// <summary>A scripted execution: its input and the statuses successive DescribeExecution calls see (the last repeats).</summary>
    public sealed record Execution(string Name, string? Input, Queue<string> Statuses, string? Error = null, string? Cause = null, string? Output = null)
    {
        /// <summary>When it started (epoch seconds).</summary>
        public double StartDate { get; init; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>Starts listening on <paramref name="port"/>; <paramref name="inbox"/> lists the inbox's objects, for the upload events.</summary>
    public FakeStepFunctions(int port, Func<Task<IReadOnlyList<(string Key, long Size, string ETag)>>> inbox)
    {
        this.inbox = inbox;
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

    /// <summary>At most this many executions a page, whatever maxResults asks (the API: "might be fewer than the specified maximum").</summary>
    public int? PageLimit { get; set; }

    /// <summary>The expiry clock's state machine: ListExecutions lists <see cref="RunningClocks"/>, StartExecution adds one.</summary>
    public const string ClockArn = "arn:aws:states:us-east-1:123456789012:stateMachine:mllab-expiry-clock";

    /// <summary>The clock's running executions (ARNs); StartExecution adds to them.</summary>
    public ConcurrentQueue<string> RunningClocks { get; } = new();

    /// <summary>The inputs StartExecution was given, parsed (a request whose input is not JSON is a problem).</summary>
    public ConcurrentQueue<JsonNode> StartedInputs { get; } = new();

    /// <summary>The next <paramref name="count"/> calls are throttled.</summary>
    public void ThrottleNext(int count) => throttles = count;

    /// <summary>The next <paramref name="count"/> calls get <paramref name="body"/> with <paramref name="status"/>, not from Step Functions (a proxy's page).</summary>
    public void AnswerNextWith(int count, HttpStatusCode status, string contentType, string body) => (raws, raw) = (count, (status, contentType, body));

    /// <summary>The next call is answered only after <paramref name="wait"/> (a network that hangs).</summary>
    public void DelayNext(TimeSpan wait) => delay = wait;

    /// <summary>No throttling, page limit, raw answers or delay left over from a test.</summary>
    public void ResetFaults() => (throttles, raws, delay, PageLimit) = (0, 0, null, null);

    /// <summary>Adds an execution started by an upload event for <paramref name="key"/>.</summary>
    public string Start(string name, string key, IEnumerable<string> statuses, string? error = null, string? cause = null) =>
        StartWith(name, UploadEvent(key, 5, "d41d8cd98f00b204e9800998ecf8427e"), statuses, error, cause);

    /// <summary>Adds an execution with <paramref name="input"/> as given (a hand start: any JSON, or none), optionally at <paramref name="startDate"/>.</summary>
    public string StartWith(string name, string? input, IEnumerable<string> statuses, string? error = null, string? cause = null, double? startDate = null)
    {
        var arn = $"arn:aws:states:us-east-1:123456789012:execution:lab-pipeline:{name}";
        var execution = new Execution(name, input, new Queue<string>(statuses), error, cause);
        executions[arn] = startDate is double date ? execution with { StartDate = date } : execution;
        return arn;
    }

    /// <summary>
    /// The next new inbox object uploaded from a file named <paramref name="fileName"/> (the command's key of its own:
    /// inbox/&lt;name&gt;-&lt;8 hex digits&gt;.&lt;ext&gt;) starts the run <paramref name="name"/>; <paramref name="then"/> runs after
    /// it started (to start others after it).
    /// </summary>
    public void OnUpload(string fileName, string name, IEnumerable<string> statuses, string? error = null, string? cause = null, Action<Execution>? then = null)
    {
        lock (scripts)
        {
            scripts.Add((fileName, input => new Execution(name, input, new Queue<string>(statuses), error, cause), then));
        }
    }

    /// <summary>The input of the execution named <paramref name="name"/>.</summary>
    public JsonNode? Input(string name) => executions.Values.Single(e => e.Name == name).Input is string input ? JsonNode.Parse(input) : null;

    /// <summary>The S3 Object Created event EventBridge passes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html); the bucket is not versioned, so no version-id.</summary>
    private string UploadEvent(string key, long size, string etag) => new JsonObject
    {
        ["version"] = "0", ["id"] = Guid.NewGuid().ToString(), ["detail-type"] = "Object Created", ["source"] = "aws.s3", ["account"] = "123456789012",
        ["time"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["region"] = "us-east-1",
        ["resources"] = new JsonArray($"arn:aws:s3:::{LocalAws.Bucket}"),
        ["detail"] = new JsonObject
        {
            ["version"] = "0", ["bucket"] = new JsonObject { ["name"] = LocalAws.Bucket },
            ["object"] = new JsonObject { ["key"] = key, ["size"] = size, ["etag"] = etag, ["sequencer"] = (++sequencer).ToString("X18", System.Globalization.CultureInfo.InvariantCulture) },
            ["request-id"] = "N4N7GDK58NMKJ12R", ["requester"] = "123456789012", ["source-ip-address"] = "127.0.0.1", ["reason"] = "PutObject",
        },
    }.ToJsonString();

    /// <summary>EventBridge: each inbox object not seen before starts the first run scripted for its file name, if any.</summary>
    private async Task DeliverUploadEventsAsync()
    {
        foreach (var (key, size, etag) in await inbox())
        {
            if (!delivered.Add(key))
            {
                continue;
            }
            (string FileName, Func<string, Execution> Run, Action<Execution>? Then) script;
            lock (scripts)
            {
                script = scripts.FirstOrDefault(s => Regex.IsMatch(key,
                    $"^inbox/{Regex.Escape(Path.GetFileNameWithoutExtension(s.FileName))}-[0-9a-f]{{8}}{Regex.Escape(Path.GetExtension(s.FileName))}$"));
                scripts.Remove(script);
            }
            if (script.Run is null)
            {
                continue; // no run scripted: as if its event were still on its way
            }
            var execution = script.Run(UploadEvent(key, size, etag));
            executions[$"arn:aws:states:us-east-1:123456789012:execution:lab-pipeline:{execution.Name}"] = execution;
            script.Then?.Invoke(execution);
        }
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
            // Each request on its own, so a delayed answer holds up no other; the command sends one at a time.
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            if (delay is TimeSpan wait)
            {
                delay = null;
                await Task.Delay(wait);
            }
            var (status, contentType, body) = raws > 0 && raws-- > 0 ? raw : await AnswerAsync(context.Request);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or IOException)
        {
            // the client stopped waiting (its timeout) and closed the connection
        }
    }

    private async Task<(HttpStatusCode, string, string)> AnswerAsync(HttpListenerRequest request)
    {
        await one.WaitAsync();
        try
        {
            var (status, body) = await AnswerJsonAsync(request);
            return (status, "application/x-amz-json-1.0", body.ToJsonString());
        }
        finally
        {
            one.Release();
        }
    }

    private async Task<(HttpStatusCode, JsonNode)> AnswerJsonAsync(HttpListenerRequest request)
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
            case "AWSStepFunctions.ListExecutions" when (string?)body["stateMachineArn"] == ClockArn:
                Check((string?)body["statusFilter"] is null or "RUNNING", $"ListExecutions of the clock with statusFilter {body["statusFilter"]}");
                return (HttpStatusCode.OK, new JsonObject
                {
                    ["executions"] = new JsonArray(RunningClocks.Select(arn => (JsonNode)new JsonObject
                    {
                        ["executionArn"] = arn, ["stateMachineArn"] = ClockArn, ["name"] = arn.Split(':')[^1], ["status"] = "RUNNING", ["startDate"] = 1764590400.0,
                    }).ToArray()),
                });
            case "AWSStepFunctions.StartExecution":
                return StartExecution(body);
            case "AWSStepFunctions.ListExecutions":
                Check((string?)body["stateMachineArn"] == LocalAws.StateMachineArn, $"ListExecutions of {body["stateMachineArn"]}");
                await DeliverUploadEventsAsync();
                return ListPage(body);
            case "AWSStepFunctions.DescribeExecution":
                return Describe((string?)body["executionArn"] ?? "");
            default:
                Check(false, $"unexpected target {target}");
                return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "UnknownOperationException" });
        }
    }

    /// <summary>
    /// One page of executions, newest first: maxResults of them (0 or absent: 100; over 1000 refused, as AWS does), and a
    /// nextToken when there are more. The token marks where the page ended, so runs started meanwhile do not shift the next page.
    /// </summary>
    private (HttpStatusCode, JsonNode) ListPage(JsonNode body)
    {
        var max = (int?)body["maxResults"] ?? 0;
        if (max is < 0 or > 1000)
        {
            return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.base.model#ValidationException",
                ["message"] = $"1 validation error detected: Value '{max}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000" });
        }
        var size = Math.Min(max == 0 ? 100 : max, PageLimit ?? int.MaxValue);
        var ordered = executions.OrderByDescending(e => e.Value.StartDate).ThenByDescending(e => e.Key, StringComparer.Ordinal).ToList();
        var start = 0;
        if ((string?)body["nextToken"] is string token)
        {
            start = ordered.FindIndex(e => Token(e.Key, e.Value) == token) + 1;
            if (start == 0)
            {
                return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.base.model#InvalidToken", ["message"] = "Invalid Token: 'Invalid token'" });
            }
        }
        var page = ordered.Skip(start).Take(size).ToList();
        var answer = new JsonObject
        {
            ["executions"] = new JsonArray(page.Select(e => (JsonNode)new JsonObject
            {
                ["executionArn"] = e.Key, ["stateMachineArn"] = LocalAws.StateMachineArn, ["name"] = e.Value.Name,
                ["status"] = e.Value.Statuses.Peek(), ["startDate"] = e.Value.StartDate,
            }).ToArray()),
        };
        if (start + page.Count < ordered.Count && page.Count > 0)
        {
            answer["nextToken"] = Token(page[^1].Key, page[^1].Value);
        }
        return (HttpStatusCode.OK, answer);
    }

    /// <summary>An opaque token for the page after <paramref name="arn"/>.</summary>
    private static string Token(string arn, Execution execution) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{execution.StartDate:R}|{arn}"));

    private (HttpStatusCode, JsonNode) Describe(string arn)
    {
        if (Vanished.Contains(arn) || !executions.TryGetValue(arn, out var execution))
        {
            return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", ["message"] = $"Execution Does Not Exist: '{arn}'" });
        }
        var status = execution.Statuses.Count > 1 ? execution.Statuses.Dequeue() : execution.Statuses.Peek();
        var answer = new JsonObject
        {
            ["executionArn"] = arn, ["stateMachineArn"] = LocalAws.StateMachineArn, ["name"] = execution.Name, ["status"] = status,
            ["startDate"] = execution.StartDate,
        };
        if (execution.Input is not null)
        {
            answer["input"] = execution.Input;
        }
        if (status != "RUNNING")
        {
            answer["stopDate"] = execution.StartDate + 4.2;
        }
        if (status == "FAILED")
        {
            (answer["error"], answer["cause"]) = (execution.Error, execution.Cause);
        }
        return (HttpStatusCode.OK, answer);
    }

    /// <summary>StartExecution of the clock: the input must be JSON text (the API's input is a string of at most 256 KiB).</summary>
    private (HttpStatusCode, JsonNode) StartExecution(JsonNode body)
    {
        if ((string?)body["stateMachineArn"] != ClockArn)
        {
            return (HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist", ["message"] = $"State Machine Does Not Exist: '{body["stateMachineArn"]}'" });
        }
        try
        {
            StartedInputs.Enqueue(JsonNode.Parse((string?)body["input"] ?? "")!);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException)
        {
            Check(false, $"StartExecution input is not JSON text: {body["input"]}");
        }
        var arn = $"arn:aws:states:us-east-1:123456789012:execution:mllab-expiry-clock:{Guid.NewGuid()}";
        RunningClocks.Enqueue(arn);
        return (HttpStatusCode.OK, new JsonObject { ["executionArn"] = arn, ["startDate"] = 1764590400.0 }); // 2025-12-01T12:00:00Z
    }

    private void Check(bool ok, string problem)
    {
        if (!ok)
        {
            Problems.Enqueue(problem);
        }
    }
}
