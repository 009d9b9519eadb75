using Amazon.CDK.AWS.StepFunctions;

namespace LabStack.AiPipeline;

/// <summary>A refusal without any service call: the Pass's name, and the error and cause of the error document.</summary>
/// <param name="State">The Pass's name.</param>
/// <param name="Error">The error the run fails with.</param>
/// <param name="Cause">What the learner reads.</param>
public sealed record Refusal(string State, string Error, string Cause);

/// <summary>
/// One format of an <see cref="UploadKind"/> with a byte limit of its own: recognized by its key patterns, then by its
/// content types, like the kind; <paramref name="Name"/> is what the branch tells the service (Transcribe's MediaFormat).
/// </summary>
/// <param name="Name">The format's name as the service takes it (<c>wav</c>).</param>
/// <param name="Patterns">Key patterns of the format (<c>*.wav</c>), in any letter case.</param>
/// <param name="ContentTypes">Content types of the format, for a key without a known extension.</param>
/// <param name="ByteLimit">The most bytes an upload of this format may have.</param>
public sealed record UploadFormat(string Name, IReadOnlyList<string> Patterns, IReadOnlyList<string> ContentTypes, long ByteLimit)
{
    /// <summary>Uploads of this format: by key, or by content type when the key has none of the kinds' extensions.</summary>
    public Condition Matches => Condition.Or(UploadKind.KeyMatches(Patterns),
        Condition.And(Condition.Not(UploadKind.KeyMatches(UploadKinds.All.SelectMany(kind => kind.Patterns))), UploadKind.ContentTypeIs(ContentTypes)));
}

/// <summary>
/// One kind of upload the workflow analyzes: how "Route by type" recognizes it (by its key first, then by its content
/// type), how large it may be, and the branch that analyzes it.
/// </summary>
public sealed record UploadKind
{
    /// <summary>The kind's name, as <see cref="RunDocument.KindIs"/> holds it once the upload is routed (<c>image</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The name of the Pass that writes <see cref="Name"/> there (<c>An image</c>).</summary>
    public required string RoutedState { get; init; }

    /// <summary>Key patterns routed here (<c>*.jpg</c>), in any letter case.</summary>
    public required IReadOnlyList<string> Patterns { get; init; }

    /// <summary>Content types routed here when the key's extension says nothing (no extension, or an unknown one).</summary>
    public required IReadOnlyList<string> ContentTypes { get; init; }

    /// <summary>
    /// The most bytes the branch takes: a larger upload is refused as <see cref="TooLarge"/> says or, when that is
    /// null, analyzed in part.
    /// </summary>
    public required long ByteLimit { get; init; }

    /// <summary>The refusal of an upload over <see cref="ByteLimit"/>; null when the branch reads only that much of it.</summary>
    public Refusal? TooLarge { get; init; }

    /// <summary>Formats with byte limits of their own, under <see cref="ByteLimit"/>, refused as <see cref="TooLarge"/> says; empty when the kind has one limit.</summary>
    public IReadOnlyList<UploadFormat> Formats { get; init; } = [];

    /// <summary>The branch: one chain that ends in <see cref="AnalysisBranch.AnalyzeTexts"/> or in the error document.</summary>
    public required Func<AnalysisBranch, IChainable> Build { get; init; }

    /// <summary>Uploads whose key says they are of this kind.</summary>
    public Condition Accepts => KeyMatches(Patterns);

    /// <summary>Uploads whose content type says they are of this kind.</summary>
    public Condition AcceptsType => ContentTypeIs(ContentTypes);

    /// <summary>Uploads of this kind, by key or content type, over <see cref="ByteLimit"/>.</summary>
    public Condition IsTooLarge => Condition.Or([
        Condition.And(Condition.Or(Accepts, AcceptsType), Condition.NumberGreaterThan(RunDocument.ObjectBytes, ByteLimit)),
        .. Formats.Select(format => Condition.And(format.Matches, Condition.NumberGreaterThan(RunDocument.ObjectBytes, format.ByteLimit)))]);

    /// <summary>
    /// True when the uploaded key ends with one of <paramref name="patterns"/> (<c>*.jpg</c>) in any mix of upper and
    /// lower case: Step Functions matching is case-sensitive, so each pattern is tried in every casing.
    /// </summary>
    public static Condition KeyMatches(IEnumerable<string> patterns) =>
        Condition.Or(patterns.SelectMany(Casings).Select(p => Condition.StringMatches(RunDocument.InputKey, p)).ToArray());

