using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Storage;

/// <summary>A stored incident with the URLs of the articles that report it.</summary>
public sealed record StoredIncident
{
    public long Id { get; init; }
    public required string Victim { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    public string? Actor { get; init; }
    public string? Date { get; init; }
    public IReadOnlyList<string> Mixers { get; init; } = [];
    public double Confidence { get; init; }
    public string FirstSeen { get; init; } = "";
    public IReadOnlyList<string> Sources { get; init; } = [];
}

/// <summary>Counts of one <c>run</c>, stored in the <c>runs</c> table.</summary>
public sealed record RunCounts(int FeedsRead, int FeedsFailed, int ArticlesNew, int ArticlesSkipped, int ArticlesFailed, int IncidentsNew);

/// <summary>
/// SQLite storage through Dapper. The schema is created and migrated on open (<c>PRAGMA user_version</c>); every
/// article is stored with its mentions and incidents in one transaction, so a crash never leaves half an article.
/// </summary>
public sealed class SqliteIncidentStore : IDisposable
{
    /// <summary>Schema version this build writes; older databases are migrated forward, newer ones refused.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Two dated mentions of the same victim are one incident when their dates are this close.</summary>
    public const int MergeWindowDays = 14;

    private readonly SqliteConnection _db;
    private readonly string _path;

    private SqliteIncidentStore(SqliteConnection db, string path)
    {
        _db = db;
        _path = path;
    }

    public static SqliteIncidentStore Open(string path)
    {
        var full = path == ":memory:" ? path : Path.GetFullPath(path);
        if (full != ":memory:")
        {
            var dir = Path.GetDirectoryName(full);
            if (dir is not null && !Directory.Exists(dir)) throw new NewsMinerInputException(path, $"the directory {dir} does not exist");
        }
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 10, Pooling = false }.ToString();
        var db = new SqliteConnection(cs);
        try
        {
            db.Open();
            db.Execute("PRAGMA busy_timeout = 10000;");
            if (full != ":memory:") db.Execute("PRAGMA journal_mode = WAL;");
            db.Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            var store = new SqliteIncidentStore(db, path);
            store.Migrate();
            return store;
        }
        catch (SqliteException ex)
        {
            db.Dispose();
            var reason = ex.SqliteErrorCode switch
            {
                5 or 6 => "the database is locked by another process (is another newsminer run active?)",
                26 => "not a SQLite database (the file is corrupt or something else)",
                11 => "the database file is corrupt",
                14 => "the database file cannot be opened (check the path and permissions)",
                _ => ex.Message,
            };
            throw new NewsMinerInputException(path, reason, ex);
        }
    }

    private void Migrate()
    {
        var version = _db.ExecuteScalar<long>("PRAGMA user_version;");
        if (version > SchemaVersion)
            throw new NewsMinerInputException(_path, $"the database has schema version {version}, newer than this build's {SchemaVersion}; upgrade newsminer");
        if (version < 1)
        {
            using var tx = _db.BeginTransaction();
            _db.Execute(Schema.V1, transaction: tx);
            _db.Execute("PRAGMA user_version = 1;", transaction: tx);
            tx.Commit();
        }
    }

    /// <summary>True when an article with this URL (as linked or canonical) is already stored.</summary>
    public async Task<bool> HasArticleAsync(string url, CancellationToken ct)
    {
        var n = await _db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM articles WHERE url = @url OR canonical_url = @url", new { url }, cancellationToken: ct));
        return n > 0;
    }

