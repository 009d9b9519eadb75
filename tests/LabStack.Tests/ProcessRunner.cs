using System.ComponentModel;
using System.Diagnostics;

namespace LabStack.Tests;

/// <summary>What a finished command returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a command the tests need (the app, Node.js tools) and collects its output, within a time limit.</summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="command"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static ProcessResult Run(string command, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"cannot start {command}: install it and put it on PATH ({error.Message})");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{command} {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalMinutes} minutes");
            }
            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
