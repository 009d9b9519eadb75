using LabStack.DataLake;

namespace LabStack.Tests;

/// <summary><c>cdk destroy</c> with default settings leaves nothing behind.</summary>
[Collection(LabCollection.Name)]
public sealed class TeardownTests(LabFixture lab)
{
    private static readonly string[] Keeps = ["Retain", "RetainExceptOnCreate", "Snapshot"];

    [Fact]
    public void NoResourceInAnyStackIsRetainedByDefault()
    {
        var retained = lab.Default.AllResources()
            .Where(r => Keeps.Contains((string?)r.Resource["DeletionPolicy"]) || Keeps.Contains((string?)r.Resource["UpdateReplacePolicy"]))
            .Select(r => $"{r.Stack}/{r.Id} ({r.Resource["Type"]})")
            .ToList();
        Assert.True(retained.Count == 0, "retained on delete: " + string.Join(", ", retained));
    }

    [Fact]
    public void EveryBucketIsEmptiedOnDelete()
    {
        foreach (var (stack, template) in lab.Default.AllTemplates())
        {
            foreach (var bucketId in template.FindResources("AWS::S3::Bucket").Keys)
            {
                var emptiers = template.FindResources("Custom::S3AutoDeleteObjects", Json($$"""{ "Properties": { "BucketName": { "Ref": "{{bucketId}}" } } }"""));
                Assert.True(emptiers.Count == 1, $"{stack}/{bucketId} is not emptied on delete (no AutoDeleteObjects)");
            }
        }
    }

    [Fact]
    public void LogGroupsGoWithTheirStacks()
    {
        var logGroups = lab.Default.AllResources("AWS::Logs::LogGroup").ToList();
        Assert.NotEmpty(logGroups);
        Assert.All(logGroups, r => Assert.Equal("Delete", (string?)r.Resource["DeletionPolicy"]));
    }

    [Fact]
    public void EveryFunctionLogsToALogGroupOfItsStack()
    {
        // Otherwise Lambda creates /aws/lambda/<name> on first run, and it outlives the stack.
        var functions = lab.Default.AllResources("AWS::Lambda::Function").ToList();
        foreach (var (stack, id, function, template) in functions)
        {
            var logGroupId = (string?)function["Properties"]?["LoggingConfig"]?["LogGroup"]?["Ref"];
            Assert.True(logGroupId is not null, $"{stack}/{id} has no LoggingConfig.LogGroup");
            Assert.Equal("AWS::Logs::LogGroup", (string?)template.Resources()[logGroupId]?["Type"]);
        }
        Assert.True(functions.Count > 0);
    }

    [Fact]
    public void RetainDataKeepsOnlyTheLakeBucketAndItsTlsOnlyPolicy()
    {
        var retaining = lab.Customized;
        var template = retaining.Template<DataLakeStack>();
        var retained = template.FindResources("AWS::S3::Bucket", Json("""{ "DeletionPolicy": "Retain" }"""));
        Assert.Equal("StorageLakeBucketAD1898C0", Assert.Single(retained).Key);
        var keptPolicy = Assert.Single(template.FindResources("AWS::S3::BucketPolicy", Json("""{ "DeletionPolicy": "Retain" }""")));
        Assert.Contains("StorageLakeBucketAD1898C0", System.Text.Json.JsonSerializer.Serialize(keptPolicy.Value));
        Assert.Contains("aws:SecureTransport", System.Text.Json.JsonSerializer.Serialize(keptPolicy.Value));
        template.HasResourceProperties("Custom::CDKBucketDeployment", Json("""{ "RetainOnDelete": true }"""));
        var emptied = template.FindResources("Custom::S3AutoDeleteObjects");
        Assert.Single(emptied); // only the query-results bucket
    }
}
