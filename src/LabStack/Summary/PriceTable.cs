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
    IReadOnlyDictionary<string, PriceRow>? EmrNodeEbsGib = null, IReadOnlyDictionary<string, PriceRow>? Durations = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? Exercises = null)
{
    /// <summary>The practice hour's usage: every count the model reads must be in the file's <c>practiceHour</c>.</summary>
    public Usage Practice => new("practice hour", PracticeHour.Where(a => a.Value.ValueKind == JsonValueKind.Number)
        .ToDictionary(a => a.Key, a => a.Value.GetDouble()), this, Strict: true);

    /// <summary>
    /// Each exercise's usage (<c>exercises</c>, keyed by the exercise's file name in docs/exercises): what it does once,
    /// in the practice hour's terms; a count it does not name is zero, a per-unit figure it does not name the practice hour's.
    /// </summary>
    public IEnumerable<Usage> ExerciseUsages =>
        (Exercises ?? new Dictionary<string, IReadOnlyDictionary<string, double>>()).Select(e => new Usage(e.Key, e.Value, this, Strict: false));

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

    /// <summary>When the table's figures were read: the date of its rows, or the oldest and the newest ("2026-11-24 to 2026-12-01").</summary>
    public string ReadDates
    {
        get
        {
            var dates = Rows.Select(r => r.Row.Read).Order(StringComparer.Ordinal).ToList();
            return dates[0] == dates[^1] ? dates[0] : $"{dates[0]} to {dates[^1]}";
        }
    }

    /// <summary>A rate by name; a missing one is a bug in the table, not a zero.</summary>
    public double Rate(string name) =>
        Rates.TryGetValue(name, out var rate) ? rate.Value : throw new KeyNotFoundException($"price table has no rate '{name}'");

    /// <summary>Hours in a day.</summary>
    public const double HoursPerDay = 24;

    /// <summary>The month a monthly rate (a GB-month) is spread over, in days.</summary>
    public const double DaysPerMonth = 30;

    /// <summary>Running application storage each KPU of a Managed Flink application has, and bills (its pricing page).</summary>
    public const double FlinkStorageGbPerKpu = 50;

    /// <summary>The KPUs a running Flink application bills: its own, and the two a Studio notebook adds (one otherwise).</summary>
    public static double FlinkBilledKpus(double kpus, bool studio) => kpus + (studio ? 2 : 1);

    /// <summary>
    /// What a running Flink application of <paramref name="kpus"/> KPUs bills an hour: its billed KPUs and its KPUs'
    /// running storage (a month of <see cref="DaysPerMonth"/>). The cost model prices a practice hour with it, lab status a running one.
    /// </summary>
    public double FlinkApplicationHour(double kpus, bool studio) =>
        FlinkBilledKpus(kpus, studio) * Rate("flinkKpuHour") + kpus * FlinkStorageGbPerKpu * Rate("flinkRunningStorageGbMonth") / DaysPerMonth / HoursPerDay;

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

/// <summary>
/// What a stretch of practice uses, named by the price file's keys. A count (crawler runs, hours a notebook works) is the
/// usage's own, and zero when an exercise does not name it; a per-unit figure (minutes billed per crawler run, characters
/// per upload) is the usage's own or else the practice hour's.
/// </summary>
public sealed record Usage(string Name, IReadOnlyDictionary<string, double> Values, PriceTable Prices, bool Strict)
{
    /// <summary>How many of something the usage does; a count the practice hour lacks is a bug in the table.</summary>
    public double Count(string key) =>
        Values.TryGetValue(key, out var count) ? count
        : Strict ? throw new KeyNotFoundException($"price table has no practice-hour assumption '{key}'") : 0;

    /// <summary>A per-unit figure: the usage's own, or the practice hour's.</summary>
    public double Unit(string key) => Values.TryGetValue(key, out var value) ? value : Prices.Assumption(key);
}
