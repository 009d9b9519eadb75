namespace LabStack;

/// <summary>Base of the modules' stacks: what they share beyond <see cref="Stack"/>.</summary>
public abstract class LabModuleStack(Construct scope, string id, IStackProps props) : Stack(scope, id, props)
{
    /// <summary>Adds a stack output a learner needs; the description must be plain text.</summary>
    protected void Output(string id, string value, string description) =>
        new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });
}

/// <summary>What every module's stack is given: its description (as <see cref="StackProps"/>), the lab's name and the module's settings.</summary>
/// <typeparam name="TSettings">The module's settings.</typeparam>
public class ModuleStackProps<TSettings> : StackProps where TSettings : class
{
    /// <summary>The lab's name: stack and resource names start with it.</summary>
    public required string LabName { get; init; }

    /// <summary>The module's settings.</summary>
    public required TSettings Settings { get; init; }
}

/// <summary>What the stack of a module that needs the lake is given, besides <see cref="ModuleStackProps{TSettings}"/>.</summary>
/// <typeparam name="TSettings">The module's settings.</typeparam>
public class LakeModuleStackProps<TSettings> : ModuleStackProps<TSettings> where TSettings : class
{
    /// <summary>The lake, its Glue database and Athena workspace.</summary>
    public required DataLake.SharedLake Lake { get; init; }
}
