using LabStack.DataLake;
using LabStack.MlOps;

namespace LabStack.Tests.MlOps;

/// <summary>
/// What notebook 10 may do (<see cref="FeatureStoreAccess"/>), on the SageMaker notebook's role: put records into and
/// describe the customers' feature group only, run queries in the lab's workgroup only, read the offline store's table
/// and objects only, and read and write the workgroup's results; every statement with its exact resources.
/// </summary>
public sealed class FeatureStoreAccessTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    private const string Partition = "arn:${AWS::Partition}";
    private const string InAccount = ":${AWS::Region}:${AWS::AccountId}:";

    /// <summary>An export's name: the stack, then the exported value's logical id and attribute, then CDK's hash.</summary>
    private static readonly System.Text.RegularExpressions.Regex ExportedName = new(@"^(.*:)ExportsOutput(?:Ref|FnGetAtt)(.*?)[0-9A-F]{8}$");

    /// <summary>A resource written out: tokens as ${Ref} or ${Import:name}, the export's hash left off.</summary>
    private static string Written(JsonNode node) => node switch
    {
        JsonValue value => (string)value!,
        JsonObject o when o["Fn::Join"] is JsonArray join => string.Concat(join[1]!.AsArray().Select(p => Written(p!))),
        JsonObject o when o["Fn::ImportValue"] is JsonValue name && ExportedName.Match((string)name!) is { Success: true } export =>
            "${Import:" + export.Groups[1].Value + export.Groups[2].Value + "}",
        JsonObject o when o["Ref"] is JsonNode reference => "${" + (string)reference! + "}",
        _ => node.ToJsonString(),
    };

    private List<(string Actions, string Resources, string? Condition)> Statements() =>
        TemplateJson.PolicyStatements("FeatureStoreAccessNotebookGrants")
            .Select(s => (string.Join(" ", Expect.Actions(s)), string.Join(" ", Expect.AsList(s["Resource"]).Select(Written)), s["Condition"]?.ToJsonString()))
            .ToList();

    [Fact]
    public void TheNotebookMayWriteTheGroupQueryInTheLabsWorkgroupAndReadOnlyTheOfflineStoreAndItsResults()
    {
        const string lake = "${Import:mllab-DataLake:StorageLakeBucketAD1898C0Arn}";
        const string results = "${Import:mllab-DataLake:StorageQueryResultsBucketF35C417BArn}";
        const string database = "${Import:mllab-DataLake:CatalogDatabaseE63956BB}";
        Assert.Equal(
        [
            ("sagemaker:DescribeFeatureGroup sagemaker:PutRecord", $"{Partition}:sagemaker{InAccount}feature-group/mllab-customers", null),
            ("athena:GetQueryExecution athena:GetQueryResults athena:StartQueryExecution athena:StopQueryExecution",
                $"{Partition}:athena{InAccount}workgroup/${{Import:mllab-DataLake:AthenaWorkGroup3D21B179}}", null),
            ("glue:GetDatabase glue:GetPartitions glue:GetTable",
                $"{Partition}:glue{InAccount}catalog {Partition}:glue{InAccount}database/{database} {Partition}:glue{InAccount}table/{database}/customer_features", null),
            ("s3:GetObject", $"{lake}/curated/feature-store/*", null),
            ("s3:ListBucket", lake, """{"StringLike":{"s3:prefix":"curated/feature-store/*"}}"""),
            ("s3:GetBucketLocation s3:ListBucket s3:ListBucketMultipartUploads", results, null),
            ("s3:AbortMultipartUpload s3:GetObject s3:ListMultipartUploadParts s3:PutObject", $"{results}/athena/*", null),
        ], Statements());
    }

    [Fact]
    public void TheFeatureStoreAndAthenaGrantsAreExactlyTheCallsNotebookTenMakes()
    {
        // The notebook's boto3 calls as CPython's parser finds them (tools/notebooks/boto3-calls.py), as IAM actions:
        // Feature Store's runtime is authorized as sagemaker:*; its S3 read of raw/customers/ is the SageMaker stack's grant.
        var listed = Validation.NodeTools.Run("python3", Path.Combine(LabPaths.Root, "tools", "notebooks", "boto3-calls.py"),
            LabPaths.Asset("sagemaker", "notebooks", "10-feature-store.ipynb"));
        var called = JsonNode.Parse(listed)!.AsArray()
            .Select(c => ((string)c!["service"]!, ((string)c["command"]!).Replace("Command", "", StringComparison.Ordinal)))
            .Where(c => c.Item1 != "s3")
            .Select(c => (c.Item1 == "sagemakerfeaturestoreruntime" ? "sagemaker" : c.Item1) + ":" + c.Item2)
            .ToHashSet();
        var granted = Statements().SelectMany(s => s.Actions.Split(' ')).Where(a => a.StartsWith("sagemaker:", StringComparison.Ordinal) || a.StartsWith("athena:", StringComparison.Ordinal));
        Assert.Equal(granted.Order(StringComparer.Ordinal), called.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheGrantsAreOnTheNotebooksRoleAndNameWhatTheStackAndTheLakeDefine()
    {
        // Attached to the SageMaker stack's notebook role through the export that stack always has.
        var roles = TemplateJson.Properties("AWS::IAM::Policy", "FeatureStoreAccessNotebookGrants")["Roles"]!.ToJsonString();
        Assert.Contains("\"Fn::ImportValue\":\"mllab-SageMaker:ExportsOutputRefNotebookRole", roles);
        // The group the grants name is the stack's, the table the one Feature Store creates, the results prefix the workgroup's.
        Assert.Equal("mllab-customers", (string?)TemplateJson.Properties("AWS::SageMaker::FeatureGroup")["FeatureGroupName"]);
        Assert.Equal(CustomerFeatures.TableName, (string?)TemplateJson.Properties("AWS::SageMaker::FeatureGroup")["OfflineStoreConfig"]!["DataCatalogConfig"]!["TableName"]);
        var workgroup = Lab.Default.TemplateJson<DataLakeStack>().Properties("AWS::Athena::WorkGroup");
        Assert.EndsWith($"/{AthenaWorkspace.ResultsPrefix}\"]]}}", workgroup["WorkGroupConfiguration"]!["ResultConfiguration"]!["OutputLocation"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True((bool)workgroup["WorkGroupConfiguration"]!["EnforceWorkGroupConfiguration"]!, "the workgroup decides where results go: the grant names only its prefix");
    }
}
