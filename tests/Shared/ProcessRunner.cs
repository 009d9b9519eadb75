using System.ComponentModel;
using System.Diagnostics;

namespace LabStack.Tests.Shared;

/// <summary>What a finished command returned.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The error output's non-empty lines, trimmed: the lines a reader sees.</summary>
    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs a command the tests need (the app, the <c>lab</c> CLI, Node.js and Python tools, npm) and collects its output,
/// within a time limit. Shared by both test projects.
/// </summary>
public static class ProcessRunner
{
    /// <summary>
    /// One thread for OpenMP (PyTorch, XGBoost, scikit-learn) and OpenBLAS (numpy) in every command, unless the caller
    /// sets the variable: the tests run in two lanes beside the other test project on 2 cores, where a second math thread
    /// has no core of its own and its spinning costs more CPU than it saves (the notebook run: 17.5 s of CPU instead of
    /// 22.5, the same numbers). A command still may run its own processes in parallel.
    /// </summary>
    private static readonly Dictionary<string, string> SingleThreadedMath = new() { ["OMP_NUM_THREADS"] = "1", ["OPENBLAS_NUM_THREADS"] = "1" };

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; <paramref name="environment"/>
    /// sets variables for it (a null value removes the variable).
    /// </summary>
    public static ProcessResult Run(string command, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in SingleThreadedMath)
        {
            start.Environment[name] = value;
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
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
            if (input is not null)
            {
                // What a learner types, then the end of input.
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
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
