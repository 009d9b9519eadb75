using System.Text.Json.Nodes;

namespace LabStack.Tests.Shared;

/// <summary>
/// Installs the npm packages the tests use (package-lock.json: the CDK CLI, the validators, s3rver) with <c>npm ci</c>
/// when node_modules lacks any, so that <c>dotnet test</c> needs no step before it. Both test projects run at once, so
/// the install holds a lock file: one installs, the other waits and then finds everything there.
/// </summary>
public static class NpmPackages
{
    /// <summary>Makes sure node_modules under <paramref name="root"/> holds every locked package; throws with the command to run when npm ci fails.</summary>
    public static void EnsureInstalled(string root)
    {
        if (Installed(root))
        {
            return;
        }
        using var lockFile = Lock(Path.Combine(root, ".npm-ci.lock"));
        if (Installed(root))
        {
            return;
        }
        var npm = ProcessRunner.Run("npm", ["ci", "--no-audit", "--no-fund"], root, TimeSpan.FromMinutes(10));
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"The npm packages are not installed and `npm ci` failed. Run `npm ci` in {root}.\n{npm.Stderr}");
        }
    }

    /// <summary>True when node_modules holds every package package-lock.json names (npm records what it installed).</summary>
    private static bool Installed(string root)
    {
        var installed = Path.Combine(root, "node_modules", ".package-lock.json");
        if (!File.Exists(installed))
        {
            return false;
        }
        IEnumerable<string> Packages(string path) =>
            JsonNode.Parse(File.ReadAllText(path))!["packages"]!.AsObject().Select(p => p.Key).Where(k => k.Length > 0);
        return Packages(Path.Combine(root, "package-lock.json")).ToHashSet().IsSubsetOf(Packages(installed));
    }

    private static FileStream Lock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(11);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }
}
