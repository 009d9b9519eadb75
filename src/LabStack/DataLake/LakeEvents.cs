using Amazon.CDK.AWS.Events;

namespace LabStack.DataLake;

/// <summary>The EventBridge patterns of the lake's own events (the lake sends its notifications to EventBridge).</summary>
public static class LakeEvents
{
    /// <summary>
    /// Objects created in <paramref name="lake"/> under <paramref name="prefix"/>: a <c>prefix</c> match, which EventBridge
    /// never judges too complex (wildcards are the usual cause; facts table).
    /// </summary>
    public static EventPattern ObjectCreatedUnder(IBucket lake, string prefix) => new()
    {
        Source = ["aws.s3"],
        DetailType = ["Object Created"],
        Detail = new Dictionary<string, object>
        {
            ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { lake.BucketName } },
            ["object"] = new Dictionary<string, object> { ["key"] = new object[] { new Dictionary<string, object> { ["prefix"] = prefix } } },
        },
    };
}
