using Amazon.CDK;
using LabStack;
using LabStack.Configuration;
using LabStack.Summary;

// Run by the CDK CLI (cdk synth/deploy) the CLI passes context and the output folder; run directly
// (dotnet run), the app reads cdk.json itself, accepts -c key=value, writes cdk.out and prints a summary.
var runByCli = System.Environment.GetEnvironmentVariable("CDK_OUTDIR") is not null;
try
{
    var app = new App(runByCli ? new AppProps() : new AppProps
    {
        Context = LocalContext.Load(Path.Combine(LabPaths.Root, "cdk.json"), args),
        Outdir = Path.Combine(LabPaths.Root, "cdk.out"),
    });
    var settings = LabSettings.FromContext(key => app.Node.TryGetContext(key));
    foreach (var warning in settings.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }
    LabApp.Compose(app, settings);
    var assembly = app.Synth();

    if (!runByCli)
    {
        var moduleOfStack = settings.Modules.ToDictionary(m => LabApp.StackName(settings, m), m => m.Key());
        SynthSummary.Write(Console.Out, assembly.Directory, SynthSummary.Read(assembly), stack => moduleOfStack[stack]);
    }
    return 0;
}
catch (SettingsException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
