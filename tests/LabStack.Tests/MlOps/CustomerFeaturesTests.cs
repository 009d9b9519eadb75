using LabStack.DataLake;
using LabStack.MlOps;

namespace LabStack.Tests.MlOps;

/// <summary>
/// The customers' feature group: offline store only (nothing bills idle), in the lake under curated/feature-store/ with
/// its Glue table in the lab's database, every column of the customers as a feature; and the table's drop when the stack
/// goes (Feature Store leaves it), run against a recording client checked against Glue's API model.
/// </summary>
public sealed class CustomerFeaturesTests(LabFixture lab) : StackTests<MlOpsStack>(lab)
{
    private JsonObject Group => TemplateJson.Properties("AWS::SageMaker::FeatureGroup");

    [Fact]
    public void TheGroupHasAnOfflineStoreInTheLakeAndNoOnlineStore()
    {
        Assert.Null(Group["OnlineStoreConfig"]);
        var offline = Group["OfflineStoreConfig"]!;
        Assert.EndsWith("/curated/feature-store/\"]]}", offline["S3StorageConfig"]!["S3Uri"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.False((bool)offline["DisableGlueTableCreation"]!);
        Assert.Equal(("AwsDataCatalog", CustomerFeatures.TableName), ((string)offline["DataCatalogConfig"]!["Catalog"]!, (string)offline["DataCatalogConfig"]!["TableName"]!));
        Assert.Equal("""{"Fn::ImportValue":"mllab-DataLake:ExportsOutputRefCatalogDatabaseE63956BBB55C5BEF"}""", offline["DataCatalogConfig"]!["Database"]!.ToJsonString()); // the lab's database
        Assert.Equal(("mllab-customers", "customer_id", "event_time"),
            ((string)Group["FeatureGroupName"]!, (string)Group["RecordIdentifierFeatureName"]!, (string)Group["EventTimeFeatureName"]!));
    }

    [Fact]
    public void EveryCustomerColumnIsAFeatureOfItsType()
    {
        var features = Group["FeatureDefinitions"]!.AsArray().Select(f => ((string)f!["FeatureName"]!, (string)f["FeatureType"]!)).ToList();
        var expected = CustomersSchema.Columns.Select(c => (c.Name, c.Type switch { "int" => "Integral", "double" => "Fractional", _ => "String" }))
            .Append(("event_time", "String")).ToList();
        Assert.Equal(expected, features);
    }

    [Fact]
    public void TheStoresRoleWritesOnlyItsPrefixAndItsTable()
    {
        var statements = TemplateJson.PolicyStatements("FeaturesAccess");
        var writes = statements.Single(s => Expect.Actions(s).Contains("s3:PutObject"));
        Assert.EndsWith("/curated/feature-store/*\"]]}", writes["Resource"]!.ToJsonString(), StringComparison.Ordinal);
        var glue = statements.Single(s => Expect.Actions(s).Contains("glue:CreateTable"));
        Assert.Contains(Expect.AsList(glue["Resource"]), r => r.ToJsonString().Contains("/customer_features\"", StringComparison.Ordinal));
        Assert.DoesNotContain(statements.SelectMany(Expect.Actions), a => a.StartsWith("glue:Delete", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTableIsDroppedAfterTheGroupIsDeletedAndAGoneTableIsNothingToDo()
    {
        var cleanup = TemplateJson.Id("Custom::FeatureTableCleanup");
        Assert.Contains(cleanup, TemplateJson.Resource("AWS::SageMaker::FeatureGroup")["DependsOn"]!.AsArray().Select(d => (string)d!));
        var module = InlineFunctionCode.AsModule(InlineFunctionCode.Of(TemplateJson, "FeaturesTableCleanupHandler"));
        var script = $$"""
            const { dropTable } = (await import('{{module}}')).default;
            class DeleteTableCommand { constructor(input) { this.input = input; } }
            const calls = [];
            let gone = false;
            const glue = async (command) => {
              const call = { service: 'glue', command: 'DeleteTableCommand', input: command.input };
              calls.push(call);
              if (gone) { const e = new Error('not found'); e.name = 'EntityNotFoundException'; throw e; }
              gone = true;
              return call.output = {};
            };
            const first = await dropTable(glue, { DeleteTableCommand }, 'mllab_db', 'customer_features');
            const second = await dropTable(glue, { DeleteTableCommand }, 'mllab_db', 'customer_features');
            const { checkClientCalls } = await import('{{Validation.NodeTools.SdkModelCheck}}');
            process.stdout.write(JSON.stringify({ first, second, calls: calls.length, modelFindings: checkClientCalls(calls) }));
            """;
        var output = JsonNode.Parse(Validation.NodeTools.Run("node", "--input-type=module", "-e", script))!;
        Assert.Equal(("dropped mllab_db.customer_features", "mllab_db.customer_features was already gone", 2),
            ((string)output["first"]!, (string)output["second"]!, (int)output["calls"]!));
        Assert.True(output["modelFindings"]!.AsArray().Count == 0, output["modelFindings"]!.ToJsonString());
        var statement = Assert.Single(TemplateJson.PolicyStatements("FeaturesTableCleanupHandlerServiceRoleDefaultPolicy"));
        Assert.Equal(["glue:DeleteTable"], Expect.Actions(statement));
    }
}
