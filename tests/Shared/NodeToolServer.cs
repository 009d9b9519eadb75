using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace LabStack.Tests.Shared;

/// <summary>
/// One long-lived <c>node tools/serve.mjs</c> per test run, which runs the repository's served Node tools (each exports
/// <c>main(args)</c>) on request: aws-cdk-lib, cdk-nag, ajv's compiled schemas and the API models are loaded once, not
/// once per call. Calls are answered one at a time, in order; a test host's calls wait for each other.
/// </summary>
public static class NodeToolServer
{
    private static readonly object Gate = new();
    private static readonly Queue<string> ErrorTail = new();
    private static Process? server;

    /// <summary>
    /// What <c>node <paramref name="tool"/> <paramref name="args"/></c> would print on stdout, and its exit code; throws
    /// with the tool's error when it throws (or the server's last error lines when the server stops).
    /// </summary>
    /// <param name="root">The repository root, where tools/serve.mjs is.</param>
    /// <param name="tool">The tool's path from the repository root (tools/validate/index.mjs).</param>
    public static (string Stdout, int ExitCode) Call(string root, string tool, IReadOnlyList<string> args, TimeSpan timeout)
    {
        lock (Gate)
        {
            var running = server ??= Start(root);
            var request = new JsonObject { ["tool"] = tool, ["args"] = new JsonArray(args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()) };
            running.StandardInput.WriteLine(request.ToJsonString());
            running.StandardInput.Flush();
            var line = running.StandardOutput.ReadLineAsync();
            if (!line.Wait(timeout))
            {
                Stop();
                throw new TimeoutException($"node {tool} {string.Join(' ', args)} did not finish in {timeout.TotalMinutes} minutes (tools/serve.mjs)");
            }
            if (line.Result is null)
            {
                var why = Tail();
                Stop();
                throw new InvalidOperationException($"tools/serve.mjs stopped during node {tool} {string.Join(' ', args)}:\n{why}");
            }
            var reply = JsonNode.Parse(line.Result)!;
            return reply["error"] is JsonNode error
                ? throw new InvalidOperationException($"node {tool} {string.Join(' ', args)} failed:\n{(string?)error}")
                : ((string)reply["stdout"]!, (int)reply["exitCode"]!);
        }
    }

    private static Process Start(string root)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in new[] { "--import", "./tools/stepfunctions/polyfill.mjs", Path.Combine(root, "tools", "serve.mjs") })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start node tools/serve.mjs");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (ErrorTail)
            {
                ErrorTail.Enqueue(e.Data.Length > 300 ? e.Data[..300] + "..." : e.Data);
                while (ErrorTail.Count > 20)
                {
                    ErrorTail.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
        // The server ends when its input closes (the test host exits); this covers a host that exits another way.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        return process;
    }

    private static string Tail()
    {
        lock (ErrorTail)
        {
            return string.Join('\n', ErrorTail);
        }
    }

    private static void Stop()
    {
        var running = Interlocked.Exchange(ref server, null);
        if (running is null)
        {
            return;
        }
        try
        {
            running.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        running.Dispose();
    }
}
