using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Storage;

/// <summary>What the database knows about a feed: its id, the validators for a conditional GET, and when it was last requested.</summary>
public sealed record FeedState(long Id, string Url, string? ETag, string? LastModified, DateTimeOffset? LastChecked, string? LastStatus)
{
    /// <summary>The refresh interval the feed asked for when it was last read (RSS ttl, sy:updatePeriod), or null.</summary>
    public TimeSpan? Ttl { get; init; }
}

/// <summary>An item of a feed, to be queued: its canonical URL (or a local page's path), and the feed's title and date for it.</summary>
public sealed record QueueEntry(string Url, string? Title, DateTimeOffset? Published);

/// <summary>A link a feed lists but that is refused (for example a <c>file://</c> link in a remote feed), with the reason.</summary>
public sealed record RefusedEntry(string Link, string Reason);

/// <summary>What <c>requeue</c> did: the items put back to pending, the refused links left given up, and (when named
/// URLs could not be requeued, in which case nothing changed) each such URL with the reason.</summary>
public sealed record RequeueResult(IReadOnlyList<string> Requeued, IReadOnlyList<string> Refused, IReadOnlyList<(string Url, string Problem)> Problems);

/// <summary>A pending item of the work queue.</summary>
public sealed record QueueItem(long Id, string Url, long? FeedId, string? FeedUrl, string? Title, DateTimeOffset? Published, int Attempts);

/// <summary>What queuing a feed's items did.</summary>
/// <param name="FeedId">The feed's row.</param>
/// <param name="Queued">Items new to the queue, in feed order.</param>
/// <param name="Skipped">Links already stored, already done, given up earlier, or listed twice.</param>
/// <param name="Refused">Refused links seen for the first time (recorded as given up).</param>
/// <param name="AlreadyPending">Items already in the queue from an earlier run and still pending.</param>
public sealed record FeedQueueResult(long FeedId, IReadOnlyList<QueueItem> Queued, IReadOnlyList<string> Skipped, IReadOnlyList<RefusedEntry> Refused, int AlreadyPending);

/// <summary>An article a page duplicates: the same text (<c>alias</c>) or a near-identical one (<c>near_duplicate</c>, with the Jaccard similarity).</summary>
public sealed record ArticleMatch(long ArticleId, string Kind, double Similarity);

public enum SaveKind
{
    /// <summary>Stored as a new article.</summary>
    New,

    /// <summary>The URL was already stored: nothing written.</summary>
    AlreadyStored,

    /// <summary>The same text is stored under another URL: this URL was added to that article as an <c>alias</c>.</summary>
    Copy,

    /// <summary>A near-identical text is stored: this URL was added to that article as a <c>near_duplicate</c>.</summary>
    NearDuplicate,
}

/// <summary>What storing one page did.</summary>
public sealed record SaveOutcome(SaveKind Kind, long ArticleId, int NewIncidents, double? Similarity = null);

public sealed partial class SqliteIncidentStore
{
    /// <summary>Why an item's last attempt is not finished: written before the attempt, replaced when it ends.</summary>
    internal const string InterruptedReason = "the run ended while this item was in hand (the process was killed or crashed)";

    private static DateTimeOffset? ParseTime(string? s) =>
        s is not null && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>The feed's stored state, or null for a feed never read.</summary>
    public async Task<FeedState?> GetFeedStateAsync(string url, CancellationToken ct)
    {
        var rows = await _db.QueryAsync<(long Id, string Url, string? ETag, string? LastModified, string? LastChecked, string? LastStatus, long? TtlSeconds)>(new CommandDefinition(
            "SELECT id, url, etag, last_modified, last_checked, last_status, ttl_seconds FROM feeds WHERE url = @url", new { url }, cancellationToken: ct));
        return rows.Select(r => new FeedState(r.Id, r.Url, r.ETag, r.LastModified, ParseTime(r.LastChecked), r.LastStatus)
        {
            Ttl = r.TtlSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
        }).FirstOrDefault();
    }

