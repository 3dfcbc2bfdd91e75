using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Extraction;

/// <summary>The model record: the BitoPro heist as reported by an Australian security-news page (our own fixture).</summary>
[Collection(ModelCollection.Name)]
public sealed class SeedArticleTests(SharedModels models)
{
    [Fact]
    public void Extract_SeedPage_GivesBitoProRecordAndBybitBackgroundIncident()
    {
        var article = ArticleFiles.Read(TestPaths.Seed, new AngleSharpArticleCleaner());
        var result = models.Extractor.Extract(article);

        var primary = Assert.Single(result.Incidents, i => i.Primary);
        Assert.Equal("BitoPro", primary.Victim);
        Assert.Equal(11_000_000m, primary.Amount);
        Assert.Equal("USD", primary.Currency);
        Assert.Equal("Lazarus Group", primary.Actor);
        Assert.Equal("2025-05-08", primary.Date);
        Assert.Equal(["Tornado Cash", "Wasabi Wallet", "THORChain"], primary.Mixers);
        Assert.Contains(primary.Evidence, e => e.Field == "date" && e.Sentence.Contains("8 May"));
        foreach (var e in primary.Evidence) Assert.Equal(e.Sentence, article.Text[e.Start..e.End]);

        var bybit = Assert.Single(result.Incidents, i => i.Victim == "Bybit");
        Assert.False(bybit.Primary);
        Assert.Equal(1_500_000_000m, bybit.Amount);
        Assert.Equal("USD", bybit.Currency);
        Assert.Equal("Lazarus Group", bybit.Actor);
    }
}
