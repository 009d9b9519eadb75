using System.Security.Cryptography;
using LabStack.DataLake;

namespace LabStack.Cli;

/// <summary>The uploads the AI pipeline analyzes, by extension in any letter case (its routing, mirrored; a test compares them).</summary>
public static class PipelineFiles
{
    /// <summary>Image, text, audio and video extensions, lowercase, with the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".txt", ".mp3", ".wav", ".flac", ".ogg", ".m4a", ".webm", ".mp4", ".mov"];

    /// <summary>
    /// The largest upload "Route by type" lets through to the daily count, by extension: images 15 MiB (Rekognition's
    /// limit), audio 2 MiB (the lab's), video 1 GiB (the lab's); texts of any size are read in part, so they have none.
    /// Larger ones are refused first.
    /// </summary>
    public static IReadOnlyDictionary<string, long> ByteLimits { get; } = new[] { ".jpg", ".jpeg", ".png" }.Select(e => (e, 15L * 1024 * 1024))
        // Two minutes of audio at each format's lowest bitrate (WAV PCM 8,000 bytes a second, MP3 1,000); the formats whose
        // size bounds no length are refused at any size.
        .Concat([(".wav", 960_000L), (".mp3", 120_000L)])
        .Concat(new[] { ".flac", ".ogg", ".m4a", ".webm" }.Select(e => (e, 0L)))
        .Concat(new[] { ".mp4", ".mov" }.Select(e => (e, 1L << 30)))
        .ToDictionary(p => p.Item1, p => p.Item2);

    /// <summary>True when the pipeline takes <paramref name="fileName"/> by its extension.</summary>
    public static bool Accepts(string fileName) => Extensions.Contains(Extension(fileName));

    /// <summary>
    /// True when an upload of <paramref name="file"/> counts against the day's <c>maxUploadsPerDay</c>: the workflow
    /// refuses empty, unsupported and too large uploads before "Count upload", and counts every other one (a text that
    /// turns out not to be UTF-8 included, because the text is read after the count). A video the workflow finds longer
    /// than 60 seconds, or not a video, by its header is refused before the count as well; this does not read headers,
    /// so it counts such a file.
    /// </summary>
    public static bool CountsAgainstCap(string file)
    {
        var bytes = new FileInfo(file).Length;
        return bytes > 0 && Accepts(file) && bytes <= ByteLimits.GetValueOrDefault(Extension(file), long.MaxValue);
    }

    /// <summary>
    /// A key of its own for an upload of <paramref name="fileName"/>: inbox/&lt;name&gt;-&lt;8 random hex
    /// digits&gt;.&lt;extension&gt;. The extension stays last, so the pipeline routes it as before; the suffix means
    /// no upload overwrites another (two files of one name) and no earlier run of the same name is mistaken for this one's.
    /// </summary>
    public static string UniqueInboxKey(string fileName) =>
        $"{LakeLayout.Inbox}{Path.GetFileNameWithoutExtension(fileName)}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}{Path.GetExtension(fileName)}";

    private static string Extension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant();
}
