using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace LabStack.Guardrails;

/// <summary>
/// A guardrail with the rules for every Lambda function the lab synthesizes, the CDK's own included:
/// <list type="bullet">
/// <item>a log group the stack owns (deleted with it), through <c>LoggingConfig</c>. Without it Lambda creates
/// <c>/aws/lambda/...</c> on first run, and the CDK's bucket-emptying function runs during destroy, so its log group
/// would outlive the stack. The function refers to the group, so CloudFormation deletes the group last;</item>
/// <item>a runtime Lambda still supports: aws-cdk-lib 2.160 synthesizes nodejs20.x (deprecated 2026-04-30) and
/// python3.11 (deprecated 2026-06-30) for its own handlers.</item>
/// </list>
/// It works when it visits a stack, before the CDK visits the stack's children, so the log group added here is then
/// tagged like every other resource.
/// </summary>
public sealed class FunctionGuardrails : IGuardrail
{
    /// <summary>The Node.js runtime every Node function is moved to.</summary>
    public const string NodeRuntime = "nodejs22.x";

    /// <summary>The Node.js runtime for the lab's own functions (aws-cdk-lib 2.160 has no constant for it).</summary>
    public static Runtime Node22 { get; } = new(NodeRuntime, RuntimeFamily.NODEJS, new LambdaRuntimeProps { SupportsInlineCode = true });

    /// <summary>The Python runtime every Python function is moved to.</summary>
    public const string PythonRuntime = "python3.13";

    /// <summary>Retention of the log groups this adds.</summary>
    public const RetentionDays Retention = RetentionDays.ONE_WEEK;

    private readonly HashSet<string> applied = [];

    /// <summary>
    /// Applies the rules to every function of a stack when the stack is visited (once each: a test may synthesize
    /// twice). The CDK visits a construct's children after the construct, so the log groups added here get tagged.
    /// </summary>
    public void Visit(IConstruct node)
    {
        if (node is not Stack stack)
        {
            return;
        }
        var functions = stack.Node.FindAll().OfType<CfnResource>()
            .Where(r => r.CfnResourceType == "AWS::Lambda::Function" && applied.Add(r.Node.Path))
            .ToList();
        foreach (var function in functions)
        {
            if (function is not CfnFunction { LoggingConfig: not null })
            {
                var logGroup = new LogGroup(function.Node.Scope as Construct ?? stack, function.Node.Id + "LogGroup", new LogGroupProps
                {
                    Retention = Retention,
                    RemovalPolicy = RemovalPolicy.DESTROY,
                });
                function.AddPropertyOverride("LoggingConfig.LogGroup", logGroup.LogGroupName);
            }

            // A CfnFunction names its runtime; the CDK's custom-resource providers are plain CfnResources whose
            // runtime is a region lookup of the latest Node.js that 2.160 knew (nodejs20.x).
            var runtime = function is CfnFunction cfn ? cfn.Runtime : null;
            var target = runtime is not null && runtime.StartsWith("python", StringComparison.Ordinal) ? PythonRuntime : NodeRuntime;
            function.AddPropertyOverride("Runtime", target);
            Nag.Suppress(function, new NagSuppression("AwsSolutions-L1",
                $"The lab pins {target}, a supported runtime the CDK's handlers run on; tests fail when it nears deprecation."));
        }
    }
}
