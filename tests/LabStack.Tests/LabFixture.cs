using Amazon.CDK;
using Amazon.CDK.Assertions;
using LabStack.Configuration;

namespace LabStack.Tests;

/// <summary>One synthesized lab with an <see cref="App"/> built like Program builds it (cdk.json's context).</summary>
public sealed class SynthesizedLab
{
    public LabSettings Settings { get; }
    public LabStacks Stacks { get; }
    public string AssemblyDirectory { get; }
    public Amazon.CDK.CXAPI.CloudAssembly Assembly { get; }

    private readonly Dictionary<string, Template> templates = [];
    private Validation.NodeTools.Report? validation;

    /// <summary>The offline validators' report over this synthesis (run once, on first use).</summary>
    public Validation.NodeTools.Report Validation => validation ??= LabStack.Tests.Validation.NodeTools.Validate(
        AssemblyDirectory, $"lab={Settings.LabName}", $"purpose={LabStack.Guardrails.LabTags.Purpose}");

    public SynthesizedLab(params string[] contextArgs)
    {
        AssemblyDirectory = Directory.CreateTempSubdirectory("labstack-test-").FullName;
        var app = new App(new AppProps
        {
            Context = LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), contextArgs),
            Outdir = AssemblyDirectory,
        });
        Settings = LabSettings.FromContext(key => app.Node.TryGetContext(key));
        Stacks = LabApp.Compose(app, Settings);
        Assembly = app.Synth();
    }

    /// <summary>The template of a stack (cached; the app is synthesized once).</summary>
    public Template Template(Stack stack)
    {
        if (!templates.TryGetValue(stack.StackName, out var template))
        {
            template = Amazon.CDK.Assertions.Template.FromStack(stack);
            templates[stack.StackName] = template;
        }
        return template;
    }

    /// <summary>The template of the stack of type <typeparamref name="T"/>, for Amazon.CDK.Assertions.</summary>
    public Template Template<T>() where T : LabModuleStack => Template(Stack<T>());

    /// <summary>The stack of type <typeparamref name="T"/>; the test's synthesis must have selected its module.</summary>
    public T Stack<T>() where T : LabModuleStack =>
        Stacks.Get<T>() ?? throw new InvalidOperationException($"{typeof(T).Name} was not synthesized with these settings");

    /// <summary>A stack's synthesized template file as JSON, for checks across all resources.</summary>
    public System.Text.Json.Nodes.JsonObject TemplateJson(string stackName) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AssemblyDirectory, $"{stackName}.template.json")))!.AsObject();

    /// <summary>The synthesized template file of the stack of type <typeparamref name="T"/> as JSON.</summary>
    public System.Text.Json.Nodes.JsonObject TemplateJson<T>() where T : LabModuleStack => TemplateJson(Stack<T>().StackName);

    /// <summary>Every stack's template, keyed by stack name.</summary>
    public IReadOnlyDictionary<string, Template> AllTemplates() => Stacks.All.ToDictionary(s => s.StackName, Template);
}

/// <summary>
/// The lab synthesized once per test run with default settings (on first use: a test of the collection that needs no
/// synthesis, run alone, waits for none), plus lazily synthesized variants for tests of non-default settings (one
/// synthesis per distinct setting set). Their cloud assembly folders are removed when the run ends.
/// </summary>
public sealed class LabFixture : IDisposable
{
    private readonly Dictionary<string, SynthesizedLab> variants = [];
    private readonly Lazy<SynthesizedLab> defaultLab = new(() => new SynthesizedLab());

    public SynthesizedLab Default => defaultLab.Value;

    /// <summary>Every non-default setting the tests check, in one synthesis: data retained, alerts on.</summary>
    public SynthesizedLab Customized => With("modules=streaming,sagemaker,pipeline,lex,flink", "retainData=true", "alertEmail=learner@example.com",
        "budgetUsd=35", "shardCount=2", "targetLanguage=es", "maxUploadsPerDay=50", "notebookInstanceType=ml.m5.xlarge", "notebookIdleMinutes=30",
        "notebookRootAccess=true", "endpointMode=realtime", "endpointInstanceType=ml.c5.xlarge",
        "lexConfidenceThreshold=0.55", "flinkParallelism=2", "flinkSessionMinutes=30");

    /// <summary>
    /// The opt-in groundtruth module alone with what it needs (datalake, sagemaker, expiry): the only synthesis that has its
    /// stack, with the alertEmail it requires. Every other stack of it is as in <see cref="Default"/> (deploy safety checks).
    /// </summary>
    public SynthesizedLab GroundTruth => With(GroundTruthSelection);

    /// <summary>The settings of <see cref="GroundTruth"/>.</summary>
    public static readonly string[] GroundTruthSelection = ["modules=groundtruth", "alertEmail=learner@example.com"];

    /// <summary>The lab synthesized with <c>-c key=value</c> overrides, cached by the overrides.</summary>
    public SynthesizedLab With(params string[] overrides)
    {
        var key = string.Join(' ', overrides);
        if (!variants.TryGetValue(key, out var lab))
        {
            lab = new SynthesizedLab(overrides.SelectMany(o => new[] { "-c", o }).ToArray());
            variants[key] = lab;
        }
        return lab;
    }

    public void Dispose()
    {
        var labs = variants.Values.Concat(defaultLab.IsValueCreated ? [defaultLab.Value] : []);
        foreach (var folder in labs.Select(lab => lab.AssemblyDirectory).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LabCollection : ICollectionFixture<LabFixture>
{
    public const string Name = "Synthesized lab";
}
