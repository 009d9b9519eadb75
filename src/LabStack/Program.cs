using Amazon.CDK;
using LabStack;
using LabStack.Configuration;
using LabStack.Summary;

// Run by the CDK CLI (cdk synth/deploy) the CLI passes context and the output folder, and prints the stacks' warnings;
// run directly (dotnet run), the app reads cdk.json itself, accepts -c key=value, writes cdk.out and prints a summary
// that ends with those warnings.
var runByCli = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") is not null;
try
{
    var context = runByCli ? null : LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), args);
    ContextKeys.RejectUnknown(context?.Keys ?? LocalContext.KeysFromCli(), LabSettings.Definitions);
    var app = new App(context is null ? new AppProps() : new AppProps { Context = context, Outdir = Path.Combine(LabPaths.Root, "cdk.out") });
    var settings = LabSettings.FromContext(key => app.Node.TryGetContext(key));
    var stacks = LabApp.Compose(app, settings);
    var assembly = app.Synth();

    if (!runByCli)
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
