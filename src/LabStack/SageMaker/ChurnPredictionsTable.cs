namespace LabStack.SageMaker;

/// <summary>
/// The Glue table over notebook 06's batch transform output, so Athena can score the model in SQL: the transform joins
/// each test row's label (its first column) with the XGBoost score, one headerless CSV line per customer.
/// </summary>
public static class ChurnPredictionsTable
{
    /// <summary>The table's name in the lab's database.</summary>
    public const string Name = "churn_predictions";

    /// <summary>The columns, in the order the transform writes them.</summary>
    public static IReadOnlyList<GlueColumn> Columns { get; } =
    [
        new("churned", "int", "The test customer's label: 1 churned, 0 stayed"),
        new("churn_score", "double", "XGBoost's probability that the customer churns"),
    ];

    /// <summary>The table over <see cref="LakeLayout.ChurnPredictions"/>.</summary>
    public static LakeTableSpec Spec { get; } = new(Name, "Batch transform of the churn test split (notebook 06): label and score",
        LakeLayout.ChurnPredictions, GlueTableFormat.Csv, Columns);
}
