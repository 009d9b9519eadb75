using Amazon.CDK;

namespace LabStack.Guardrails;

/// <summary>The rules every stack of the lab follows, added once to the app as aspects (CDK runs them at synthesis).</summary>
public static class LabGuardrails
{
    /// <summary>Adds the lab's tags, the function rules and the suppressions for the CDK's own resources.</summary>
    public static void AddTo(App app, string labName)
    {
        LabTags.AddTo(app, labName);
        Aspects.Of(app).Add(new FunctionGuardrails());
        Aspects.Of(app).Add(new CdkInternals());
    }
}
