namespace LabStack;

/// <summary>
/// Locates the repository (the folder holding cdk.json) from the running assembly, so assets resolve
/// the same way under <c>cdk synth</c>, <c>dotnet run</c> and <c>dotnet test</c>, whatever the working directory.
/// </summary>
public static class LabPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root: the folder with cdk.json.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Files shipped with the lab: sample data, queries, scripts, notebooks.</summary>
    public static string Assets => Path.Combine(Root, "src", "LabStack", "assets");

    /// <summary>A path below <see cref="Assets"/>.</summary>
    public static string Asset(params string[] parts) => Path.Combine([Assets, .. parts]);

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cdk.json")) && Directory.Exists(Path.Combine(dir.FullName, "src", "LabStack")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Cannot find the LabStack repository (a folder with cdk.json and src/LabStack).");
    }
}
