namespace LabStack.Streaming;

/// <summary>
/// The Glue table <c>usage_events</c>: the schema Firehose converts the JSON events with, and the Athena table
/// over the Parquet it delivers. Partition projection on <c>dt</c> (the delivery day) means new days are
/// queryable at once, with no crawler or <c>MSCK REPAIR TABLE</c>.
/// </summary>
public static class UsageEventsTable
{
    /// <summary>The table name.</summary>
    public const string TableName = "usage_events";

    /// <summary>First day partition projection considers.</summary>
    public const string FirstDay = "2026-01-01";

    /// <summary>The event fields, in the order the producer writes them.</summary>
    public static IReadOnlyList<GlueColumn> Columns { get; } =
    [
        new("event_id", "string", "Unique per event"),
        new("customer_id", "string", "Joins to customers.customer_id"),
        new("event_time", "timestamp", "When the event happened (UTC)"),
        new("event_type", "string", "data, call, sms or support"),
        new("data_mb", "double", "Megabytes used (data events)"),
        new("duration_seconds", "int", "Length of calls and support calls"),
    ];

    /// <summary>The table over Firehose's deliveries, one folder per day.</summary>
    public static LakeTableSpec Spec { get; } = new(TableName, "Usage events from the Kinesis stream, delivered by Firehose as Parquet",
        LakeLayout.UsageEvents, GlueTableFormat.Parquet, Columns)
    {
        Parameters = location => new Dictionary<string, object>
        {
            ["projection.enabled"] = "true",
            ["projection.dt.type"] = "date",
            ["projection.dt.format"] = "yyyy-MM-dd",
            ["projection.dt.range"] = $"{FirstDay},NOW",
            ["projection.dt.interval"] = "1",
            ["projection.dt.interval.unit"] = "DAYS",
            ["storage.location.template"] = location + "dt=${dt}/",
        },
        PartitionKeys = [new GlueColumn("dt", "string", "Delivery day, yyyy-MM-dd")],
    };
}
