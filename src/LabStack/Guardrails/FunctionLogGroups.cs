using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace LabStack.Guardrails;

/// <summary>
/// Gives every Lambda function in a stack a log group the stack owns (deleted with it), through the
/// function's <c>LoggingConfig</c>. Without it Lambda creates <c>/aws/lambda/...</c> on first run, and the
/// CDK's bucket-emptying function runs during destroy, so its log group would outlive the stack. The
/// function refers to the group, so CloudFormation deletes the function (after its custom resources) first
/// and the log group last.
/// </summary>
public static class FunctionLogGroups
{
    /// <summary>Retention of the log groups this adds.</summary>
    public const RetentionDays Retention = RetentionDays.ONE_WEEK;

    /// <summary>Adds a log group for each function in <paramref name="stack"/> that has none configured.</summary>
    public static void Attach(Stack stack)
    {
        var functions = stack.Node.FindAll().OfType<CfnResource>()
            .Where(r => r.CfnResourceType == "AWS::Lambda::Function" && !(r is CfnFunction { LoggingConfig: not null }))
            .ToList();
        foreach (var function in functions)
        {
            var owner = function.Node.Scope as Construct ?? stack;
            var logGroup = new LogGroup(owner, function.Node.Id + "LogGroup", new LogGroupProps
            {
                Retention = Retention,
                RemovalPolicy = RemovalPolicy.DESTROY,
            });
            function.AddPropertyOverride("LoggingConfig.LogGroup", logGroup.LogGroupName);
        }
    }
}
