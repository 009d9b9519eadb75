using Amazon.CDK.AWS.Kinesis;
using KinesisStream = Amazon.CDK.AWS.Kinesis.Stream;

namespace LabStack.Streaming;

/// <summary>
/// The <c>streaming</c> module: a Kinesis data stream, a Firehose delivery stream that converts its JSON records
/// to Parquet in the lake, the Glue table over what arrives, and a producer a learner invokes.
/// </summary>
public sealed class StreamingStack : LabModuleStack
{
    /// <summary>Hours the stream keeps records: the minimum, the cheapest.</summary>
    public const int RetentionHours = 24;

    public KinesisStream Stream { get; }

    /// <summary>The usage_events table: Firehose's schema and Athena's table.</summary>
    public LakeTables UsageEvents { get; }

    /// <summary>Firehose into the lake.</summary>
    public ParquetDelivery Delivery { get; }

    /// <summary>The producer function.</summary>
    public SampleProducer Producer { get; }

    /// <summary>What the modules that read the stream are given.</summary>
    public IStream Shared => Stream;

    /// <summary>The values the modules that read the stream import: its name and ARN.</summary>
    public IReadOnlyList<string> SharedValues => [Stream.StreamName, Stream.StreamArn];

    public StreamingStack(Construct scope, string id, LakeModuleStackProps<StreamingSettings> props) : base(scope, id, props)
    {
        Stream = new KinesisStream(this, "Stream", new StreamProps
        {
            StreamMode = StreamMode.PROVISIONED,
            ShardCount = props.Settings.ShardCount,
            RetentionPeriod = Duration.Hours(RetentionHours),
            Encryption = StreamEncryption.MANAGED,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        UsageEvents = new LakeTables(this, "UsageEvents", new LakeTablesProps
        {
            Lake = props.Lake.Bucket, DatabaseName = props.Lake.DatabaseName, Tables = new Dictionary<string, LakeTableSpec> { ["Table"] = UsageEventsTable.Spec },
        });

        Delivery = new ParquetDelivery(this, "Delivery", new ParquetDeliveryProps
        {
            Source = Stream,
            Destination = props.Lake.Bucket,
            Prefix = LakeLayout.UsageEvents,
            ErrorPrefix = LakeLayout.UsageEventErrors,
            DatabaseName = props.Lake.DatabaseName,
            SchemaTable = UsageEvents,
        });

        Producer = new SampleProducer(this, "Producer", new SampleProducerProps { Stream = Stream });

        props.Lake.Athena.AddNamedQueries(this, "Streaming", props.Lake.DatabaseName, NamedQueryFile.InFolder(LabPaths.Asset("athena", "streaming")));

        // Exported whichever modules are selected (as the DataLake's values): an export another deployed stack imports
        // cannot be removed, so a partial deploy or destroy must never change this list.
        foreach (var shared in SharedValues)
        {
            ExportValue(shared);
        }

        Output("StreamName", Stream.StreamName, "Kinesis data stream the producer writes to");
        Output("DeliveryStreamName", Delivery.DeliveryStream.Ref, "Firehose delivery stream: JSON to Parquet under raw/usage-events/");
        Output("ProducerFunctionName", Producer.Function.FunctionName, "Lambda function that puts sample events into the stream");
        Output("InvokeProducer",
            Fn.Join("", ["aws lambda invoke --function-name ", Producer.Function.FunctionName,
                " --cli-binary-format raw-in-base64-out --payload '{\"count\":500}' producer-result.json"]),
            "Run this to send 500 events");
    }
}
