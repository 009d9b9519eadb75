using Amazon.CDK.Assertions;
using LabStack.DataLake;

namespace LabStack.Tests.DataLake;

public sealed class DataLakeTests(LabFixture lab) : StackTests<DataLakeStack>(lab)
{
    [Fact]
    public void StackIsNamedAfterTheLab() =>
        Assert.Equal("mllab-DataLake", Lab.Default.Stack<DataLakeStack>().StackName);

    [Fact]
    public void BothBucketsArePrivateEncryptedAndEmptiedOnDelete()
    {
        var buckets = Template.FindResources("AWS::S3::Bucket");
        Assert.Equal(2, buckets.Count);
        Template.AllResourcesProperties("AWS::S3::Bucket", Json("""
            {
              "BucketEncryption": { "ServerSideEncryptionConfiguration": [ { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } } ] },
              "PublicAccessBlockConfiguration": { "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true },
              "OwnershipControls": { "Rules": [ { "ObjectOwnership": "BucketOwnerEnforced" } ] }
            }
            """));
        Template.AllResources("AWS::S3::Bucket", Json("""{ "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete" }"""));
        foreach (var logicalId in buckets.Keys)
        {
            Template.HasResourceProperties("Custom::S3AutoDeleteObjects", Json($$"""{ "BucketName": { "Ref": "{{logicalId}}" } }"""));
        }
    }

    [Fact]
    public void BucketPoliciesDenyRequestsWithoutTls()
    {
        var denyWithoutTls = Json("""
            { "Effect": "Deny", "Action": "s3:*", "Principal": { "AWS": "*" }, "Condition": { "Bool": { "aws:SecureTransport": "false" } } }
            """);
        var policies = Template.FindResources("AWS::S3::BucketPolicy", new Dictionary<string, object>
        {
            ["Properties"] = new Dictionary<string, object>
            {
                ["PolicyDocument"] = new Dictionary<string, object> { ["Statement"] = Match.ArrayWith([Match.ObjectLike(denyWithoutTls)]) },
            },
        });
        Assert.Equal(2, policies.Count);
    }

