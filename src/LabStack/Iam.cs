using Amazon.CDK.AWS.IAM;

namespace LabStack;

/// <summary>Shorthand for the IAM statements the modules write by hand.</summary>
public static class Iam
{
    /// <summary>An Allow statement of <paramref name="actions"/> on <paramref name="resources"/>.</summary>
    public static PolicyStatement Allow(string[] actions, params string[] resources) =>
        new(new PolicyStatementProps { Actions = actions, Resources = resources });
}
