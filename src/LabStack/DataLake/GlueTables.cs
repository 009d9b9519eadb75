using Amazon.CDK;
using Amazon.CDK.AWS.Glue;
using Constructs;

namespace LabStack.DataLake;

/// <summary>The file formats of the lab's Glue tables.</summary>
public enum GlueTableFormat
{
    /// <summary>Header-first CSV; empty fields read as NULL.</summary>
    Csv,

    /// <summary>Parquet files (Firehose, Spark).</summary>
    Parquet,

    /// <summary>One JSON document per line (OpenX JSON SerDe, field names matched without regard to case).</summary>
    Json,
}

/// <summary>Table inputs for the lab's external Glue tables, one place for each format's input format, output format and SerDe.</summary>
public static class GlueTables
{
    /// <summary>A table of <paramref name="input"/> in <paramref name="databaseName"/>, in the stack's account's catalog.</summary>
    public static CfnTable Table(Construct scope, string id, string databaseName, CfnTable.TableInputProperty input) =>
        new(scope, id, new CfnTableProps { CatalogId = Stack.Of(scope).Account, DatabaseName = databaseName, TableInput = input });

    /// <summary>An external table over <paramref name="location"/>; <paramref name="parameters"/> follow the classification.</summary>
    public static CfnTable.TableInputProperty Input(string name, string description, string location, GlueTableFormat format,
        IEnumerable<GlueColumn> columns, IDictionary<string, object>? parameters = null, IEnumerable<GlueColumn>? partitionKeys = null)
    {
        var (classification, input, output, serde) = format switch
        {
            GlueTableFormat.Csv => ("csv", "org.apache.hadoop.mapred.TextInputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                new CfnTable.SerdeInfoProperty
                {
                    SerializationLibrary = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    Parameters = (object)new Dictionary<string, object> { ["field.delim"] = ",", ["serialization.null.format"] = "" },
                }),
            GlueTableFormat.Parquet => ("parquet", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                new CfnTable.SerdeInfoProperty { SerializationLibrary = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" }),
            GlueTableFormat.Json => ("json", "org.apache.hadoop.mapred.TextInputFormat", "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                new CfnTable.SerdeInfoProperty { SerializationLibrary = "org.openx.data.jsonserde.JsonSerDe" }),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var tableParameters = new Dictionary<string, object> { ["classification"] = classification };
        foreach (var (key, value) in parameters ?? new Dictionary<string, object>())
        {
            tableParameters[key] = value;
        }
        return new CfnTable.TableInputProperty
        {
            Name = name,
            Description = description,
            TableType = "EXTERNAL_TABLE",
            Parameters = tableParameters,
            PartitionKeys = partitionKeys is null ? null : GlueColumn.ToCfn(partitionKeys),
            StorageDescriptor = new CfnTable.StorageDescriptorProperty
            {
                Location = location,
                InputFormat = input,
                OutputFormat = output,
                SerdeInfo = serde,
                Columns = GlueColumn.ToCfn(columns),
            },
        };
    }
}
