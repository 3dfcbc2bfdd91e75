using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

/// <summary>Issue 6, end to end: three differently worded BitoPro reports, through the extractor, into one incident.</summary>
[Collection(ModelCollection.Name)]
public sealed class BitoProEndToEndTests(SharedModels models)
{
    private static readonly string[] Files = ["1-harbour-ledger.txt", "2-chain-watch.txt", "3-asia-crypto-brief.txt"];

    [Fact]
    public async Task Issue6_ThreeBitoProArticles_BecomeOneIncidentWithThreeSources_AndReextractionDuplicatesNothing()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("bitopro.db"));
        foreach (var file in Files)
        {
            var article = ArticleFiles.Read(TestPaths.Data("bitopro", file), new AngleSharpArticleCleaner());
            var (stored, _) = await store.SaveArticleAsync(article.Url!, article, models.Extractor.Extract(article), null, default);
            Assert.True(stored, file);
        }

        var incident = Assert.Single(await store.ListIncidentsAsync(new IncidentQuery { Victim = "BitoPro" }, default));
        Assert.Equal("BitoPro", incident.Victim);
        Assert.Equal(3, incident.Sources.Count);
        Assert.Equal("2025-05-08", incident.Date);
        Assert.Equal("USD", incident.Currency);
        Assert.InRange(incident.Amount!.Value, 10_500_000m, 11_600_000m);
        Assert.Equal("Lazarus Group", incident.Actor);
        Assert.Equal(VictimTypes.Exchange, incident.VictimType);
        Assert.Contains("THORChain", incident.Mixers);

        var detail = await store.GetIncidentAsync(incident.Id, default);
        Assert.True(detail.Estimates.Count >= 2, "the differing figures are kept as separate estimates");
        Assert.Contains(detail.Reports, r => r.ActorAsWritten == "TraderTraitor");

        // After retraining, `newsminer reextract` re-runs extraction on the stored texts: twice, to be sure.
        var counts = (await store.CountAsync("incidents", default), await store.CountAsync("mentions", default));
        for (var round = 0; round < 2; round++)
            foreach (var a in await store.ListArticlesAsync(default))
                await store.ReplaceExtractionAsync(a.Id, models.Extractor.Extract(a.Article), default);
        Assert.Equal(counts, (await store.CountAsync("incidents", default), await store.CountAsync("mentions", default)));
        var again = Assert.Single(await store.ListIncidentsAsync(new IncidentQuery { Victim = "BitoPro" }, default));
        Assert.Equal(incident.Id, again.Id);
        Assert.Equal(3, again.Sources.Count);
    }
}
