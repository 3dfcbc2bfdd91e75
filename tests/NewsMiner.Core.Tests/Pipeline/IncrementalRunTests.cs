using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Pipeline;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Pipeline;

/// <summary>Runs after the first: conditional GET, the minimum interval per feed, near-duplicates, the work queue.</summary>
[Collection(ModelCollection.Name)]
public sealed class IncrementalRunTests(SharedModels models)
{
    private static readonly FetchOptions Fast = MiningPipelineTests.Fast;
    private static readonly PipelineOptions NoInterval = MiningPipelineTests.NoInterval;

    private static byte[] BitoPro(int n) => TestPages.FromTextFile(TestPaths.Data("bitopro", n switch
    {
        1 => "1-harbour-ledger.txt",
        2 => "2-chain-watch.txt",
        _ => "3-asia-crypto-brief.txt",
    }));

    private static byte[] NearDup(string name) => File.ReadAllBytes(TestPaths.Data("neardup", name + ".html"));

    private async Task<RunSummary> RunAsync(SqliteIncidentStore store, FeedLocation[] feeds, PipelineOptions options, FetchOptions? fetch = null,
        ILogger? logger = null, IRunProgress? progress = null, CancellationToken stopping = default)
    {
        using var fetcher = new HttpFetcher(fetch ?? Fast);
        return await new MiningPipeline(fetcher, new AngleSharpArticleCleaner(), models.Extractor, store, logger ?? new CollectingLogger(), progress, options)
            .RunAsync(feeds, stopping);
    }

    private static SqliteConnection Connect(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    [Fact]
    public async Task SecondRun_OverUnchangedFeeds_MakesOnlyConditionalRequestsAndStoresNothing_AndAChangedFeedIsReadAgain()
    {
        using var server = new LoopbackServer();
        var byETag = new ConditionalResource(TestPages.Rss(server.BaseUrl, "/a/1", "/a/2"), "\"v1\"", null);
        const string modified = "Wed, 12 Mar 2025 07:00:00 GMT";
        var byDate = new ConditionalResource(TestPages.Rss(server.BaseUrl, "/b/1"), null, modified);
        server.MapConditional("/etag.xml", byETag);
        server.MapConditional("/dated.xml", byDate);
        server.MapBytes("/a/1", BitoPro(1), "text/html; charset=utf-8");
        server.MapBytes("/a/2", BitoPro(2), "text/html; charset=utf-8");
        server.MapBytes("/a/3", BitoPro(3), "text/html; charset=utf-8");
        server.MapBytes("/b/1", NearDup("wire-original"), "text/html; charset=utf-8");
        FeedLocation[] feeds = [new(server.BaseUrl + "/etag.xml", true), new(server.BaseUrl + "/dated.xml", true)];
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("cond.db"));

        var first = await RunAsync(store, feeds, NoInterval);
        Assert.True(first.Counts.ArticlesNew == 3, string.Join("\n", first.Failures));
        Assert.Equal("\"v1\"", (await store.GetFeedStateAsync(feeds[0].Value, default))!.ETag);
        Assert.Equal(modified, (await store.GetFeedStateAsync(feeds[1].Value, default))!.LastModified);
        var (articles, mentions, urls) = (await store.CountAsync("articles", default), await store.CountAsync("mentions", default), await store.CountAsync("article_urls", default));

        // Unchanged feeds: one conditional request each, a 304 each, nothing else requested, nothing stored.
        server.ClearLog();
        var second = await RunAsync(store, feeds, NoInterval);
        var requests = server.Log.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        Assert.Equal([new RecordedRequest("/dated.xml", null, modified, 304), new RecordedRequest("/etag.xml", "\"v1\"", null, 304)], requests);
        Assert.Equal(new RunCounts(0, 0, 0, 0, 0, 0, FeedsNotModified: 2), second.Counts);
        Assert.Equal((articles, mentions, urls), (await store.CountAsync("articles", default), await store.CountAsync("mentions", default), await store.CountAsync("article_urls", default)));
        using (var c = Connect(store.Path))
            Assert.Equal(2L, c.ExecuteScalar<long>("SELECT feeds_not_modified FROM runs ORDER BY id DESC LIMIT 1"));

        // A new version of one feed: it is read again (its new item only is fetched); the other still answers 304.
        byETag.Body = TestPages.Rss(server.BaseUrl, "/a/1", "/a/2", "/a/3");
        byETag.ETag = "\"v2\"";
        server.ClearLog();
        var third = await RunAsync(store, feeds, NoInterval);
        Assert.Contains(new RecordedRequest("/etag.xml", "\"v1\"", null, 200), server.Log);
        Assert.Contains(new RecordedRequest("/dated.xml", null, modified, 304), server.Log);
        Assert.Equal(["/a/3"], server.Log.Where(r => r.Path.StartsWith("/a/", StringComparison.Ordinal) || r.Path.StartsWith("/b/", StringComparison.Ordinal)).Select(r => r.Path));
        Assert.Equal((1, 1, 1, 1, 2), (third.Counts.FeedsRead, third.Counts.FeedsNotModified, third.Counts.ArticlesQueued, third.Counts.ArticlesNew, third.Counts.ArticlesSkipped));
        Assert.Equal("\"v2\"", (await store.GetFeedStateAsync(feeds[0].Value, default))!.ETag);
    }

