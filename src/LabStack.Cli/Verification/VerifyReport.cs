using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabStack.Cli.Commands;

namespace LabStack.Cli.Verification;

/// <summary>
/// <c>lab verify --report FILE</c>: what someone fixing the lab needs without a screenshot (the lab's settings, the CDK
/// version package.json pins, the lab's git commit, the region, each check's outcome, time, price, and a failure's
/// expected and actual values, AWS error code and request id) and nothing secret: no credential, session token or
/// signature is ever read into it (a test runs with known ones and searches the file), and e-mail settings read "(set)".
/// </summary>
public static class VerifyReport
{
    /// <summary>The report as JSON.</summary>
    public static JsonObject Of(VerifyContext lab, IReadOnlyDictionary<string, object?> settings, IReadOnlyList<string> modules, IReadOnlyList<CheckResult> results, DateTime started) => new()
    {
        ["lab"] = lab.Lab,
        ["region"] = lab.Clients.Region.SystemName,
        ["startedAt"] = started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["labCommit"] = GitCommit(lab.Options.ProjectFolder),
        ["cdkVersion"] = PinnedCdk(lab.Options.ProjectFolder),
        ["settings"] = new JsonObject(settings.Select(s => KeyValuePair.Create(s.Key, JsonSerializer.SerializeToNode(s.Value)))),
        ["modules"] = new JsonArray(modules.Select(m => (JsonNode)m).ToArray()),
        ["prices"] = $"{lab.Prices.Region}'s on-demand prices from the lab's price table (read {lab.Prices.ReadDates})",
        ["checks"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
        {
            ["module"] = r.Module, ["check"] = r.Name, ["outcome"] = Verify.Word(r.Outcome).ToLowerInvariant(), ["detail"] = r.Detail,
            ["seconds"] = Math.Round(r.Seconds, 2), ["price"] = Math.Round(r.Price.Dollars, 6), ["priced"] = r.Price.How,
            ["expected"] = r.Expected, ["got"] = r.Got, ["errorCode"] = r.ErrorCode, ["requestId"] = r.RequestId, ["action"] = r.Action,
        }).ToArray()),
        ["passed"] = results.Count(r => r.Outcome == Outcome.Pass),
        ["failed"] = results.Count(r => r.Outcome == Outcome.Fail),
        ["seconds"] = Math.Round(results.Sum(r => r.Seconds), 2),
        ["price"] = Math.Round(results.Sum(r => r.Price.Dollars), 6),
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/>; a folder that cannot be written is a one-line error.</summary>
    public static void Write(string path, JsonObject report)
    {
        try
        {
            File.WriteAllText(path, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Cannot write the report to {path}: {error.Message} Pass --report with a file in a folder you can write.");
        }
    }

    /// <summary>Dollars as the table prints them.</summary>
    public static string Money(double dollars) => "$" + dollars.ToString(dollars > 0 && dollars < 0.001 ? "0.00000" : "0.000", CultureInfo.InvariantCulture);

    /// <summary>aws-cdk-lib's and the CDK CLI's versions as the project's package.json pins them (null when it is not there).</summary>
    private static JsonObject? PinnedCdk(string folder)
    {
        var path = Path.Combine(folder, "package.json");
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path)) is not JsonObject package)
        {
            return null;
        }
        string? Pin(string name) => new[] { "dependencies", "devDependencies" }.Select(s => package[s]?[name]).OfType<JsonValue>().Select(v => (string?)v).FirstOrDefault();
        return new JsonObject { ["aws-cdk-lib"] = Pin("aws-cdk-lib"), ["aws-cdk"] = Pin("aws-cdk") };
    }

    /// <summary>The project's git commit (with "+changes" when the work tree differs), or null without git or a repository.</summary>
    private static string? GitCommit(string folder)
    {
        try
        {
            var head = Git(folder, "rev-parse HEAD");
            return head is null ? null : head + (Git(folder, "status --porcelain --untracked-files=no") is { Length: > 0 } ? "+changes" : "");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on the PATH
        }
    }

    private static string? Git(string folder, string arguments)
    {
        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", $"-C \"{folder}\" {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? text : null;
    }
}
