using Microsoft.Extensions.Logging.Abstractions;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Pipeline;

[Collection(ModelCollection.Name)]
public sealed class MiningPipelineTests(SharedModels models)
{
    /// <summary>Real HTTP, but no politeness delay and near-instant retries, so the tests stay fast.</summary>
    internal static readonly FetchOptions Fast = FetchOptions.Default with { PerHostDelay = TimeSpan.Zero, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    /// <summary>Feeds read on every run, however recent the last read (the interval has its own tests).</summary>
    internal static readonly PipelineOptions NoInterval = PipelineOptions.Default with { FeedInterval = TimeSpan.Zero };

    [Fact]
    public async Task Run_OverRealHttp_StoresIncidents_ReportsFailures_AndSecondRunAddsNothing()
    {
        using var server = new LoopbackServer();
        server.MapBytes("/feed.xml", TestPages.Rss(server.BaseUrl,
            "/2025/06/bitopro", "/broken", "/missing", "file:///etc/passwd", "/pdf"), "application/rss+xml");
        server.MapBytes("/2025/06/bitopro", await File.ReadAllBytesAsync(TestPaths.Seed), "text/html; charset=utf-8");
        server.MapText("/broken", "oops", status: 500);
        server.MapBytes("/pdf", "%PDF-1.4 fake"u8.ToArray(), "application/pdf");
        server.MapText("/bad-feed.xml", "<!DOCTYPE html><html><body><p>Sorry, this is a web page, not a feed.</p></body></html>", "text/html");

        using var dir = new TempDir();
        var db = dir.File("run.db");
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true), new(server.BaseUrl + "/bad-feed.xml", true), new(server.BaseUrl + "/gone.xml", true)];

        RunSummary first;
        using (var store = SqliteIncidentStore.Open(db))
        using (var fetcher = new HttpFetcher(Fast))
            first = await new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), models.Extractor, store, NullLogger.Instance).RunAsync(feeds, default);

        Assert.True(first.Counts.ArticlesNew == 1, string.Join("\n", first.Failures));
        // Four items queued (the file:// link is refused before the queue and given up at once); three fail and stay queued for a retry.
        Assert.Equal(new RunCounts(FeedsRead: 1, FeedsFailed: 2, ArticlesNew: 1, ArticlesSkipped: 0, ArticlesFailed: 4, IncidentsNew: 2,
            ArticlesQueued: 4, ArticlesGivenUp: 1), first.Counts);
        Assert.Contains(first.Failures, f => f.Contains("/broken") && f.Contains("HTTP 500"));
        Assert.Contains(first.Failures, f => f.Contains("/missing") && f.Contains("HTTP 404"));
        Assert.Contains(first.Failures, f => f.Contains("file:///etc/passwd") && f.Contains("only link to http(s)"));
        Assert.Contains(first.Failures, f => f.Contains("/pdf") && f.Contains("application/pdf"));
        Assert.Contains(first.Failures, f => f.Contains("bad-feed.xml") && f.Contains("not a feed"));
        Assert.Contains(first.Failures, f => f.Contains("gone.xml") && f.Contains("HTTP 404"));

        using (var store = SqliteIncidentStore.Open(db))
        {
            var incidents = await store.ListIncidentsAsync(default);
            var bitopro = Assert.Single(incidents, i => i.Victim == "BitoPro");
            Assert.Equal(11_000_000m, bitopro.Amount);
            Assert.Equal([server.BaseUrl + "/2025/06/bitopro"], bitopro.Sources);
            Assert.Contains(incidents, i => i.Victim == "Bybit");

            using var fetcher = new HttpFetcher(Fast);
            var second = await new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), models.Extractor, store, NullLogger.Instance, options: NoInterval).RunAsync(feeds[..1], default);
            Assert.Equal(0, second.Counts.ArticlesNew);
            Assert.Equal(0, second.Counts.IncidentsNew);
            Assert.Equal(0, second.Counts.ArticlesQueued);
            // Stored already: the BitoPro page; given up already: the file:// link. The three failures are retried (and fail again).
            Assert.Equal(2, second.Counts.ArticlesSkipped);
            Assert.Equal(3, second.Counts.ArticlesFailed);
            Assert.Contains(second.Failures, f => f.Contains("/broken") && f.Contains("attempt 2 of 5"));
            Assert.Equal(1, await store.CountAsync("articles", default));
            Assert.Equal(2, await store.CountAsync("runs", default));
        }
    }

    [Fact]
    public async Task Run_SameArticleWithTrackingParameters_IsStoredOnce()
    {
        using var server = new LoopbackServer();
        server.MapBytes("/feed.xml", TestPages.Rss(server.BaseUrl,
            "/2025/06/bitopro?utm_source=rss&amp;utm_medium=feed", "/2025/06/bitopro#comments", "/2025/06/bitopro?fbclid=1"), "application/rss+xml");
        server.MapBytes("/2025/06/bitopro", await File.ReadAllBytesAsync(TestPaths.Seed), "text/html; charset=utf-8");
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("dedup.db"));
        using var fetcher = new HttpFetcher(Fast);
        var run = await new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), models.Extractor, store, NullLogger.Instance)
            .RunAsync([new FeedLocation(server.BaseUrl + "/feed.xml", true)], default);
        Assert.Equal(1, run.Counts.ArticlesNew);
        Assert.Equal(2, run.Counts.ArticlesSkipped);
        Assert.Equal(1, await store.CountAsync("articles", default));
    }

    [Fact]
    public async Task Fetch_TimesOut_WithClearReason()
    {
        using var server = new LoopbackServer();
        server.Map("/slow", async ctx => { await Task.Delay(5000); ctx.Response.Close(); });
        using var fetcher = new HttpFetcher(Fast with { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 });
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/slow", default));
        Assert.Contains("timed out", ex.Reason);
    }

    [Fact]
    public async Task Fetch_AbortsBodyOverSizeLimit()
    {
        using var server = new LoopbackServer();
        server.Map("/huge", async ctx =>
        {
            ctx.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 64; i++) await ctx.Response.OutputStream.WriteAsync(chunk);
            ctx.Response.Close();
        });
        using var fetcher = new HttpFetcher(Fast with { MaxBytes = 1024 * 1024 });
        var ex = await Assert.ThrowsAsync<NewsMinerInputException>(() => fetcher.GetAsync(server.BaseUrl + "/huge", default));
        Assert.Contains("larger than 1 MB", ex.Reason);
    }
}