    /// <summary>
    /// Stores one article, its mentions and their incidents in one transaction. An article whose content hash is
    /// already stored is not stored again. Returns the number of incidents created.
    /// </summary>
    public async Task<(bool Stored, int NewIncidents)> SaveArticleAsync(string url, CleanedArticle article, ExtractionResult extraction, long? feedId, CancellationToken ct)
    {
        var hash = TextUtil.Sha256Hex(article.Text);
        using var tx = _db.BeginTransaction();
        var exists = await _db.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM articles WHERE url = @url OR (content_hash = @hash AND length(text) > 0)", new { url, hash }, tx, cancellationToken: ct));
        if (exists > 0) { tx.Rollback(); return (false, 0); }
        var articleId = await _db.ExecuteScalarAsync<long>(new CommandDefinition(@"
            INSERT INTO articles (url, canonical_url, title, author, published, fetched_at, language, site_name, text, content_hash, relevance, feed_id)
            VALUES (@url, @canonical, @title, @author, @published, @fetched, @language, @site, @text, @hash, @relevance, @feedId)
            RETURNING id",
            new
            {
                url,
                canonical = article.Url ?? url,
                title = article.Title,
                author = article.Author,
                published = article.Published?.ToString("yyyy-MM-ddTHH:mm:sszzz"),
                fetched = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                language = article.Language,
                site = article.SiteName,
                text = article.Text,
                hash,
                relevance = extraction.Relevance,
                feedId,
            }, tx, cancellationToken: ct));

        var created = 0;
        foreach (var inc in extraction.Incidents)
        {
            var (incidentId, isNew) = await FindOrCreateIncidentAsync(inc, tx, ct);
            if (isNew) created++;
            await _db.ExecuteAsync(new CommandDefinition(@"
                INSERT INTO mentions (incident_id, article_id, victim, amount, currency, actor, date, mixers, is_primary, confidence, field_confidence, evidence)
                VALUES (@incidentId, @articleId, @victim, @amount, @currency, @actor, @date, @mixers, @primary, @confidence, @fieldConfidence, @evidence)",
                new
                {
                    incidentId, articleId, victim = inc.Victim, amount = (double?)inc.Amount, currency = inc.Currency, actor = inc.Actor,
                    date = inc.Date, mixers = JsonSerializer.Serialize(inc.Mixers), primary = inc.Primary ? 1 : 0, confidence = inc.Confidence,
                    fieldConfidence = JsonSerializer.Serialize(inc.FieldConfidence), evidence = JsonSerializer.Serialize(inc.Evidence, JsonOptions.Compact),
                }, tx, cancellationToken: ct));
            await RefreshIncidentAsync(incidentId, tx, ct);
        }
        tx.Commit();
        return (true, created);
    }

    private async Task<(long Id, bool IsNew)> FindOrCreateIncidentAsync(IncidentRecord inc, SqliteTransaction tx, CancellationToken ct)
    {
        var key = EntityRecognizer.Key(inc.Victim);
        var rows = await _db.QueryAsync<(long Id, string VictimKey, string? Date)>(new CommandDefinition(
            "SELECT id, victim_key, date FROM incidents", transaction: tx, cancellationToken: ct));
        foreach (var row in rows)
        {
            if (!EntityRecognizer.SameName(row.VictimKey, key)) continue;
            if (DatesCompatible(row.Date, inc.Date)) return (row.Id, false);
        }
        var id = await _db.ExecuteScalarAsync<long>(new CommandDefinition(@"
            INSERT INTO incidents (victim, victim_key, amount, currency, actor, date, mixers, confidence, first_seen)
            VALUES (@victim, @key, @amount, @currency, @actor, @date, @mixers, @confidence, @now) RETURNING id",
            new
            {
                victim = inc.Victim, key, amount = (double?)inc.Amount, currency = inc.Currency, actor = inc.Actor, date = inc.Date,
                mixers = JsonSerializer.Serialize(inc.Mixers), confidence = inc.Confidence, now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            }, tx, cancellationToken: ct));
        return (id, true);
    }

    /// <summary>Same victim and dates within the merge window (a month-only date is compatible with any day in it; a missing date with any).</summary>
    internal static bool DatesCompatible(string? a, string? b)
    {
        if (a is null || b is null) return true;
        if (a.Length == 7 || b.Length == 7)
        {
            var (ma, mb) = (a[..7], b[..7]);
            if (ma == mb) return true;
            // Adjacent months are compatible when the day-precision side is within the window of the month's edge.
            return Math.Abs(MonthIndex(ma) - MonthIndex(mb)) <= 1 && (a.Length == 10 || b.Length == 10) && NearMonthEdge(a.Length == 10 ? a : b, a.Length == 7 ? a : b);
        }
        var da = DateOnly.Parse(a);
        var db = DateOnly.Parse(b);
        return Math.Abs(da.DayNumber - db.DayNumber) <= MergeWindowDays;
    }

    private static int MonthIndex(string ym) => int.Parse(ym[..4]) * 12 + int.Parse(ym[5..7]);

    private static bool NearMonthEdge(string day, string month)
    {
        var d = DateOnly.Parse(day);
        var start = DateOnly.Parse(month + "-01");
        var end = start.AddMonths(1).AddDays(-1);
        return Math.Min(Math.Abs(d.DayNumber - start.DayNumber), Math.Abs(d.DayNumber - end.DayNumber)) <= MergeWindowDays;
    }

