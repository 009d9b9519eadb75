using Amazon.JSII.Runtime.Deputy;

namespace LabStack.Guardrails;

/// <summary>One rule every stack of the lab follows, applied by <see cref="LabGuardrails"/> to each construct.</summary>
public interface IGuardrail
{
    /// <summary>Applies the rule to <paramref name="node"/> if it concerns it; must be idempotent (a test may synthesize twice).</summary>
    void Visit(IConstruct node);
}

/// <summary>
/// The lab's guardrails as one CDK aspect added once to the app: the CDK runs it on every construct at synthesis,
/// parents before children, so every stack, present or future, gets every rule. One aspect forwards to the rules
/// because each aspect costs a call from the CDK's Node process into .NET per construct (measured: three separate
/// aspects added about a second to the synthesis).
/// </summary>
public sealed class LabGuardrails(params IGuardrail[] rules) : DeputyBase, IAspect
{
    /// <summary>The rules, in the order they run on each construct.</summary>
    public IReadOnlyList<IGuardrail> Rules { get; } = rules;

    /// <summary>Adds the lab's tags and guardrails to <paramref name="app"/>.</summary>
    public static void AddTo(App app, string labName)
    {
        var tags = LabTags.AddTo(app, labName);
        Aspects.Of(app).Add(new LabGuardrails(new FunctionGuardrails(), new CdkInternals(), new LabTags.RawResourceTags(tags)));
    }

    /// <inheritdoc/>
    public void Visit(IConstruct node)
    {
        foreach (var rule in Rules)
        {
            rule.Visit(node);
        }
    }
}
