using LabStack.Summary;

namespace LabStack.Tests.Summary;

/// <summary>What <c>dotnet run</c> prints about the synthesized lab.</summary>
[Collection(LabCollection.Name)]
public sealed class SynthSummaryTests(LabFixture lab)
{
    private string Summary()
    {
        var writer = new StringWriter();
        var synthesized = lab.Default;
        SynthSummary.Write(writer, synthesized.AssemblyDirectory, SynthSummary.Read(synthesized.Assembly),
            stack => synthesized.Stacks.ModuleOf(stack).Key, synthesized.Settings.LabName);
        return writer.ToString();
    }

    [Fact]
    public void ItWarnsThatChangingLabNameLeavesTheDeployedLabBilling()
    {
        var summary = Summary();
        Assert.Contains("Changing labName on a deployed lab deploys a second lab beside this one, and this one keeps billing", summary);
        Assert.Contains("npx cdk destroy --all -c labName=mllab", summary);
    }

    [Fact]
    public void EveryStackAndACompleteTotalArePrinted()
    {
        var summary = Summary();
        Assert.All(lab.Default.Stacks.All, stack => Assert.Contains($"{stack.StackName}: ", summary));
        Assert.Contains("\n  total ", summary);
        Assert.DoesNotContain("INCOMPLETE", summary);
    }
}
