using LabStack.AiPipeline;
using LabStack.Tests.Validation;

namespace LabStack.Tests.AiPipeline;

/// <summary>The sample inputs shipped for learners are what their README says they are.</summary>
public sealed class SampleInputTests
{
    private static readonly string Folder = LabPaths.Asset("pipeline-samples");

    [Fact]
    public void ImagesAreExactlyWhatTheirGeneratorDraws() =>
        NodeTools.Run("node", Path.Combine(Folder, "generate-images.mjs"), "--check"); // throws with the generator's message when stale

    [Fact]
    public void ImagesArePngsRekognitionAccepts()
    {
        foreach (var image in Directory.GetFiles(Folder, "*.png"))
        {
            var bytes = File.ReadAllBytes(image);
            Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, bytes[..8]);
            Assert.InRange(bytes.LongLength, 1, UploadKinds.Image.ByteLimit);
        }
    }

    [Theory]
    [InlineData("review-en.txt")]
    [InlineData("opinion-es.txt")]
    [InlineData("avis-fr.txt")]
    [InlineData("meinung-de.txt")]
    [InlineData("maoni-sw.txt")]
    public void TextsAreUtf8AndFitOneAnalysis(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.InRange(bytes.Length, 1, TextFileReading.ByteLimit);
        Assert.Equal(bytes, System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes)));
    }

    [Theory]
    [InlineData("speech-en.wav", "review-en.txt")]
    [InlineData("speech-es.wav", "opinion-es.txt")]
    public void SpeechSamplesAreMonoPcmWavesTranscribeAcceptsUnderTheLabsLimit(string file, string spokenText)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVEfmt ", System.Text.Encoding.ASCII.GetString(bytes, 8, 8));
        var (format, channels, rate, bits) = (BitConverter.ToInt16(bytes, 20), BitConverter.ToInt16(bytes, 22), BitConverter.ToInt32(bytes, 24), BitConverter.ToInt16(bytes, 34));
        Assert.Equal((1, 1, 16), ((int)format, (int)channels, (int)bits)); // PCM, mono, 16-bit
        Assert.InRange(rate, 8000, 48000); // Transcribe takes 8 to 48 kHz
        var seconds = (bytes.Length - 44) / (double)(rate * 2);
        Assert.InRange(seconds, 3, 60);
        Assert.InRange(bytes.LongLength, 1, UploadKinds.Audio.ByteLimit);
        Assert.Contains(UploadKinds.Audio.Patterns, p => file.EndsWith(p.TrimStart('*'), StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Folder, spokenText)), $"{file} speaks {spokenText}");
        Assert.Contains($"-w {file} -f {spokenText}", File.ReadAllText(Path.Combine(Folder, "generate-audio.sh")));
    }

    [Fact]
    public void TheBadAudioSampleIsTextUnderAnAudioName()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "not-audio.mp3"));
        Assert.False(bytes[..3].SequenceEqual("ID3"u8.ToArray()) || (bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0), "not-audio.mp3 must not be MP3");
        Assert.All(bytes, b => Assert.InRange(b, (byte)0x0A, (byte)0x7E));
    }

    [Theory]
    [InlineData("test-pattern.mp4")]
    [InlineData("test-pattern.mov")]
    public void VideoSamplesAreH264InMp4AndMovUnderTheLabsLimits(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        // The video track's sample entry is avc1: H.264, the codec Rekognition Video takes. (Their 6 s: VideoHeaderTests.)
        Assert.True(bytes.AsSpan().IndexOf("avc1"u8) > 0, $"{file} has no H.264 (avc1) track");
        Assert.InRange(bytes.LongLength, 1, 100_000);
        Assert.Contains(UploadKinds.Video.Patterns, p => file.EndsWith(p.TrimStart('*'), StringComparison.Ordinal));
        Assert.Contains($" {file}\n", File.ReadAllText(Path.Combine(Folder, "generate-video.sh")).Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void TheBadVideoSampleIsTextUnderAVideoName()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "not-video.mp4"));
        Assert.All(bytes, b => Assert.InRange(b, (byte)0x0A, (byte)0x7E));
        Assert.Contains(UploadKinds.Video.Patterns, p => p == "*.mp4");
    }

    [Fact]
    public void ErrorSamplesAreAnEmptyTextAndAnUnsupportedType()
    {
        Assert.Equal(0, new FileInfo(Path.Combine(Folder, "empty.txt")).Length);
        Assert.DoesNotContain(UploadKinds.Image.Patterns.Concat(UploadKinds.Text.Patterns), p => p.EndsWith(".csv", StringComparison.Ordinal));
    }
}
