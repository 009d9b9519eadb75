using LabStack.DataLake;

namespace LabStack.Cli;

/// <summary>The uploads the AI pipeline analyzes, by extension in any letter case (its routing, mirrored; a test compares them).</summary>
public static class PipelineFiles
{
    /// <summary>Image, text and audio extensions, lowercase, with the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".txt", ".mp3", ".wav", ".flac", ".ogg", ".m4a", ".webm"];

    /// <summary>True when the pipeline takes <paramref name="fileName"/> by its extension.</summary>
    public static bool Accepts(string fileName) => Extensions.Contains(Path.GetExtension(fileName).ToLowerInvariant());

    /// <summary>The key an upload of <paramref name="fileName"/> gets in the lake.</summary>
    public static string InboxKey(string fileName) => LakeLayout.Inbox + Path.GetFileName(fileName);
}
