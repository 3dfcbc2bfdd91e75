using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;

namespace NewsMiner.Core.Tests.Extraction;

/// <summary>The date features that weigh the readings of a date written without a year.</summary>
public sealed class DateFeatureTests
{
    private const int VictimYearAgreement = 36, YearFromArticle = 37;

    [Fact]
    public void AReadingWhoseYearIsWrittenBesideTheVictim_AgreesAndThePublicationYearsDoesNot()
    {
        const string text = "The 2022 Ronin hack remains the largest bridge theft.\n\nOn 23 March, hackers drained Ronin of $620 million.";
        var c = CandidateSet.Build(new ArticleDocument("", text, new DateOnly(2024, 6, 3)));
        var ronin = Assert.Single(c.Entities, e => e.Display == "Ronin");
        var readings = FeatureBuilder.Candidates(c, Decision.Date).ToDictionary(d => d.Value, d => FeatureBuilder.Pair(c, ronin, [ronin], d).Numeric);
        Assert.Equal((1f, 1f), (readings["2022-03-23"][VictimYearAgreement], readings["2022-03-23"][YearFromArticle]));
        Assert.Equal((-1f, 0f), (readings["2024-03-23"][VictimYearAgreement], readings["2024-03-23"][YearFromArticle]));
    }
}
