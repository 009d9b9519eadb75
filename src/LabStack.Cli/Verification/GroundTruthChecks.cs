using Amazon.SageMaker;
using Amazon.SageMaker.Model;

namespace LabStack.Cli.Verification;

/// <summary>
/// Ground Truth: the private workteam (the WorkteamArn output) exists with its member definition, the Cognito user
/// group notebook 12's labeling tasks go to. A workteam bills nothing; it does not start a labeling job (those bill per
/// object).
/// </summary>
public static class GroundTruthChecks
{
    /// <summary>The module's checks.</summary>
    public static IEnumerable<Check> Of(VerifyContext lab)
    {
        yield return new Check("groundtruth", "private workteam with its member group", CheckPrice.Free, () => WorkteamAsync(lab));
    }

    /// <summary>A workteam's name: the last part of its ARN (<c>arn:aws:sagemaker:...:workteam/private-crowd/NAME</c>).</summary>
    public static string WorkteamName(string arn) => arn[(arn.LastIndexOf('/') + 1)..];

    private static async Task<Verdict> WorkteamAsync(VerifyContext lab)
    {
        var name = WorkteamName(lab.Require("GroundTruth", "WorkteamArn"));
        var answer = await new AmazonSageMakerClient(lab.Clients.Aws).DescribeWorkteamAsync(new DescribeWorkteamRequest { WorkteamName = name }).ConfigureAwait(false);
        var members = answer.Workteam?.MemberDefinitions?.Select(m => m.CognitoMemberDefinition).OfType<CognitoMemberDefinition>().FirstOrDefault(c => c.UserGroup is { Length: > 0 });
        return members is not null
            ? Verdict.Pass($"{name}: Cognito group {members.UserGroup} of {members.UserPool}{(answer.Workteam?.SubDomain is { Length: > 0 } portal ? $", portal {portal}" : "")}")
            : Verdict.Fail($"{name} with a Cognito member group", answer.Workteam is null ? "no workteam" : "no member definition",
                $"deploy the GroundTruth stack again (npx cdk deploy {lab.Lab}-GroundTruth)");
    }
}
