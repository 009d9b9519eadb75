using Amazon.CDK.AWS.Glue;

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

/// <summary>
/// One of the lab's Glue tables over a prefix of the lake: what it is called and holds, where, in which format, and its
/// columns. <see cref="Parameters"/> adds table parameters computed from the table's S3 location (partition projection).
/// </summary>
/// <param name="Name">The table's name in the lab's database.</param>
/// <param name="Description">What a row is.</param>
/// <param name="Prefix">The lake prefix the table reads (a <see cref="LakeLayout"/> value).</param>
/// <param name="Format">The files' format.</param>
/// <param name="Columns">The columns, in the files' order.</param>
public sealed record LakeTableSpec(string Name, string Description, string Prefix, GlueTableFormat Format, IReadOnlyList<GlueColumn> Columns)
{
    /// <summary>Table parameters beyond the classification, given the table's <c>s3://</c> location.</summary>
    public Func<string, IDictionary<string, object>>? Parameters { get; init; }

    /// <summary>Partition columns, if any.</summary>
    public IReadOnlyList<GlueColumn>? PartitionKeys { get; init; }
}

/// <summary>Props for <see cref="LakeTables"/>.</summary>
public sealed record LakeTablesProps
{
    /// <summary>The lake the tables read.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database.</summary>
    public required string DatabaseName { get; init; }

    /// <summary>Each table, by its construct id (a contract: it is the table's logical id).</summary>
    public required IReadOnlyDictionary<string, LakeTableSpec> Tables { get; init; }
}

/// <summary>The one way a module adds Glue tables over the lake: a table per <see cref="LakeTableSpec"/>, in the order given.</summary>
public sealed class LakeTables : Construct
{
    /// <summary>The tables, by construct id.</summary>
    public IReadOnlyDictionary<string, CfnTable> Tables { get; }

    /// <summary>Adds <paramref name="props"/>'s tables under <paramref name="id"/>.</summary>
    public LakeTables(Construct scope, string id, LakeTablesProps props) : base(scope, id)
    {
        Tables = props.Tables.ToDictionary(table => table.Key, table =>
        {
            var spec = table.Value;
            var location = props.Lake.S3UrlForObject(spec.Prefix);
            return GlueTables.Table(this, table.Key, props.DatabaseName, GlueTables.Input(spec.Name, spec.Description, location, spec.Format,
                spec.Columns, spec.Parameters?.Invoke(location), spec.PartitionKeys));
        });
    }
}
