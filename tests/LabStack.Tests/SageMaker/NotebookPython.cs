namespace LabStack.Tests.SageMaker;

/// <summary>
/// A Python 3 with pandas, scikit-learn, XGBoost, PyTorch (1.13, with torchvision) and matplotlib, for running the notebooks'
/// offline cells and training scripts, and a Jupyter server with
/// ipykernel, for the idle check. Found on the machine, or
/// installed from Debian's packages when the tests run as root where apt-get exists (PyPI is not reachable here, and
/// Debian's python3-xgboost is the 1.7 release SageMaker's XGBoost 1.7-1 container runs). Elsewhere the notebook tests
/// are skipped with the reason, unless <c>LAB_REQUIRE_PYTHON=1</c> (CI sets it) makes a missing Python a failure.
/// </summary>
public static class NotebookPython
{
    /// <summary>The Debian packages the offline cells need.</summary>
    public static readonly string[] DebianPackages = ["python3-pandas", "python3-sklearn", "python3-xgboost", "python3-torch", "python3-torchvision", "python3-matplotlib", "python3-jupyter-server", "python3-ipykernel"];

    private static readonly Lazy<(string? Path, string Why)> Found = new(FindOrInstall);

    /// <summary>The interpreter, or null with why there is none.</summary>
    public static (string? Path, string Why) Interpreter => Found.Value;

    /// <summary>Whether a missing Python fails the tests rather than skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("LAB_REQUIRE_PYTHON") == "1";

    /// <summary>
    /// Runs <paramref name="script"/> (Python source, written to run.py in <paramref name="work"/>) with the lab's assets
    /// folder and <paramref name="work"/> as its two arguments, and parses the JSON object it prints; a failing script
    /// fails the test. Without an interpreter: null, with why.
    /// </summary>
    public static (JsonObject? Result, string Why) RunJson(string script, string work, TimeSpan timeout)
    {
        var (python, why) = Interpreter;
        if (python is null)
        {
            return (null, why);
        }
        var file = Path.Combine(work, "run.py");
        File.WriteAllText(file, script);
        var result = ProcessRunner.Run(python, [file, LabPaths.Assets, work], work, timeout);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return (JsonNode.Parse(result.Stdout)!.AsObject(), "ran");
    }

    /// <summary>A <see cref="RunJson"/> result for a test: skipped without an interpreter, failed instead when <see cref="Required"/>.</summary>
    public static JsonObject Require((JsonObject? Result, string Why) run)
    {
        Skip.If(run.Result is null && !Required, run.Why);
        return run.Result ?? throw new InvalidOperationException(run.Why);
    }

    private static (string? Path, string Why) FindOrInstall()
    {
        if (Usable() is string found)
        {
            return (found, "found");
        }
        if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
        {
            return (null, $"no python3 with pandas, scikit-learn, xgboost, torch, torchvision, matplotlib, jupyter_server and ipykernel, and no apt-get as root to install {string.Join(' ', DebianPackages)}");
        }
        Environment.SetEnvironmentVariable("DEBIAN_FRONTEND", "noninteractive"); // apt-get asks nothing
        var update = ProcessRunner.Run("apt-get", ["update", "-qq"], "/", TimeSpan.FromMinutes(5));
        var install = ProcessRunner.Run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", .. DebianPackages], "/", TimeSpan.FromMinutes(10));
        return Usable() is string installed
            ? (installed, "installed from Debian's packages")
            : (null, $"apt-get could not install {string.Join(' ', DebianPackages)}: {update.Stderr.Trim()} {install.Stderr.Trim()}".Trim());
    }

    private static string? Usable() =>
        new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(python =>
        {
            try
            {
                return ProcessRunner.Run(python, ["-c", "import pandas, sklearn, xgboost, torch, torchvision, matplotlib, jupyter_server, ipykernel"], "/", TimeSpan.FromMinutes(1)).ExitCode == 0;
            }
            catch (InvalidOperationException)
            {
                return false; // not installed
            }
        });
}
