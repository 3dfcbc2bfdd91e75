using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

public sealed class SchemaMigrationTests
{
    /// <summary>Writes a database the way version 1 of NewsMiner did: its schema script and rows of its shape.</summary>
    private static void WriteVersion1Database(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        c.Execute("PRAGMA journal_mode = WAL;");
        c.Execute(Schema.V1);
        c.Execute("PRAGMA user_version = 1;");
        c.Execute("INSERT INTO feeds (id, url, title, last_read) VALUES (1, 'samples/demo/feed.xml', 'Demo', '2025-06-03T00:00:00Z')");
        foreach (var (id, url, canonical, published) in new[]
                 {
                     (1, "https://a.example/bitopro", "https://a.example/bitopro?amp", "2025-06-03T11:42:00+10:00"),
                     (2, "https://b.example/bitopro-lazarus", (string?)null, "2025-06-04T09:00:00+08:00"),
                 })
            c.Execute(@"INSERT INTO articles (id, url, canonical_url, title, published, fetched_at, text, content_hash, relevance, feed_id)
                        VALUES (@id, @url, @canonical, 'BitoPro', @published, '2025-06-05T00:00:00Z', @text, @hash, 0.98, 1)",
                new { id, url, canonical, published, text = "text " + id, hash = "hash" + id });
        // Version 1 kept two incidents for one theft when the second report's date fell outside its 14-day window.
        c.Execute(@"INSERT INTO incidents (id, victim, victim_key, amount, currency, actor, date, mixers, confidence, first_seen) VALUES
                    (1, 'BitoPro', 'bitopro', 11000000, 'USD', 'Lazarus Group', '2025-05-08', '[""Tornado Cash""]', 0.8, '2025-06-05T00:00:00Z'),
                    (2, 'BitoPro exchange', 'bitopro', 4000, 'ETH', NULL, '2025-05-30', '[]', 0.6, '2025-06-05T00:00:00Z')");
        c.Execute(@"INSERT INTO mentions (incident_id, article_id, victim, amount, currency, actor, date, mixers, is_primary, confidence, field_confidence, evidence) VALUES
                    (1, 1, 'BitoPro', 11000000, 'USD', 'Lazarus Group', '2025-05-08', '[""Tornado Cash""]', 1, 0.8, '{""victim"":0.8}',
                     '[{""field"":""actor"",""sentence"":""Officials blamed TraderTraitor."",""start"":0,""end"":31}]'),
                    (2, 2, 'BitoPro exchange', 4000, 'ETH', NULL, '2025-05-30', '[]', 1, 0.6, '{}', '[]')");
        c.Execute(@"INSERT INTO runs (started_at, finished_at, feeds_read, feeds_failed, articles_new, articles_skipped, articles_failed, incidents_new, failures)
                    VALUES ('2025-06-05T00:00:00Z', '2025-06-05T00:01:00Z', 1, 0, 2, 0, 0, 2, '[]')");
    }

    [Fact]
    public async Task Open_Version1File_UpgradesInPlace_KeepingEveryRowAndRemergingByTheNewRules()
    {
        using var dir = new TempDir();
        var path = dir.File("v1.db");
        WriteVersion1Database(path);

        using (var store = SqliteIncidentStore.Open(path))
        {
            Assert.Equal(2, await store.CountAsync("articles", default));
            Assert.Equal(2, await store.CountAsync("mentions", default));
            Assert.Equal(1, await store.CountAsync("runs", default));
            Assert.Equal(["https://a.example/bitopro", "https://a.example/bitopro?amp"], await store.ArticleUrlsAsync(1, default));
            Assert.True(await store.HasArticleAsync("https://a.example/bitopro?amp", default));

            var incident = Assert.Single(await store.ListIncidentsAsync(default));
            Assert.Equal(1, incident.Id);
            Assert.Equal(2, incident.Sources.Count);
            Assert.Equal("BitoPro", incident.Victim);
            var detail = await store.GetIncidentAsync(1, default);
            Assert.Equal("TraderTraitor", detail.Reports.Single(r => r.ArticleId == 1).ActorAsWritten);
            var eth = detail.Reports.Single(r => r.ArticleId == 2);
            Assert.True(eth.AmountUsdDerived);
            Assert.NotNull(eth.AmountUsd);
        }

        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(SqliteIncidentStore.SchemaVersion, c.ExecuteScalar<long>("PRAGMA user_version;"));
        Assert.Equal(2L, c.ExecuteScalar<long>("SELECT source_count FROM incident_summary WHERE id = 1"));
        Assert.Equal("run", c.ExecuteScalar<string>("SELECT kind FROM runs"));

        // Opening again is a no-op.
        using (var again = SqliteIncidentStore.Open(path)) Assert.Single(await again.ListIncidentsAsync(default));
    }

    /// <summary>Writes a database the way version 2 of NewsMiner left it: its two scripts and rows of its shape.</summary>
    private static void WriteVersion2Database(string path, string wireText)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        c.Execute("PRAGMA journal_mode = WAL;");
        c.Execute(Schema.V1);
        c.Execute(Schema.V2);
        c.Execute("PRAGMA user_version = 2;");
        c.Execute("INSERT INTO feeds (id, url, title, last_read) VALUES (1, 'https://meridianwire.example/feed', 'Meridian Wire', '2025-03-12T07:00:00Z')");
        c.Execute(@"INSERT INTO articles (id, url, canonical_url, title, published, fetched_at, text, content_hash, relevance, feed_id, extracted_at)
                    VALUES (1, 'https://meridianwire.example/larkspur', 'https://meridianwire.example/larkspur', 'Larkspur', '2025-03-12T06:40:00+00:00',
                            '2025-03-12T07:00:00Z', @wireText, 'hash1', 0.97, 1, '2025-03-12T07:00:00Z'),
                           (2, 'https://b.example/short', NULL, 'Short', NULL, '2025-03-12T07:00:00Z', 'A short text.', 'hash2', 0.1, 1, NULL)", new { wireText });
        c.Execute(@"INSERT INTO article_urls (url, article_id, kind) VALUES
                    ('https://meridianwire.example/larkspur', 1, 'link'), ('https://mirror.example/larkspur', 1, 'alias'), ('https://b.example/short', 2, 'link')");
        c.Execute(@"INSERT INTO runs (started_at, finished_at, feeds_read, feeds_failed, articles_new, articles_skipped, articles_failed, incidents_new, failures, kind)
                    VALUES ('2025-03-12T07:00:00Z', '2025-03-12T07:01:00Z', 1, 0, 2, 1, 0, 0, '[]', 'run')");
    }

    [Fact]
    public async Task Open_Version2File_UpgradesInPlaceToTheCurrentVersion_KeepingEveryRow_AndIndexesStoredTextsForNearDuplicates()
    {
        using var dir = new TempDir();
        var path = dir.File("v2.db");
        var cleaner = new Core.Cleaning.AngleSharpArticleCleaner();
        var wire = Core.Cleaning.ArticleFiles.Read(TestPaths.Data("neardup", "wire-original.html"), cleaner);
        var syndicated = Core.Cleaning.ArticleFiles.Read(TestPaths.Data("neardup", "wire-syndicated.html"), cleaner, "https://coastal.example/larkspur");
        WriteVersion2Database(path, wire.Text);

        using (var store = SqliteIncidentStore.Open(path))
        {
            Assert.Equal(2, await store.CountAsync("articles", default));
            Assert.Equal(1, await store.CountAsync("runs", default));
            Assert.Equal(["https://meridianwire.example/larkspur", "https://mirror.example/larkspur"], await store.ArticleUrlsAsync(1, default));
            // The stored wire text was indexed by the migration (the short one is too short to be), so a copy found later merges into it.
            Assert.Equal(NearDuplicates.Bands, await store.CountAsync("article_sketches", default));
            var match = await store.FindCopyAsync(syndicated, default);
            Assert.Equal((1L, "near_duplicate"), (match!.ArticleId, match.Kind));
            var saved = await store.SaveArticleAsync("https://coastal.example/larkspur", syndicated, null, 1, null, default);
            Assert.Equal(SaveKind.NearDuplicate, saved.Kind);
            var feed = await store.GetFeedStateAsync("https://meridianwire.example/feed", default);
            Assert.Equal(DateTimeOffset.Parse("2025-03-12T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture), feed!.LastChecked);
            Assert.Null(feed.ETag);
        }

        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(SqliteIncidentStore.SchemaVersion, c.ExecuteScalar<long>("PRAGMA user_version;"));
        Assert.Equal("ok", c.ExecuteScalar<string>("PRAGMA integrity_check;"));
        Assert.Empty(c.Query("PRAGMA foreign_key_check;"));
        Assert.Equal(["link", "alias", "link", "near_duplicate"], c.Query<string>("SELECT kind FROM article_urls ORDER BY rowid"));
        // The rebuilt table still refuses an unknown kind.
        Assert.Throws<SqliteException>(() => c.Execute("INSERT INTO article_urls (url, article_id, kind) VALUES ('https://x.example/', 1, 'bogus')"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM queue"));
        Assert.Null(c.ExecuteScalar<long?>("SELECT articles_queued FROM runs"));
        // Version 4: the finished run is not an interrupted one, and no feed has told its ttl yet.
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT interrupted FROM runs"));
        Assert.Equal(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM feeds WHERE ttl_seconds IS NOT NULL"));
        Assert.True(c.ExecuteScalar<long>("SELECT COUNT(*) FROM feeds") > 0);

        // Opening again is a no-op.
        using (var again = SqliteIncidentStore.Open(path)) Assert.Equal(2, await again.CountAsync("articles", default));
    }

    [Fact]
    public void Open_Version1FileLockedByAnotherProcess_IsRefusedAndLeftUntouched()
    {
        using var dir = new TempDir();
        var path = dir.File("v1.db");
        WriteVersion1Database(path);
        using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            holder.Open();
            holder.Execute("BEGIN IMMEDIATE;");
            var ex = Assert.Throws<NewsMinerInputException>(() => SqliteIncidentStore.Open(path, new StoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) }));
            Assert.Contains("locked", ex.Reason);
            holder.Execute("ROLLBACK;");
        }
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Assert.Equal(1L, c.ExecuteScalar<long>("PRAGMA user_version;"));
    }
}
