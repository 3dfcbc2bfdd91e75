using Microsoft.Extensions.Logging;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Feeds;
using NewsMiner.Core.Fetching;
using NewsMiner.Core.Storage;

namespace NewsMiner.Core.Pipeline;

/// <summary>What one run did.</summary>
public sealed record RunSummary(RunCounts Counts, IReadOnlyList<string> Failures)
{
    public bool HadFailures => Counts.FeedsFailed > 0 || Counts.ArticlesFailed > 0;
}

/// <summary>Progress notifications for a terminal display.</summary>
/// <remarks>
/// A run reads every feed first, then works through the queue feed by feed: <see cref="FeedStarted"/> with the
/// number of the feed's items this run deals with, then one <see cref="ArticleDone"/> per item, with the outcome
/// <c>new</c>, <c>skipped</c> (stored already), <c>duplicate</c> (same text as a stored article), <c>near-duplicate</c>,
/// <c>failed</c> (retried on a later run) or <c>given up</c>. Items left pending by earlier runs come under their feed.
/// </remarks>
public interface IRunProgress
{
    void FeedStarted(string feed, int items);
    void ArticleDone(string url, string outcome);

    /// <summary>A feed not read this run, with the reason: not modified (304), or requested less than the minimum interval ago.</summary>
    void FeedSkipped(string feed, string reason) { }
}

/// <summary>Settings of the job itself (HTTP settings are <see cref="FetchOptions"/>); defaults in one place.</summary>
public sealed record PipelineOptions
{
    public static readonly PipelineOptions Default = new();

    /// <summary>
    /// Least time between two requests for one remote feed: a feed requested less than this long ago is skipped (with
    /// a log line), so a watch loop or an over-eager cron never polls a feed too often. Local feed files are always
    /// read. Zero turns it off. Default 15 min: half the documented 30-minute schedule, so a scheduled run is never
    /// refused because the previous one read the feed a little late, while a loop every minute polls each feed at
    /// most four times an hour.
    /// </summary>
    public TimeSpan FeedInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest refresh interval a feed's own ttl may impose: a feed asking for a week is still read daily.</summary>
    public static readonly TimeSpan MaxFeedTtl = TimeSpan.FromDays(1);

    /// <summary>
    /// Attempts at one queued item, over successive runs, before it is given up (its reason stays in the queue).
    /// An attempt the process did not survive counts too. Default 5: with runs every 30 minutes, a site down for
    /// two hours loses nothing.
    /// </summary>
    public int MaxAttempts { get; init; } = 5;
}

