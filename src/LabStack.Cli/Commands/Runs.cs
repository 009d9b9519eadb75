using System.Globalization;
using Amazon.StepFunctions.Model;

namespace LabStack.Cli.Commands;

/// <summary><c>lab runs [--last N]</c>: the pipeline's recent executions.</summary>
public static class Runs
{
    /// <summary>Prints the last <see cref="CliOptions.Last"/> executions: status, start, duration and input key.</summary>
    public static async Task<int> RunAsync(CliOptions options, TextWriter output)
    {
        var lab = options.Outputs();
        using var clients = LabClients.Create();
        var executions = await LastAsync(clients, lab, options.Last).ConfigureAwait(false);
        output.WriteLine($"{"STATUS",-10} {"STARTED (UTC)",-20} {"DURATION",9}  KEY");
        foreach (var item in executions)
        {
            var described = await clients.StepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = item.ExecutionArn }).ConfigureAwait(false);
            var duration = described.StopDate is DateTime stop && described.StartDate is DateTime start ? $"{(stop - start).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "-";
            output.WriteLine($"{item.Status,-10} {item.StartDate?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {duration,9}  " +
                $"{PipelineRuns.InputKey(described.Input) ?? "(no key)"}");
        }
        if (executions.Count == 0)
        {
            output.WriteLine("(no runs yet: upload a file to the inbox, or lab analyze FILE)");
        }
        return 0;
    }

    /// <summary>
    /// The newest <paramref name="count"/> executions: a page may hold fewer than maxResults asks for (the API says so),
    /// so pages are read, following nextToken, until there are enough or no more.
    /// </summary>
    private static async Task<List<ExecutionListItem>> LastAsync(LabClients clients, LabOutputs lab, int count)
    {
        var executions = new List<ExecutionListItem>();
        string? token = null;
        do
        {
            var page = await clients.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest
            {
                StateMachineArn = lab.StateMachineArn, MaxResults = count - executions.Count, NextToken = token,
            }).ConfigureAwait(false);
            executions.AddRange(page.Executions.Where(e => e.ExecutionArn is not null).Take(count - executions.Count));
            token = page.NextToken;
        }
        while (token is not null && executions.Count < count);
        return executions;
    }
}
