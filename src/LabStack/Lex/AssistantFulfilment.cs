using Amazon.CDK.AWS.Lambda;
using static LabStack.Iam;

namespace LabStack.Lex;

/// <summary>Props for <see cref="AssistantFulfilment"/>.</summary>
public sealed record AssistantFulfilmentProps
{
    /// <summary>The lake the assistant answers from.</summary>
    public required IBucket Lake { get; init; }
}

/// <summary>
/// The Lambda function that fulfils the lab assistant's intents (assets/lex/fulfilment.mjs, a plain asset like the
/// streaming producer). It may list and read only what it answers from: the sample customers and the AI pipeline's run
/// documents. Lex's permission to invoke it is the bot's (<see cref="LabAssistantBot"/>), per alias.
/// </summary>
public sealed class AssistantFulfilment : Construct
{
    /// <summary>The prefixes the function lists and reads, as the code names them.</summary>
    public static IReadOnlyList<string> ReadPrefixes { get; } = [LakeLayout.SampleCustomers, LakeLayout.AiResults, LakeLayout.AiErrors];

    public Function Function { get; }

    public AssistantFulfilment(Construct scope, string id, AssistantFulfilmentProps props) : base(scope, id)
    {
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = FunctionGuardrails.Node22,
            Handler = "fulfilment.handler",
            Code = Code.FromAsset(LabPaths.Asset("lex")),
            Description = "ML study lab: fulfils the lab assistant's intents (Lex V2) from the lake",
            MemorySize = 256,
            Timeout = Duration.Seconds(10),
            Environment = new Dictionary<string, string> { ["LAKE_BUCKET"] = props.Lake.BucketName },
        });
        Grant(this, "ReadsLake", Function.Role,
            "The assistant reads whatever documents the sample upload and the pipeline write under its three prefixes; the wildcard is the key suffix.",
            AllowWhen("StringEquals", new Dictionary<string, object> { ["s3:prefix"] = ReadPrefixes.ToArray() }, ["s3:ListBucket"], props.Lake.BucketArn),
            Allow(["s3:GetObject"], ReadPrefixes.Select(prefix => props.Lake.ArnForObjects(prefix + "*")).ToArray()));
        Nag.Suppress(Function.Role!, new NagSuppression("AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets the function write its own logs; its lake access is a separate, scoped policy.",
            Nag.LambdaBasicExecution));
    }
}