    [Fact]
    public async Task Run_FeedRequestedLessThanTheIntervalAgo_IsSkippedWithALogLine_AndReadAgainOnceTheIntervalHasPassed()
    {
        using var server = new LoopbackServer();
        server.MapBytes("/feed.xml", TestPages.Rss(server.BaseUrl, "/a/1"), "application/rss+xml");
        server.MapBytes("/a/1", BitoPro(1), "text/html; charset=utf-8");
        using var dir = new TempDir();
        // A local feed file: reading it costs no server anything, so the interval never applies to it.
        File.WriteAllBytes(dir.File("page.html"), BitoPro(2));
        File.WriteAllText(dir.File("local.xml"), "<rss version=\"2.0\"><channel><title>Local</title><item><title>P</title><link>page.html</link></item></channel></rss>");
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true), new(dir.File("local.xml"), false)];
        var hourly = PipelineOptions.Default with { FeedInterval = TimeSpan.FromHours(1) };
        using var store = SqliteIncidentStore.Open(dir.File("interval.db"));

        var first = await RunAsync(store, feeds, hourly);
        Assert.Equal((2, 2), (first.Counts.FeedsRead, first.Counts.ArticlesNew));

        server.ClearLog();
        var log = new CollectingLogger();
        var second = await RunAsync(store, feeds, hourly, logger: log);
        Assert.Empty(server.Log);
        Assert.Equal((1, 1, 1), (second.Counts.FeedsSkippedInterval, second.Counts.FeedsRead, second.Counts.ArticlesSkipped));
        Assert.False(second.HadFailures);
        var line = Assert.Single(log.Entries, e => e.Message.Contains("/feed.xml skipped", StringComparison.Ordinal)).Message;
        Assert.Contains("less than the minimum interval of 1 h (--feed-interval)", line);

        using (var c = Connect(store.Path))
            c.Execute("UPDATE feeds SET last_checked = @t WHERE url = @u",
                new { t = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), u = feeds[0].Value });
        var third = await RunAsync(store, feeds, hourly);
        Assert.Equal(["/feed.xml"], server.Log.Select(r => r.Path));
        Assert.Equal((0, 2), (third.Counts.FeedsSkippedInterval, third.Counts.FeedsRead));
    }

    [Fact]
    public async Task Run_FeedWithATtlLongerThanTheInterval_IsReadAgainOnlyOnceItsTtlHasPassed()
    {
        using var server = new LoopbackServer();
        var rss = Encoding.UTF8.GetString(TestPages.Rss(server.BaseUrl, "/a/1")).Replace("<channel>", "<channel><ttl>120</ttl>", StringComparison.Ordinal);
        Assert.Contains("<ttl>120</ttl>", rss);
        server.MapBytes("/feed.xml", Encoding.UTF8.GetBytes(rss), "application/rss+xml");
        server.MapBytes("/a/1", BitoPro(1), "text/html; charset=utf-8");
        using var dir = new TempDir();
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true)];
        var quarterHour = PipelineOptions.Default with { FeedInterval = TimeSpan.FromMinutes(15) };
        using var store = SqliteIncidentStore.Open(dir.File("ttl.db"));

        var first = await RunAsync(store, feeds, quarterHour);
        Assert.Equal((1, 1), (first.Counts.FeedsRead, first.Counts.ArticlesNew));
        Assert.Equal(TimeSpan.FromHours(2), (await store.GetFeedStateAsync(feeds[0].Value, default))!.Ttl);

        void CheckedAgo(TimeSpan ago)
        {
            using var c = Connect(store.Path);
            c.Execute("UPDATE feeds SET last_checked = @t WHERE url = @u",
                new { t = DateTimeOffset.UtcNow.Subtract(ago).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), u = feeds[0].Value });
        }

        // An hour later: past --feed-interval, but not past the feed's own two hours.
        CheckedAgo(TimeSpan.FromHours(1));
        server.ClearLog();
        var log = new CollectingLogger();
        var second = await RunAsync(store, feeds, quarterHour, logger: log);
        Assert.Empty(server.Log);
        Assert.Equal((1, 0), (second.Counts.FeedsSkippedInterval, second.Counts.FeedsRead));
        var line = Assert.Single(log.Entries, e => e.Message.Contains("/feed.xml skipped", StringComparison.Ordinal)).Message;
        Assert.Contains("less than the feed's own refresh interval of 2 h (its ttl)", line);

        // --feed-interval 0 turns the ttl off too.
        var third = await RunAsync(store, feeds, NoInterval);
        Assert.Equal((0, 1), (third.Counts.FeedsSkippedInterval, third.Counts.FeedsRead));

        // Three hours later the feed is read again.
        CheckedAgo(TimeSpan.FromHours(3));
        server.ClearLog();
        var fourth = await RunAsync(store, feeds, quarterHour);
        Assert.Equal(["/feed.xml"], server.Log.Select(r => r.Path));
        Assert.Equal((0, 1), (fourth.Counts.FeedsSkippedInterval, fourth.Counts.FeedsRead));
    }

    [Fact]
    public async Task Run_SyndicatedCopyWithEdits_IsStoredAsOneArticleWithTwoUrls_AndTheSameHackWrittenByAnotherOutletIsNot()
    {
        using var server = new LoopbackServer();
        server.MapBytes("/feed.xml", TestPages.Rss(server.BaseUrl, "/wire/larkspur", "/courier/crypto-bridge", "/ledger/larkspur-27m"), "application/rss+xml");
        server.MapBytes("/wire/larkspur", NearDup("wire-original"), "text/html; charset=utf-8");
        server.MapBytes("/courier/crypto-bridge", NearDup("wire-syndicated"), "text/html; charset=utf-8");
        server.MapBytes("/ledger/larkspur-27m", NearDup("same-hack-other-writing"), "text/html; charset=utf-8");
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("near.db"));
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true)];

        var run = await RunAsync(store, feeds, NoInterval);
        Assert.True(run.Counts.ArticlesNew == 2, string.Join("\n", run.Failures));
        Assert.Equal(1, run.Counts.ArticlesNearDuplicates);
        Assert.Equal(2, await store.CountAsync("articles", default));
        using (var c = Connect(store.Path))
        {
            var wireId = c.ExecuteScalar<long>("SELECT article_id FROM article_urls WHERE url = @u", new { u = server.BaseUrl + "/wire/larkspur" });
            var copy = c.QuerySingle<(long ArticleId, string Kind)>("SELECT article_id, kind FROM article_urls WHERE url = @u", new { u = server.BaseUrl + "/courier/crypto-bridge" });
            Assert.Equal((wireId, "near_duplicate"), copy);
            Assert.NotEqual(wireId, c.ExecuteScalar<long>("SELECT article_id FROM article_urls WHERE url = @u", new { u = server.BaseUrl + "/ledger/larkspur-27m" }));
            Assert.Equal(wireId, c.ExecuteScalar<long>("SELECT article_id FROM queue WHERE url = @u AND state = 'done'", new { u = server.BaseUrl + "/courier/crypto-bridge" }));
            Assert.Equal(1L, c.ExecuteScalar<long>("SELECT articles_near_duplicates FROM runs"));
        }
        // The story reported by two articles (the copy is not a third source).
        var larkspur = Assert.Single(await store.ListIncidentsAsync(new IncidentQuery { Victim = "Larkspur" }, default));
        Assert.Equal(2, larkspur.Sources.Count);

        server.ClearLog();
        var again = await RunAsync(store, feeds, NoInterval);
        Assert.Equal(["/feed.xml"], server.Log.Select(r => r.Path));
        Assert.Equal((0, 3), (again.Counts.ArticlesNew, again.Counts.ArticlesSkipped));
    }

    [Fact]
    public async Task Run_FailingItem_IsRetriedOnLaterRuns_ThenGivenUpWithItsReasonKept()
    {
        using var server = new LoopbackServer();
        server.MapBytes("/feed.xml", TestPages.Rss(server.BaseUrl, "/ok", "/flaky"), "application/rss+xml");
        server.MapBytes("/ok", BitoPro(1), "text/html; charset=utf-8");
        server.MapText("/flaky", "down for maintenance", status: 503);
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("retry.db"));
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true)];
        var twice = NoInterval with { MaxAttempts = 2 };
        var noRetry = Fast with { Retries = 0 };
        var flaky = server.BaseUrl + "/flaky";

        var first = await RunAsync(store, feeds, twice, noRetry);
        Assert.Equal((1, 1, 0), (first.Counts.ArticlesNew, first.Counts.ArticlesFailed, first.Counts.ArticlesGivenUp));
        Assert.Contains(first.Failures, f => f.StartsWith($"article {flaky}: HTTP 503", StringComparison.Ordinal) && f.EndsWith("(attempt 1 of 2; retried on the next run)", StringComparison.Ordinal));
        using (var c = Connect(store.Path))
            Assert.Equal(("pending", 1L), c.QuerySingle<(string, long)>("SELECT state, attempts FROM queue WHERE url = @flaky", new { flaky }));

        var second = await RunAsync(store, feeds, twice, noRetry);
        Assert.Equal((0, 1, 1, 1), (second.Counts.ArticlesNew, second.Counts.ArticlesFailed, second.Counts.ArticlesGivenUp, second.Counts.ArticlesSkipped));
        Assert.Contains(second.Failures, f => f.Contains("HTTP 503") && f.EndsWith("(given up after 2 attempts)", StringComparison.Ordinal));
        using (var c = Connect(store.Path))
        {
            var row = c.QuerySingle<(string State, long Attempts, string Error)>("SELECT state, attempts, last_error FROM queue WHERE url = @flaky", new { flaky });
            Assert.Equal(("given_up", 2L), (row.State, row.Attempts));
            Assert.StartsWith("HTTP 503", row.Error);
        }

        // Given up: never requested again, and no longer a failure of the run.
        server.ClearLog();
        var third = await RunAsync(store, feeds, twice, noRetry);
        Assert.DoesNotContain(server.Log, r => r.Path == "/flaky");
        Assert.Equal(2, third.Counts.ArticlesSkipped);
        Assert.False(third.HadFailures);
    }

    /// <summary>Stops the run (as Ctrl+C or the deadline would) once <paramref name="after"/> articles are stored.</summary>
    private sealed class StopAfter(int after, CancellationTokenSource stop) : IRunProgress
    {
        public readonly List<(string Feed, int Items)> Feeds = [];
        private int _stored;

        public void FeedStarted(string feed, int items) => Feeds.Add((feed, items));

        public void ArticleDone(string url, string outcome)
        {
            if (outcome == "new" && ++_stored == after) stop.Cancel();
        }
    }

    [Fact]
    public async Task Run_StoppedMidway_LeavesTheRestQueued_AndTheNextRunStoresItEvenThoughTheFeedNoLongerListsIt()
    {
        using var server = new LoopbackServer();
        var feed = new ConditionalResource(TestPages.Rss(server.BaseUrl, "/a/1", "/a/2", "/a/3", "/b/1"), null, null);
        server.MapConditional("/feed.xml", feed);
        server.MapBytes("/a/1", BitoPro(1), "text/html; charset=utf-8");
        server.MapBytes("/a/2", BitoPro(2), "text/html; charset=utf-8");
        server.MapBytes("/a/3", BitoPro(3), "text/html; charset=utf-8");
        server.MapBytes("/b/1", NearDup("same-hack-other-writing"), "text/html; charset=utf-8");
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("resume.db"));
        FeedLocation[] feeds = [new(server.BaseUrl + "/feed.xml", true)];

        using var stop = new CancellationTokenSource();
        var first = await RunAsync(store, feeds, NoInterval, progress: new StopAfter(1, stop), stopping: stop.Token);
        Assert.Equal((4, 1), (first.Counts.ArticlesQueued, first.Counts.ArticlesNew));
        Assert.Equal(3, (await store.PendingItemsAsync(default)).Count);

        // The feed has moved on: it lists none of them any more.
        feed.Body = TestPages.Rss(server.BaseUrl);
        var progress = new StopAfter(int.MaxValue, new CancellationTokenSource());
        var second = await RunAsync(store, feeds, NoInterval, progress: progress);
        Assert.Equal((0, 3, 0), (second.Counts.ArticlesQueued, second.Counts.ArticlesNew, second.Counts.ArticlesFailed));
        Assert.Equal(4, await store.CountAsync("articles", default));
        Assert.Empty(await store.PendingItemsAsync(default));
        // The resumed items are reported under their feed.
        Assert.Equal([(feeds[0].Value, 3)], progress.Feeds);
    }
}
