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
            Assert.InRange(bytes.LongLength, 1, ImageAnalysis.ByteLimit);
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

    [Fact]
    public void ErrorSamplesAreAnEmptyTextAndAnUnsupportedType()
    {
        Assert.Equal(0, new FileInfo(Path.Combine(Folder, "empty.txt")).Length);
        Assert.DoesNotContain(ImageAnalysis.Patterns.Concat(TextFileReading.Patterns), p => p.EndsWith(".csv", StringComparison.Ordinal));
    }
}
