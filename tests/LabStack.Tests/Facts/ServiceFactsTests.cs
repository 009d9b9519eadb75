using System.Text.RegularExpressions;
using LabStack.Facts;
using LabStack.SageMaker;

namespace LabStack.Tests.Facts;

/// <summary>
/// The dated facts table against what the lab pins: every pinned platform, release, runtime, image, Python and SDK
/// version has a row, no default is past its end of support (with "today" injectable), and every Python file parses
/// as the Python it runs on.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class ServiceFactsTests(LabFixture lab)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Every value a template or an asset pins, with where it was found.</summary>
    private IReadOnlyList<(PinKind Kind, string Value, string Where)> Pinned()
    {
        var found = new List<(PinKind, string, string)>();
        foreach (var synthesized in new[] { lab.Default, lab.Customized })
        {
            foreach (var (stack, id, resource, template) in synthesized.AllResources())
            {
                var properties = resource["Properties"];
                var where = $"{stack}/{id}";
                void Add(PinKind kind, JsonNode? value)
                {
                    if (value is not null)
                    {
                        found.AddRange(PossibleValues(template, value).Select(v => (kind, v, where)));
                    }
                }
                switch ((string?)resource["Type"])
                {
                    case "AWS::SageMaker::NotebookInstance": Add(PinKind.NotebookPlatform, properties?["PlatformIdentifier"] ?? "(the service's default)"); break;
                    case "AWS::EMR::Cluster": Add(PinKind.EmrRelease, properties?["ReleaseLabel"]); break;
                    case "AWS::Glue::Job": Add(PinKind.GlueVersion, properties?["GlueVersion"] ?? "(the service's default)"); break;
                    case "AWS::Athena::WorkGroup": Add(PinKind.AthenaEngine, properties?["WorkGroupConfiguration"]?["EngineVersion"]?["SelectedEngineVersion"]); break;
                    case "AWS::Lambda::Function": Add(PinKind.LambdaRuntime, properties?["Runtime"]); break;
                    case "AWS::KinesisAnalyticsV2::Application":
                        Add(PinKind.FlinkRuntime, properties!["RuntimeEnvironment"]);
                        foreach (var artifact in properties["ApplicationConfiguration"]?["ZeppelinApplicationConfiguration"]?["CustomArtifactsConfiguration"]?.AsArray() ?? [])
                        {
                            var maven = artifact!["MavenReference"]!;
                            Add(PinKind.FlinkArtifact, JsonValue.Create($"{maven["GroupId"]}:{maven["ArtifactId"]}:{maven["Version"]}"));
                        }
                        break;
                    case "AWS::Lex::Bot":
                        foreach (var locale in properties!["BotLocales"]!.AsArray())
                        {
                            Add(PinKind.LexLocale, locale!["LocaleId"]);
                        }
                        break;
                    case "AWS::SageMaker::Model":
                        // {account}.dkr.ecr.{region}.{suffix}/{repository}:{tag}: the last literal part of the join.
                        var image = properties!["PrimaryContainer"]!["Image"]!["Fn::Join"]![1]!.AsArray().Last()!;
                        Add(PinKind.ContainerImage, ((string)image!).Split('/').Last());
                        break;
                }
            }
        }
        // The images the notebooks train and deploy (IAM grants their pulls), and the versions the notebooks retrieve.
        found.AddRange(ContainerImage.BuiltInAlgorithms.Append(ContainerImage.XgboostTraining)
            .Concat([ContainerImage.PyTorchTraining, ContainerImage.SklearnTraining, ContainerImage.BlazingText])
            .Select(image => (PinKind.ContainerImage, $"{image.Repository}:{image.Tag}", "assets/sagemaker")));
        foreach (var notebook in Directory.GetFiles(LabPaths.Asset("sagemaker", "notebooks"), "*.ipynb"))
        {
            foreach (Match retrieve in Retrieve().Matches(File.ReadAllText(notebook)))
            {
                var repository = retrieve.Groups["framework"].Value == "xgboost" ? "sagemaker-xgboost" : retrieve.Groups["framework"].Value;
                found.Add((PinKind.ContainerImage, $"{repository}:{retrieve.Groups["version"].Value}", Path.GetFileName(notebook)));
            }
        }
        foreach (var file in Directory.GetFiles(LabPaths.Assets, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".ipynb", StringComparison.Ordinal)))
        {
            found.AddRange(PipInstall().Matches(File.ReadAllText(file)).Select(m => (PinKind.PipPin, m.Groups["spec"].Value, Path.GetFileName(file))));
        }
        found.AddRange(File.ReadAllLines(LabPaths.Asset("sagemaker", "requirements.txt")).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (PinKind.PipPin, l, "requirements.txt")));
        return found;
    }

    /// <summary>A literal, or every value a <c>Fn::FindInMap</c> can take (the CDK maps some runtimes by region).</summary>
    private static IEnumerable<string> PossibleValues(JsonObject template, JsonNode value) => value switch
    {
        JsonValue literal => [(string)literal!],
        JsonObject { Count: 1 } lookup when lookup["Fn::FindInMap"] is JsonArray args =>
            template["Mappings"]![(string)args[0]!]!.AsObject().Select(row => (string)row.Value![(string)args[2]!]!),
        _ => throw new InvalidOperationException($"cannot resolve a pinned value from {value.ToJsonString()}"),
    };

    [GeneratedRegex(@"image_uris\.retrieve\(\\?""(?<framework>[\w-]+)\\?""[^)]*version=\\?""(?<version>[^""\\]+)\\?""")]
    private static partial Regex Retrieve();

    [GeneratedRegex(@"pip install (?:--\S+ )*\\?""(?<spec>[^""\\]+)\\?""")]
    private static partial Regex PipInstall();

    [Fact]
    public void EveryPinnedValueHasARowAndEveryRowIsPinned()
    {
        var pinned = Pinned();
        Assert.Contains(pinned, p => p.Kind == PinKind.NotebookPlatform);
        Assert.Contains(pinned, p => p.Kind == PinKind.PipPin);
        Assert.Contains(pinned, p => p.Kind == PinKind.LexLocale);
        Assert.Contains(pinned, p => p.Kind == PinKind.FlinkRuntime);
        Assert.Contains(pinned, p => p.Kind == PinKind.FlinkArtifact);
        var missing = pinned.Where(p => ServiceFacts.Find(p.Kind, p.Value) is null).Select(p => $"{p.Where}: {p.Kind} {p.Value} has no row in ServiceFacts").Distinct().ToList();
        Assert.True(missing.Count == 0, string.Join("\n", missing));
        var unused = ServiceFacts.Versions.Where(v => v.Kind != PinKind.Python && !pinned.Any(p => p.Kind == v.Kind && p.Value == v.Value)).Select(v => $"{v.Kind} {v.Value}").ToList();
        Assert.True(unused.Count == 0, "rows nothing pins (remove them): " + string.Join(", ", unused));
    }

    [Fact]
    public void NoDefaultIsPastItsEndOfSupportToday()
    {
        var problems = ServiceFacts.Problems(Today).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheCheckFailsOnceADateHasPassed()
    {
        // Deterministic: on the day the table was read it is clean; later days find what ends.
        Assert.Empty(ServiceFacts.Problems(new DateOnly(2026, 12, 1)));
        var may2027 = ServiceFacts.Problems(new DateOnly(2027, 5, 1)).ToList();
        Assert.Contains(may2027, p => p.StartsWith("LambdaRuntime nodejs22.x: past its end of support (2027-04-30", StringComparison.Ordinal));
        Assert.Contains(may2027, p => p.StartsWith("ContainerImage sagemaker-xgboost:1.7-1: kept past its end of support until 2027-03-01", StringComparison.Ordinal));
        var may2028 = ServiceFacts.Problems(new DateOnly(2028, 5, 1)).ToList();
        Assert.Contains(may2028, p => p.StartsWith("EmrRelease emr-7.13.0: past its end of support (2028-04-20", StringComparison.Ordinal));
        // A kept value needs a reason, a review date, and a review within a quarter of reading the page.
        Assert.All(ServiceFacts.Versions.Where(v => v.EndOfSupport < v.Read), v => Assert.NotNull(v.PastEndReason));
        Assert.All(ServiceFacts.Versions.Where(v => v.PastEndReason is not null), v => Assert.InRange(v.ReviewBy!.Value.DayNumber - v.Read.DayNumber, 1, ServiceFacts.WarnDays + 2));
    }

    [Fact]
    public void TheSummaryWarnsWithinNinetyDaysOfAnEndAndOfEveryKeptValue()
    {
        var now = ServiceFacts.Warnings(new DateOnly(2026, 12, 1)).ToList();
        Assert.Contains(now, w => w.StartsWith("sagemaker-xgboost:1.7-1 is past AWS's end of support (2025-03-06): The notebooks' offline tests", StringComparison.Ordinal));
        Assert.DoesNotContain(now, w => w.Contains("nodejs22.x", StringComparison.Ordinal));
        var february = ServiceFacts.Warnings(new DateOnly(2027, 2, 1)).ToList();
        Assert.Contains(february, w => w.StartsWith("nodejs22.x reaches AWS's end of support on 2027-04-30", StringComparison.Ordinal));
        Assert.DoesNotContain(ServiceFacts.Warnings(new DateOnly(2027, 1, 29)), w => w.Contains("nodejs22.x", StringComparison.Ordinal));

        var writer = new StringWriter();
        LabStack.Summary.SynthSummary.Write(writer, lab.Default.AssemblyDirectory, LabStack.Summary.SynthSummary.Read(lab.Default.Assembly),
            stack => lab.Default.Stacks.ModuleOf(stack).Key, lab.Default.Settings, new DateOnly(2027, 2, 1));
        Assert.Contains("  nodejs22.x reaches AWS's end of support on 2027-04-30", writer.ToString());
    }

    [Fact]
    public void EveryRowCitesAnAwsPageReadOnADate()
    {
        Assert.All(ServiceFacts.Versions, v => Assert.Matches(@"^https://(docs\.aws\.amazon\.com|aws\.github\.io|pypi\.org)/", v.Source));
        Assert.All(ServiceFacts.Rules, r => Assert.StartsWith("https://docs.aws.amazon.com/", r.Source));
        Assert.All(ServiceFacts.Trust.All, t => Assert.StartsWith("https://docs.aws.amazon.com/", t.Source));
        Assert.All(ServiceFacts.Versions.Select(v => v.Read).Concat(ServiceFacts.Rules.Select(r => r.Read)), read => Assert.True(read <= Today));
    }

    [Fact]
    public void EveryPythonFileParsesAsThePythonItRunsOn()
    {
        var rows = ServiceFacts.Versions.Where(v => v.Kind == PinKind.Python).ToList();
        var covered = new HashSet<string>();
        foreach (var row in rows)
        {
            var files = row.RunsFiles!.SelectMany(pattern => Directory.GetFiles(LabPaths.Asset(Path.GetDirectoryName(pattern)!), Path.GetFileName(pattern))).ToList();
            Assert.NotEmpty(files);
            covered.UnionWith(files);
            var report = JsonNode.Parse(NodeTools.Run("python3", [Path.Combine(LabPaths.Root, "tools", "notebooks", "python-version.py"), row.Value, .. files]))!.AsObject();
            var problems = report.SelectMany(r => r.Value!.AsArray().Select(p => $"{Path.GetFileName(r.Key)}: {p}")).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        var python = Directory.GetFiles(LabPaths.Assets, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".py", StringComparison.Ordinal) || f.EndsWith(".ipynb", StringComparison.Ordinal));
        Assert.Empty(python.Except(covered).Select(f => Path.GetRelativePath(LabPaths.Assets, f)));
    }

    [Fact]
    public void TheParserRefusesSyntaxNewerThanTheVersion()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-python-").FullName, "match.py");
        File.WriteAllText(file, "match 1:\n    case 1:\n        pass\n");
        var report = JsonNode.Parse(NodeTools.Run("python3", Path.Combine(LabPaths.Root, "tools", "notebooks", "python-version.py"), "3.9", file))!;
        Assert.Single(report[file]!.AsArray());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