    [Fact]
    public void QueryResultsExpireAfterAFewDays() =>
        Template.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["LifecycleConfiguration"] = new Dictionary<string, object>
            {
                ["Rules"] = Match.ArrayWith([Match.ObjectLike(Json("""{ "ExpirationInDays": 3, "Status": "Enabled" }"""))]),
            },
        });

    [Fact]
    public void SampleDatasetIsUploadedToTheRawPrefixKeepsLearnersFilesThereAndIsRemovedOnDelete()
    {
        // Prune would delete, at every deploy, any file a learner added under raw/customers/.
        Template.HasResourceProperties("Custom::CDKBucketDeployment", Json($$"""
            { "DestinationBucketName": { "Ref": "{{LakeBucketId()}}" }, "DestinationBucketKeyPrefix": "raw/customers/", "RetainOnDelete": false, "Prune": false }
            """));
        Template.HasResource("AWS::Logs::LogGroup", Json("""{ "DeletionPolicy": "Delete" }"""));
    }

    [Fact]
    public void GlueTableDescribesTheSampleCsvWithItsHeaderSkipped()
    {
        var columns = CustomersSchema.Columns.Select(c => (object)new Dictionary<string, object> { ["Name"] = c.Name, ["Type"] = c.Type, ["Comment"] = c.Comment }).ToArray();
        var expected = Json($$"""
            {
              "DatabaseName": { "Ref": "{{DatabaseId()}}" },
              "TableInput": {
                "Name": "customers",
                "TableType": "EXTERNAL_TABLE",
                "Parameters": { "classification": "csv", "skip.header.line.count": "1" },
                "StorageDescriptor": {
                  "Location": { "Fn::Join": [ "", [ "s3://", { "Ref": "{{LakeBucketId()}}" }, "/raw/customers/" ] ] },
                  "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": { "field.delim": ",", "serialization.null.format": "" }
                  }
                }
              }
            }
            """);
        ((IDictionary<string, object>)((IDictionary<string, object>)expected["TableInput"])["StorageDescriptor"])["Columns"] = columns;
        Template.HasResourceProperties("AWS::Glue::Table", expected);
        Template.HasResourceProperties("AWS::Glue::Database", Json("""{ "DatabaseInput": { "Name": "mllab_lake" } }"""));
    }

    [Fact]
    public void CrawlerIsOnDemandOverRawWithGluesServicePolicy()
    {
        var crawler = Template.FindResources("AWS::Glue::Crawler").Values.Single();
        Assert.False(PropertiesOf(crawler).ContainsKey("Schedule"), "the crawler must not run on a schedule");
        Template.HasResourceProperties("AWS::Glue::Crawler", Json($$"""
            {
              "TablePrefix": "crawled_",
              "DatabaseName": { "Ref": "{{DatabaseId()}}" },
              "Targets": { "S3Targets": [ { "Path": { "Fn::Join": [ "", [ "s3://", { "Ref": "{{LakeBucketId()}}" }, "/raw/" ] ] } } ] }
            }
            """));
        Template.HasResourceProperties("AWS::IAM::Role", Json("""
            {
              "AssumeRolePolicyDocument": { "Statement": [ { "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "glue.amazonaws.com" } } ] },
              "ManagedPolicyArns": [ { "Fn::Join": [ "", [ "arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSGlueServiceRole" ] ] } ]
            }
            """));
    }

    [Fact]
    public void CrawlerRoleReadsOnlyTheRawPrefix() =>
        Template.HasResourceProperties("AWS::IAM::Policy", Json($$"""
            {
              "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                  { "Action": "s3:GetObject", "Effect": "Allow",
                    "Resource": { "Fn::Join": [ "", [ { "Fn::GetAtt": [ "{{LakeBucketId()}}", "Arn" ] }, "/raw/*" ] ] } },
                  { "Action": "s3:ListBucket", "Effect": "Allow", "Resource": { "Fn::GetAtt": [ "{{LakeBucketId()}}", "Arn" ] },
                    "Condition": { "StringLike": { "s3:prefix": [ "raw/*" ] } } }
                ]
              }
            }
            """));

    [Fact]
    public void AthenaWorkgroupHasEngineV3EnforcedResultsAScanCutoffAndRecursiveDelete() =>
        Template.HasResourceProperties("AWS::Athena::WorkGroup", Json($$"""
            {
              "Name": "mllab-workgroup",
              "RecursiveDeleteOption": true,
              "WorkGroupConfiguration": {
                "EnforceWorkGroupConfiguration": true,
                "BytesScannedCutoffPerQuery": {{1024L * 1024 * 1024}},
                "EngineVersion": { "SelectedEngineVersion": "Athena engine version 3" },
                "ResultConfiguration": {
                  "EncryptionConfiguration": { "EncryptionOption": "SSE_S3" },
                  "OutputLocation": { "Fn::Join": [ "", [ "s3://", { "Ref": "{{ResultsBucketId()}}" }, "/athena/" ] ] }
                }
              }
            }
            """));

    [Fact]
    public void NamedQueriesAreExercisesInTheLabWorkgroupAndDatabase()
    {
        var workGroupId = TemplateJson.Id("AWS::Athena::WorkGroup");
        var queries = Template.FindResources("AWS::Athena::NamedQuery", Json($$"""
            { "Properties": { "WorkGroup": { "Ref": "{{workGroupId}}" }, "Database": { "Ref": "{{DatabaseId()}}" } } }
            """));
        var names = queries.Values.Select(q => (string)PropertiesOf(q)["Name"]).Order().ToArray();
        Assert.Equal(["churn-by-contract", "class-balance", "feature-correlation", "missing-values", "scan-cutoff-demo"], names);
        Assert.All(queries.Values, q => Assert.Contains("FROM customers", (string)PropertiesOf(q)["QueryString"]));
        Assert.All(queries.Values, q => Assert.False(string.IsNullOrWhiteSpace((string)PropertiesOf(q)["Description"])));
    }

    [Fact]
    public void TheScanCutoffDemoWritesATableAtLeastTwiceTheSmallestCutoff()
    {
        // The CTAS output as Athena writes uncompressed TEXTFILE: the row's fields joined by commas, NULL as \N, plus the
        // copy number, one line per row and copy, computed from the shipped CSV.
        var sql = File.ReadAllText(LabPaths.Asset("athena", "datalake", "scan-cutoff-demo.sql"));
        Assert.Contains("write_compression = 'NONE'", sql); // Athena's CTAS default is GZIP
        var copies = int.Parse(System.Text.RegularExpressions.Regex.Match(sql, @"sequence\(1, (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var rows = File.ReadAllLines(LabPaths.Asset("sample-data", "customers", "customers.csv")).Skip(1).ToList();
        var perCopy = rows.Sum(row => (long)string.Join(',', row.Split(',').Select(f => f.Length == 0 ? "\\N" : f)).Length + 1);
        var bytes = Enumerable.Range(1, copies).Sum(copy => perCopy + rows.Count * (1L + copy.ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        const int smallestCutoffMb = 10;
        Assert.Throws<LabStack.Configuration.SettingsException>(() => DataLakeSettings.AthenaScanLimitSetting.Read(_ => smallestCutoffMb - 1));
        Assert.True(bytes >= 2L * smallestCutoffMb * 1024 * 1024, $"customers_x{copies} is {bytes:N0} bytes, under twice the {smallestCutoffMb} MB cutoff");
        Assert.Contains($"customers_x{copies}", File.ReadAllText(Path.Combine(LabPaths.Root, "docs", "exercises", "01-data-lake.md")));
    }

    [Fact]
    public void OutputsTellTheLearnerWhatToUse()
    {
        foreach (var name in new[] { "LakeBucketName", "SampleDataLocation", "QueryResultsBucketName", "GlueDatabaseName", "AthenaWorkGroupName", "CrawlerName" })
        {
            Template.HasOutput(name, new Dictionary<string, object> { ["Description"] = Match.StringLikeRegexp(".{10,}") });
        }
    }

    [Fact]
    public void StatefulLogicalIdsAreStable()
    {
        // Changing these ids replaces the resource and with it the learner's data: pin them.
        Assert.Equal("StorageLakeBucketAD1898C0", LakeBucketId());
        Assert.Equal("StorageQueryResultsBucketF35C417B", ResultsBucketId());
        Assert.Equal("CatalogDatabaseE63956BB", DatabaseId());
        Assert.Equal("AthenaWorkGroup3D21B179", TemplateJson.Id("AWS::Athena::WorkGroup"));
    }

    private string LakeBucketId() => TemplateJson.Id("AWS::S3::Bucket", "StorageLakeBucket");

    private string ResultsBucketId() => TemplateJson.Id("AWS::S3::Bucket", "StorageQueryResultsBucket");

    private string DatabaseId() => TemplateJson.Id("AWS::Glue::Database");
}
