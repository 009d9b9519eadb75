namespace LabStack.Guardrails;

/// <summary>A cdk-nag rule that does not apply to one resource, and why.</summary>
/// <param name="RuleId">The rule, e.g. <c>AwsSolutions-S1</c>.</param>
/// <param name="Reason">Why the rule does not fit this resource in a study sandbox (at least 10 characters).</param>
/// <param name="AppliesTo">For granular rules (IAM4, IAM5): the findings covered, as exact strings or <c>/regex/</c>.</param>
public sealed record NagSuppression(string RuleId, string Reason, params string[] AppliesTo);

/// <summary>
/// Writes cdk-nag suppressions as <c>cdk_nag</c> metadata on a CloudFormation resource, the form cdk-nag reads
/// both in a CDK app and in a template included with CfnInclude (tools/validate).
/// </summary>
public static class Nag
{
    /// <summary>The IAM4 finding for AWSLambdaBasicExecutionRole, the managed policy the CDK gives every function role.</summary>
    public static readonly string LambdaBasicExecution = ManagedPolicy("service-role/AWSLambdaBasicExecutionRole");

    /// <summary>The IAM5 finding for a statement on Resource "*".</summary>
    public const string AnyResource = "Resource::*";

    /// <summary>The IAM4 finding for an AWS managed policy, e.g. <c>service-role/AWSGlueServiceRole</c>.</summary>
    public static string ManagedPolicy(string name) => $"Policy::arn:<AWS::Partition>:iam::aws:policy/{name}";

    /// <summary>Suppresses rules on <paramref name="construct"/> (a CfnResource or an L2 with a default child), keeping earlier ones.</summary>
    public static void Suppress(IConstruct construct, params NagSuppression[] suppressions)
    {
        var resource = construct as CfnResource ?? construct.Node.DefaultChild as CfnResource
            ?? throw new ArgumentException($"{construct.Node.Path} is not a CloudFormation resource", nameof(construct));
        var existing = resource.GetMetadata("cdk_nag") is IDictionary<string, object> metadata && metadata["rules_to_suppress"] is object[] rules
            ? rules
            : [];
        var added = suppressions.Select(ToMetadata).ToArray();
        var ids = existing.Concat(added).Select(rule => (string)((IDictionary<string, object>)rule)["id"]).ToList();
        if (ids.Distinct().Count() != ids.Count)
        {
            throw new InvalidOperationException($"{resource.Node.Path}: a cdk-nag rule is suppressed twice ({string.Join(", ", ids)})");
        }
        resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = existing.Concat(added).ToArray() });
    }

    private static object ToMetadata(NagSuppression suppression)
    {
        if (suppression.Reason.Length < 10)
        {
            throw new ArgumentException($"The reason for {suppression.RuleId} must say why (10 characters or more)");
        }
        var entry = new Dictionary<string, object> { ["id"] = suppression.RuleId, ["reason"] = suppression.Reason };
        if (suppression.AppliesTo.Length > 0)
        {
            entry["applies_to"] = suppression.AppliesTo
                .Select(f => f.Length > 1 && f.StartsWith('/') && f.EndsWith('/') ? (object)new Dictionary<string, object> { ["regex"] = f } : f)
                .ToArray();
        }
        return entry;
    }
}
