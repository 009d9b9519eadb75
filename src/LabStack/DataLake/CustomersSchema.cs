namespace LabStack.DataLake;

/// <summary>One column of a Glue table.</summary>
public sealed record GlueColumn(string Name, string Type, string Comment)
{
    /// <summary>The columns as a Glue table's StorageDescriptor takes them.</summary>
    public static object[] ToCfn(IEnumerable<GlueColumn> columns) =>
        columns.Select(c => (object)new Amazon.CDK.AWS.Glue.CfnTable.ColumnProperty { Name = c.Name, Type = c.Type, Comment = c.Comment }).ToArray();
}

/// <summary>
/// The columns of the shipped customers dataset, in file order; the Glue table is defined from this
/// list and the tests check it against the CSV header.
/// </summary>
public static class CustomersSchema
{
    /// <summary>The Glue table name.</summary>
    public const string TableName = "customers";

    /// <summary>The columns, in the order of the CSV header.</summary>
    public static IReadOnlyList<GlueColumn> Columns { get; } =
    [
        new("customer_id", "string", "Customer key, C00001 to C05000"),
        new("age", "int", "Age in years; missing for about 4% of rows"),
        new("tenure_months", "int", "Months as a customer"),
        new("monthly_charges", "double", "Monthly bill in USD"),
        new("total_charges", "double", "Lifetime billing in USD, correlated with tenure; missing for about 3%"),
        new("support_calls", "int", "Support calls in the last quarter"),
        new("data_usage_gb", "double", "Monthly data use, log-normal; missing for about 5%"),
        new("contract_type", "string", "month-to-month, one-year or two-year"),
        new("payment_method", "string", "electronic-check, credit-card, bank-transfer or mailed-check"),
        new("region", "string", "north, south, east, west or central; missing for about 2%"),
        new("has_partner", "string", "yes or no"),
        new("churned", "int", "Label: 1 if the customer left (about 14% of rows)"),
    ];
}
