using System.Globalization;
using LabStack.DataLake;

namespace LabStack.Tests.DataLake;

/// <summary>The shipped dataset is what its generator makes, and it serves the exam's data topics.</summary>
public sealed class SampleDatasetTests
{
    private static readonly string Folder = LabPaths.Asset("sample-data");
    private static readonly string[] Lines = File.ReadAllText(Path.Combine(Folder, "customers", "customers.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    private static readonly string[][] Rows = Lines.Skip(1).Select(l => l.Split(',')).ToArray();

    private static int Column(string name) => CustomersSchema.Columns.Select(c => c.Name).ToList().IndexOf(name);

    [Fact]
    public void CommittedFileIsExactlyTheGeneratorsOutput()
    {
        var node = ProcessRunner.Run("node", ["generate-customers.mjs", "--stdout"], Folder, TimeSpan.FromMinutes(1));
        Assert.True(node.ExitCode == 0, node.Stderr);
        Assert.True(node.Stdout == File.ReadAllText(Path.Combine(Folder, "customers", "customers.csv")),
            "customers.csv differs from its generator: run `node generate-customers.mjs` in assets/sample-data");
    }

    [Fact]
    public void HeaderMatchesTheGlueTable() =>
        Assert.Equal(CustomersSchema.Columns.Select(c => c.Name), Lines[0].Split(','));

    [Fact]
    public void HasAFewThousandRowsOfTheRightWidth()
    {
        Assert.InRange(Rows.Length, 2000, 10000);
        Assert.All(Rows, r => Assert.Equal(CustomersSchema.Columns.Count, r.Length));
    }

    [Fact]
    public void LabelIsBinaryAndImbalanced()
    {
        var labels = Rows.Select(r => r[Column("churned")]).ToList();
        Assert.All(labels, l => Assert.Contains(l, new[] { "0", "1" }));
        var positiveShare = labels.Count(l => l == "1") / (double)labels.Count;
        Assert.InRange(positiveShare, 0.05, 0.25);
    }

    [Theory]
    [InlineData("age")]
    [InlineData("total_charges")]
    [InlineData("data_usage_gb")]
    [InlineData("region")]
    public void SomeColumnsHaveMissingValues(string column)
    {
        var missingShare = Rows.Count(r => r[Column(column)] == "") / (double)Rows.Length;
        Assert.InRange(missingShare, 0.01, 0.10);
    }

    [Theory]
    [InlineData("contract_type", 3)]
    [InlineData("payment_method", 4)]
    [InlineData("has_partner", 2)]
    public void CategoricalColumnsHaveAFewLevelsForOneHotEncoding(string column, int levels) =>
        Assert.Equal(levels, Rows.Select(r => r[Column(column)]).Distinct().Count());

    [Fact]
    public void NumericFeaturesAreCorrelatedAndOnDifferentScales()
    {
        double[] Values(string column) => Rows.Where(r => r[Column("total_charges")] != "")
            .Select(r => double.Parse(r[Column(column)], CultureInfo.InvariantCulture)).ToArray();
        var tenure = Values("tenure_months");
        var total = Values("total_charges");
        Assert.True(Correlation(tenure, total) > 0.7, "tenure and total charges should be strongly correlated (PCA material)");
        Assert.True(total.Max() / tenure.Max() > 50, "features should need scaling");
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        var cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        return cov / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
    }
}
