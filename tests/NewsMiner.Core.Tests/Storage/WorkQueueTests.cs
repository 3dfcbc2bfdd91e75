using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Storage;
using NewsMiner.Core.Tests.Support;

namespace NewsMiner.Core.Tests.Storage;

public sealed class WorkQueueTests
{
    private const string Feed = "https://news.example/feed";

    private static QueueEntry Entry(int n) => new($"https://news.example/{n}", "Item " + n, DateTimeOffset.Parse("2025-06-03T01:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task QueueFeedItems_QueuesNewLinksOnce_SkipsStoredOrRepeatedOnes_AndRecordsRefusedLinksAsGivenUp()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("q.db"));
        await store.SaveArticleAsync("https://news.example/1", Some.Article("stored text", url: "https://news.example/1"), Some.Extraction(), null, default);
        RefusedEntry refused = new("file:///etc/passwd", "refused: a remote feed may only link to http(s) pages");

        var first = await store.QueueFeedItemsAsync(Feed, "News", "\"e1\"", null, [Entry(1), Entry(2), Entry(3), Entry(2)], [refused], default);
        Assert.Equal(["https://news.example/2", "https://news.example/3"], first.Queued.Select(q => q.Url));
        Assert.Equal(["https://news.example/1", "https://news.example/2"], first.Skipped);
        Assert.Equal([refused], first.Refused);
        Assert.Equal("Item 2", first.Queued[0].Title);

        // The same items again: still pending (not queued twice); the refused link is known now and not reported again.
        var second = await store.QueueFeedItemsAsync(Feed, "News", "\"e1\"", null, [Entry(2), Entry(3)], [refused], default);
        Assert.Empty(second.Queued);
        Assert.Equal(2, second.AlreadyPending);
        Assert.Empty(second.Refused);
        Assert.Equal(["file:///etc/passwd"], second.Skipped);

        var pending = await store.PendingItemsAsync(default);
        Assert.Equal(["https://news.example/2", "https://news.example/3"], pending.Select(p => p.Url));
        Assert.All(pending, p => Assert.Equal(Feed, p.FeedUrl));
        using var c = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        Assert.Equal(("given_up", "refused: a remote feed may only link to http(s) pages"),
            c.QuerySingle<(string, string)>("SELECT state, last_error FROM queue WHERE url = 'file:///etc/passwd'"));
    }

    [Fact]
    public async Task FeedValidators_AreStoredOnlyWithTheItemsTheyStandFor_AndKeptThrough304sAndFailures()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("q.db"));
        Assert.Null(await store.GetFeedStateAsync(Feed, default));

        await store.RecordFeedCheckAsync(Feed, notModified: false, "HTTP 500 Internal Server Error", default);
        var failed = await store.GetFeedStateAsync(Feed, default);
        Assert.Equal((null, null, "failed: HTTP 500 Internal Server Error"), (failed!.ETag, failed.LastModified, failed.LastStatus));
        Assert.NotNull(failed.LastChecked);

        await store.QueueFeedItemsAsync(Feed, "News", "W/\"abc\"", "Wed, 12 Mar 2025 07:00:00 GMT", [Entry(1)], [], default);
        await store.RecordFeedCheckAsync(Feed, notModified: true, null, default);
        await store.RecordFeedCheckAsync(Feed, notModified: false, "timed out", default);
        var state = await store.GetFeedStateAsync(Feed, default);
        Assert.Equal(("W/\"abc\"", "Wed, 12 Mar 2025 07:00:00 GMT", "failed: timed out"), (state!.ETag, state.LastModified, state.LastStatus));
    }

    /// <summary>
    /// An item that kills the process (an attempt begun, never finished) must not stop every later run: each begun
    /// attempt counts, and once they are used up the item is given up with the reason saying so.
    /// </summary>
    [Fact]
    public async Task BeginAttempt_ItemWhoseAttemptsNeverFinish_IsGivenUpAfterTheLimitWithTheReason()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("q.db"));
        await store.QueueFeedItemsAsync(Feed, null, null, null, [Entry(1)], [], default);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var item = Assert.Single(await store.PendingItemsAsync(default));
            Assert.Equal(attempt, item.Attempts);
            Assert.Null(await store.BeginAttemptAsync(item, maxAttempts: 3, default));
            // ... and the process dies here: nothing else is recorded.
        }
        var last = Assert.Single(await store.PendingItemsAsync(default));
        var reason = await store.BeginAttemptAsync(last, maxAttempts: 3, default);
        Assert.Equal($"given up after 3 attempts: {SqliteIncidentStore.InterruptedReason}", reason);
        Assert.Empty(await store.PendingItemsAsync(default));
    }

    [Fact]
    public async Task SaveArticle_WithAQueueItem_MarksItDoneInTheSameTransaction()
    {
        using var dir = new TempDir();
        using var store = SqliteIncidentStore.Open(dir.File("q.db"));
        var item = Assert.Single((await store.QueueFeedItemsAsync(Feed, null, null, null, [Entry(1)], [], default)).Queued);
        Assert.Null(await store.BeginAttemptAsync(item, 5, default));
        var outcome = await store.SaveArticleAsync(item.Url, Some.Article("text", url: item.Url), Some.Extraction(Some.Incident("BitoPro", "2025-05-08")), item.FeedId, item.Id, default);

        Assert.Equal(SaveKind.New, outcome.Kind);
        Assert.Empty(await store.PendingItemsAsync(default));
        using var c = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        Assert.Equal(("done", outcome.ArticleId, (string?)null, 1L),
            c.QuerySingle<(string, long, string?, long)>("SELECT state, article_id, last_error, attempts FROM queue WHERE id = @Id", new { item.Id }));
    }
}
