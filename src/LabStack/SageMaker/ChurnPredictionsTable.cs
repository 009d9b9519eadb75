using Amazon.CDK.AWS.Glue;
using Amazon.CDK.AWS.S3;
using Constructs;
using LabStack.DataLake;

namespace LabStack.SageMaker;

/// <summary>Props for <see cref="ChurnPredictionsTable"/>.</summary>
public sealed record ChurnPredictionsTableProps
{
    /// <summary>The lake: the table reads <see cref="LakeLayout.ChurnPredictions"/>.</summary>
    public required IBucket Lake { get; init; }

    /// <summary>The lab's Glue database.</summary>
    public required string DatabaseName { get; init; }
}

/// <summary>
/// The Glue table over notebook 06's batch transform output, so Athena can score the model in SQL: the transform joins
/// each test row's label (its first column) with the XGBoost score, one headerless CSV line per customer.
/// </summary>
public sealed class ChurnPredictionsTable : Construct
{
    /// <summary>The table's name in the lab's database.</summary>
    public const string Name = "churn_predictions";

    /// <summary>The columns, in the order the transform writes them.</summary>
    public static IReadOnlyList<GlueColumn> Columns { get; } =
    [
        new("churned", "int", "The test customer's label: 1 churned, 0 stayed"),
        new("churn_score", "double", "XGBoost's probability that the customer churns"),
    ];

    /// <summary>The table.</summary>
    public CfnTable Table { get; }

    /// <summary>Creates the ChurnPredictionsTable in <paramref name="scope"/>, as <paramref name="props"/> says.</summary>
    public ChurnPredictionsTable(Construct scope, string id, ChurnPredictionsTableProps props) : base(scope, id)
    {
        Table = GlueTables.Table(this, "Table", props.DatabaseName, GlueTables.Input(Name,
            "Batch transform of the churn test split (notebook 06): label and score",
            props.Lake.S3UrlForObject(LakeLayout.ChurnPredictions), GlueTableFormat.Csv, Columns));
    }
}
