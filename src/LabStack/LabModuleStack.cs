using Amazon.CDK;
using Constructs;

namespace LabStack;

/// <summary>Base of the modules' stacks: what they share beyond <see cref="Stack"/>.</summary>
public abstract class LabModuleStack(Construct scope, string id, IStackProps props) : Stack(scope, id, props)
{
    /// <summary>Adds a stack output a learner needs; the description must be plain text.</summary>
    protected void Output(string id, string value, string description) =>
        new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });
}
