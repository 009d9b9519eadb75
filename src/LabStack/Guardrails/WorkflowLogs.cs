using Amazon.CDK.AWS.Logs;

namespace LabStack.Guardrails;

/// <summary>
/// The one way the lab creates a Step Functions execution log group. Its name starts with
/// <see cref="Prefix"/>, an exception to "no hard-coded names": Step Functions delivers logs through CloudWatch Logs'
/// vended logs, whose account-wide resource policy is limited to 5,120 characters, and a log group under this prefix
/// does not add to that policy (https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html). A generated name
/// would, and once the policy is full a state machine can no longer be created. Deleted with its stack.
/// </summary>
public static class WorkflowLogs
{
    /// <summary>The start of every Step Functions log group's name.</summary>
    public const string Prefix = "/aws/vendedlogs/states/";

    /// <summary>The log group <c>/aws/vendedlogs/states/<paramref name="name"/></c>; <paramref name="name"/> starts with the lab's name.</summary>
    public static LogGroup Create(Construct scope, string id, string name, RetentionDays retention) => new(scope, id, new LogGroupProps
    {
        LogGroupName = Prefix + name,
        Retention = retention,
        RemovalPolicy = RemovalPolicy.DESTROY,
    });
}
