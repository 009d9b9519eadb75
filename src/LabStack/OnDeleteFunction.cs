using Amazon.CDK.AWS.Lambda;

namespace LabStack;

/// <summary>Props for <see cref="OnDeleteFunction"/>.</summary>
public sealed record OnDeleteFunctionProps
{
    /// <summary>The handler's script under assets/ (e.g. <c>["emr", "revoke-sg-rules.js"]</c>); it sets <c>exports.handler = onDelete(...)</c>.</summary>
    public required string[] Script { get; init; }

    /// <summary>The function's description.</summary>
    public required string Description { get; init; }

    /// <summary>The custom resource's type, <c>Custom::...</c>.</summary>
    public required string ResourceType { get; init; }

    /// <summary>What the handler reads from its resource properties.</summary>
    public required IDictionary<string, object> Properties { get; init; }

    /// <summary>Exactly what the handler calls.</summary>
    public required PolicyStatement[] Statements { get; init; }

    /// <summary>Why the statements name resources by pattern or "*" (cdk-nag AwsSolutions-IAM5; the findings are derived from the statements); unused when none does.</summary>
    public string WildcardReason { get; init; } = "";
}

/// <summary>
/// A custom resource whose Lambda function (Node.js, inline code, so no asset or Docker) acts only when its stack is
/// deleted: the work CloudFormation cannot do itself because it does not own what is in the way. The code is
/// assets/custom-resources/on-delete.js (answering CloudFormation) followed by the handler's script, whole-line
/// comments left out to stay inside Lambda's 4 KB of inline code. A module's cleanup derives from it, so the function
/// and the resource keep the ids they had (a new id would replace the resource, and run its delete, on an update).
/// </summary>
public class OnDeleteFunction : Construct
{
    /// <summary>The custom resource.</summary>
    public CustomResource Resource { get; }

    public OnDeleteFunction(Construct scope, string id, OnDeleteFunctionProps props) : base(scope, id)
    {
        var handler = new Function(this, "Handler", new FunctionProps
        {
            Runtime = FunctionGuardrails.Node22,
            Handler = "index.handler",
            Code = Code.FromInline(InlineCode(props.Script)),
            Timeout = Duration.Minutes(2),
            Description = props.Description,
        });
        foreach (var statement in props.Statements)
        {
            handler.AddToRolePolicy(statement);
        }
        Nag.Suppress(handler.Role!, new NagSuppression("AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets the function write its own logs.", Nag.LambdaBasicExecution));
        var wildcards = Iam.WildcardFindings(props.Statements);
        if (wildcards.Length > 0)
        {
            Nag.Suppress(handler.Role!.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5", props.WildcardReason, wildcards));
        }

        Resource = new CustomResource(this, "Resource", new CustomResourceProps
        {
            ServiceToken = handler.FunctionArn,
            ResourceType = props.ResourceType,
            Properties = props.Properties,
        });
    }

    /// <summary>The shared response code, then the script, without whole-line comments.</summary>
    public static string InlineCode(params string[] script) =>
        InlineScript.Of([LabPaths.Asset("custom-resources", "on-delete.js"), LabPaths.Asset(script)], string.Join('/', script));
}
