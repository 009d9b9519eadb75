namespace LabStack.Tests.SageMaker;

/// <summary>The notebook instance's on-start script as a synthesized template deploys it.</summary>
public static class OnStartScript
{
    /// <summary>The script of <paramref name="template"/>'s lifecycle configuration, each CloudFormation token shown as a 63-character stand-in (a long name).</summary>
    public static string Of(JsonObject template)
    {
        var content = template.Properties("AWS::SageMaker::NotebookInstanceLifecycleConfig")["OnStart"]![0]!["Content"]!["Fn::Base64"]!;
        var parts = content["Fn::Join"]?[1]?.AsArray().Select(p => p is JsonValue v ? (string)v! : new string('x', 63)) ?? [(string)content!];
        return string.Concat(parts);
    }
}
