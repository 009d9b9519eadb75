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

    /// <summary>
    /// A deployed stream's shard count changes by one UpdateShardCount call, which at most doubles or halves it
    /// (https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html): a value further from the default
    /// fails the update of a stream deployed with the default.
    /// </summary>
    public IReadOnlyList<string> Warnings => ShardCount > 2 * ShardCountSetting.Default
        ? [$"shardCount={ShardCount}: on a stream deployed with {ShardCountSetting.Default} shard(s), one deploy can at most double the count " +
           $"(Kinesis UpdateShardCount); deploy {string.Join(", then ", Steps(ShardCountSetting.Default, ShardCount))} one after the other, or the update fails and rolls back"]
        : [];

    private static IEnumerable<int> Steps(int from, int to)
    {
        for (var count = Math.Min(2 * from, to); ; count = Math.Min(2 * count, to))
        {
            yield return count;
            if (count == to)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc/>
    public static StreamingSettings Read(Func<string, object?> context) => new() { ShardCount = ShardCountSetting.Read(context) };
}
