namespace LabStack.Guardrails;

/// <summary>
/// A guardrail with the cdk-nag suppressions for the roles the CDK itself creates for its custom resources (bucket
/// emptying, bucket deployment, default security group restriction): their policies are written by aws-cdk-lib,
/// scoped to the resources involved, and not ours to narrow.
/// </summary>
public sealed class CdkInternals : IGuardrail
{
    private readonly HashSet<string> suppressed = [];

    /// <summary>Suppresses the known findings on the CDK's providers directly under a stack (once each).</summary>
    public void Visit(IConstruct node)
    {
        if (node is not Stack stack)
        {
            return;
        }
        foreach (var child in stack.Node.Children.Where(c => c.Node.Id.StartsWith("Custom::", StringComparison.Ordinal) && suppressed.Add(c.Node.Path)))
        {
            Suppress(child);
        }
    }

    private static void Suppress(IConstruct node)
    {
        var id = node.Node.Id;
        if (id == "Custom::S3AutoDeleteObjectsCustomResourceProvider")
        {
            Nag.Suppress(node.Node.FindChild("Role"), new NagSuppression("AwsSolutions-IAM4",
                "The CDK's bucket-emptying function logs with AWSLambdaBasicExecutionRole; its S3 rights come from each bucket's policy.",
                Nag.LambdaBasicExecution));
        }
        else if (id == "Custom::VpcRestrictDefaultSGCustomResourceProvider")
        {
            Nag.Suppress(node.Node.FindChild("Role"), new NagSuppression("AwsSolutions-IAM4",
                "The CDK's function that strips the VPC's default security group rules logs with AWSLambdaBasicExecutionRole; " +
                "its EC2 rights are scoped to that group.", Nag.LambdaBasicExecution));
        }
        else if (id.StartsWith("Custom::CDKBucketDeployment", StringComparison.Ordinal))
        {
            var role = node.Node.FindChild("ServiceRole");
            Nag.Suppress(role, new NagSuppression("AwsSolutions-IAM4",
                "The CDK's bucket deployment function logs with AWSLambdaBasicExecutionRole.", Nag.LambdaBasicExecution));
            Nag.Suppress(role.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
                "Written by the CDK's BucketDeployment, which grants on whole buckets (it cannot scope a grant to the destination prefix): " +
                "read the staged asset from the CDK's asset bucket, and read, write and delete objects of the destination bucket. The function " +
                "copies its files under its own prefix of the lake only (the sample under raw/customers/, the labeling images under " +
                "raw/labeling/images/); the sample's deployment, with Prune off, deletes nothing while the stack lives.",
                "Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*", "Action::s3:DeleteObject*",
                "/^Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>\\/\\*$/",
                // The lake as the DataLake stack names it, or as another stack imports it (its export of the bucket's ARN).
                Stack.Of(node) is DataLakeStack
                    ? $"Resource::<{DataLake.LakeStorage.LakeBucketLogicalId}.Arn>/*"
                    : $"/^Resource::.*:ExportsOutputFnGetAtt{DataLake.LakeStorage.LakeBucketLogicalId}Arn[0-9A-F]+\\/\\*$/"));
        }
    }
}
