using Amazon.CDK.AWS.StepFunctions;

namespace LabStack.AiPipeline;

/// <summary>A refusal without any service call: the Pass's name, and the error and cause of the error document.</summary>
/// <param name="State">The Pass's name.</param>
/// <param name="Error">The error the run fails with.</param>
/// <param name="Cause">What the learner reads.</param>
public sealed record Refusal(string State, string Error, string Cause);

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

    /// <summary>The branch: one chain that ends in <see cref="AnalysisBranch.AnalyzeTexts"/> or in the error document.</summary>
    public required Func<AnalysisBranch, IChainable> Build { get; init; }

    /// <summary>Uploads whose key says they are of this kind.</summary>
    public Condition Accepts => KeyMatches(Patterns);

    /// <summary>Uploads whose content type says they are of this kind.</summary>
    public Condition AcceptsType => ContentTypeIs(ContentTypes);

    /// <summary>Uploads of this kind, by key or content type, over <see cref="ByteLimit"/>.</summary>
    public Condition IsTooLarge => Condition.And(Condition.Or(Accepts, AcceptsType), Condition.NumberGreaterThan(RunDocument.ObjectBytes, ByteLimit));

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

    /// <summary>The lab's limit: 2 MB is about 2 minutes of 128 kbit/s MP3 (Transcribe takes up to 4 hours; a minute costs $0.024).</summary>
    private const long AudioByteLimit = 2L * 1024 * 1024;

    /// <summary>JPEG and PNG images, for <see cref="ImageAnalysis"/>.</summary>
    public static UploadKind Image { get; } = new()
    {
        Name = "image",
        RoutedState = "An image",
        Patterns = ["*.jpg", "*.jpeg", "*.png"],
        ContentTypes = ["image/jpeg", "image/png"],
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
        ContentTypes = ["text/plain", "text/plain; charset=utf-8", "text/plain;charset=utf-8"],
        ByteLimit = TextFileReading.ByteLimit,
        Build = TextFileReading.Build,
    };

    /// <summary>The audio formats Transcribe accepts, for <see cref="AudioTranscription"/>.</summary>
    public static UploadKind Audio { get; } = new()
    {
        Name = "audio",
        RoutedState = "An audio",
        Patterns = ["*.mp3", "*.wav", "*.flac", "*.ogg", "*.m4a", "*.webm"],
        ContentTypes = ["audio/mpeg", "audio/wav", "audio/x-wav", "audio/flac", "audio/ogg", "audio/mp4", "audio/webm"],
        ByteLimit = AudioByteLimit,
        TooLarge = new("Audio too long", "LabStack.AudioTooLong",
            $"The lab transcribes audio files of at most {AudioByteLimit} bytes (about 2 minutes of MP3): Transcribe bills $0.024 a minute."),
        Build = AudioTranscription.Build,
    };

    /// <summary>Every kind, in routing order.</summary>
    public static IReadOnlyList<UploadKind> All { get; } = [Image, Text, Audio];

    /// <summary>The kind "Analyze as" goes on with when <see cref="RunDocument.KindIs"/> names none of the others.</summary>
    public static UploadKind Fallback => Text;
}
