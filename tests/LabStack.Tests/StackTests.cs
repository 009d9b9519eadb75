using Amazon.CDK.Assertions;

namespace LabStack.Tests;

/// <summary>
/// The tests of one module's stack in the default synthesis (<see cref="LabFixture.Default"/>), in the synthesized lab's
/// collection: the stack's template for Amazon.CDK.Assertions, and its template file for the queries of <see cref="Expect"/>.
/// </summary>
[Collection(LabCollection.Name)]
public abstract class StackTests<TStack>(LabFixture lab) where TStack : LabModuleStack
{
    /// <summary>The synthesized lab, default and varied.</summary>
    protected LabFixture Lab { get; } = lab;

    /// <summary>The stack's template, for Amazon.CDK.Assertions.</summary>
    protected Template Template { get; } = lab.Default.Template<TStack>();

    /// <summary>The stack's synthesized template file as JSON.</summary>
    protected JsonObject TemplateJson { get; } = lab.Default.TemplateJson<TStack>();
}