    /// <summary>True when S3 reports one of <paramref name="contentTypes"/> for the object (as the uploader set it).</summary>
    public static Condition ContentTypeIs(IEnumerable<string> contentTypes) =>
        Condition.Or(contentTypes.Select(type => Condition.StringEquals(RunDocument.ObjectContentType, type)).ToArray());

    /// <summary>Every upper/lower-case spelling of <paramref name="pattern"/>'s letters.</summary>
    public static IEnumerable<string> Casings(string pattern) =>
        pattern.Aggregate(new[] { "" }.AsEnumerable(), (prefixes, c) => char.IsLetter(c)
            ? prefixes.SelectMany(p => new[] { p + char.ToLowerInvariant(c), p + char.ToUpperInvariant(c) })
            : prefixes.Select(p => p + c));
}

/// <summary>
/// The kinds of upload the workflow analyzes, in the order "Route by type" tries them: the size refusals in this
/// order, then the key patterns of every kind, then the content types of every kind (so a key's extension wins over a
/// content type that says otherwise). A new kind of upload is a branch file and its entry here.
/// </summary>
public static class UploadKinds
{
    /// <summary>Largest image Rekognition reads from S3 (15 MB).</summary>
    private const long ImageByteLimit = 15L * 1024 * 1024;

    /// <summary>
    /// The longest audio the lab transcribes. Transcribe bills by the second of audio, not by the byte, so the bound is
    /// kept by capping each accepted format's bytes at what its lowest bitrate holds in this time (<see cref="Wav"/>,
    /// <see cref="Mp3"/>). Two minutes keeps a transcript far under the state payload limit (about 26 KB a minute) and an
    /// audio upload no dearer than a text at its limit (CostModel.WorstUploadCost).
    /// </summary>
    public const int AudioMaxSeconds = 120;

    /// <summary>
    /// WAV, as PCM: at least 8,000 samples a second (Transcribe takes 8 to 48 kHz) of at least 8 bits, 8,000 bytes a second.
    /// Sample rates: https://docs.aws.amazon.com/transcribe/latest/dg/how-input.html
    /// </summary>
    public static UploadFormat Wav { get; } = new("wav", ["*.wav"], ["audio/wav", "audio/x-wav", "audio/wave"], 8000L * AudioMaxSeconds);

    /// <summary>MP3: every frame has a header, and MPEG-2.5 Layer III's lowest bitrate is 8 kbit/s, 1,000 bytes a second.</summary>
    public static UploadFormat Mp3 { get; } = new("mp3", ["*.mp3"], ["audio/mpeg", "audio/mp3"], 1000L * AudioMaxSeconds);

    /// <summary>
    /// FLAC, Ogg/Opus, WebM and M4A/AAC are recognized as audio but never transcribed (a limit of 0 bytes refuses any of
    /// them before the count): silence compresses to almost nothing in them (Opus sends no frame at all in a pause), so no
    /// byte limit bounds their length, and Transcribe would bill every second of it.
    /// </summary>
    public static UploadFormat NotTranscribed { get; } = new("none", ["*.flac", "*.ogg", "*.m4a", "*.webm"],
        ["audio/flac", "audio/ogg", "audio/mp4", "audio/webm"], 0);

    /// <summary>JPEG and PNG images, for <see cref="ImageAnalysis"/>.</summary>
    public static UploadKind Image { get; } = new()
    {
        Name = "image",
        RoutedState = "An image",
        Patterns = ["*.jpg", "*.jpeg", "*.png"],
        // image/jpg is not a registered type, but some tools send it.
        ContentTypes = ["image/jpeg", "image/jpg", "image/png"],
        ByteLimit = ImageByteLimit,
        TooLarge = new("Image too large", "LabStack.ImageTooLarge", $"Rekognition reads images of at most {ImageByteLimit} bytes from S3."),
        Build = ImageAnalysis.Build,
    };

    /// <summary>Text files, for <see cref="TextFileReading"/>, which reads the first <see cref="TextFileReading.ByteLimit"/> bytes of any size.</summary>
    public static UploadKind Text { get; } = new()
    {
        Name = "text",
        RoutedState = "A text",
        Patterns = ["*.txt"],
        // Browsers and fetch() send charset=UTF-8 in capitals; Step Functions compares strings exactly.
        ContentTypes = ["text/plain", "text/plain; charset=utf-8", "text/plain;charset=utf-8", "text/plain; charset=UTF-8", "text/plain;charset=UTF-8"],
        ByteLimit = TextFileReading.ByteLimit,
        Build = TextFileReading.Build,
    };

