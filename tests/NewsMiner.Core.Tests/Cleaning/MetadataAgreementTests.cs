using NewsMiner.Core.Cleaning.Evaluation;

namespace NewsMiner.Core.Tests.Cleaning;

/// <summary>The rules by which evaluate-cleaning counts a metadata value as agreeing with the benchmark's.</summary>
public sealed class MetadataAgreementTests
{
    [Theory]
    [InlineData("By Jane Doe", "Jane Doe", true)]                         // Readability keeps "By "
    [InlineData("Jane Doe, Senior Writer", "Jane Doe", true)]             // ... and role suffixes
    [InlineData("Jane Doe", "John Roe", false)]
    [InlineData("Jong, Michiel de", "Kooman, F.; Jong, Michiel de", true)] // one of our two authors
    [InlineData("Stella Kim", "Stella Kim, Jennifer Jett", true)]
    [InlineData("Stella Kim", "Kim Lee, Jennifer Jett", false)]
    [InlineData("By Al", "Al", false)]                                    // too short to agree by containment
    [InlineData("April 28, 2019 at 6:01 am", "Benjamin Romano", false)]
    public void Byline(string expected, string ours, bool agrees) =>
        Assert.Equal(agrees, CleaningBenchmark.Agrees("byline", expected, ours, null));

    [Fact]
    public void NoExpectation_AgreesOnlyWithNoValue()
    {
        Assert.True(CleaningBenchmark.Agrees("byline", null, null, null));
        Assert.False(CleaningBenchmark.Agrees("byline", null, "Jane Doe", null));
        Assert.False(CleaningBenchmark.Agrees("title", "A title", null, null));
    }

    [Theory]
    [InlineData("en-US", "en", true)]
    [InlineData("pt_BR", "pt", true)]
    [InlineData("en", "de", false)]
    public void Language_ComparesThePrimarySubtag(string expected, string ours, bool agrees) =>
        Assert.Equal(agrees, CleaningBenchmark.Agrees("lang", expected, ours, null));

    [Fact]
    public void OtherFields_IgnoreCaseEntitiesAndSpacing() =>
        Assert.True(CleaningBenchmark.Agrees("siteName", "Ars&nbsp;Technica", "ars  technica", null));
}
