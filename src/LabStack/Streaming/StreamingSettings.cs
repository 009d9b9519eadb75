using LabStack.Configuration;

namespace LabStack.Streaming;

/// <summary>Settings of the <c>streaming</c> module.</summary>
public sealed record StreamingSettings : IModuleSettings<StreamingSettings>
{
    /// <summary><c>shardCount</c>: shards of the stream.</summary>
    public static readonly Setting<int> ShardCountSetting = Setting.Int("shardCount", 1, 1, 10, "shards");

    /// <summary>Shards of the Kinesis stream (provisioned mode; each bills by the hour).</summary>
    public required int ShardCount { get; init; }

    /// <inheritdoc/>
    public static IReadOnlyList<Setting> Definitions { get; } = [ShardCountSetting];

    /// <inheritdoc/>
    public static StreamingSettings Read(Func<string, object?> context) => new() { ShardCount = ShardCountSetting.Read(context) };
}
