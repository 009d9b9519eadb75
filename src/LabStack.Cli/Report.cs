using System.Text.Json.Nodes;
using LabStack.Cli.Commands;

namespace LabStack.Cli;

/// <summary>How the control-panel commands print checks: a table for people (default), JSON for scripts (<c>--json</c>).</summary>
public static class Report
{
    /// <summary>One check: its name, outcome and detail (with the fix).</summary>
    public sealed record Row(string Check, Preflight.Result Result, string Detail);

    /// <summary>The column a check's name takes.</summary>
    public const int NameWidth = 52;

    /// <summary>One row as the table prints it: <c>pass  name  detail</c>.</summary>
    public static string Line(Row row) => $"{Word(row.Result),-4}  {row.Check.PadRight(NameWidth)}  {row.Detail}";

    /// <summary>The outcome's word.</summary>
    public static string Word(Preflight.Result result) => result switch
    {
        Preflight.Result.Pass => "pass",
        Preflight.Result.Warn => "warn",
        _ => "FAIL",
    };

    /// <summary>Prints <paramref name="rows"/> and a summary line, or one JSON document.</summary>
    public static void Write(TextWriter output, bool json, IReadOnlyList<Row> rows, string scope)
    {
        var (failed, warned) = (rows.Count(r => r.Result == Preflight.Result.Fail), rows.Count(r => r.Result == Preflight.Result.Warn));
        if (json)
        {
            output.WriteLine(new JsonObject
            {
                ["scope"] = scope,
                ["checks"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                {
                    ["check"] = r.Check, ["result"] = Word(r.Result).ToLowerInvariant(), ["detail"] = r.Detail,
                }).ToArray()),
                ["failed"] = failed, ["warned"] = warned,
            }.ToJsonString());
            return;
        }
        output.WriteLine($"{"RESULT",-4}  {"CHECK".PadRight(NameWidth)}  DETAIL");
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }
        output.WriteLine(failed == 0
            ? $"No check failed ({warned} warning{(warned == 1 ? "" : "s")}; {scope})."
            : $"{failed} of {rows.Count} checks failed ({scope}).");
    }
}
