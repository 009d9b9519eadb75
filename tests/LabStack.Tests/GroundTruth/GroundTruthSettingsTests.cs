using LabStack.Configuration;
using LabStack.GroundTruth;
using static LabStack.Tests.Configuration.SettingsReader;

namespace LabStack.Tests.GroundTruth;

/// <summary>Selecting the groundtruth module and its setting, without synthesizing (no jsii).</summary>
public sealed class GroundTruthSettingsTests
{
    [Fact]
    public void SelectingItWithoutAnAlertEmailIsOneLineNamingTheKey()
    {
        var error = Assert.Throws<SettingsException>(() => Read(("modules", "groundtruth")));
        Assert.Equal("alertEmail", error.Key);
        Assert.Equal("Invalid setting 'alertEmail': got ''; expected an email address when modules selects groundtruth: its only labeling " +
            "worker is invited there (or leave groundtruth out).", error.Message);
        Assert.Throws<SettingsException>(() => Read(("modules", "all,groundtruth")));
    }

    [Fact]
    public void AllAndTheDefaultLeaveItOutAndNamingItBringsWhatItNeeds()
    {
        Assert.DoesNotContain(LabModules.GroundTruth, Read().Modules);
        Assert.DoesNotContain(LabModules.GroundTruth, Read(("modules", "all")).Modules);
        Assert.Equal([LabModules.Expiry, LabModules.DataLake, LabModules.SageMaker, LabModules.GroundTruth],
            Read(("modules", "groundtruth"), ("alertEmail", "learner@example.com")).Modules);
        Assert.Equal(LabModules.All, Read(("modules", "all,groundtruth"), ("alertEmail", "learner@example.com")).Modules);
        // Without it selected, no alertEmail is needed.
        Assert.Equal([LabModules.Expiry, LabModules.DataLake, LabModules.SageMaker], Read(("modules", "sagemaker")).Modules);
    }

    [Theory]
    [InlineData("us-east-1_AbC123xyz/1example23456789abcdefghij", "us-east-1_AbC123xyz", "1example23456789abcdefghij")]
    [InlineData("", null, null)]
    public void AnExistingWorkforceIsItsUserPoolAndAppClient(string value, string? pool, string? client)
    {
        var settings = Read(("existingWorkforce", value)).Of<GroundTruthSettings>();
        Assert.Equal((pool, client), (settings.ExistingUserPoolId, settings.ExistingClientId));
    }

    [Theory]
    [InlineData("us-east-1_AbC123xyz")]
    [InlineData("us-east-1_AbC123xyz/")]
    [InlineData("/1example23456789")]
    [InlineData("us-east-1:AbC123xyz/1example23456789")]
    [InlineData("us-east-1_AbC123xyz/client-with-hyphen")]
    [InlineData("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123xyz")]
    public void AMalformedExistingWorkforceIsRefusedWithTheShapeExpected(string value)
    {
        var error = Assert.Throws<SettingsException>(() => Read(("existingWorkforce", value)));
        Assert.StartsWith($"Invalid setting 'existingWorkforce': got '{value}'; expected empty (the lab creates", error.Message);
        Assert.Contains("<user pool id>/<app client id>", error.Message);
    }
}