    /// <summary>Recomputes an incident's values from its mentions: per field, the value with the highest summed confidence.</summary>
    private async Task RefreshIncidentAsync(long incidentId, SqliteTransaction tx, CancellationToken ct)
    {
        var mentions = (await _db.QueryAsync<(string Victim, double? Amount, string? Currency, string? Actor, string? Date, string Mixers, double Confidence)>(
            new CommandDefinition("SELECT victim, amount, currency, actor, date, mixers, confidence FROM mentions WHERE incident_id = @incidentId",
                new { incidentId }, tx, cancellationToken: ct))).ToList();
        if (mentions.Count == 0) return;
        static T? Vote<T>(IEnumerable<(T? Value, double W)> values) where T : class =>
            values.Where(v => v.Value is not null).GroupBy(v => v.Value).OrderByDescending(g => g.Sum(x => x.W)).Select(g => g.Key).FirstOrDefault();
        var victim = Vote(mentions.Select(m => ((string?)m.Victim, m.Confidence)))!;
        var amount = mentions.Where(m => m.Amount is not null).GroupBy(m => (m.Amount, m.Currency)).OrderByDescending(g => g.Sum(x => x.Confidence)).FirstOrDefault()?.Key;
        var actor = Vote(mentions.Select(m => (m.Actor, m.Confidence)));
        // Prefer the most precise date that the mentions support.
        var date = mentions.Where(m => m.Date is not null).GroupBy(m => m.Date).OrderByDescending(g => g.Key!.Length).ThenByDescending(g => g.Sum(x => x.Confidence)).FirstOrDefault()?.Key;
        var mixers = mentions.SelectMany(m => JsonSerializer.Deserialize<List<string>>(m.Mixers) ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        await _db.ExecuteAsync(new CommandDefinition(@"
            UPDATE incidents SET victim = @victim, amount = @amount, currency = @currency, actor = @actor, date = @date, mixers = @mixers,
                   confidence = @confidence WHERE id = @incidentId",
            new
            {
                incidentId, victim, amount = amount?.Amount, currency = amount?.Currency, actor, date,
                mixers = JsonSerializer.Serialize(mixers), confidence = mentions.Max(m => m.Confidence),
            }, tx, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<StoredIncident>> ListIncidentsAsync(CancellationToken ct)
    {
        var rows = await _db.QueryAsync<(long Id, string Victim, double? Amount, string? Currency, string? Actor, string? Date, string Mixers, double Confidence, string FirstSeen)>(
            new CommandDefinition("SELECT id, victim, amount, currency, actor, date, mixers, confidence, first_seen FROM incidents ORDER BY COALESCE(date, '9999'), id", cancellationToken: ct));
        var sources = (await _db.QueryAsync<(long IncidentId, string Url)>(new CommandDefinition(@"
            SELECT DISTINCT m.incident_id, a.url FROM mentions m JOIN articles a ON a.id = m.article_id ORDER BY a.id", cancellationToken: ct)))
            .GroupBy(x => x.IncidentId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Url).ToList());
        return rows.Select(r => new StoredIncident
        {
            Id = r.Id,
            Victim = r.Victim,
            Amount = r.Amount is null ? null : (decimal)r.Amount.Value,
            Currency = r.Currency,
            Actor = r.Actor,
            Date = r.Date,
            Mixers = JsonSerializer.Deserialize<List<string>>(r.Mixers) ?? [],
            Confidence = r.Confidence,
            FirstSeen = r.FirstSeen,
            Sources = sources.GetValueOrDefault(r.Id, []),
        }).ToList();
    }

    public async Task<long> UpsertFeedAsync(string url, string? title, CancellationToken ct) =>
        await _db.ExecuteScalarAsync<long>(new CommandDefinition(@"
            INSERT INTO feeds (url, title, last_read) VALUES (@url, @title, @now)
            ON CONFLICT(url) DO UPDATE SET title = COALESCE(excluded.title, feeds.title), last_read = excluded.last_read
            RETURNING id", new { url, title, now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") }, cancellationToken: ct));

    public async Task<long> StartRunAsync(CancellationToken ct) =>
        await _db.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO runs (started_at) VALUES (@now) RETURNING id", new { now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") }, cancellationToken: ct));

    public async Task FinishRunAsync(long runId, RunCounts counts, IReadOnlyList<string> failures, CancellationToken ct) =>
        await _db.ExecuteAsync(new CommandDefinition(@"
            UPDATE runs SET finished_at = @now, feeds_read = @FeedsRead, feeds_failed = @FeedsFailed, articles_new = @ArticlesNew,
                   articles_skipped = @ArticlesSkipped, articles_failed = @ArticlesFailed, incidents_new = @IncidentsNew, failures = @failures
            WHERE id = @runId",
            new
            {
                runId, now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), counts.FeedsRead, counts.FeedsFailed, counts.ArticlesNew,
                counts.ArticlesSkipped, counts.ArticlesFailed, counts.IncidentsNew, failures = JsonSerializer.Serialize(failures),
            }, cancellationToken: ct));

    public async Task<long> CountAsync(string table, CancellationToken ct)
    {
        if (table is not ("articles" or "incidents" or "mentions" or "feeds" or "runs")) throw new ArgumentOutOfRangeException(nameof(table));
        return await _db.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: ct));
    }

    public void Dispose() => _db.Dispose();
}
