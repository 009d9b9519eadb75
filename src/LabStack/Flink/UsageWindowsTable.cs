namespace LabStack.Flink;

/// <summary>
/// The Glue table <c>usage_windows</c>: Athena's view of the windowed aggregates the Studio notebook's Flink SQL writes
/// under <see cref="LakeLayout.UsageWindows"/> as JSON lines (<c>assets/flink/usage-windows.sql</c>, its sink table
/// <c>flink_usage_windows</c> points at the same prefix). One row per window and event type, for both window kinds.
/// </summary>
public static class UsageWindowsTable
{
    /// <summary>The table name.</summary>
    public const string TableName = "usage_windows";

    /// <summary>The columns, as the notebook's sink writes them (Flink's JSON format, SQL timestamps).</summary>
    public static IReadOnlyList<GlueColumn> Columns { get; } =
    [
        new("window_kind", "string", "tumbling-1m or sliding-5m-every-1m"),
        new("window_start", "timestamp", "First instant of the window (UTC)"),
        new("window_end", "timestamp", "Instant after the window's last (UTC)"),
        new("event_type", "string", "data, call, sms or support"),
        new("events", "bigint", "Events of that type in the window"),
        new("data_mb", "double", "Megabytes used in the window"),
        new("duration_seconds", "bigint", "Seconds of calls in the window"),
    ];

    /// <summary>The table over the notebook's output.</summary>
    public static LakeTableSpec Spec { get; } = new(TableName, "Usage events aggregated over tumbling and sliding windows by the Flink Studio notebook",
        LakeLayout.UsageWindows, GlueTableFormat.Json, Columns);
}
