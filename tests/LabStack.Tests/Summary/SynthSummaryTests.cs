using LabStack.Summary;

namespace LabStack.Tests.Summary;

/// <summary>What <c>dotnet run</c> prints about the synthesized lab.</summary>
[Collection(LabCollection.Name)]
public sealed class SynthSummaryTests(LabFixture lab)
{
    private string Summary() => Summary(lab.Default);

    private static string Summary(SynthesizedLab synthesized)
    {
        var writer = new StringWriter();
        SynthSummary.Write(writer, synthesized.AssemblyDirectory, SynthSummary.Read(synthesized.Assembly),
            stack => synthesized.Stacks.ModuleOf(stack).Key, synthesized.Settings);
        return writer.ToString();
    }

    [Fact]
    public void TheCostTableTakesTheExpiryAndTheDailyCapFromTheSettings()
    {
        Assert.Contains("the lab deletes itself 24 h after the last deploy", Summary());
        Assert.Contains("at most 200 uploads are analyzed a day (maxUploadsPerDay)", Summary());
        Assert.Contains("expiry is off (expireAfterHours=0)", Summary(lab.With("expireAfterHours=0")));
        Assert.Contains("at most 50 uploads are analyzed a day (maxUploadsPerDay)", Summary(lab.Customized));
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