    /// <summary>
    /// Records a request for a feed that queued nothing: a 304 (<paramref name="notModified"/>: the feed counts as read
    /// now, its validators stay) or a failure (the validators stay too, so the next request is still conditional).
    /// </summary>
    public async Task RecordFeedCheckAsync(string url, bool notModified, string? failure, CancellationToken ct) =>
        await _db.ExecuteAsync(new CommandDefinition(@"
            INSERT INTO feeds (url, last_read, last_checked, last_status) VALUES (@url, @read, @now, @status)
            ON CONFLICT(url) DO UPDATE SET last_read = COALESCE(excluded.last_read, feeds.last_read), last_checked = excluded.last_checked, last_status = excluded.last_status",
            new { url, now = Now(), read = notModified ? Now() : null, status = notModified ? "not modified" : "failed: " + failure }, cancellationToken: ct));

    /// <summary>
    /// Records a feed read (title, validators, time) and queues its items, in one transaction: the validators are
    /// only stored with the items they stand for, so a crash before the commit leaves the feed to be read in full
    /// again. Links already stored (as any kind of URL), done, given up, or listed twice are skipped; refused links
    /// are recorded as given up, with their reason, the first time they are seen.
    /// </summary>
    public async Task<FeedQueueResult> QueueFeedItemsAsync(string feedUrl, string? title, string? etag, string? lastModified,
        IReadOnlyList<QueueEntry> entries, IReadOnlyList<RefusedEntry> refused, CancellationToken ct, TimeSpan? ttl = null)
    {
        var now = Now();
        var ttlSeconds = ttl is { } t ? (long?)Math.Round(t.TotalSeconds) : null;
        using var tx = _db.BeginTransaction();
        var feedId = await _db.ExecuteScalarAsync<long>(new CommandDefinition(@"
            INSERT INTO feeds (url, title, last_read, etag, last_modified, last_checked, last_status, ttl_seconds) VALUES (@feedUrl, @title, @now, @etag, @lastModified, @now, 'read', @ttlSeconds)
            ON CONFLICT(url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title), last_read = excluded.last_read, etag = excluded.etag,
                   last_modified = excluded.last_modified, last_checked = excluded.last_checked, last_status = excluded.last_status, ttl_seconds = excluded.ttl_seconds
            RETURNING id", new { feedUrl, title, now, etag, lastModified, ttlSeconds }, tx, cancellationToken: ct));
        var queued = new List<QueueItem>();
        var skipped = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = 0;
        foreach (var e in entries)
        {
            if (!seen.Add(e.Url) || await ArticleIdOfUrlAsync(e.Url, tx, ct) is not null)
            {
                skipped.Add(e.Url);
                continue;
            }
            var published = e.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
            var id = await _db.ExecuteScalarAsync<long?>(new CommandDefinition(@"
                INSERT INTO queue (url, feed_id, title, published, queued_at, updated_at) VALUES (@Url, @feedId, @Title, @published, @now, @now)
                ON CONFLICT(url) DO NOTHING RETURNING id", new { e.Url, feedId, e.Title, published, now }, tx, cancellationToken: ct));
            if (id is { } newId)
            {
                queued.Add(new QueueItem(newId, e.Url, feedId, feedUrl, e.Title, e.Published, 0));
                continue;
            }
            var state = await _db.ExecuteScalarAsync<string>(new CommandDefinition("SELECT state FROM queue WHERE url = @Url", new { e.Url }, tx, cancellationToken: ct));
            if (state == "pending") pending++;
            else skipped.Add(e.Url);
        }
        var refusedNew = new List<RefusedEntry>();
        foreach (var r in refused)
        {
            if (!seen.Add(r.Link)) continue;
            var inserted = await _db.ExecuteAsync(new CommandDefinition(@"
                INSERT INTO queue (url, feed_id, state, attempts, last_error, queued_at, updated_at) VALUES (@Link, @feedId, 'given_up', 1, @Reason, @now, @now)
                ON CONFLICT(url) DO NOTHING", new { r.Link, feedId, r.Reason, now }, tx, cancellationToken: ct));
            if (inserted > 0) refusedNew.Add(r);
            else skipped.Add(r.Link);
        }
        tx.Commit();
        return new FeedQueueResult(feedId, queued, skipped, refusedNew, pending);
    }

    /// <summary>Every pending item of the queue, oldest first: items of earlier runs too, whether or not their feed still lists them.</summary>
    public async Task<IReadOnlyList<QueueItem>> PendingItemsAsync(CancellationToken ct)
    {
        var rows = await _db.QueryAsync<(long Id, string Url, long? FeedId, string? FeedUrl, string? Title, string? Published, long Attempts)>(new CommandDefinition(@"
            SELECT q.id, q.url, q.feed_id, f.url, q.title, q.published, q.attempts
            FROM queue q LEFT JOIN feeds f ON f.id = q.feed_id
            WHERE q.state = 'pending' ORDER BY q.id", cancellationToken: ct));
        return rows.Select(r => new QueueItem(r.Id, r.Url, r.FeedId, r.FeedUrl, r.Title, ParseTime(r.Published), (int)r.Attempts)).ToList();
    }

    /// <summary>
    /// Starts an attempt at an item, committed before any work: the attempt counts even if the process dies during
    /// it, so an item that kills the process is given up after <paramref name="maxAttempts"/> runs instead of
    /// stopping every run. Returns null to go ahead, or the reason the item is given up now (no attempts left).
    /// </summary>
    public async Task<string?> BeginAttemptAsync(QueueItem item, int maxAttempts, CancellationToken ct)
    {
        if (item.Attempts >= maxAttempts)
        {
            var last = await _db.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT last_error FROM queue WHERE id = @Id", new { item.Id }, cancellationToken: ct));
            var reason = $"given up after {item.Attempts} attempts: {last ?? "no reason recorded"}";
            await _db.ExecuteAsync(new CommandDefinition("UPDATE queue SET state = 'given_up', last_error = @reason, updated_at = @now WHERE id = @Id",
                new { item.Id, reason, now = Now() }, cancellationToken: ct));
            return reason;
        }
        await _db.ExecuteAsync(new CommandDefinition(
            "UPDATE queue SET attempts = attempts + 1, last_error = @InterruptedReason, updated_at = @now WHERE id = @Id AND state = 'pending'",
            new { item.Id, InterruptedReason, now = Now() }, cancellationToken: ct));
        return null;
    }

    /// <summary>
    /// Records a failed attempt (begun with <see cref="BeginAttemptAsync"/>): the item stays pending for a later run,
    /// or is given up with its reason when it has had <paramref name="maxAttempts"/> attempts. Returns true when given up.
    /// </summary>
    public async Task<bool> FailItemAsync(QueueItem item, string reason, int maxAttempts, CancellationToken ct)
    {
        var state = await _db.ExecuteScalarAsync<string>(new CommandDefinition(@"
            UPDATE queue SET last_error = @reason, updated_at = @now, state = CASE WHEN attempts >= @maxAttempts THEN 'given_up' ELSE 'pending' END
            WHERE id = @Id RETURNING state", new { item.Id, reason, maxAttempts, now = Now() }, cancellationToken: ct));
        return state == "given_up";
    }

    /// <summary>
    /// Puts given-up queue items back to <c>pending</c> with no attempts used (their last error stays until the next
    /// attempt), for an operator who fixed the cause (a site back up, a larger page limit). With no URLs: every
    /// given-up item. With URLs: exactly those, and nothing changes unless every one of them is a given-up item. A link
    /// a remote feed may not send NewsMiner to (anything but http(s)) is never requeued: it would be read from disk.
    /// </summary>
    public async Task<RequeueResult> RequeueGivenUpAsync(IReadOnlyCollection<string> urls, CancellationToken ct)
    {
        // Only the rows asked about: every given-up item, or the named URLs (as given and in their canonical form).
        const string Select = "SELECT q.id, q.url, q.state, f.url FROM queue q LEFT JOIN feeds f ON f.id = q.feed_id";
        string Key(string url) => Feeds.FeedSources.IsHttp(url) ? Fetching.UrlIdentity.Canonical(url) : url;
        var query = urls.Count == 0
            ? new CommandDefinition(Select + " WHERE q.state = 'given_up'", cancellationToken: ct)
            : new CommandDefinition(Select + " WHERE q.url IN @keys", new { keys = urls.SelectMany(u => new[] { u, Key(u) }).Distinct().ToList() }, cancellationToken: ct);
        var rows = (await _db.QueryAsync<(long Id, string Url, string State, string? FeedUrl)>(query)).ToList();
        static bool Refused((long Id, string Url, string State, string? FeedUrl) r) =>
            !Feeds.FeedSources.IsHttp(r.Url) && (r.FeedUrl is null || Feeds.FeedSources.IsHttp(r.FeedUrl));
        var chosen = new List<(long Id, string Url, string State, string? FeedUrl)>();
        var problems = new List<(string Url, string Problem)>();
        var refused = new List<string>();
        if (urls.Count == 0)
        {
            foreach (var r in rows)
                if (Refused(r)) refused.Add(r.Url);
                else chosen.Add(r);
        }
        else
            foreach (var url in urls)
            {
                var key = Key(url);
                var row = rows.FirstOrDefault(r => r.Url == key || r.Url == url);
                if (row.Url is null) problems.Add((url, "not in the queue"));
                else if (row.State == "pending") problems.Add((url, "already pending: the next run tries it"));
                else if (row.State == "done") problems.Add((url, "already stored"));
                else if (Refused(row)) problems.Add((url, "a remote feed may only link to http(s) pages; it stays given up"));
                else if (!chosen.Contains(row)) chosen.Add(row);
            }
        if (problems.Count > 0) return new RequeueResult([], refused, problems);
        using var tx = _db.BeginTransaction();
        var now = Now();
        foreach (var r in chosen)
            await _db.ExecuteAsync(new CommandDefinition("UPDATE queue SET state = 'pending', attempts = 0, updated_at = @now WHERE id = @Id AND state = 'given_up'",
                new { r.Id, now }, tx, cancellationToken: ct));
        tx.Commit();
        return new RequeueResult(chosen.Select(r => r.Url).ToList(), refused, problems);
    }

    /// <summary>The article an URL is stored under (as link, canonical URL or copy), or null.</summary>
    public Task<long?> ArticleIdOfUrlAsync(string url, CancellationToken ct) => ArticleIdOfUrlAsync(url, null, ct);

    private async Task<long?> ArticleIdOfUrlAsync(string url, SqliteTransaction? tx, CancellationToken ct) =>
        await _db.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT article_id FROM article_urls WHERE url = @url", new { url }, tx, cancellationToken: ct));

    /// <summary>Marks a queue item done without storing anything (its URL was already stored).</summary>
    public Task CompleteItemAsync(long queueId, long articleId, CancellationToken ct) => CompleteItemAsync(queueId, articleId, null, ct);

    private async Task CompleteItemAsync(long queueId, long articleId, SqliteTransaction? tx, CancellationToken ct) =>
        await _db.ExecuteAsync(new CommandDefinition("UPDATE queue SET state = 'done', article_id = @articleId, last_error = NULL, updated_at = @now WHERE id = @queueId",
            new { queueId, articleId, now = Now() }, tx, cancellationToken: ct));

    /// <summary>
    /// The stored article this page's text duplicates: the same text, or a near-identical one (Jaccard similarity of
    /// word 4-grams at least <see cref="NearDuplicates.Threshold"/>), or null. Reads only the candidates that share a
    /// MinHash band with the text (an index lookup), never the whole table.
    /// </summary>
    public async Task<ArticleMatch?> FindCopyAsync(CleanedArticle article, CancellationToken ct) =>
        await FindCopyAsync(Fingerprint.Of(article.Text), null, ct);

    private sealed record Fingerprint(string Hash, HashSet<ulong> Shingles, long[] BandKeys, bool Empty)
    {
        public static Fingerprint Of(string text)
        {
            var shingles = NearDuplicates.Shingles(text);
            return new Fingerprint(TextUtil.Sha256Hex(text), shingles, NearDuplicates.BandKeys(shingles), text.Length == 0);
        }
    }

    private async Task<ArticleMatch?> FindCopyAsync(Fingerprint print, SqliteTransaction? tx, CancellationToken ct)
    {
        if (print.Empty) return null;
        var same = await _db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM articles WHERE content_hash = @Hash ORDER BY id LIMIT 1", new { print.Hash }, tx, cancellationToken: ct));
        if (same is { } original) return new ArticleMatch(original, "alias", 1.0);
        if (print.BandKeys.Length == 0) return null;
        var candidates = await _db.QueryAsync<long>(new CommandDefinition(CandidateSql, new { keys = print.BandKeys, limit = NearDuplicates.MaxCandidates }, tx, cancellationToken: ct));
        ArticleMatch? best = null;
        foreach (var id in candidates)
        {
            var text = await _db.ExecuteScalarAsync<string>(new CommandDefinition("SELECT text FROM articles WHERE id = @id", new { id }, tx, cancellationToken: ct));
            var similarity = NearDuplicates.Jaccard(print.Shingles, NearDuplicates.Shingles(text ?? ""));
            if (similarity >= NearDuplicates.Threshold && (best is null || similarity > best.Similarity)) best = new ArticleMatch(id, "near_duplicate", similarity);
        }
        return best;
    }

    /// <summary>Articles sharing a band key with the text, those sharing the most bands first: a search of the primary key per key.</summary>
    internal const string CandidateSql = @"
        SELECT article_id FROM article_sketches WHERE band_key IN @keys
        GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT @limit";

    /// <summary>
    /// Stores one page in one transaction: skipped if its URL is stored; added as another URL of the article whose text
    /// it repeats exactly (<c>alias</c>) or nearly (<c>near_duplicate</c>); else stored with its mentions, its MinHash
    /// band keys, and the incidents of the victims it names re-merged. <paramref name="extraction"/> may be null only
    /// for a page <see cref="FindCopyAsync(CleanedArticle, CancellationToken)"/> found to be a copy. With
    /// <paramref name="queueId"/>, the queue item is marked done in the same transaction.
    /// </summary>
    public Task<SaveOutcome> SaveArticleAsync(string url, CleanedArticle article, ExtractionResult? extraction, long? feedId, long? queueId, CancellationToken ct) =>
        SaveAsync(url, article, () => extraction ?? throw new ArgumentNullException(nameof(extraction), $"{url}: the page is not a copy of a stored article, so it needs its extraction"),
            feedId, queueId, ct);

    /// <summary>
    /// As <see cref="SaveArticleAsync(string, CleanedArticle, ExtractionResult?, long?, long?, CancellationToken)"/>, but
    /// the page's incidents are extracted by <paramref name="extract"/> only when it is stored as a new article: a
    /// copy, found by the store's one search for it, needs no extraction.
    /// </summary>
    public Task<SaveOutcome> ExtractAndSaveAsync(string url, CleanedArticle article, Func<CleanedArticle, ExtractionResult> extract, long? feedId, long? queueId, CancellationToken ct) =>
        SaveAsync(url, article, () => extract(article), feedId, queueId, ct);

    private async Task<SaveOutcome> SaveAsync(string url, CleanedArticle article, Func<ExtractionResult> extract, long? feedId, long? queueId, CancellationToken ct)
    {
        var print = Fingerprint.Of(article.Text);
        using var tx = _db.BeginTransaction();
        SaveOutcome outcome;
        if (await ArticleIdOfUrlAsync(url, tx, ct) is { } known)
            outcome = new SaveOutcome(SaveKind.AlreadyStored, known, 0);
        else if (await FindCopyAsync(print, tx, ct) is { } match)
        {
            double? similarity = match.Kind == "near_duplicate" ? Math.Round(match.Similarity, 4) : null;
            await AddUrlAsync(match.ArticleId, url, match.Kind, similarity, tx, ct);
            if (article.Url is { } canonical && canonical != url) await AddUrlAsync(match.ArticleId, canonical, match.Kind, similarity, tx, ct);
            outcome = new SaveOutcome(match.Kind == "alias" ? SaveKind.Copy : SaveKind.NearDuplicate, match.ArticleId, 0, similarity);
        }
        else
        {
            var (articleId, created) = await InsertArticleAsync(url, article, extract(), feedId, print, tx, ct);
            outcome = new SaveOutcome(SaveKind.New, articleId, created);
        }
        if (queueId is { } q) await CompleteItemAsync(q, outcome.ArticleId, tx, ct);
        tx.Commit();
        return outcome;
    }

    private async Task<(long ArticleId, int Created)> InsertArticleAsync(string url, CleanedArticle article, ExtractionResult extraction, long? feedId, Fingerprint print,
        SqliteTransaction tx, CancellationToken ct)
    {
        var now = Now();
        var articleId = await _db.ExecuteScalarAsync<long>(new CommandDefinition(@"
            INSERT INTO articles (url, canonical_url, title, author, published, fetched_at, language, site_name, text, content_hash, relevance, feed_id, extracted_at)
            VALUES (@url, @canonical, @title, @author, @published, @now, @language, @site, @text, @hash, @relevance, @feedId, @now)
            RETURNING id",
            new
            {
                url, canonical = article.Url ?? url, title = article.Title, author = article.Author,
                published = article.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), now,
                language = article.Language, site = article.SiteName, text = article.Text, hash = print.Hash, relevance = extraction.Relevance, feedId,
            }, tx, cancellationToken: ct));
        await AddUrlAsync(articleId, url, "link", null, tx, ct);
        if (article.Url is { } c && c != url) await AddUrlAsync(articleId, c, "canonical", null, tx, ct);
        InsertSketch(articleId, print.BandKeys, tx);

        var published = article.Published is { } p ? p.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var keys = new List<string>();
        foreach (var inc in extraction.Incidents)
            keys.Add(await InsertMentionAsync(articleId, inc, published, null, tx, ct));
        var (created, _) = Remerge(keys, tx, ct);
        return (articleId, created);
    }

    private void InsertSketch(long articleId, long[] bandKeys, SqliteTransaction tx)
    {
        if (bandKeys.Length == 0) return;
        _db.Execute("INSERT OR IGNORE INTO article_sketches (band_key, article_id) VALUES (@key, @articleId)",
            bandKeys.Distinct().Select(key => new { key, articleId }), tx);
    }

    /// <summary>Version 3's data step: the band keys of every stored article, read a page at a time (memory stays flat on a large database).</summary>
    private void UpgradeDataToV3(SqliteTransaction tx)
    {
        long last = 0;
        while (true)
        {
            var page = _db.Query<(long Id, string Text)>("SELECT id, text FROM articles WHERE id > @last ORDER BY id LIMIT 500", new { last }, tx).ToList();
            if (page.Count == 0) break;
            foreach (var (id, text) in page)
                InsertSketch(id, NearDuplicates.BandKeys(NearDuplicates.Shingles(text)), tx);
            last = page[^1].Id;
        }
    }
}
