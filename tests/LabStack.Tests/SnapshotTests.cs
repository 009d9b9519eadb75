using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LabStack.Tests;

/// <summary>
/// One normalized template per stack under __snapshots__: a safety net that shows every change to what
/// would deploy. Refresh with <c>UPDATE_SNAPSHOTS=1 dotnet test</c>; never written under <c>CI=true</c>.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class SnapshotTests(LabFixture lab)
{
    private static string SnapshotFolder => Path.Combine(LabPaths.Root, "tests", "LabStack.Tests", "__snapshots__");

    public static TheoryData<string> StackNames => new(LabModules.All.Select(m => m.StackName("mllab")));

    [Theory]
    [MemberData(nameof(StackNames))]
    public void TemplateMatchesSnapshot(string stackName)
    {
        // The opt-in groundtruth stack exists only in its own synthesis.
        var synthesized = stackName == LabModules.GroundTruth.StackName("mllab") ? lab.GroundTruth : lab.Default;
        var actual = Normalize(synthesized.TemplateJson(stackName));
        var path = Path.Combine(SnapshotFolder, $"{stackName}.json");
        var inCi = System.Environment.GetEnvironmentVariable("CI") == "true";
        var update = System.Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

        if (update && !inCi)
        {
            Directory.CreateDirectory(SnapshotFolder);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot for {stackName}: run UPDATE_SNAPSHOTS=1 dotnet test and review {path}");
        Assert.True(File.ReadAllText(path).ReplaceLineEndings("\n") == actual,
            $"{stackName} differs from {path}. If the change is intended, run UPDATE_SNAPSHOTS=1 dotnet test and review the diff.");
    }

    /// <summary>Drops the bootstrap-version check, masks asset hashes and fixes the line endings.</summary>
    public static string Normalize(JsonObject template)
    {
        var copy = template.DeepClone().AsObject();
        if (copy["Parameters"] is JsonObject parameters)
        {
            parameters.Remove("BootstrapVersion");
            if (parameters.Count == 0) copy.Remove("Parameters");
        }
        if (copy["Rules"] is JsonObject rules)
        {
            rules.Remove("CheckBootstrapVersion");
            if (rules.Count == 0) copy.Remove("Rules");
        }
        var json = copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return AssetHash().Replace(json, "[ASSET-HASH]").ReplaceLineEndings("\n") + "\n";
    }

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex AssetHash();
}
