using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

public sealed class SqliteIncidentStoreTests
{
    private static Task<(bool Stored, int NewIncidents)> Save(SqliteIncidentStore store, string url, string text, params Core.Extraction.IncidentRecord[] incidents) =>
        store.SaveArticleAsync(url, Some.Article(text, url: url), Some.Extraction(incidents), null, default);

    [Fact]
    public async Task SaveArticle_StoresArticleAndIncidentWithSources()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        var (stored, created) = await Save(store, "https://news.example/a", "one", Some.Incident("BitoPro", "2025-05-08"));
        Assert.True(stored);
        Assert.Equal(1, created);
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal("BitoPro", i.Victim);
        Assert.Equal(11_000_000m, i.Amount);
        Assert.Equal(11_000_000m, i.AmountUsd);
        Assert.False(i.AmountUsdDerived);
        Assert.Equal(["https://news.example/a"], i.Sources);
    }

    /// <summary>Issue 6: three differently worded BitoPro reports are one incident with three sources.</summary>
    [Fact]
    public async Task Issue6_ThreeBitoProReports_BecomeOneIncidentWithThreeSourcesAndEveryEstimate()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/bitopro", "first", Some.Incident("BitoPro", "2025-05-08", 11_000_000m, actor: "Lazarus Group",
            mixers: ["Tornado Cash", "THORChain"], victimSentence: "Taiwanese crypto exchange BitoPro lost about US$11 million."));
        await Save(store, "https://b.example/bitopro", "second", Some.Incident("BitoPro exchange", "2025-05", 11_500_000m, actor: "Lazarus Group",
            mixers: ["Wasabi Wallet"], actorSentence: "Investigators tied the theft to TraderTraitor, a North Korean unit."));
        var (_, created) = await Save(store, "https://c.example/bitopro", "third", Some.Incident("Taiwan's BitoPro", "2025-05-08", 11_000_000m, actor: null));

        Assert.Equal(0, created);
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal("BitoPro", i.Victim);
        Assert.Equal(3, i.Sources.Count);
        Assert.Equal(11_000_000m, i.Amount);
        Assert.Equal("2025-05-08", i.Date);
        Assert.Equal("Lazarus Group", i.Actor);
        Assert.Equal(VictimTypes.Exchange, i.VictimType);
        Assert.Equal(["THORChain", "Tornado Cash", "Wasabi Wallet"], i.Mixers.Order(StringComparer.Ordinal));

        var detail = await store.GetIncidentAsync(i.Id, default);
        Assert.Equal(2, detail.Estimates.Count);
        Assert.Equal(2, detail.Estimates.Single(e => e.Amount == 11_000_000m).Sources.Count);
        Assert.Equal(["https://b.example/bitopro"], detail.Estimates.Single(e => e.Amount == 11_500_000m).Sources);
        Assert.Equal("TraderTraitor", detail.Reports.Single(r => r.Url == "https://b.example/bitopro").ActorAsWritten);
    }

    [Fact]
    public async Task SaveArticle_KeepsSeparateThefts_OfSameVictimAtDifferentTimes()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/1", "first", Some.Incident("Bithumb", "2018-06-19", 31_000_000m));
        await Save(store, "https://a.example/2", "second", Some.Incident("Bithumb", "2019-03-29", 13_000_000m));
        await Save(store, "https://a.example/3", "third", Some.Incident("Bithumb exchange", "2019-03", 13_000_000m));
        var list = await store.ListIncidentsAsync(default);
        Assert.Equal(2, list.Count);
        Assert.Equal([1, 2], list.Select(i => i.Sources.Count).Order());
    }

    [Fact]
    public async Task SaveArticle_UndatedBackgroundMention_JoinsTheTheftWithTheSameAmount()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/bybit", "first", Some.Incident("Bybit", "2025-02-21", 1_500_000_000m));
        await Save(store, "https://a.example/other", "second", Some.Incident("Bybit", null, 1_500_000_000m, primary: false));
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(2, i.Sources.Count);
        Assert.Equal("2025-02-21", i.Date);
    }

    [Fact]
    public async Task SaveArticle_CryptoOnlyAmount_KeepsItAndDerivesUsdFromThePriceTable()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/eth", "text", Some.Incident("SomeBridge", "2024-03-10", 4_000m, "ETH"));
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(4_000m, i.Amount);
        Assert.Equal("ETH", i.Currency);
        Assert.True(i.AmountUsdDerived);
        Assert.Equal(4_000m * Core.Pricing.PriceTable.Default.ToUsd(1, "ETH", "2024-03")!.Rate, i.AmountUsd);
        Assert.Contains("2024-03 reference price", i.UsdNote);
    }

    [Fact]
    public async Task SaveArticle_IsIdempotent_ForSameUrl_AndKeepsCopiesUrls()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/1", "same text", Some.Incident("BitoPro", null));
        var again = await Save(store, "https://a.example/1", "same text", Some.Incident("BitoPro", null));
        var syndicated = await Save(store, "https://mirror.example/1", "same text", Some.Incident("BitoPro", null));
        Assert.False(again.Stored);
        Assert.False(syndicated.Stored);
        Assert.Equal(1, await store.CountAsync("articles", default));
        Assert.Equal(1, await store.CountAsync("mentions", default));
        Assert.Contains("https://mirror.example/1", await store.ArticleUrlsAsync(1, default));
        Assert.True(await store.HasArticleAsync("https://mirror.example/1", default));
    }

    [Fact]
    public async Task ReplaceExtraction_UpdatesMentionsAndRemerges_WithoutDuplicates()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/1", "first", Some.Incident("BitoPro", "2025-05-08", 11_000_000m));
        await Save(store, "https://b.example/2", "second", Some.Incident("Bitopro", "2025-06-02", 11_500_000m, actor: null));
        var id = Assert.Single(await store.ListIncidentsAsync(default)).Id;

        // A retrained model now reads the second article's theft date correctly and finds the actor.
        for (var round = 0; round < 2; round++)
        {
            var outcome = await store.ReplaceExtractionAsync(2, Some.Extraction(Some.Incident("BitoPro", "2025-05-08", 11_000_000m)), default);
            Assert.Equal(1, outcome.MentionsBefore);
            Assert.Equal(0, outcome.IncidentsCreated);
        }
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(id, i.Id);
        Assert.Equal(2, i.Sources.Count);
        Assert.Equal(2, await store.CountAsync("mentions", default));
        Assert.Single((await store.GetIncidentAsync(id, default)).Estimates);

        // And a model that finds no theft in it removes its mention, not the incident.
        Assert.Equal(0, (await store.ReplaceExtractionAsync(2, Some.Extraction(), default)).IncidentsRemoved);
        Assert.Equal(["https://a.example/1"], Assert.Single(await store.ListIncidentsAsync(default)).Sources);

        // While an incident reported by that article alone goes.
        await Save(store, "https://c.example/3", "third", Some.Incident("Phemex", "2025-01-23", 70_000_000m));
        var gone = await store.ReplaceExtractionAsync(3, Some.Extraction(), default);
        Assert.Equal((1, 0, 1), (gone.MentionsBefore, gone.MentionsAfter, gone.IncidentsRemoved));
        Assert.Single(await store.ListIncidentsAsync(default));
    }

    [Fact]
    public async Task ReplaceExtraction_OfTheOnlySource_KeepsTheIncidentId()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await Save(store, "https://a.example/1", "first", Some.Incident("WazirX", "2024-07-18", 230_000_000m));
        var id = Assert.Single(await store.ListIncidentsAsync(default)).Id;
        await store.ReplaceExtractionAsync(1, Some.Extraction(Some.Incident("WazirX", "2024-07-18", 234_900_000m)), default);
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(id, i.Id);
        Assert.Equal(234_900_000m, i.Amount);
    }

    [Fact]
    public async Task GetIncident_UnknownId_IsAClearError()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => store.GetIncidentAsync(42, default));
        Assert.Equal("incident 42", ex.Input);
        Assert.Contains("no such incident", ex.Reason);
    }

    [Fact]
    public async Task Views_GiveOneSummaryRowPerIncident_AndOneSourceRowPerArticle()
    {
        using var dir = new TempDir();
        var path = dir.File("t.db");
        using (var store = SqliteIncidentStore.Open(path))
        {
            await Save(store, "https://a.example/1", "first", Some.Incident("BitoPro", "2025-05-08", mixers: ["Tornado Cash", "THORChain"]));
            await Save(store, "https://b.example/2", "second", Some.Incident("BitoPro exchange", "2025-05-08", 11_500_000m));
            await Save(store, "https://c.example/3", "third", Some.Incident("WazirX", "2024-07-18", 230_000_000m, mixers: []));
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        var summary = c.Query<(long Id, string Victim, string? Mixers, long SourceCount, long EstimateCount)>(
            "SELECT id, victim, mixers, source_count, estimate_count FROM incident_summary ORDER BY victim").ToList();
        Assert.Equal(2, summary.Count);
        Assert.Equal(("BitoPro", 2L, 2L), (summary[0].Victim, summary[0].SourceCount, summary[0].EstimateCount));
        Assert.Contains("THORChain", summary[0].Mixers);
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT COUNT(*) FROM incident_sources WHERE incident_id = @Id", new { summary[0].Id }));
        Assert.Equal(2, c.ExecuteScalar<long>("SELECT COUNT(*) FROM incident_estimates WHERE incident_id = @Id", new { summary[0].Id }));
    }

    [Fact]
    public void Open_RefusesFileThatIsNotADatabase()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("junk.db"), new string('x', 5000));
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(dir.File("junk.db")));
        Assert.Contains("not a SQLite database", ex.Reason);
    }

    [Fact]
    public void Open_RefusesAnotherProgramsDatabase()
    {
        using var dir = new TempDir();
        var path = dir.File("other.db");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            c.Execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(path));
        Assert.Contains("not a NewsMiner database", ex.Reason);
    }

    [Fact]
    public void Open_MissingFile_WhenItMustExist_IsAClearError()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(dir.File("none.db"), new StoreOptions { MustExist = true }));
        Assert.Contains("no such database", ex.Reason);
        Assert.False(File.Exists(dir.File("none.db")));
    }

    [Fact]
    public async Task Open_RefusesNewerSchema()
    {
        using var dir = new TempDir();
        var path = dir.File("new.db");
        using (var store = SqliteIncidentStore.Open(path)) await store.CountAsync("articles", default);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            c.Execute("PRAGMA user_version = 99;");
        }
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(path));
        Assert.Contains("schema version 99", ex.Reason);
        Assert.Contains("newer", ex.Reason);
    }

    [Fact]
    public void Open_LockedDatabase_IsAClearError()
    {
        using var dir = new TempDir();
        var path = dir.File("locked.db");
        using (SqliteIncidentStore.Open(path)) { }
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        holder.Execute("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;");
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(path, new StoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(path, ex.Input);
        Assert.Contains("locked", ex.Reason);
    }

    [Fact]
    public async Task Open_UsesWalAndForeignKeys()
    {
        using var dir = new TempDir();
        var path = dir.File("t.db");
        using var store = SqliteIncidentStore.Open(path);
        await store.CountAsync("articles", default);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal("wal", c.ExecuteScalar<string>("PRAGMA journal_mode;"));
        Assert.Equal(SqliteIncidentStore.SchemaVersion, c.ExecuteScalar<long>("PRAGMA user_version;"));
        Assert.Contains("REFERENCES articles(id)", c.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE name = 'mentions'"));
    }
}
