using LabStack.Configuration;
using static LabStack.Tests.Configuration.SettingsReader;
using LabStack.DataLake;
using LabStack.Emr;

namespace LabStack.Tests.Configuration;

/// <summary>Values that look acceptable and are not: each would deploy a lab that does not do what the learner asked.</summary>
public sealed class SettingsInputTests
{
    [Theory]
    [InlineData("mailto:me@example.com")]
    [InlineData("a@example..com")]
    [InlineData("a..b@example.com")]
    [InlineData(".a@example.com")]
    [InlineData("a.@example.com")]
    [InlineData("a@-example.com")]
    [InlineData("a@example-.com")]
    [InlineData("a@sub.-example.com")]
    [InlineData("\"><script>@x.com")]
    [InlineData("you@ex\u0430mple.com")] // Cyrillic a
    [InlineData("y\u043Eu@example.com")] // Cyrillic o
    [InlineData("you@example.c")]
    [InlineData("you@localhost")]
    [InlineData("a b@example.com")]
    public void AnAlertEmailThatCannotReceiveMailIsRejectedSayingWhatIsAllowed(string address)
    {
        var error = Assert.Throws<SettingsException>(() => Read(("alertEmail", address)));
        Assert.StartsWith("Invalid setting 'alertEmail': got '", error.Message);
        Assert.Contains("expected an email address like you@example.com, or empty for no alerts", error.Message);
        Assert.Contains("no mailto:, no leading, trailing or double dot", error.Message);
        Assert.Contains("none starting or ending with a hyphen (an international domain in its xn-- form)", error.Message);
    }

    [Fact]
    public void AnAlertEmailOverTheLengthsMailAllowsIsRejected()
    {
        Assert.Contains("at most 64 ASCII letters", Assert.Throws<SettingsException>(() => Read(("alertEmail", new string('a', 65) + "@example.com"))).Message);
        var longDomain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 247 characters: 256 in all
        Assert.Contains("at most 254 characters in all", Assert.Throws<SettingsException>(() => Read(("alertEmail", "abcdefgh@" + longDomain))).Message);
    }

    [Theory]
    [InlineData("you@example.com")]
    [InlineData("first.last+lab@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("you@xn--80ak6aa92e.com")]
    [InlineData("you@example.xn--p1ai")]
    [InlineData("")]
    public void AnAddressMailCanReachIsKept(string address) => Assert.Equal(address, Read(("alertEmail", address)).Of<DataLakeSettings>().AlertEmail);

    [Fact]
    public void AnAddressOfExactlyTheLimitsIsKept()
    {
        var local = new string('a', 64);
        Assert.Equal(local + "@example.com", Read(("alertEmail", local + "@example.com")).Of<DataLakeSettings>().AlertEmail);
    }

    [Theory]
    [InlineData("my--lab")]
    [InlineData("mllab--nb")]
    public void ALabNameWithADoubleHyphenIsRejectedBecauseItSeparatesNotebookMadeNames(string name)
    {
        var error = Assert.Throws<SettingsException>(() => Read(("labName", name)));
        Assert.StartsWith($"Invalid setting 'labName': got '{name}'; ", error.Message);
        Assert.Contains("with no -- anywhere (-- separates the lab's name from the names its notebooks make: <labName>--nb-...)", error.Message);
    }

    [Fact]
    public void ALabNameWithSingleHyphensIsKept() => Assert.Equal("my-ml-lab", Read(("labName", "my-ml-lab")).LabName);

    [Theory]
    [InlineData("endpointMode", "none", "endpointMemoryMb", "6144", "endpointMemoryMb=6144 has no effect with endpointMode=none", "set endpointMode=serverless")]
    [InlineData("endpointMode", "realtime", "endpointMemoryMb", "1024", "endpointMemoryMb=1024 has no effect with endpointMode=realtime", "set endpointMode=serverless")]
    [InlineData("endpointMode", "serverless", "endpointInstanceType", "ml.c5.4xlarge", "endpointInstanceType=ml.c5.4xlarge has no effect with endpointMode=serverless", "set endpointMode=realtime")]
    [InlineData("endpointMode", "none", "endpointInstanceType", "ml.c5.xlarge", "endpointInstanceType=ml.c5.xlarge has no effect with endpointMode=none", "set endpointMode=realtime")]
    public void ASizeForAnEndpointTheModeDoesNotCreateWarnsNamingBothKeys(string modeKey, string mode, string key, string value, string start, string fix)
    {
        var warnings = Read(("alertEmail", "learner@example.com"), (modeKey, mode), (key, value)).Warnings;
        var warning = Assert.Single(warnings);
        Assert.StartsWith(start, warning);
        Assert.Contains($"remove {key}, or {fix}", warning);
    }

    [Theory]
    [InlineData("endpointMode", "serverless", "endpointMemoryMb", "6144")]
    [InlineData("endpointMode", "realtime", "endpointInstanceType", "ml.c5.xlarge")]
    [InlineData("endpointMode", "none", "notebookIdleMinutes", "30")]
    public void ASizeTheModeUsesAndTheDefaultsGiveNoWarning(string modeKey, string mode, string key, string value)
    {
        Assert.Empty(Read(("alertEmail", "learner@example.com"), (modeKey, mode), (key, value)).Warnings);
        Assert.Empty(Read(("alertEmail", "learner@example.com"), (modeKey, mode)).Warnings);
    }

    [Theory]
    [InlineData("labName", "ml\nlab", @"got 'ml\nlab'")]
    [InlineData("labName", "ml\r\nlab", @"got 'ml\r\nlab'")]
    [InlineData("modules", "emr\u001b[31m", @"got 'emr\u001B[31m'")]
    [InlineData("labName", "mllab\u200b", @"got 'mllab\u200B'")]
    [InlineData("labName", "ml\u2028lab", @"got 'ml\u2028lab'")]
    public void ControlCharactersInAValueAreEscapedAndTheErrorStaysOneLine(string key, string value, string shown)
    {
        var error = Assert.Throws<SettingsException>(() => Read((key, value)));
        Assert.Contains(shown, error.Message);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c) || c is '\u2028' or '\u200b');
    }

    [Fact]
    public void AnUnknownKeyWithANewlineIsEscapedToo()
    {
        var error = Assert.Throws<SettingsException>(() => ContextKeys.RejectUnknown(["lab\nName"], LabSettings.Definitions));
        Assert.StartsWith(@"Unknown setting 'lab\nName'; ", error.Message);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(998, 999)]
    [InlineData(EmrSettings.MaxRun, 1)]
    public void TheFreshClusterAdviceIsARunTheSettingAccepts(int run, int next)
    {
        var settings = Read(("emrRun", run.ToString(System.Globalization.CultureInfo.InvariantCulture))).Of<EmrSettings>();
        Assert.Equal(next, settings.NextRun);
        Assert.Equal(next, EmrSettings.RunSetting.Read(key => key == "emrRun" ? settings.NextRun : null));
        Assert.NotEqual(settings.ClusterName("mllab"), (settings with { Run = settings.NextRun }).ClusterName("mllab")); // a new name: a fresh cluster
    }
}
