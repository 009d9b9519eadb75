
namespace LabStack.Tests;

/// <summary>The inline code of a synthesized Lambda function, as a CommonJS module a Node.js test script can require.</summary>
public static class InlineFunctionCode
{
    /// <summary>The <c>Code.ZipFile</c> of the template's function whose logical id starts with <paramref name="idPrefix"/>.</summary>
    public static string Of(JsonObject template, string idPrefix) =>
        (string)template.Properties("AWS::Lambda::Function", idPrefix)["Code"]!["ZipFile"]!;

    /// <summary>Writes <paramref name="code"/> to a temporary .cjs file; returns its file URL for <c>require</c> or <c>import</c>.</summary>
    public static string AsModule(string code)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("lab-function-").FullName, "index.cjs");
        File.WriteAllText(file, code);
        return new Uri(file).AbsoluteUri;
    }
}
