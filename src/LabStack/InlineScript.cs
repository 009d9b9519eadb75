namespace LabStack;

/// <summary>
/// The inline code of a lab Lambda function (Node.js, no asset or Docker): script files joined, whole-line comments left
/// out to stay inside Lambda's 4 KB of inline code.
/// </summary>
public static class InlineScript
{
    /// <summary>Lambda's limit on inline code.</summary>
    public const int InlineCodeLimit = 4096;

    /// <summary>The files at <paramref name="paths"/>, in order, without whole-line comments; <paramref name="name"/> names the code in the error when it is too long.</summary>
    public static string Of(IEnumerable<string> paths, string name)
    {
        var code = string.Join("\n", paths.SelectMany(File.ReadAllLines).Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))) + "\n";
        return code.Length <= InlineCodeLimit
            ? code
            : throw new InvalidOperationException($"{name}: {code.Length} characters of inline code; Lambda takes {InlineCodeLimit}");
    }
}
