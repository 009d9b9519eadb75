using LabStack;
using LabStack.Configuration;
using LabStack.Summary;

// Run by the CDK CLI (cdk synth/deploy) the CLI passes context and the output folder, and prints the stacks' warnings;
// the app reads the context files again only to reject what the CLI lets through, and states the safety settings on
// stderr (stdout may be a template). Run directly (dotnet run), the app reads the context files itself in the CLI's
// order, accepts -c key=value, writes cdk.out and prints a summary that states the safety settings and ends with the
// warnings. Either way the lab's feature flags are in force beneath the context (LabFeatureFlags).
var runByCli = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") is not null;
try
{
    App app;
    if (runByCli)
    {
        // The CLI runs the app in the folder whose cdk.json and cdk.context.json it read.
        LocalContext.Check(ContextSources.InProject(Directory.GetCurrentDirectory(), ContextSources.Home(), cdkJsonRequired: false), LabSettings.Definitions);
        ContextKeys.RejectUnknown(LocalContext.KeysFromCli(), LabSettings.Definitions);
        app = new App(new AppProps { Context = new Dictionary<string, object>(LabFeatureFlags.InForce) });
    }
    else
    {
        var project = LocalContext.ProjectFolder();
        var context = LocalContext.Load(ContextSources.InProject(project, ContextSources.Home()), args, LabSettings.Definitions);
        ContextKeys.RejectUnknown(context.Keys, LabSettings.Definitions);
        // A bad value stops the run here, before the App starts jsii's Node process (3 s of CPU for nothing).
        LabSettings.FromContext(key => context.GetValueOrDefault(key));
        app = new App(new AppProps { Context = context, Outdir = Path.Combine(project, "cdk.out") });
    }
    var settings = LabSettings.FromContext(key => app.Node.TryGetContext(key));
    var stacks = LabApp.Compose(app, settings);
    var assembly = app.Synth();

    if (runByCli)
    {
        SynthSummary.WriteSafetySettings(Console.Error, settings);
    }
    else
    {
        SynthSummary.Write(Console.Out, assembly.Directory, SynthSummary.Read(assembly), stack => stacks.ModuleOf(stack).Key, settings);
    }
    return 0;
}
catch (SettingsException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
