using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

public sealed class SqliteIncidentStoreTests
{
    private static CleanedArticle Article(string text) => new() { Source = "t", Url = "https://news.example/a", Title = "T", Text = text };

    private static ExtractionResult Incidents(params IncidentRecord[] incidents) => new(0.99, incidents);

    private static IncidentRecord Incident(string victim, string? date, decimal amount = 11_000_000m, bool primary = true) => new()
    {
        Victim = victim, Amount = amount, Currency = "USD", Actor = "Lazarus Group", Date = date, Mixers = ["Tornado Cash"], Primary = primary, Confidence = 0.9,
    };

    [Fact]
    public async Task SaveArticle_StoresArticleAndIncidentWithSources()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        var (stored, created) = await store.SaveArticleAsync("https://news.example/a", Article("one"), Incidents(Incident("BitoPro", "2025-05-08")), null, default);
        Assert.True(stored);
        Assert.Equal(1, created);
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal("BitoPro", i.Victim);
        Assert.Equal(11_000_000m, i.Amount);
        Assert.Equal(["https://news.example/a"], i.Sources);
    }

    [Fact]
    public async Task SaveArticle_MergesSameVictimAndCompatibleDates_AcrossArticles()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await store.SaveArticleAsync("https://a.example/1", Article("first"), Incidents(Incident("BitoPro", "2025-05-08")), null, default);
        var (_, created) = await store.SaveArticleAsync("https://b.example/2", Article("second"), Incidents(Incident("BitoPro exchange", "2025-05", 11_500_000m)), null, default);
        Assert.Equal(0, created);
        var i = Assert.Single(await store.ListIncidentsAsync(default));
        Assert.Equal(2, i.Sources.Count);
        Assert.Equal("2025-05-08", i.Date);
    }

    [Fact]
    public async Task SaveArticle_KeepsSeparateThefts_OfSameVictimYearsApart()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await store.SaveArticleAsync("https://a.example/1", Article("first"), Incidents(Incident("Bithumb", "2018-06-19")), null, default);
        await store.SaveArticleAsync("https://a.example/2", Article("second"), Incidents(Incident("Bithumb", "2019-03-29")), null, default);
        Assert.Equal(2, (await store.ListIncidentsAsync(default)).Count);
    }

    [Fact]
    public async Task SaveArticle_IsIdempotent_ForSameUrlOrSameText()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("t.db"));
        await store.SaveArticleAsync("https://a.example/1", Article("same text"), Incidents(Incident("BitoPro", null)), null, default);
        var again = await store.SaveArticleAsync("https://a.example/1", Article("same text"), Incidents(Incident("BitoPro", null)), null, default);
        var syndicated = await store.SaveArticleAsync("https://mirror.example/1", Article("same text"), Incidents(Incident("BitoPro", null)), null, default);
        Assert.False(again.Stored);
        Assert.False(syndicated.Stored);
        Assert.Equal(1, await store.CountAsync("articles", default));
        Assert.Equal(1, await store.CountAsync("mentions", default));
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
    public async Task Open_RefusesNewerSchema()
    {
        using var dir = new TempDir();
        var path = dir.File("new.db");
        using (var store = SqliteIncidentStore.Open(path)) await store.CountAsync("articles", default);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99;";
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(path));
        Assert.Contains("schema version 99", ex.Reason);
    }

    [Theory]
    [InlineData("2025-05-08", "2025-05-20", true)]
    [InlineData("2025-05-08", "2025-07-01", false)]
    [InlineData("2025-05", "2025-05-31", true)]
    [InlineData("2025-04-30", "2025-05", true)]
    [InlineData("2025-02", "2025-05", false)]
    [InlineData(null, "2025-05", true)]
    public void DatesCompatible_FollowsMergeWindow(string? a, string? b, bool expected) =>
        Assert.Equal(expected, SqliteIncidentStore.DatesCompatible(a, b));
}
