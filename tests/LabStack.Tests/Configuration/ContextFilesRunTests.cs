namespace LabStack.Tests.Configuration;

/// <summary>
/// The context files through the app's two doors: <c>dotnet run</c> (the app reads them, ~/.cdk.json from <c>HOME</c>) and the
/// pinned CDK CLI (the CLI reads them and the app checks them again), each in a throwaway project or home folder.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ContextFilesRunTests : IDisposable
{
    private static readonly string AppDll = Path.Combine(AppContext.BaseDirectory, "LabStack.dll");
    private readonly List<string> folders = [];

    public void Dispose() => folders.ForEach(folder => Directory.Delete(folder, recursive: true));

    private string Folder(params (string File, string Json)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("labstack-run-").FullName;
        folders.Add(folder);
        foreach (var (file, json) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), json);
        }
        return folder;
    }

    private static ProcessResult DotnetRun(string home, params string[] args) =>
        ProcessRunner.Run("dotnet", [AppDll, .. args], LabPaths.Root, TimeSpan.FromMinutes(3), new Dictionary<string, string?> { ["HOME"] = home });

    /// <summary><c>cdk synth</c> of the pinned CLI, run in <paramref name="project"/> as a learner would run it there.</summary>
    private static ProcessResult CdkSynth(string project, params string[] args)
    {
        NpmPackages.EnsureInstalled(LabPaths.Root);
        return ProcessRunner.Run(Path.Combine(LabPaths.Root, "node_modules", ".bin", "cdk"),
            ["synth", "--app", $"dotnet {AppDll}", "-o", Path.Combine(project, "cdk.out"), "-q", "--no-notices", .. args], project, TimeSpan.FromMinutes(3));
    }

    private static IReadOnlyList<string> AppLines(ProcessResult run) =>
        (run.Stderr + run.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("!!", StringComparison.Ordinal)).ToList(); // Node's end-of-life banner from jsii

    [Fact]
    public void DotnetRunKeepsAChoiceSavedInTheHomeFile()
    {
        var run = DotnetRun(Folder((".cdk.json", "{ \"context\": { \"labName\": \"homelab\" } }")), "-c", "modules=expiry");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("Lab 'homelab': stack names start with it.", run.Stdout);
    }

    [Fact]
    public void DotnetRunStopsWithOneLineOnAKeyWrittenTwiceInTheHomeFile()
    {
        var run = DotnetRun(Folder((".cdk.json", "{ \"context\": { \"labName\": \"a-lab\", \"labName\": \"b-lab\" } }")), "-c", "modules=expiry");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Invalid ~/.cdk.json: \"labName\" is written twice (in \"context\"); the CDK CLI would silently use the last one: keep one.",
            Assert.Single(AppLines(run)));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Theory]
    [InlineData("cdk.json", "{ \"context\": { \"labName\": \"mllab\", \"labName\": \"other\" } }",
        "Invalid cdk.json: \"labName\" is written twice (in \"context\"); the CDK CLI would silently use the last one: keep one.")]
    [InlineData("cdk.context.json", "{ \"budgetUsd\": 5, \"budgetUsd\": 500 }",
        "Invalid cdk.context.json: \"budgetUsd\" is written twice; the CDK CLI would silently use the last one: keep one.")]
    [InlineData("cdk.context.json", "{ \"labName\": null }", "Invalid setting 'labName' in cdk.context.json: got null; expected 3 to 20 characters")]
    public void TheCdkCliRunRejectsWhatTheCliMergedSilently(string file, string json, string expectedStart)
    {
        var run = CdkSynth(Folder((file, json)), "-c", "modules=expiry");
        Assert.True(run.ExitCode != 0, $"cdk synth accepted {file}: {json}");
        Assert.Contains(AppLines(run), line => line.StartsWith(expectedStart, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void UnderTheCdkCliACdkJsonWithoutAContextSectionSynthesizesTheSameLab()
    {
        // Without the app's own copy of the flags, aws-cdk-lib would fall back to its 2.0 behaviours and every template would change.
        var withFlags = Folder(("cdk.json", File.ReadAllText(Path.Combine(LabPaths.Root, "cdk.json"))));
        var withoutContext = Folder(("cdk.json", "{ \"app\": \"dotnet run --project src/LabStack/LabStack.csproj\" }"));
        foreach (var project in new[] { withFlags, withoutContext })
        {
            var run = CdkSynth(project, "-c", "modules=datalake");
            Assert.True(run.ExitCode == 0, run.Stderr);
        }
        var template = (string project) => JsonNode.Parse(File.ReadAllText(Path.Combine(project, "cdk.out", "mllab-DataLake.template.json")));
        Assert.True(JsonNode.DeepEquals(template(withFlags), template(withoutContext)), "the DataLake template differs without cdk.json's context section");
    }

    [Fact]
    public void TheCdkCliRunStatesTheSafetySettingsOnStderr()
    {
        var run = CdkSynth(Folder(("cdk.context.json", "{ \"retainData\": true }")), "-c", "modules=expiry");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("retainData=true: the lake bucket and its objects are kept when the lab is deleted", run.Stderr);
        Assert.Contains("alertEmail is empty: nobody is emailed when spend passes the budget", run.Stderr);
    }
}
