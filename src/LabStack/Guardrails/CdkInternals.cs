using Amazon.CDK;
using Constructs;

namespace LabStack.Guardrails;

/// <summary>
/// cdk-nag suppressions for the roles the CDK itself creates for its custom resources (bucket emptying, bucket
/// deployment, default security group restriction): their policies are written by aws-cdk-lib, scoped to the
/// resources involved, and not ours to narrow.
/// </summary>
public static class CdkInternals
{
    private const string BasicExecution = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    /// <summary>Suppresses the known findings on the CDK's own provider roles in <paramref name="stack"/>.</summary>
    public static void Suppress(Stack stack)
    {
        if (stack.Node.TryFindChild("Custom::S3AutoDeleteObjectsCustomResourceProvider") is IConstruct autoDelete)
        {
            Nag.Suppress(autoDelete.Node.FindChild("Role"), new NagSuppression("AwsSolutions-IAM4",
                "The CDK's bucket-emptying function logs with AWSLambdaBasicExecutionRole; its S3 rights come from each bucket's policy.",
                BasicExecution));
        }

        if (stack.Node.TryFindChild("Custom::VpcRestrictDefaultSGCustomResourceProvider") is IConstruct restrictDefault)
        {
            Nag.Suppress(restrictDefault.Node.FindChild("Role"), new NagSuppression("AwsSolutions-IAM4",
                "The CDK's function that strips the VPC's default security group rules logs with AWSLambdaBasicExecutionRole; " +
                "its EC2 rights are scoped to that group.", BasicExecution));
        }

        foreach (var deployment in stack.Node.Children.Where(c => c.Node.Id.StartsWith("Custom::CDKBucketDeployment", StringComparison.Ordinal)))
        {
            var role = deployment.Node.FindChild("ServiceRole");
            Nag.Suppress(role, new NagSuppression("AwsSolutions-IAM4",
                "The CDK's bucket deployment function logs with AWSLambdaBasicExecutionRole.", BasicExecution));
            Nag.Suppress(role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
                "Written by the CDK's BucketDeployment: read the staged asset, sync objects under the destination prefix.",
                "/^Action::s3:.*$/", "/^Resource::.*$/"));
        }
    }
}
