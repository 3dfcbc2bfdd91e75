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
public interface IRunProgress
{
    void FeedStarted(string feed, int items);
    void ArticleDone(string url, string outcome);
}

/// <summary>
/// The main job: for each feed, read it, fetch every item page not stored yet, clean, extract and store.
/// Failures are caught in exactly one place per feed and per article, recorded, and the run carries on.
/// </summary>
public sealed class MiningPipeline(HttpFetcher fetcher, IArticleCleaner cleaner, IIncidentExtractor extractor, SqliteIncidentStore store, ILogger logger, IRunProgress? progress = null)
{
    /// <summary>
    /// Runs the job once. <paramref name="stopping"/> asks for a graceful stop (Ctrl+C, SIGTERM): the article in hand
    /// is finished and stored, then the run ends with its summary. Work on one article is never cancelled half-way.
    /// </summary>
    public async Task<RunSummary> RunAsync(IReadOnlyList<FeedLocation> feeds, CancellationToken stopping)
    {
        var ct = CancellationToken.None;
        int feedsRead = 0, feedsFailed = 0, articlesNew = 0, skipped = 0, articlesFailed = 0, incidentsNew = 0;
        var failures = new List<string>();
        var runId = await store.StartRunAsync(ct);
        foreach (var feed in feeds)
        {
            if (stopping.IsCancellationRequested) break;
            ParsedFeed parsed;
            try
            {
                parsed = await ReadFeedAsync(feed, ct);
                feedsRead++;
            }
            catch (Exception ex)
            {
                feedsFailed++;
                var reason = Reason(ex);
                failures.Add($"feed {feed.Value}: {reason}");
                logger.LogWarning("Feed {Feed} failed: {Reason}", feed.Value, reason);
                continue;
            }
            logger.LogInformation("Feed {Feed}: {Count} items", feed.Value, parsed.Items.Count);
            progress?.FeedStarted(feed.Value, parsed.Items.Count);
            var feedId = await store.UpsertFeedAsync(feed.Value, parsed.Title, ct);
            int feedNew = 0, feedSkipped = 0, feedFailed = 0;
            foreach (var item in parsed.Items)
            {
                if (stopping.IsCancellationRequested)
                {
                    logger.LogInformation("Stop requested: ending the run after the article in hand");
                    break;
                }
                var link = item.Link ?? "(no link)";
                try
                {
                    var location = ResolveItem(feed, item);
                    link = location;
                    if (await store.HasArticleAsync(location, ct))
                    {
                        skipped++;
                        feedSkipped++;
                        progress?.ArticleDone(location, "skipped");
                        continue;
                    }
                    var article = await LoadArticleAsync(feed, location, ct);
                    article = article with
                    {
                        Published = article.Published ?? item.Published,
                        Title = article.Title ?? item.Title,
                    };
                    var extraction = extractor.Extract(article);
                    var (stored, created) = await store.SaveArticleAsync(location, article, extraction, feedId, ct);
                    if (stored) { articlesNew++; feedNew++; incidentsNew += created; } else { skipped++; feedSkipped++; }
                    logger.LogDebug("{Url}: {Incidents} incident(s), relevance {Relevance:0.00}", location, extraction.Incidents.Count, extraction.Relevance);
                    progress?.ArticleDone(location, stored ? "new" : "duplicate");
                }
                catch (Exception ex)
                {
                    articlesFailed++;
                    feedFailed++;
                    var reason = Reason(ex);
                    failures.Add($"article {link}: {reason}");
                    logger.LogWarning("Article {Url} failed: {Reason}", link, reason);
                    progress?.ArticleDone(link, "failed");
                }
            }
            logger.LogInformation("Feed {Feed} done: {New} new, {Skipped} skipped, {Failed} failed", feed.Value, feedNew, feedSkipped, feedFailed);
        }
        var counts = new RunCounts(feedsRead, feedsFailed, articlesNew, skipped, articlesFailed, incidentsNew);
        await store.FinishRunAsync(runId, counts, failures, CancellationToken.None);
        return new RunSummary(counts, failures);
    }

    private static string Reason(Exception ex) => ex switch
    {
        NewsMinerInputException n => n.Reason,
        OperationCanceledException => "timed out",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    // Relative links of a local feed are relative to the feed file, whatever its channel link says.
    private Task<ParsedFeed> ReadFeedAsync(FeedLocation feed, CancellationToken ct) => FeedLoader.ReadAsync(feed, fetcher, ct);

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

    private async Task<CleanedArticle> LoadArticleAsync(FeedLocation feed, string location, CancellationToken ct)
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