/// <summary>
/// The main job. First every feed is read (a conditional GET for a remote feed; skipped when read less than the
/// minimum interval ago) and its new items are queued in the database, in one transaction per feed. Then every
/// pending item of the queue, this run's and those earlier runs left, is fetched, cleaned, checked against stored
/// texts (exact and near-duplicates), extracted and stored, in one transaction per article. Failures are caught in
/// exactly one place per feed and per item, recorded, and the run carries on; a failed item is retried on later runs.
/// </summary>
public sealed class MiningPipeline(HttpFetcher fetcher, IArticleCleaner cleaner, IIncidentExtractor extractor, SqliteIncidentStore store, ILogger logger,
    IRunProgress? progress = null, PipelineOptions? options = null)
{
    private readonly PipelineOptions _options = options ?? PipelineOptions.Default;

    /// <summary>Counts of a run, as it goes.</summary>
    private sealed class Tally
    {
        public int FeedsRead, FeedsFailed, FeedsNotModified, FeedsSkipped, Queued, New, Skipped, NearDuplicates, Failed, GivenUp, Incidents;
        public readonly List<string> Failures = [];

        public RunCounts Counts() => new(FeedsRead, FeedsFailed, New, Skipped, Failed, Incidents, FeedsNotModified, FeedsSkipped, Queued, NearDuplicates, GivenUp);
    }

    /// <summary>
    /// Marks the jobs the process did not survive (a killed run or re-extraction) as interrupted and logs each. Call
    /// while holding the <see cref="RunLock"/>, as every job does.
    /// </summary>
    public static async Task MarkInterruptedJobsAsync(SqliteIncidentStore store, ILogger logger, CancellationToken ct)
    {
        foreach (var (id, kind, startedAt) in await store.MarkInterruptedRunsAsync(ct))
            logger.LogWarning("Job {Id} ({Kind}, started {StartedAt}) did not finish: the process ended before it; marked interrupted in the runs table", id, kind, startedAt);
    }

    /// <summary>
    /// Runs the job once. <paramref name="stopping"/> asks for a graceful stop (Ctrl+C, SIGTERM, the run deadline):
    /// the article in hand is finished and stored, then the run ends with its summary; what is still queued is
    /// processed by the next run. Work on one article is never cancelled half-way.
    /// </summary>
    public async Task<RunSummary> RunAsync(IReadOnlyList<FeedLocation> feeds, CancellationToken stopping)
    {
        var ct = CancellationToken.None;
        var tally = new Tally();
        await MarkInterruptedJobsAsync(store, logger, ct);
        var runId = await store.StartRunAsync(ct);

        var skippedLinks = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var queuedNow = new HashSet<long>();
        foreach (var feed in feeds)
        {
            if (stopping.IsCancellationRequested)
            {
                logger.LogInformation("Stop requested: the remaining feeds are left for the next run");
                break;
            }
            if (await ReadAndQueueAsync(feed, tally, ct) is { } queued)
            {
                skippedLinks[feed.Value] = queued.Skipped;
                queuedNow.UnionWith(queued.Queued.Select(q => q.Id));
            }
        }

        var pending = await store.PendingItemsAsync(ct);
        var resumed = pending.Count(p => !queuedNow.Contains(p.Id));
        if (resumed > 0) logger.LogInformation("Resuming {Count} item(s) left pending by earlier runs", resumed);
        // Feeds in the order they were listed, then the feeds of leftover items no longer listed.
        static string FeedOf(QueueItem p) => p.FeedUrl ?? "(unknown feed)";
        var order = feeds.Select(f => f.Value).Concat(pending.Select(FeedOf)).Distinct(StringComparer.Ordinal).ToList();
        var byFeed = pending.ToLookup(FeedOf, StringComparer.Ordinal);
        foreach (var feedUrl in order)
        {
            var items = byFeed[feedUrl].ToList();
            if (!skippedLinks.TryGetValue(feedUrl, out var skipped))
            {
                if (items.Count == 0) continue;
                skipped = [];
            }
            if (stopping.IsCancellationRequested) break;
            progress?.FeedStarted(feedUrl, items.Count + skipped.Count);
            foreach (var link in skipped) progress?.ArticleDone(link, "skipped");
            var before = (tally.New, tally.NearDuplicates, tally.Skipped, tally.Failed);
            foreach (var item in items)
            {
                if (stopping.IsCancellationRequested)
                {
                    logger.LogInformation("Stop requested: ending the run after the article in hand; the rest stays queued for the next run");
                    break;
                }
                await ProcessAsync(item, tally, ct);
            }
            if (items.Count > 0)
                logger.LogInformation("Feed {Feed} done: {New} new, {Near} near-duplicate(s), {Skipped} skipped, {Failed} failed", feedUrl,
                    tally.New - before.New, tally.NearDuplicates - before.NearDuplicates, tally.Skipped - before.Skipped, tally.Failed - before.Failed);
        }

        var counts = tally.Counts();
        await store.FinishRunAsync(runId, counts, tally.Failures, CancellationToken.None);
        return new RunSummary(counts, tally.Failures);
    }

    /// <summary>
    /// The least time between two requests for a feed: --feed-interval, or the feed's own refresh interval (its ttl)
    /// when that is longer, at most <see cref="PipelineOptions.MaxFeedTtl"/>; --feed-interval 0 turns both off.
    /// </summary>
    private (TimeSpan Interval, bool FromTtl) MinimumInterval(FeedState? state)
    {
        var configured = _options.FeedInterval;
        if (configured <= TimeSpan.Zero || state?.Ttl is not { } ttl) return (configured, false);
        var capped = ttl < PipelineOptions.MaxFeedTtl ? ttl : PipelineOptions.MaxFeedTtl;
        return capped > configured ? (capped, true) : (configured, false);
    }

    /// <summary>Reads one feed and queues its new items; null when it was skipped, not modified or failed (each counted and logged).</summary>
    private async Task<FeedQueueResult?> ReadAndQueueAsync(FeedLocation feed, Tally tally, CancellationToken ct)
    {
        ParsedFeed parsed;
        FetchResult? response = null;
        try
        {
            if (feed.IsRemote)
            {
                var state = await store.GetFeedStateAsync(feed.Value, ct);
                var (interval, fromTtl) = MinimumInterval(state);
                if (interval > TimeSpan.Zero && state?.LastChecked is { } checkedAt && DateTimeOffset.UtcNow - checkedAt < interval)
                {
                    tally.FeedsSkipped++;
                    var ago = DateTimeOffset.UtcNow - checkedAt;
                    var why = fromTtl ? "the feed's own refresh interval of " + Duration(interval) + " (its ttl)" : "the minimum interval of " + Duration(interval) + " (--feed-interval)";
                    logger.LogInformation("Feed {Feed} skipped: requested {Ago} ago, less than {Why}", feed.Value, Duration(ago), why);
                    progress?.FeedSkipped(feed.Value, $"requested {Duration(ago)} ago (minimum interval {Duration(interval)}{(fromTtl ? ", the feed's ttl" : "")})");
                    return null;
                }
                response = await fetcher.GetFeedAsync(feed.Value, state?.ETag, state?.LastModified, ct);
                if (response.NotModified)
                {
                    await store.RecordFeedCheckAsync(feed.Value, notModified: true, null, ct);
                    tally.FeedsNotModified++;
                    logger.LogInformation("Feed {Feed}: not modified (HTTP 304), nothing fetched", feed.Value);
                    progress?.FeedSkipped(feed.Value, "not modified");
                    return null;
                }
                parsed = FeedParser.Parse(feed.Value, response.Body, response.ContentType, response.Url);
            }
            else
            {
                // Relative links of a local feed are relative to the feed file, whatever its channel link says.
                parsed = await FeedLoader.ReadAsync(feed, fetcher, ct);
            }
        }
        catch (Exception ex)
        {
            tally.FeedsFailed++;
            var reason = Reason(ex);
            tally.Failures.Add($"feed {feed.Value}: {reason}");
            logger.LogWarning("Feed {Feed} failed: {Reason}", feed.Value, reason);
            await store.RecordFeedCheckAsync(feed.Value, notModified: false, reason, ct);
            return null;
        }
        tally.FeedsRead++;
        var entries = new List<QueueEntry>();
        var refused = new List<RefusedEntry>();
        foreach (var item in parsed.Items)
        {
            try { entries.Add(new QueueEntry(ResolveItem(feed, item), item.Title, item.Published)); }
            catch (NewsMinerInputException ex) when (!string.IsNullOrWhiteSpace(item.Link))
            {
                refused.Add(new RefusedEntry(item.Link!.Trim(), ex.Reason));
            }
            catch (NewsMinerInputException ex)
            {
                tally.Failed++;
                tally.Failures.Add($"article {feed.Value}: {ex.Reason}");
                logger.LogWarning("Feed {Feed}: {Reason}", feed.Value, ex.Reason);
            }
        }
        var queued = await store.QueueFeedItemsAsync(feed.Value, parsed.Title, response?.ETag, response?.LastModified, entries, refused, ct, feed.IsRemote ? parsed.Ttl : null);
        tally.Queued += queued.Queued.Count;
        tally.Skipped += queued.Skipped.Count;
        foreach (var r in queued.Refused)
        {
            tally.Failed++;
            tally.GivenUp++;
            tally.Failures.Add($"article {r.Link}: {r.Reason}");
            logger.LogWarning("Article {Url} refused: {Reason}", r.Link, r.Reason);
        }
        logger.LogInformation("Feed {Feed}: {Count} items, {Queued} queued, {Skipped} already stored{Pending}", feed.Value, parsed.Items.Count,
            queued.Queued.Count, queued.Skipped.Count, queued.AlreadyPending > 0 ? $", {queued.AlreadyPending} still pending from earlier runs" : "");
        return queued;
    }

    /// <summary>One queued item, start to end; the only place an item's failure is caught.</summary>
    private async Task ProcessAsync(QueueItem item, Tally tally, CancellationToken ct)
    {
        if (await store.BeginAttemptAsync(item, _options.MaxAttempts, ct) is { } givenUp)
        {
            tally.Failed++;
            tally.GivenUp++;
            tally.Failures.Add($"article {item.Url}: {givenUp}");
            logger.LogWarning("Article {Url} given up: {Reason}", item.Url, givenUp);
            progress?.ArticleDone(item.Url, "given up");
            return;
        }
        try
        {
            if (await store.ArticleIdOfUrlAsync(item.Url, ct) is { } known)
            {
                // Stored meanwhile under this URL (as another article's canonical URL or copy).
                await store.CompleteItemAsync(item.Id, known, ct);
                tally.Skipped++;
                progress?.ArticleDone(item.Url, "skipped");
                return;
            }
            var article = await LoadArticleAsync(item.Url, ct);
            article = article with { Published = article.Published ?? item.Published, Title = article.Title ?? item.Title };
            // The store extracts only a page it stores as new: a copy does not need it.
            ExtractionResult? extraction = null;
            var outcome = await store.ExtractAndSaveAsync(item.Url, article, a => extraction = extractor.Extract(a), item.FeedId, item.Id, ct);
            switch (outcome.Kind)
            {
                case SaveKind.New:
                    tally.New++;
                    tally.Incidents += outcome.NewIncidents;
                    logger.LogDebug("{Url}: {Incidents} incident(s), relevance {Relevance:0.00}", item.Url, extraction!.Incidents.Count, extraction.Relevance);
                    progress?.ArticleDone(item.Url, "new");
                    break;
                case SaveKind.NearDuplicate:
                    tally.NearDuplicates++;
                    logger.LogInformation("{Url}: near-duplicate of article {Id} (similarity {Similarity:0.00}), stored as another URL of it", item.Url, outcome.ArticleId, outcome.Similarity);
                    progress?.ArticleDone(item.Url, "near-duplicate");
                    break;
                default:
                    tally.Skipped++;
                    progress?.ArticleDone(item.Url, outcome.Kind == SaveKind.Copy ? "duplicate" : "skipped");
                    break;
            }
        }
        catch (Exception ex)
        {
            var reason = Reason(ex);
            var gaveUp = await store.FailItemAsync(item, reason, _options.MaxAttempts, ct);
            var attempt = item.Attempts + 1;
            tally.Failed++;
            if (gaveUp) tally.GivenUp++;
            var note = gaveUp ? $" (given up after {attempt} attempts)" : $" (attempt {attempt} of {_options.MaxAttempts}; retried on the next run)";
            tally.Failures.Add($"article {item.Url}: {reason}{note}");
            logger.LogWarning("Article {Url} failed: {Reason}{Note}", item.Url, reason, note);
            progress?.ArticleDone(item.Url, gaveUp ? "given up" : "failed");
        }
    }

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{t.TotalHours:0.#} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} min" : $"{Math.Max(0, t.TotalSeconds):0} s";

    private static string Reason(Exception ex) => ex switch
    {
        NewsMinerInputException n => n.Reason,
        OperationCanceledException => "timed out",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>
    /// Where an item's page is. Items of a remote feed are followed only if http(s): a remote feed never makes
    /// NewsMiner read a local file. Items of a local feed may also be paths relative to the feed file.
    /// </summary>
    internal static string ResolveItem(FeedLocation feed, FeedEntry item)
    {
        var link = item.Link?.Trim();
        if (string.IsNullOrEmpty(link)) throw new NewsMinerInputException(feed.Value, $"item '{item.Title}' has no link");
        if (FeedSources.IsHttp(link)) return UrlIdentity.Canonical(link);
        if (feed.IsRemote) throw new NewsMinerInputException(link, "refused: a remote feed may only link to http(s) pages");
        var path = link.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(link).LocalPath : link;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(feed.Value)!, path));
    }

    /// <summary>An http(s) page through the fetcher; a path (only ever queued from a local feed) from the disk.</summary>
    private async Task<CleanedArticle> LoadArticleAsync(string location, CancellationToken ct)
    {
        if (FeedSources.IsHttp(location))
        {
            var r = await fetcher.GetPageAsync(location, ct);
            if (r.ContentType is { } type && !type.Contains("html", StringComparison.OrdinalIgnoreCase) && !type.Contains("xml", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
                throw new NewsMinerInputException(location, $"not an article page: content type {type}");
            return cleaner.Clean(new RawPage(location, r.Url, r.Body, r.ContentType));
        }
        return ArticleFiles.Read(location, cleaner);
    }
}
