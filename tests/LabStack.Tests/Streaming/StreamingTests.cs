using Amazon.CDK.Assertions;
using LabStack.Streaming;

namespace LabStack.Tests.Streaming;

public sealed class StreamingTests(LabFixture lab) : StackTests<StreamingStack>(lab)
{
    [Fact]
    public void StreamIsEncryptedProvisionedOneShardShortRetentionAndDeletedOnDestroy()
    {
        Template.HasResource("AWS::Kinesis::Stream", Json("""
            {
              "Properties": {
                "ShardCount": 1,
                "RetentionPeriodHours": 24,
                "StreamModeDetails": { "StreamMode": "PROVISIONED" },
                "StreamEncryption": { "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" }
              },
              "DeletionPolicy": "Delete",
              "UpdateReplacePolicy": "Delete"
            }
            """));
    }

    [Fact]
    public void ShardCountSettingTakesEffect()
    {
        var customized = Lab.Customized.Template<StreamingStack>();
        customized.HasResourceProperties("AWS::Kinesis::Stream", Json("""{ "ShardCount": 2 }"""));
    }

    [Fact]
    public void FirehoseReadsTheStreamAndConvertsJsonToParquetWithTheGlueSchema() =>
        Template.HasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Json($$"""
            {
              "DeliveryStreamType": "KinesisStreamAsSource",
              "KinesisStreamSourceConfiguration": { "KinesisStreamARN": { "Fn::GetAtt": [ "{{TemplateJson.Id("AWS::Kinesis::Stream")}}", "Arn" ] } },
              "ExtendedS3DestinationConfiguration": {
                "CompressionFormat": "UNCOMPRESSED",
                "DataFormatConversionConfiguration": {
                  "Enabled": true,
                  "InputFormatConfiguration": { "Deserializer": { "HiveJsonSerDe": {} } },
                  "OutputFormatConfiguration": { "Serializer": { "ParquetSerDe": { "Compression": "SNAPPY" } } },
                  "SchemaConfiguration": { "TableName": "usage_events", "VersionId": "LATEST" }
                }
              }
            }
            """));

    [Fact]
    public void BufferingIsValidForConversionAndShortForAStudySession()
    {
        Template.HasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Json("""
            { "ExtendedS3DestinationConfiguration": { "BufferingHints": { "SizeInMBs": 64, "IntervalInSeconds": 60 } } }
            """));
        var buffering = TemplateJson.Properties("AWS::KinesisFirehose::DeliveryStream")["ExtendedS3DestinationConfiguration"]!["BufferingHints"]!;
        Assert.True((int)buffering["SizeInMBs"]! >= 64, "record format conversion requires at least 64 MB");
    }

    [Fact]
    public void DeliveriesAreDatePartitionedErrorsHaveTheirOwnPrefixAndAreLogged() =>
        Template.HasResourceProperties("AWS::KinesisFirehose::DeliveryStream", Json($$"""
            {
              "ExtendedS3DestinationConfiguration": {
                "Prefix": "raw/usage-events/dt=!{timestamp:yyyy-MM-dd}/",
                "ErrorOutputPrefix": "raw/usage-events-errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                "CloudWatchLoggingOptions": { "Enabled": true, "LogGroupName": { "Ref": "{{TemplateJson.Id("AWS::Logs::LogGroup", "DeliveryLogs")}}" } }
              }
            }
            """));

    [Fact]
    public void DeliveryStreamWaitsForItsRolePolicyAndSchemaTable()
    {
        var firehose = Template.FindResources("AWS::KinesisFirehose::DeliveryStream").Values.Single();
        var dependsOn = ((object[])firehose["DependsOn"]).Cast<string>().ToList();
        Assert.Contains(TemplateJson.Id("AWS::IAM::Policy", "DeliveryPolicy"), dependsOn);
        Assert.Contains(TemplateJson.Id("AWS::Glue::Table"), dependsOn);
    }

    [Fact]
    public void FirehoseMayReadOnlyThisStreamTheSchemaAndWriteOnlyItsPrefixes()
    {
        var statements = TemplateJson.PolicyStatements("DeliveryPolicy");
        Assert.Equal(5, statements.Count);
        Assert.Equal(["kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], Actions(statements[0]));
        Assert.Equal(TemplateJson.Id("AWS::Kinesis::Stream"), (string?)statements[0]["Resource"]!["Fn::GetAtt"]![0]);
        Assert.Equal(["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Actions(statements[2]));
        var objectPrefixes = statements[2]["Resource"]!.AsArray().Select(r => (string?)r!["Fn::Join"]![1]![1]).Order(StringComparer.Ordinal);
        Assert.Equal(["/raw/usage-events-errors/*", "/raw/usage-events/*"], objectPrefixes);
        Assert.Equal(["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"], Actions(statements[3]));
        var glueResources = statements[3]["Resource"]!.ToJsonString();
        Assert.Contains(":catalog", glueResources);
        Assert.Contains("/usage_events", glueResources);
        Assert.Equal(["logs:PutLogEvents"], Actions(statements[4]));
    }

    [Fact]
    public void ProducerMayOnlyPutRecordsIntoThisStream()
    {
        var statements = TemplateJson.PolicyStatements("ProducerFunctionServiceRoleDefaultPolicy");
        var statement = Assert.Single(statements);
        Assert.Equal(["kinesis:PutRecords"], Actions(statement));
        Assert.Equal(TemplateJson.Id("AWS::Kinesis::Stream"), (string?)statement["Resource"]!["Fn::GetAtt"]![0]);
        Template.HasResourceProperties("AWS::Lambda::Function", Json($$"""
            { "Handler": "index.handler", "Runtime": "nodejs22.x", "Environment": { "Variables": { "STREAM_NAME": { "Ref": "{{TemplateJson.Id("AWS::Kinesis::Stream")}}" } } } }
            """));
    }

    [Fact]
    public void UsageEventsTableIsParquetWithProjectedDayPartitions() =>
        Template.HasResourceProperties("AWS::Glue::Table", Json("""
            {
              "TableInput": {
                "Name": "usage_events",
                "PartitionKeys": [ { "Name": "dt", "Type": "string" } ],
                "Parameters": { "classification": "parquet", "projection.enabled": "true", "projection.dt.type": "date", "projection.dt.format": "yyyy-MM-dd" },
                "StorageDescriptor": { "SerdeInfo": { "SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" } }
              }
            }
            """));

    [Fact]
    public void ProducerEventsHaveExactlyTheTableColumnsAndCustomersFromTheDataset()
    {
        var events = ProducerEvents(200);
        Assert.Equal(200, events.Count);
        var customers = File.ReadLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Skip(1).Select(l => l.Split(',')[0]).ToHashSet();
        var columns = TemplateJson.Properties("AWS::Glue::Table")["TableInput"]!["StorageDescriptor"]!["Columns"]!.AsArray()
            .Select(c => (string)c!["Name"]!).ToList(); // the table as Glue and Athena see it
        foreach (var e in events.Select(e => e!.AsObject()))
        {
            Assert.Equal(columns, e.Select(p => p.Key));
            Assert.Contains((string)e["customer_id"]!, customers);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$", (string)e["event_time"]!); // Hive JSON SerDe's timestamp format
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5001")]
    [InlineData("\"ten\"")]
    public void ProducerRejectsABadCountWithAClearError(string count)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ProducerEvents(count));
        Assert.Contains("count must be a whole number from 1 to 5000", error.Message);
    }

    [Fact]
    public void NamedQueriesJoinTheStreamBackToTheLake()
    {
        var queries = Template.FindResources("AWS::Athena::NamedQuery");
        Assert.Equal(2, queries.Count);
        Assert.Contains(queries.Values, q => ((string)PropertiesOf(q)["QueryString"]).Contains("JOIN customers c ON e.customer_id = c.customer_id"));
        Assert.All(queries.Values, q => Assert.Contains("ImportValue", System.Text.Json.JsonSerializer.Serialize(PropertiesOf(q)["WorkGroup"])));
    }

    [Fact]
    public void OutputsSayHowToProduce()
    {
        foreach (var name in new[] { "StreamName", "DeliveryStreamName", "ProducerFunctionName", "InvokeProducer" })
        {
            Template.HasOutput(name, new Dictionary<string, object> { ["Description"] = Match.StringLikeRegexp(".{10,}") });
        }
        Assert.Contains("aws lambda invoke --function-name ", TemplateJson.Outputs()["InvokeProducer"]!.ToJsonString());
    }

    private static JsonArray ProducerEvents(object count)
    {
        var module = new Uri(LabPaths.Asset("producer", "index.mjs")).AbsoluteUri;
        var script = $"const m = await import('{module}'); process.stdout.write(JSON.stringify(m.makeEvents({count})));";
        return JsonNode.Parse(NodeTools.Run("node", "--input-type=module", "-e", script))!.AsArray();
    }
}