    /// <summary>WAV and MP3 audio, each under its <see cref="UploadFormat.ByteLimit"/>, for <see cref="AudioTranscription"/>; other audio refused as too long.</summary>
    public static UploadKind Audio { get; } = new()
    {
        Name = "audio",
        RoutedState = "An audio",
        Patterns = [.. Wav.Patterns, .. Mp3.Patterns, .. NotTranscribed.Patterns],
        ContentTypes = [.. Wav.ContentTypes, .. Mp3.ContentTypes, .. NotTranscribed.ContentTypes],
        ByteLimit = Math.Max(Wav.ByteLimit, Mp3.ByteLimit),
        Formats = [Wav, Mp3, NotTranscribed],
        TooLarge = new("Audio too long", "LabStack.AudioTooLong",
            $"The lab transcribes at most {AudioMaxSeconds / 60} minutes of audio (Transcribe bills $0.024 a minute): a WAV file of at most " +
            $"{Wav.ByteLimit} bytes or an MP3 file of at most {Mp3.ByteLimit} bytes, what the lowest bitrate of each holds in that time. " +
            "FLAC, Ogg, M4A and WebM are not transcribed: silence takes almost no bytes in them, so their size does not bound their length; " +
            "convert them to WAV or MP3."),
        Build = AudioTranscription.Build,
    };

    /// <summary>
    /// The largest video the lab takes. Rekognition Video takes files of up to 10 GB and 6 hours (VideoTooLargeException:
    /// https://docs.aws.amazon.com/rekognition/latest/APIReference/API_StartLabelDetection.html); the bill is bounded by
    /// <see cref="VideoMaxSeconds"/>, checked before the job starts, and this only refuses, before any read, a file no
    /// minute of lab video needs (a minute of 4K H.264 at 50 Mbit/s is about 375 MB). The lab's choice.
    /// </summary>
    public const long VideoByteLimit = 1L << 30;

    /// <summary>
    /// The longest video the lab analyzes. Rekognition Video bills label detection per minute of video, so the bound is
    /// the duration in the file's movie header, read before StartLabelDetection (<see cref="VideoAnalysis.MeasureLength"/>):
    /// a byte limit cannot bound a video's length, since a still scene compresses to almost nothing. One minute keeps a video
    /// upload no dearer than a text at its limit (CostModel.WorstUploadCost).
    /// </summary>
    public const int VideoMaxSeconds = 60;

    /// <summary>
    /// MP4 and MOV video (H.264), for <see cref="VideoAnalysis"/>. Rekognition Video's stored-video formats are .mp4, .mov and
    /// .avi (https://docs.aws.amazon.com/rekognition/latest/APIReference/API_Video.html), with H.264 video (the FAQ's "What
    /// image and video formats does Amazon Rekognition support?": https://aws.amazon.com/rekognition/faqs/); AVI has no
    /// movie header to read the length from, so it is not taken.
    /// </summary>
    public static UploadKind Video { get; } = new()
    {
        Name = "video",
        RoutedState = "A video",
        Patterns = ["*.mp4", "*.mov"],
        ContentTypes = ["video/mp4", "video/quicktime"],
        ByteLimit = VideoByteLimit,
        TooLarge = new("Video too large", "LabStack.VideoTooLarge",
            $"The lab analyzes videos of at most {VideoByteLimit} bytes (1 GiB) and {VideoMaxSeconds} seconds (Rekognition Video bills $0.10 a minute)."),
        Build = VideoAnalysis.Build,
    };

    /// <summary>Every kind, in routing order.</summary>
    public static IReadOnlyList<UploadKind> All { get; } = [Image, Text, Audio, Video];

    /// <summary>The kind "Analyze as" goes on with when <see cref="RunDocument.KindIs"/> names none of the others.</summary>
    public static UploadKind Fallback => Text;

    /// <summary>Why an upload of no kind is refused, naming what is taken.</summary>
    public static string UnsupportedCause =>
        "Upload .jpg, .jpeg or .png images, .txt text files (UTF-8), .wav or .mp3 audio, or .mp4 or .mov video, in any letter case; a key " +
        "without one of these extensions is taken by its Content-Type (image/jpeg, image/png, text/plain, audio/wav, audio/mpeg, video/mp4, " +
        "video/quicktime).";
}
