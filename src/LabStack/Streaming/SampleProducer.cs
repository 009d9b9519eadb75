using Amazon.CDK.AWS.Kinesis;
using Amazon.CDK.AWS.Lambda;

namespace LabStack.Streaming;

/// <summary>Props for <see cref="SampleProducer"/>.</summary>
public sealed record SampleProducerProps
{
    /// <summary>The stream the producer writes to.</summary>
    public required IStream Stream { get; init; }
}

/// <summary>
/// A Lambda function a learner invokes to put sample usage events into the stream, no code to write. Its code
/// is a plain asset (assets/producer/index.mjs, no bundling); it may only put records into this stream.
/// </summary>
public sealed class SampleProducer : Construct
{
    public Function Function { get; }

    public SampleProducer(Construct scope, string id, SampleProducerProps props) : base(scope, id)
    {
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = FunctionGuardrails.Node22,
            Handler = "index.handler",
            Code = Code.FromAsset(LabPaths.Asset("producer")),
            Description = "ML study lab: puts sample usage events into the Kinesis stream ({\"count\": N})",
            MemorySize = 256,
            Timeout = Duration.Seconds(60),
            Environment = new Dictionary<string, string> { ["STREAM_NAME"] = props.Stream.StreamName },
        });
        Function.AddToRolePolicy(Iam.Allow(["kinesis:PutRecords"], props.Stream.StreamArn));
        Nag.Suppress(Function.Role!, new NagSuppression("AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets the producer write its own logs; its stream access is a separate, scoped statement.",
            Nag.LambdaBasicExecution));
    }
}
