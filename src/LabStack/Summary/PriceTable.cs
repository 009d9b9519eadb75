using System.Text.Json;

namespace LabStack.Summary;

/// <summary>
/// One figure of the price file with where it comes from: <paramref name="Value"/> (USD for a rate or an hourly price,
/// GiB for a volume, minutes for a duration), <paramref name="Source"/> (the page it was read on: an AWS page, or for a
/// duration the lab's own page that measured it), <paramref name="Read"/> (the date, yyyy-MM-dd) and an optional
/// <paramref name="Note"/>.
/// </summary>
public sealed record PriceRow(double Value, string Source, string Read, string? Note = null);

/// <summary>
/// On-demand prices and practice-hour assumptions, committed as data (assets/prices), each price with the page and date
/// it was read, so estimates are reproducible and easy to refresh.
/// </summary>
public sealed record PriceTable(string Region, string Currency,
    IReadOnlyDictionary<string, PriceRow> Rates, IReadOnlyDictionary<string, JsonElement> PracticeHour,
    IReadOnlyDictionary<string, PriceRow>? InstanceHours = null, IReadOnlyDictionary<string, PriceRow>? EmrNodeHours = null,
    IReadOnlyDictionary<string, PriceRow>? EmrNodeEbsGib = null, IReadOnlyDictionary<string, PriceRow>? Durations = null)
{
    /// <summary>The table the summary uses.</summary>
    public static PriceTable UsEast1 => Load(LabPaths.Asset("prices", "us-east-1.json"));

    /// <summary>Reads a price table file.</summary>
    public static PriceTable Load(string path) =>
        JsonSerializer.Deserialize<PriceTable>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException($"{path} is not a price table");

    /// <summary>Every sourced row of the table, by section and name.</summary>
    public IEnumerable<(string Section, string Name, PriceRow Row)> Rows =>
        new (string Section, IReadOnlyDictionary<string, PriceRow>? Rows)[]
        {
            ("rates", Rates), ("instanceHours", InstanceHours), ("emrNodeHours", EmrNodeHours),
            ("emrNodeEbsGib", EmrNodeEbsGib), ("durations", Durations),
        }.SelectMany(s => (s.Rows ?? new Dictionary<string, PriceRow>()).Select(r => (s.Section, r.Key, r.Value)));

    /// <summary>When the table's figures were read: the oldest and the newest date of its rows.</summary>
    public (string Oldest, string Newest) ReadBetween
    {
        get
        {
            var dates = Rows.Select(r => r.Row.Read).Order(StringComparer.Ordinal).ToList();
            return (dates[0], dates[^1]);
        }
    }

    /// <summary>A rate by name; a missing one is a bug in the table, not a zero.</summary>
    public double Rate(string name) =>
        Rates.TryGetValue(name, out var rate) ? rate.Value : throw new KeyNotFoundException($"price table has no rate '{name}'");

    /// <summary>The hourly price of a SageMaker instance type, or null when the table does not list it.</summary>
    public double? InstanceHour(string instanceType) => Lookup(InstanceHours, instanceType);

    /// <summary>The hourly price of one EMR node (EC2 on-demand plus the EMR charge), or null when not listed.</summary>
    public double? EmrNodeHour(string instanceType) => Lookup(EmrNodeHours, instanceType);

    /// <summary>The EBS storage, in GiB, EMR attaches to a node of this type by default (root volume included), or null when not listed.</summary>
    public double? EmrNodeEbs(string instanceType) => Lookup(EmrNodeEbsGib, instanceType);

    /// <summary>How long something the model times takes, in minutes (EMR's start-up...); a missing one is a bug in the table.</summary>
    public double Duration(string name) =>
        Lookup(Durations, name) ?? throw new KeyNotFoundException($"price table has no duration '{name}'");

    private static double? Lookup(IReadOnlyDictionary<string, PriceRow>? rows, string name) =>
        rows is not null && rows.TryGetValue(name, out var row) ? row.Value : null;

    /// <summary>A practice-hour assumption by name.</summary>
    public double Assumption(string name) =>
        PracticeHour.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new KeyNotFoundException($"price table has no practice-hour assumption '{name}'");
}
