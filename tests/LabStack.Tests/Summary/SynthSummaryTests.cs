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
        Assert.Contains("the lab deletes itself 8 h after the last deploy", Summary());
        Assert.Contains("at most 200 uploads are analyzed a day (maxUploadsPerDay)", Summary());
        Assert.Contains("expiry is off (expireAfterHours=0)", Summary(lab.With("expireAfterHours=0")));
        Assert.Contains("at most 50 uploads are analyzed a day (maxUploadsPerDay)", Summary(lab.Customized));
    }

    [Fact]
    public void EveryRunStatesTheSafetySettingsInForceWhateverTheirValue()
    {
        var defaults = Summary();
        Assert.Contains("Safety settings in force (a -c value holds for one run only: keep lasting choices in cdk.context.json):", defaults);
        Assert.Contains("\n  retainData=false: the lake and everything in it are deleted with the lab (npx cdk destroy or expiry)", defaults);
        Assert.Contains("\n  expireAfterHours=8: the lab deletes itself 8 h after the last deploy that changed a lab stack " +
            "(lab extend [--hours N] restarts the clock; a deploy that changes nothing does not)", defaults);
        Assert.Contains("\n  budgetUsd=20: a monthly AWS Budget of $20 for the account, alerting at 50% spent, 80% spent, 100% forecast", defaults);
        Assert.Contains("\n  alertEmail is empty: nobody is emailed when spend passes the budget", defaults);

        var customized = Summary(lab.Customized);
        Assert.Contains("\n  retainData=true: the lake bucket and its objects are kept when the lab is deleted", customized);
        Assert.Contains("\n  budgetUsd=35: a monthly AWS Budget of $35", customized);
        Assert.Contains("\n  alertEmail=learner@example.com: the budget's alerts are emailed there", customized);
        Assert.Contains("\n  expireAfterHours=0: expiry is off: the lab bills until you destroy it", Summary(lab.With("expireAfterHours=0")));
    }

    [Fact]
    public void TheSummarysOwnExpiryLinesDoNotClaimThatAnUnchangedDeployExtendsTheLab()
    {
        // The CDK CLI skips an unchanged stack: no CloudFormation event, so the expiry clock does not restart (deploy-lake W1).
        // (The Expiry stack's ExpireAfterHours output, listed among the outputs, is the Expiry module's to correct.)
        var expiryLines = Summary().Split('\n').Where(line => line.Contains("expireAfterHours") || line.Contains("forgotten:")).ToList();
        Assert.Equal(2, expiryLines.Count(line => !line.Contains(" - "))); // the safety line and the cost table's line, not the stack output
        Assert.All(expiryLines.Where(line => !line.Contains(" - ")), line => Assert.DoesNotContain("deploy again to extend", line));
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
