using LabStack.Configuration;
using LabStack.DataLake;
using LabStack.Emr;
using LabStack.Streaming;

namespace LabStack.Tests.Configuration;

/// <summary>
/// The context files the app reads under <c>dotnet run</c> and checks under the CDK CLI: their order, and every shape of
/// file that must stop synthesis with one line rather than a stack trace or a silently different lab.
/// </summary>
public sealed class ContextFilesTests : IDisposable
{
    private const string App = "\"app\": \"dotnet run --project src/LabStack/LabStack.csproj\"";
    private readonly string project = Directory.CreateTempSubdirectory("labstack-project-").FullName;
    private readonly string home = Directory.CreateTempSubdirectory("labstack-home-").FullName;

    public void Dispose()
    {
        Directory.Delete(project, recursive: true);
        Directory.Delete(home, recursive: true);
    }

    private void Write(string file, string json) => File.WriteAllText(Path.Combine(file == "~/.cdk.json" ? home : project, file.TrimStart('~', '/')), json);

    private Dictionary<string, object> Load(params string[] args) =>
        LocalContext.Load(ContextSources.InProject(project, home), args, LabSettings.Definitions);

    private SettingsException LoadFails(params string[] args)
    {
        var error = Assert.Throws<SettingsException>(() => Load(args));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void ContextComesFromDashCThenCdkJsonThenCdkContextJsonThenTheHomeFile()
    {
        Write("cdk.json", $"{{ {App}, \"context\": {{ \"budgetUsd\": 30 }} }}");
        Write("cdk.context.json", "{ \"labName\": \"ctxlab\", \"budgetUsd\": 40, \"shardCount\": 2 }");
        Write("~/.cdk.json", "{ \"context\": { \"labName\": \"homelab\", \"shardCount\": 3, \"emrRun\": 5 } }");
        var context = Load("-c", "shardCount=4");
        var settings = LabSettings.FromContext(key => context.GetValueOrDefault(key));
        Assert.Equal("ctxlab", settings.LabName);                                 // cdk.context.json over ~/.cdk.json
        Assert.Equal(30, settings.Of<DataLakeSettings>().BudgetUsd);              // cdk.json over cdk.context.json
        Assert.Equal(4, settings.Of<StreamingSettings>().ShardCount);             // -c over all
        Assert.Equal(5, settings.Of<EmrSettings>().Run);                          // ~/.cdk.json when nothing else sets it
        Assert.Equal(15, settings.Of<EmrSettings>().IdleMinutes);                 // the typed default when no file does
    }

    [Fact]
    public void AChoiceKeptInCdkContextJsonIsValidatedLikeAnyOther()
    {
        Write("cdk.json", $"{{ {App} }}");
        Write("cdk.context.json", "{ \"shardCount\": 1.5 }");
        var context = Load();
        var error = Assert.Throws<SettingsException>(() => LabSettings.FromContext(key => context.GetValueOrDefault(key)));
        Assert.Equal("Invalid setting 'shardCount': got '1.5'; expected a whole number of shards from 1 to 10.", error.Message);
    }

    [Fact]
    public void TheLearnersFilesAreOptional()
    {
        Write("cdk.json", $"{{ {App} }}");
        Assert.Equal("mllab", LabSettings.FromContext(key => Load().GetValueOrDefault(key)).LabName);
    }

    [Theory]
    [InlineData("[1,2]", "Invalid cdk.json: the file is an array; expected a JSON object; restore it with git checkout cdk.json.")]
    [InlineData("\"x\"", "Invalid cdk.json: the file is a string; expected a JSON object; restore it with git checkout cdk.json.")]
    [InlineData("{ \"app\": \"x\", \"context\": { \"labName\": \"mllab\", \"labName\": \"other\" } }",
        "Invalid cdk.json: \"labName\" is written twice (in \"context\"); the CDK CLI would silently use the last one: keep one.")]
    [InlineData("{ \"context\": { }, \"context\": { \"labName\": \"other\" } }", "Invalid cdk.json: \"context\" is written twice; ")]
    [InlineData("{ // a comment\n \"app\": \"x\" }", "Invalid cdk.json: not valid JSON at line 1, column 3 (the CDK CLI reads it with JSON.parse: no comments")]
    [InlineData("{ \"app\": \"x\", }", "Invalid cdk.json: not valid JSON at line 1")]
    [InlineData("{ \"app\": \"x\", \"context\": { \"labName\": null } }",
        "Invalid setting 'labName' in cdk.json: got null; expected 3 to 20 characters")]
    public void ABadCdkJsonIsOneLine(string cdkJson, string expectedStart)
    {
        Write("cdk.json", cdkJson);
        Assert.StartsWith(expectedStart, LoadFails().Message);
    }

    [Theory]
    [InlineData("cdk.context.json", "{ \"shardCount\": 2, \"shardCount\": 3 }", "Invalid cdk.context.json: \"shardCount\" is written twice; ")]
    [InlineData("cdk.context.json", "{ \"labName\": null }", "Invalid setting 'labName' in cdk.context.json: got null; expected 3 to 20 characters")]
    [InlineData("cdk.context.json", "{ \"retainData\": true ", "Invalid cdk.context.json: not valid JSON at line 1")]
    [InlineData("cdk.context.json", "[]", "Invalid cdk.context.json: the file is an array; expected a JSON object.")]
    [InlineData("~/.cdk.json", "{ \"context\": { \"emrRun\": null } }", "Invalid setting 'emrRun' in ~/.cdk.json: got null; expected a whole number")]
    [InlineData("~/.cdk.json", "{ \"context\": 3 }", "Invalid ~/.cdk.json: \"context\" is a number; expected an object of settings.")]
    public void ABadLearnersFileIsOneLineNamingTheFile(string file, string json, string expectedStart)
    {
        Write("cdk.json", $"{{ {App} }}");
        Write(file, json);
        Assert.StartsWith(expectedStart, LoadFails().Message);
    }

    [Fact]
    public void AMissingCdkJsonOrAFolderInItsPlaceIsOneLine()
    {
        Assert.StartsWith($"Invalid cdk.json: there is no {Path.Combine(project, "cdk.json")}; it holds the app command and the CDK feature flags; " +
            "restore it with git checkout cdk.json.", LoadFails().Message);
        Directory.CreateDirectory(Path.Combine(project, "cdk.json"));
        Assert.Equal($"Invalid cdk.json: {Path.Combine(project, "cdk.json")} is a folder; expected a JSON file; restore it with git checkout cdk.json.",
            LoadFails().Message);
    }

    [Fact]
    public void ACdkJsonWithoutAContextSectionKeepsTheLabsFeatureFlags()
    {
        Write("cdk.json", $"{{ {App} }}");
        var context = Load();
        Assert.All(LabFeatureFlags.InForce, flag => Assert.True(JsonNode.DeepEquals(Json(flag.Value), Json(context[flag.Key])), flag.Key));
    }

    [Fact]
    public void AFlagSetInAContextFileStillWinsOverTheLabsOwn()
    {
        Write("cdk.json", $"{{ {App}, \"context\": {{ \"@aws-cdk/aws-iam:minimizePolicies\": false }} }}");
        Assert.Equal(false, Load()["@aws-cdk/aws-iam:minimizePolicies"]);
    }

    [Fact]
    public void TheLabsFeatureFlagsAreExactlyTheOnesCdkJsonSets()
    {
        var cdkJson = JsonNode.Parse(File.ReadAllText(Path.Combine(LabPaths.Root, "cdk.json")))!["context"]!.AsObject();
        var flags = LabFeatureFlags.InForce.ToDictionary(f => f.Key, f => Json(f.Value));
        Assert.Equal(cdkJson.Select(c => c.Key).Order(), flags.Keys.Order());
        Assert.All(cdkJson, entry => Assert.True(JsonNode.DeepEquals(entry.Value, flags[entry.Key]), $"{entry.Key}: cdk.json {entry.Value?.ToJsonString()}"));
    }

    private static JsonNode? Json(object? value) => System.Text.Json.JsonSerializer.SerializeToNode(value);
}
