using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using LabStack.Guardrails;

namespace LabStack.Emr;

/// <summary>Props for <see cref="SecurityGroupCleanup"/>.</summary>
public sealed record SecurityGroupCleanupProps
{
    /// <summary>The EMR-managed security groups whose mutual references EMR adds.</summary>
    public required ISecurityGroup[] Groups { get; init; }
}

/// <summary>
/// A custom resource that, on delete, revokes the rules EMR added to its managed security groups that reference
/// each other (assets/emr/revoke-sg-rules.js, inline, no Docker). While those rules exist neither group can be
/// deleted, so <c>cdk destroy</c> would fail. Make the cluster depend on this resource: CloudFormation then deletes
/// the cluster first, this resource next (revoking the rules), and the groups last.
/// </summary>
public sealed class SecurityGroupCleanup : Construct
{
    /// <summary>The custom resource.</summary>
    public CustomResource Resource { get; }

    /// <summary>Creates the SecurityGroupCleanup in <paramref name="scope"/>, as <paramref name="props"/> says.</summary>
    public SecurityGroupCleanup(Construct scope, string id, SecurityGroupCleanupProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        var handler = new Function(this, "Handler", new FunctionProps
        {
            Runtime = FunctionGuardrails.Node22,
            Handler = "index.handler",
            Code = Code.FromInline(File.ReadAllText(LabPaths.Asset("emr", "revoke-sg-rules.js"))),
            Timeout = Duration.Minutes(2),
            Description = "ML study lab: on delete, revokes EMR's cross-references between its managed security groups",
        });
        handler.AddToRolePolicy(Iam.Allow(["ec2:DescribeSecurityGroups"], "*"));
        handler.AddToRolePolicy(Iam.Allow(["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"],
            props.Groups.Select(g => stack.FormatArn(new ArnComponents { Service = "ec2", Resource = "security-group", ResourceName = g.SecurityGroupId })).ToArray()));
        Nag.Suppress(handler.Role!, new NagSuppression("AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets the cleanup function write its own logs.",
            Nag.LambdaBasicExecution));
        Nag.Suppress(handler.Role!.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "ec2:DescribeSecurityGroups has no resource-level permission; revoking is limited to the two EMR groups.", Nag.AnyResource));

        Resource = new CustomResource(this, "Resource", new CustomResourceProps
        {
            ServiceToken = handler.FunctionArn,
            ResourceType = "Custom::EmrSecurityGroupCleanup",
            Properties = new Dictionary<string, object> { ["GroupIds"] = props.Groups.Select(g => g.SecurityGroupId).ToArray() },
        });
    }
}
