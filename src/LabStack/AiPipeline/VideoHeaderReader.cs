using Amazon.CDK.AWS.Lambda;

namespace LabStack.AiPipeline;

/// <summary>Props for <see cref="VideoHeaderReader"/>.</summary>
public sealed record VideoHeaderReaderProps
{
    /// <summary>ARNs of the uploads it may read (the lake's inbox).</summary>
    public required string[] Inbox { get; init; }
}

/// <summary>
/// The Lambda function that reads an MP4 or MOV upload's duration from its movie header (assets/pipeline-functions/
/// video-header.js, inline code): Step Functions hands S3 bodies over as UTF-8 text, which cannot carry the header's binary
/// sizes and times. It makes at most a handful of ranged reads of a few bytes each, so it bills well under a cent a
/// month at the lab's scale and nothing while idle; it may only read the inbox.
/// </summary>
public sealed class VideoHeaderReader : Construct
{
    /// <summary>The function.</summary>
    public Function Function { get; }

    public VideoHeaderReader(Construct scope, string id, VideoHeaderReaderProps props) : base(scope, id)
    {
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = FunctionGuardrails.Node22,
            Handler = "index.handler",
            Code = Code.FromInline(InlineScript.Of([LabPaths.Asset("pipeline-functions", "video-header.js")], "video-header.js")),
            // A few small reads; retried by the workflow if they fail.
            Timeout = Duration.Seconds(30),
            MemorySize = 128,
            Description = "ML study lab: reads an MP4/MOV upload's duration from its movie header (moov/mvhd) before Rekognition Video starts",
        });
        var read = Iam.Allow(["s3:GetObject"], props.Inbox);
        Function.AddToRolePolicy(read);
        Nag.Suppress(Function.Role!, new NagSuppression("AwsSolutions-IAM4",
            "AWSLambdaBasicExecutionRole only lets the function write its own logs.", Nag.LambdaBasicExecution));
        Nag.Suppress(Function.Role!.Node.FindChild("DefaultPolicy"), new NagSuppression("AwsSolutions-IAM5",
            "The function reads uploads under inbox/ only; their keys are not known in advance.", Iam.WildcardFindings([read])));
    }
}
