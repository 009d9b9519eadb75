using System.Text.RegularExpressions;
using LabStack.Configuration;

namespace LabStack.GroundTruth;

/// <summary>Settings of the <c>groundtruth</c> module.</summary>
public sealed record GroundTruthSettings : IModuleSettings<GroundTruthSettings>
{
    /// <summary>
    /// <c>existingWorkforce</c>: empty (the lab creates a user pool, its app client and the region's private workforce),
    /// or <c>&lt;user pool id&gt;/&lt;app client id&gt;</c> of the account's existing Cognito workforce in the region. An
    /// account has one private workforce per region, and a workteam must use that workforce's user pool
    /// (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateWorkforce.html). Whether the stack creates a pool
    /// must be known at synthesis: a CloudFormation condition cannot depend on what a custom resource finds at deploy time.
    /// The patterns are the API's (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CognitoConfig.html: user pool
    /// <c>[\w-]+_[0-9a-zA-Z]+</c>, at most 55; app client <c>[\w+]+</c>, at most 128, as Cognito writes client ids).
    /// </summary>
    public static readonly Setting<string> ExistingWorkforceSetting = Setting.Text("existingWorkforce", "",
        new Regex(@"^\z|^(?=[^/]{1,55}/)[\w-]+_[0-9a-zA-Z]+/[\w+]{1,128}\z"),
        "expected empty (the lab creates the region's private workforce) or <user pool id>/<app client id> of the account's existing " +
        "Cognito workforce in the region, like us-east-1_AbC123xyz/1example23456789 (see aws sagemaker list-workforces)");

    /// <summary>Empty, or the existing workforce's user pool and app client.</summary>
    public required string ExistingWorkforce { get; init; }

    /// <summary>The existing workforce's user pool id, or null when the lab creates the workforce.</summary>
    public string? ExistingUserPoolId => ExistingWorkforce.Length == 0 ? null : ExistingWorkforce.Split('/')[0];

    /// <summary>The existing workforce's app client id, or null when the lab creates the workforce.</summary>
    public string? ExistingClientId => ExistingWorkforce.Length == 0 ? null : ExistingWorkforce.Split('/')[1];

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ExistingWorkforceSetting];

    /// <inheritdoc/>
    public static GroundTruthSettings Read(Func<string, object?> context) => new() { ExistingWorkforce = ExistingWorkforceSetting.Read(context) };
}
