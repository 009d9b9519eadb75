using System.Text.Json;

namespace LabStack.Summary;

/// <summary>
/// On-demand prices and practice-hour assumptions, committed as data (assets/prices) with the date they were
/// read and their source, so estimates are reproducible and easy to refresh.
/// </summary>
public sealed record PriceTable(string Region, string Currency, string Retrieved, string Source,
    IReadOnlyDictionary<string, double> Rates, IReadOnlyDictionary<string, JsonElement> PracticeHour,
    IReadOnlyDictionary<string, double>? InstanceHours = null, IReadOnlyDictionary<string, double>? EmrNodeHours = null,
    IReadOnlyDictionary<string, double>? EmrNodeEbsGib = null, IReadOnlyDictionary<string, double>? Durations = null)
{
    /// <summary>The table the summary uses.</summary>
    public static PriceTable UsEast1 => Load(LabPaths.Asset("prices", "us-east-1.json"));

    /// <summary>Reads a price table file.</summary>
    public static PriceTable Load(string path) =>
        JsonSerializer.Deserialize<PriceTable>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException($"{path} is not a price table");

    /// <summary>A rate by name; a missing one is a bug in the table, not a zero.</summary>
    public double Rate(string name) =>
        Rates.TryGetValue(name, out var rate) ? rate : throw new KeyNotFoundException($"price table has no rate '{name}'");

    /// <summary>The hourly price of a SageMaker instance type, or null when the table does not list it.</summary>
    public double? InstanceHour(string instanceType) =>
        InstanceHours is not null && InstanceHours.TryGetValue(instanceType, out var price) ? price : null;

    /// <summary>The hourly price of one EMR node (EC2 on-demand plus the EMR charge), or null when not listed.</summary>
    public double? EmrNodeHour(string instanceType) =>
        EmrNodeHours is not null && EmrNodeHours.TryGetValue(instanceType, out var price) ? price : null;

    /// <summary>The EBS storage, in GiB, EMR attaches to a node of this type by default (root volume included), or null when not listed.</summary>
    public double? EmrNodeEbs(string instanceType) =>
        EmrNodeEbsGib is not null && EmrNodeEbsGib.TryGetValue(instanceType, out var gib) ? gib : null;

    /// <summary>How long something the model times takes, in minutes (EMR's start-up...); a missing one is a bug in the table.</summary>
    public double Duration(string name) =>
        Durations is not null && Durations.TryGetValue(name, out var minutes) ? minutes : throw new KeyNotFoundException($"price table has no duration '{name}'");

    /// <summary>A practice-hour assumption by name.</summary>
    public double Assumption(string name) =>
        PracticeHour.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new KeyNotFoundException($"price table has no practice-hour assumption '{name}'");
}
