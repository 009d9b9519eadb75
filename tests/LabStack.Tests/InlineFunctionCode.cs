using System.Text.Json.Nodes;

namespace LabStack.Tests;

/// <summary>The inline code of a synthesized Lambda function, as a CommonJS module a Node.js test script can require.</summary>
public static class InlineFunctionCode
{
    /// <summary>The <c>Code.ZipFile</c> of the function whose logical id starts with <paramref name="idPrefix"/>.</summary>
    public static string Of(JsonObject resources, string idPrefix) =>
        (string)resources.Single(r => (string?)r.Value!["Type"] == "AWS::Lambda::Function" && r.Key.StartsWith(idPrefix, StringComparison.Ordinal))
            .Value!["Properties"]!["Code"]!["ZipFile"]!;

    /// <summary>Writes <paramref name="code"/> to a temporary .cjs file; returns its file URL for <c>require</c> or <c>import</c>.</summary>
    public static string AsModule(string code)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-function-").FullName, "index.cjs");
        File.WriteAllText(file, code);
        return new Uri(file).AbsoluteUri;
    }
}
