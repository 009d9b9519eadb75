using Amazon.CDK.AWS.EC2;

namespace LabStack.Emr;

/// <summary>Props for <see cref="SecurityGroupCleanup"/>.</summary>
public sealed record SecurityGroupCleanupProps
{
    /// <summary>The EMR-managed security groups whose mutual references EMR adds.</summary>
    public required ISecurityGroup[] Groups { get; init; }
}

/// <summary>
/// A custom resource that, on delete, revokes the rules EMR added to its managed security groups that reference
/// each other (assets/emr/revoke-sg-rules.js). While those rules exist neither group can be deleted, so
/// <c>cdk destroy</c> would fail. Make the cluster depend on this resource: CloudFormation then deletes the cluster
/// first, this resource next (revoking the rules), and the groups last.
/// </summary>
public sealed class SecurityGroupCleanup(Construct scope, string id, SecurityGroupCleanupProps props) : OnDeleteFunction(scope, id, new OnDeleteFunctionProps
{
    Script = ["emr", "revoke-sg-rules.js"],
    Description = "ML study lab: on delete, revokes EMR's cross-references between its managed security groups",
    ResourceType = "Custom::EmrSecurityGroupCleanup",
    Properties = new Dictionary<string, object> { ["GroupIds"] = props.Groups.Select(g => g.SecurityGroupId).ToArray() },
    Statements =
    [
        Iam.Allow(["ec2:DescribeSecurityGroups"], "*"),
        Iam.Allow(["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"], props.Groups
            .Select(g => Stack.Of(scope).FormatArn(new ArnComponents { Service = "ec2", Resource = "security-group", ResourceName = g.SecurityGroupId })).ToArray()),
    ],
    WildcardReason = "ec2:DescribeSecurityGroups has no resource-level permission; revoking is limited to the two EMR groups.",
});
