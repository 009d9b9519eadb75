using Amazon.CDK.AWS.Kinesis;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Logs;
using static LabStack.Iam;

namespace LabStack.Streaming;

/// <summary>Props for <see cref="ParquetDelivery"/>.</summary>
public sealed record ParquetDeliveryProps
{
    /// <summary>The stream Firehose reads.</summary>
    public required IStream Source { get; init; }

    /// <summary>The bucket Firehose writes into.</summary>
    public required IBucket Destination { get; init; }

    /// <summary>Key prefix of delivered Parquet files; <c>dt=yyyy-MM-dd/</c> is appended.</summary>
    public required string Prefix { get; init; }

    /// <summary>Key prefix of records Firehose could not convert or deliver.</summary>
    public required string ErrorPrefix { get; init; }

    /// <summary>Glue database of the schema table.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>The Glue table whose columns define the Parquet schema.</summary>
    public required LakeTables SchemaTable { get; init; }
}

/// <summary>
/// A Firehose delivery stream from a Kinesis stream into the lake, converting JSON records to Parquet with a Glue
/// table's schema. Buffering is 64 MB (the minimum record format conversion allows) or 60 seconds, whichever comes
/// first, so a study session sees files within a minute. Delivery errors are logged to CloudWatch; the delivery
/// stream waits for its role's policy, so the first deploy does not race IAM.
/// </summary>
public sealed class ParquetDelivery : Construct
{
    /// <summary>Buffer size; 64 MB is the minimum when converting record formats.</summary>
    public const int BufferSizeMb = 64;

    /// <summary>Buffer interval.</summary>
    public const int BufferSeconds = 60;

    public CfnDeliveryStream DeliveryStream { get; }

    /// <summary>The role Firehose uses to read the stream, read the schema and write the lake.</summary>
    public IRole Role { get; }

    /// <summary>Where delivery errors are logged.</summary>
    public ILogGroup LogGroup { get; }

    public ParquetDelivery(Construct scope, string id, ParquetDeliveryProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps { Retention = RetentionDays.ONE_WEEK, RemovalPolicy = RemovalPolicy.DESTROY });
        var logStream = new LogStream(this, "DeliveryLogStream", new LogStreamProps { LogGroup = LogGroup, RemovalPolicy = RemovalPolicy.DESTROY });

        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = Trusting(ServiceFacts.Trust.Firehose),
            Description = "Firehose of the ML study lab: reads the stream and the schema, writes Parquet to the lake",
        });
        var policy = Grant(this, "Policy", Role,
            "Firehose writes objects with generated names under its own two prefixes only; the wildcard is the key suffix.",
            Allow(["kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"], props.Source.StreamArn),
            Allow(["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], props.Destination.BucketArn),
            Allow(["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
                props.Destination.ArnForObjects(props.Prefix + "*"), props.Destination.ArnForObjects(props.ErrorPrefix + "*")),
            Allow(["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
                GlueArn(this, "catalog"), GlueArn(this, $"database/{props.DatabaseName}"), GlueArn(this, $"table/{props.DatabaseName}/{UsageEventsTable.TableName}")),
            Allow(["logs:PutLogEvents"], LogGroup.LogGroupArn));

        DeliveryStream = new CfnDeliveryStream(this, "DeliveryStream", new CfnDeliveryStreamProps
        {
            DeliveryStreamType = "KinesisStreamAsSource",
            KinesisStreamSourceConfiguration = new CfnDeliveryStream.KinesisStreamSourceConfigurationProperty
            {
                KinesisStreamArn = props.Source.StreamArn,
                RoleArn = Role.RoleArn,
            },
            ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
            {
                BucketArn = props.Destination.BucketArn,
                RoleArn = Role.RoleArn,
                Prefix = props.Prefix + "dt=!{timestamp:yyyy-MM-dd}/",
                ErrorOutputPrefix = props.ErrorPrefix + "!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                BufferingHints = new CfnDeliveryStream.BufferingHintsProperty { SizeInMBs = BufferSizeMb, IntervalInSeconds = BufferSeconds },
                CompressionFormat = "UNCOMPRESSED", // Parquet is compressed inside (Snappy); Firehose requires this with conversion
                CloudWatchLoggingOptions = new CfnDeliveryStream.CloudWatchLoggingOptionsProperty
                {
                    Enabled = true,
                    LogGroupName = LogGroup.LogGroupName,
                    LogStreamName = logStream.LogStreamName,
                },
                DataFormatConversionConfiguration = new CfnDeliveryStream.DataFormatConversionConfigurationProperty
                {
                    Enabled = true,
                    InputFormatConfiguration = new CfnDeliveryStream.InputFormatConfigurationProperty
                    {
                        Deserializer = new CfnDeliveryStream.DeserializerProperty { HiveJsonSerDe = new CfnDeliveryStream.HiveJsonSerDeProperty() },
                    },
                    OutputFormatConfiguration = new CfnDeliveryStream.OutputFormatConfigurationProperty
                    {
                        Serializer = new CfnDeliveryStream.SerializerProperty { ParquetSerDe = new CfnDeliveryStream.ParquetSerDeProperty { Compression = "SNAPPY" } },
                    },
                    SchemaConfiguration = new CfnDeliveryStream.SchemaConfigurationProperty
                    {
                        CatalogId = stack.Account,
                        DatabaseName = props.DatabaseName,
                        TableName = UsageEventsTable.TableName,
                        Region = stack.Region,
                        RoleArn = Role.RoleArn,
                        VersionId = "LATEST",
                    },
                },
            },
        });
        DeliveryStream.Node.AddDependency(policy, props.SchemaTable);
        Nag.Suppress(DeliveryStream, new NagSuppression("AwsSolutions-KDF1",
            "A delivery stream reading from Kinesis cannot enable its own SSE; the source stream is encrypted and S3 encrypts the Parquet at rest."));
    }
}
