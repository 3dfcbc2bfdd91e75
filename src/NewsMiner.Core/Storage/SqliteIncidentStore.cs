using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using NewsMiner.Core.Cleaning;
using NewsMiner.Core.Extraction;
using NewsMiner.Core.Extraction.Candidates;
using NewsMiner.Core.Pricing;
using NewsMiner.Core.Text;

namespace NewsMiner.Core.Storage;

/// <summary>Counts of one <c>run</c>, stored in the <c>runs</c> table.</summary>
/// <remarks>
/// <see cref="FeedsRead"/> counts feeds fetched and parsed; <see cref="FeedsNotModified"/> those that answered 304
/// (nothing parsed or fetched for them); <see cref="FeedsSkippedInterval"/> those not requested because they were
/// read less than the minimum interval ago. <see cref="ArticlesQueued"/> counts new items put in the work queue;
/// <see cref="ArticlesNearDuplicates"/> pages stored as another URL of a near-identical article;
/// <see cref="ArticlesGivenUp"/> items that failed their last allowed attempt (also counted in <see cref="ArticlesFailed"/>).
/// </remarks>
public sealed record RunCounts(int FeedsRead, int FeedsFailed, int ArticlesNew, int ArticlesSkipped, int ArticlesFailed, int IncidentsNew,
    int FeedsNotModified = 0, int FeedsSkippedInterval = 0, int ArticlesQueued = 0, int ArticlesNearDuplicates = 0, int ArticlesGivenUp = 0);

/// <summary>How to open a database.</summary>
public sealed record StoreOptions
{
    public static StoreOptions Default { get; } = new();

    /// <summary>How long to wait for another process's lock before giving up (default 10 s).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Refuse a path with no database instead of creating one (default false; commands that only read set it).</summary>
    public bool MustExist { get; init; }

    /// <summary>Prices for USD values of amounts in other currencies (default: the table shipped with NewsMiner).</summary>
    public PriceTable Prices { get; init; } = PriceTable.Default;
}

/// <summary>A stored article, as re-extraction needs it.</summary>
public sealed record StoredArticle(long Id, string Url, CleanedArticle Article);

/// <summary>What re-extracting one article changed.</summary>
public sealed record ReextractOutcome(int MentionsBefore, int MentionsAfter, int IncidentsCreated, int IncidentsRemoved);

/// <summary>
/// SQLite storage through Dapper. The schema is created and migrated forward on open (<c>PRAGMA user_version</c>);
/// every article is stored with its mentions, and its incidents re-merged, in one transaction, so a crash never
/// leaves half an article. Merging rules: <see cref="IncidentMerger"/>.
/// </summary>
public sealed partial class SqliteIncidentStore : IDisposable
{
    /// <summary>Schema version this build writes; older databases are migrated forward, newer ones refused.</summary>
    public const int SchemaVersion = 4;

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    private static string Now() => DateTimeOffset.UtcNow.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private readonly SqliteConnection _db;
    private readonly string _path;
    private readonly PriceTable _prices;

    private SqliteIncidentStore(SqliteConnection db, string path, PriceTable prices)
    {
        _db = db;
        _path = path;
        _prices = prices;
    }

    /// <summary>The database file as given.</summary>
    public string Path => _path;

    /// <summary>
    /// Opens (or creates) a database and migrates it to <see cref="SchemaVersion"/>. Throws
    /// <see cref="NewsMinerInputException"/> naming the file for a missing directory, a locked, corrupt, foreign or
    /// newer database.
    /// </summary>
    public static SqliteIncidentStore Open(string path, StoreOptions? options = null)
    {
        options ??= StoreOptions.Default;
        var memory = path == ":memory:";
        var full = memory ? path : System.IO.Path.GetFullPath(path);
        if (!memory)
        {
            if (Directory.Exists(full)) throw new NewsMinerInputException(path, "is a directory, not a database file");
            var dir = System.IO.Path.GetDirectoryName(full);
            if (dir is not null && !Directory.Exists(dir)) throw new NewsMinerInputException(path, $"the directory {dir} does not exist");
            if (options.MustExist && !File.Exists(full)) throw new NewsMinerInputException(path, "no such database (run `newsminer run` first)");
        }
        var timeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds);
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = Math.Max(1, timeout), Pooling = false }.ToString();
        var db = new SqliteConnection(cs);
        try
        {
            db.Open();
            db.Execute($"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds};");
            if (!memory) db.Execute("PRAGMA journal_mode = WAL;");
            db.Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
            var store = new SqliteIncidentStore(db, path, options.Prices);
            store.Migrate();
            return store;
        }
        catch (SqliteException ex)
        {
            db.Dispose();
            throw Wrap(path, ex);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static NewsMinerInputException Wrap(string path, SqliteException ex)
    {
        var reason = ex.SqliteErrorCode switch
        {
            5 or 6 => "the database is locked by another process (is another newsminer command writing to it?)",
            26 => "not a SQLite database (the file is corrupt or something else)",
            11 => "the database file is corrupt",
            14 => "the database file cannot be opened (check the path and permissions)",
            8 => "the database file is read-only",
            _ => ex.Message,
        };
        return new NewsMinerInputException(path, reason, ex);
    }

    private void Migrate()
    {
        var version = _db.ExecuteScalar<long>("PRAGMA user_version;");
        if (version > SchemaVersion)
            throw new NewsMinerInputException(_path, $"the database has schema version {version}, newer than this build's {SchemaVersion}; upgrade newsminer");
        if (version == SchemaVersion) return;
        if (version == 0 && _db.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'") > 0)
            throw new NewsMinerInputException(_path, "not a NewsMiner database (it has tables but no NewsMiner schema version)");
        using var tx = _db.BeginTransaction();
        foreach (var (to, sql) in Schema.Migrations)
        {
            if (to <= version) continue;
            _db.Execute(sql, transaction: tx);
            if (to == 2) UpgradeDataToV2(tx);
            if (to == 3) UpgradeDataToV3(tx);
        }
        _db.Execute($"PRAGMA user_version = {SchemaVersion};", transaction: tx);
        tx.Commit();
    }

    /// <summary>Fills the version-2 columns of existing mentions, then re-merges every incident by the current rules.</summary>
    private void UpgradeDataToV2(SqliteTransaction tx)
    {
        var rows = _db.Query<(long Id, string Victim, double? Amount, string? Currency, string? Actor, string? Date, string Evidence, string? Published)>(@"
            SELECT m.id, m.victim, m.amount, m.currency, m.actor, m.date, m.evidence, a.published
            FROM mentions m JOIN articles a ON a.id = m.article_id", transaction: tx).ToList();
        foreach (var r in rows)
        {
            var evidence = JsonSerializer.Deserialize<List<Evidence>>(r.Evidence, JsonOptions.Compact) ?? [];
            var usd = MentionUsd((decimal?)r.Amount, r.Currency, r.Date ?? DayOf(r.Published));
            _db.Execute(@"UPDATE mentions SET victim_key = @key, amount_usd = @usd, amount_usd_derived = @derived, usd_note = @note, actor_text = @actorText WHERE id = @Id",
                new { r.Id, key = EntityRecognizer.Key(r.Victim), usd = (double?)usd.Usd, derived = usd.Derived ? 1 : 0, note = usd.Note, actorText = ActorAsWritten(r.Actor, evidence) }, tx);
        }
        var keys = _db.Query<string>("SELECT DISTINCT victim_key FROM mentions", transaction: tx).ToList();
        Remerge(keys, tx, CancellationToken.None);
        _db.Execute("DELETE FROM incidents WHERE id NOT IN (SELECT incident_id FROM mentions WHERE incident_id IS NOT NULL)", transaction: tx);
    }

    /// <summary>True when an article with this URL (as linked, canonical, or a copy's) is already stored.</summary>
    public async Task<bool> HasArticleAsync(string url, CancellationToken ct) => await ArticleIdOfUrlAsync(url, null, ct) is not null;

    /// <summary>
    /// Stores one article, its mentions, and re-merges the incidents of the victims it names, in one transaction.
    /// An article whose URL is stored is skipped; one whose text is already stored under another URL, exactly or as a
    /// near-duplicate, is not stored again, but its URL is added to that article's URLs. Returns whether it was stored
    /// and how many incidents were created.
    /// </summary>
    public async Task<(bool Stored, int NewIncidents)> SaveArticleAsync(string url, CleanedArticle article, ExtractionResult extraction, long? feedId, CancellationToken ct)
    {
        var outcome = await SaveArticleAsync(url, article, extraction, feedId, null, ct);
        return (outcome.Kind == SaveKind.New, outcome.NewIncidents);
    }

    private async Task AddUrlAsync(long articleId, string url, string kind, double? similarity, SqliteTransaction tx, CancellationToken ct) =>
        await _db.ExecuteAsync(new CommandDefinition(
            "INSERT OR IGNORE INTO article_urls (url, article_id, kind, similarity) VALUES (@url, @articleId, @kind, @similarity)",
            new { url, articleId, kind, similarity }, tx, cancellationToken: ct));

    private async Task<string> InsertMentionAsync(long articleId, IncidentRecord inc, string? published, long? incidentId, SqliteTransaction tx, CancellationToken ct)
    {
        var key = EntityRecognizer.Key(inc.Victim);
        var usd = MentionUsd(inc.Amount, inc.Currency, inc.Date ?? published);
        await _db.ExecuteAsync(new CommandDefinition(@"
            INSERT INTO mentions (incident_id, article_id, victim, victim_key, amount, currency, amount_usd, amount_usd_derived, usd_note, actor, actor_text, date, mixers,
                                  is_primary, confidence, field_confidence, evidence)
            VALUES (@incidentId, @articleId, @victim, @key, @amount, @currency, @usd, @derived, @note, @actor, @actorText, @date, @mixers,
                    @primary, @confidence, @fieldConfidence, @evidence)",
            new
            {
                incidentId, articleId, victim = inc.Victim, key, amount = (double?)inc.Amount, currency = inc.Currency, usd = (double?)usd.Usd,
                derived = usd.Derived ? 1 : 0, note = usd.Note, actor = inc.Actor, actorText = ActorAsWritten(inc.Actor, inc.Evidence), date = inc.Date,
                mixers = JsonSerializer.Serialize(inc.Mixers), primary = inc.Primary ? 1 : 0, confidence = inc.Confidence,
                fieldConfidence = JsonSerializer.Serialize(inc.FieldConfidence), evidence = JsonSerializer.Serialize(inc.Evidence, JsonOptions.Compact),
            }, tx, cancellationToken: ct));
        return key;
    }

    /// <summary>A mention's USD value: the amount itself when in USD, else converted (and marked derived).</summary>
    private (decimal? Usd, bool Derived, string? Note) MentionUsd(decimal? amount, string? currency, string? date)
    {
        if (amount is not { } a || currency is null) return (null, false, null);
        if (string.Equals(currency, "USD", StringComparison.OrdinalIgnoreCase)) return (a, false, null);
        if (_prices.ToUsd(a, currency, date) is not { } conv) return (null, false, null);
        return (decimal.Round(conv.Usd, 2), true, $"at the {conv.Month} reference price" + (conv.Note is null ? "" : $" ({conv.Note})"));
    }

    private static string? DayOf(string? published) => published is { Length: >= 10 } ? published[..10] : null;

    /// <summary>The actor's name as the evidence sentence writes it, when that is an alias of the canonical name.</summary>
    private static string? ActorAsWritten(string? actor, IReadOnlyList<Evidence> evidence)
    {
        if (actor is null) return null;
        foreach (var e in evidence.Where(e => e.Field == "actor"))
        {
            var hit = Gazetteer.Actors.Find(e.Sentence).FirstOrDefault(n => n.Canonical == actor);
            if (hit is not null) return hit.Text;
        }
        return null;
    }

    /// <summary>
    /// Re-runs the merge for every victim family that contains one of <paramref name="keys"/>: clusters the
    /// family's mentions into thefts, keeps each cluster on the incident most of its mentions were on (so ids are
    /// stable), creates incidents for new clusters, recomputes every value and deletes incidents left empty.
    /// </summary>
    private (int Created, int Removed) Remerge(IEnumerable<string> keys, SqliteTransaction tx, CancellationToken ct)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count == 0) return (0, 0);
        var allKeys = _db.Query<string>("SELECT DISTINCT victim_key FROM mentions", transaction: tx).ToList();
        var family = new HashSet<string>(wanted, StringComparer.Ordinal);
        var frontier = new Queue<string>(wanted);
        while (frontier.Count > 0)
        {
            var k = frontier.Dequeue();
            foreach (var other in allKeys)
                if (!family.Contains(other) && EntityRecognizer.SameName(k, other)) { family.Add(other); frontier.Enqueue(other); }
        }
        var rows = LoadMentions("m.victim_key IN @keys", new { keys = family.ToList() }, tx);
        var before = rows.Where(r => r.IncidentId is not null).Select(r => r.IncidentId!.Value).ToHashSet();
        int created = 0;
        var used = new HashSet<long>();
        var now = Now();
        foreach (var victimFamily in IncidentMerger.Families(family))
        {
            var clusters = IncidentMerger.Cluster(rows.Where(r => victimFamily.Contains(r.VictimKey)))
                .OrderByDescending(c => c.Count).ThenBy(c => c.Min(m => m.Id)).ToList();
            foreach (var cluster in clusters)
            {
                ct.ThrowIfCancellationRequested();
                var values = IncidentMerger.Choose(cluster, _prices);
                var victimKey = EntityRecognizer.Key(values.Victim);
                var id = cluster.Where(m => m.IncidentId is not null).GroupBy(m => m.IncidentId!.Value)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => (long?)g.Key).FirstOrDefault(i => !used.Contains(i!.Value));
                if (id is null)
                {
                    id = _db.ExecuteScalar<long>("INSERT INTO incidents (victim, victim_key, confidence, first_seen) VALUES (@Victim, @VictimKey, 0, @now) RETURNING id",
                        new { values.Victim, VictimKey = victimKey, now }, tx);
                    created++;
                }
                used.Add(id.Value);
                _db.Execute("UPDATE mentions SET incident_id = @id WHERE id IN @ids", new { id, ids = cluster.Select(m => m.Id).ToList() }, tx);
                _db.Execute(@"
                    UPDATE incidents SET victim = @Victim, victim_key = @VictimKey, victim_type = @VictimType, amount = @amount, currency = @Currency,
                           amount_usd = @amountUsd, amount_usd_derived = @derived, usd_note = @UsdNote, actor = @Actor, actor_alternatives = @alternatives,
                           date = @Date, mixers = @mixers, confidence = @Confidence, first_seen = @firstSeen, updated_at = @now
                    WHERE id = @id",
                    new
                    {
                        id, values.Victim, VictimKey = victimKey, values.VictimType, amount = (double?)values.Amount, values.Currency, amountUsd = (double?)values.AmountUsd,
                        derived = values.AmountUsdDerived ? 1 : 0, values.UsdNote, values.Actor, alternatives = IncidentMerger.SerializeAlternatives(values.ActorAlternatives),
                        values.Date, mixers = JsonSerializer.Serialize(values.Mixers), values.Confidence,
                        firstSeen = values.FirstSeen.Length > 0 ? values.FirstSeen : now, now,
                    }, tx);
            }
        }
        var unused = before.Where(id => !used.Contains(id)).ToList();
        var removed = unused.Count == 0 ? 0 : _db.Execute(
            "DELETE FROM incidents WHERE id IN @unused AND id NOT IN (SELECT incident_id FROM mentions WHERE incident_id IS NOT NULL)", new { unused }, tx);
        return (created, removed);
    }

    private List<MentionRow> LoadMentions(string where, object param, SqliteTransaction? tx)
    {
        var rows = _db.Query<MentionData>($@"
            SELECT m.id AS Id, m.incident_id AS IncidentId, m.article_id AS ArticleId, m.victim AS Victim, m.victim_key AS VictimKey, m.amount AS Amount,
                   m.currency AS Currency, m.amount_usd AS AmountUsd, m.amount_usd_derived AS AmountUsdDerived, m.actor AS Actor, m.actor_text AS ActorText,
                   m.date AS Date, m.mixers AS Mixers, m.is_primary AS IsPrimary, m.confidence AS Confidence, m.field_confidence AS FieldConfidence,
                   m.evidence AS Evidence, a.published AS Published, a.fetched_at AS FetchedAt, a.url AS Url, a.title AS Title, a.site_name AS SiteName
            FROM mentions m JOIN articles a ON a.id = m.article_id
            WHERE {where}
            ORDER BY m.id", param, tx);
        return rows.Select(r => r.ToRow()).ToList();
    }

    /// <summary>A mention row as SQLite returns it (long, double, string), before conversion.</summary>
    private sealed class MentionData
    {
        public long Id { get; set; }
        public long? IncidentId { get; set; }
        public long ArticleId { get; set; }
        public string Victim { get; set; } = "";
        public string VictimKey { get; set; } = "";
        public double? Amount { get; set; }
        public string? Currency { get; set; }
        public double? AmountUsd { get; set; }
        public long AmountUsdDerived { get; set; }
        public string? Actor { get; set; }
        public string? ActorText { get; set; }
        public string? Date { get; set; }
        public string Mixers { get; set; } = "[]";
        public long IsPrimary { get; set; }
        public double Confidence { get; set; }
        public string FieldConfidence { get; set; } = "{}";
        public string Evidence { get; set; } = "[]";
        public string? Published { get; set; }
        public string FetchedAt { get; set; } = "";
        public string Url { get; set; } = "";
        public string? Title { get; set; }
        public string? SiteName { get; set; }

        public MentionRow ToRow() => new()
        {
            Id = Id, IncidentId = IncidentId, ArticleId = ArticleId, Victim = Victim, VictimKey = VictimKey.Length > 0 ? VictimKey : EntityRecognizer.Key(Victim),
            Amount = ToDecimal(Amount), Currency = Currency, AmountUsd = ToDecimal(AmountUsd), AmountUsdDerived = AmountUsdDerived != 0, Actor = Actor,
            ActorText = ActorText, Date = Date, Mixers = JsonSerializer.Deserialize<List<string>>(Mixers) ?? [], IsPrimary = IsPrimary != 0, Confidence = Confidence,
            FieldConfidence = JsonSerializer.Deserialize<Dictionary<string, double>>(FieldConfidence) ?? [],
            Evidence = JsonSerializer.Deserialize<List<Evidence>>(Evidence, JsonOptions.Compact) ?? [], Published = DayOf(Published), FetchedAt = FetchedAt,
        };

        public SourceReport ToReport() => new()
        {
            ArticleId = ArticleId, Url = Url, Title = Title, SiteName = SiteName, Published = Published, IsPrimary = IsPrimary != 0, Victim = Victim,
            Amount = ToDecimal(Amount), Currency = Currency, AmountUsd = ToDecimal(AmountUsd), AmountUsdDerived = AmountUsdDerived != 0, Actor = Actor,
            ActorAsWritten = ActorText, Date = Date, Mixers = JsonSerializer.Deserialize<List<string>>(Mixers) ?? [], Confidence = Confidence,
            Evidence = JsonSerializer.Deserialize<List<Evidence>>(Evidence, JsonOptions.Compact) ?? [],
        };
    }

    /// <summary>SQLite stores amounts as doubles; round-trip them to the decimal the extractor produced.</summary>
    internal static decimal? ToDecimal(double? v) => v is { } d ? decimal.Round((decimal)d, 6) : null;

    /// <summary>The stored articles in id order, as re-extraction needs them.</summary>
    public async Task<IReadOnlyList<StoredArticle>> ListArticlesAsync(CancellationToken ct)
    {
        var rows = await _db.QueryAsync<(long Id, string Url, string? Canonical, string? Title, string? Author, string? Published, string? Language, string? SiteName, string Text)>(
            new CommandDefinition("SELECT id, url, canonical_url, title, author, published, language, site_name, text FROM articles ORDER BY id", cancellationToken: ct));
        return rows.Select(r => new StoredArticle(r.Id, r.Url, new CleanedArticle
        {
            Source = r.Url, Url = r.Canonical, Title = r.Title, Author = r.Author, Language = r.Language, SiteName = r.SiteName, Text = r.Text,
            Published = r.Published is not null && DateTimeOffset.TryParse(r.Published, CultureInfo.InvariantCulture, DateTimeStyles.None, out var p) ? p : null,
        })).ToList();
    }

    /// <summary>
    /// Replaces an article's mentions with a new extraction (after retraining) and re-merges the incidents of every
    /// victim it named before or names now, in one transaction. A new mention of a victim the article already named
    /// starts on that mention's incident, so incident ids survive; nothing is duplicated.
    /// </summary>
    public async Task<ReextractOutcome> ReplaceExtractionAsync(long articleId, ExtractionResult extraction, CancellationToken ct)
    {
        using var tx = _db.BeginTransaction();
        var old = LoadMentions("m.article_id = @articleId", new { articleId }, tx);
        var published = old.FirstOrDefault()?.Published ?? DayOf(await _db.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT published FROM articles WHERE id = @articleId", new { articleId }, tx, cancellationToken: ct)));
        await _db.ExecuteAsync(new CommandDefinition("DELETE FROM mentions WHERE article_id = @articleId", new { articleId }, tx, cancellationToken: ct));
        await _db.ExecuteAsync(new CommandDefinition("UPDATE articles SET relevance = @relevance, extracted_at = @now WHERE id = @articleId",
            new { articleId, relevance = extraction.Relevance, now = Now() }, tx, cancellationToken: ct));
        var keys = old.Select(m => m.VictimKey).ToList();
        foreach (var inc in extraction.Incidents)
        {
            var key = EntityRecognizer.Key(inc.Victim);
            var previous = old.FirstOrDefault(m => EntityRecognizer.SameName(m.VictimKey, key))?.IncidentId;
            if (previous is not null && await _db.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM incidents WHERE id = @previous", new { previous }, tx, cancellationToken: ct)) == 0)
                previous = null;
            keys.Add(await InsertMentionAsync(articleId, inc, published, previous, tx, ct));
        }
        var (created, removed) = Remerge(keys, tx, ct);
        // An incident whose only reports were this article's, for a victim it no longer names, is empty now.
        var orphans = old.Where(m => m.IncidentId is not null).Select(m => m.IncidentId!.Value).Distinct().ToList();
        removed += await _db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM incidents WHERE id IN @orphans AND id NOT IN (SELECT incident_id FROM mentions WHERE incident_id IS NOT NULL)", new { orphans }, tx, cancellationToken: ct));
        tx.Commit();
        return new ReextractOutcome(old.Count, extraction.Incidents.Count, created, removed);
    }

    /// <summary>Incidents matching <paramref name="query"/>, with their sources.</summary>
    public async Task<IReadOnlyList<StoredIncident>> ListIncidentsAsync(IncidentQuery query, CancellationToken ct)
    {
        query.Validate();
        var since = query.Since is null ? null : QueryDate(query.Since, "--since");
        var until = query.Until is null ? null : QueryDate(query.Until, "--until");
        var all = await LoadIncidentsAsync(null, ct);
        IEnumerable<StoredIncident> list = all;
        if (since is not null || until is not null)
            list = list.Where(i => DateSpan.Parse(i.Date) is { } d && (since is null || d.End >= since.Value.Start) && (until is null || d.Start <= until.Value.End));
        if (query.Victim is { Length: > 0 } v)
        {
            var key = EntityRecognizer.Key(v);
            list = list.Where(i => EntityRecognizer.SameName(i.Victim, v) || EntityRecognizer.Key(i.Victim) == key || i.Victim.Contains(v, StringComparison.OrdinalIgnoreCase));
        }
        if (query.Actor is { Length: > 0 } a)
        {
            var canonical = Gazetteer.Actors.Canonical(a.Trim());
            list = list.Where(i => i.Actor is not null && (canonical is not null ? i.Actor == canonical : i.Actor.Contains(a.Trim(), StringComparison.OrdinalIgnoreCase)));
        }
        if (query.Mixer is { Length: > 0 } mx)
        {
            var canonical = CanonicalMixer(mx.Trim());
            list = list.Where(i => i.Mixers.Any(x => canonical is not null ? x == canonical : x.Contains(mx.Trim(), StringComparison.OrdinalIgnoreCase)));
        }
        if (query.MinAmountUsd is { } min) list = list.Where(i => i.AmountUsd is { } u && u >= min);
        list = query.Sort switch
        {
            "amount" => list.OrderByDescending(i => i.AmountUsd ?? -1m).ThenBy(i => i.Id),
            "date" => list.OrderBy(i => i.Date ?? "9999").ThenBy(i => i.Id),
            var s => throw new NewsMinerInputException("--sort", $"'{s}' is not a sort order (use date or amount)"),
        };
        if (query.Limit is { } limit)
        {
            if (limit < 1) throw new NewsMinerInputException("--limit", $"{limit} is not a positive number");
            list = list.Take(limit);
        }
        return list.ToList();
    }

    /// <summary>Every incident, oldest first (the listing without filters).</summary>
    public Task<IReadOnlyList<StoredIncident>> ListIncidentsAsync(CancellationToken ct) => ListIncidentsAsync(IncidentQuery.All, ct);

    private static string? CanonicalMixer(string name)
    {
        if (Gazetteer.Mixers.Canonical(name) is { } exact) return exact;
        var found = Gazetteer.Mixers.Find(name).FirstOrDefault();
        if (found is not null) return found.Canonical;
        return Gazetteer.Mixers.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)
                                                         || string.Equals(n.Replace(" ", ""), name.Replace(" ", ""), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Parses a <c>--since</c>/<c>--until</c> value: <c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>.</summary>
    internal static DateSpan? QueryDate(string value, string option)
    {
        var s = value.Trim();
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 9999)
            return new DateSpan(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return DateSpan.Parse(s.Length is 7 or 10 ? s : null)
               ?? throw new NewsMinerInputException(option, $"'{value}' is not a date (use yyyy-MM-dd, yyyy-MM or yyyy)");
    }

    private async Task<List<StoredIncident>> LoadIncidentsAsync(long? id, CancellationToken ct)
    {
        var rows = await _db.QueryAsync<(long Id, string Victim, string VictimType, double? Amount, string? Currency, double? AmountUsd, long Derived, string? UsdNote,
            string? Actor, string Alternatives, string? Date, string Mixers, double Confidence, string FirstSeen)>(new CommandDefinition(@"
            SELECT id, victim, victim_type, amount, currency, amount_usd, amount_usd_derived, usd_note, actor, actor_alternatives, date, mixers, confidence, first_seen
            FROM incidents WHERE @id IS NULL OR id = @id ORDER BY COALESCE(date, '9999'), id", new { id }, cancellationToken: ct));
        var sources = (await _db.QueryAsync<(long IncidentId, string Url)>(new CommandDefinition(@"
            SELECT DISTINCT m.incident_id, a.url FROM mentions m JOIN articles a ON a.id = m.article_id
            WHERE m.incident_id IS NOT NULL AND (@id IS NULL OR m.incident_id = @id) ORDER BY a.id", new { id }, cancellationToken: ct)))
            .GroupBy(x => x.IncidentId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Url).Distinct().ToList());
        return rows.Select(r => new StoredIncident
        {
            Id = r.Id, Victim = r.Victim, VictimType = r.VictimType, Amount = ToDecimal(r.Amount), Currency = r.Currency, AmountUsd = ToDecimal(r.AmountUsd),
            AmountUsdDerived = r.Derived != 0, UsdNote = r.UsdNote, Actor = r.Actor, ActorAlternatives = IncidentMerger.ParseAlternatives(r.Alternatives),
            Date = r.Date, Mixers = JsonSerializer.Deserialize<List<string>>(r.Mixers) ?? [], Confidence = r.Confidence, FirstSeen = r.FirstSeen,
            Sources = sources.GetValueOrDefault(r.Id, []),
        }).ToList();
    }

    /// <summary>One incident with its estimates and every source's report and evidence; throws for an unknown id.</summary>
    public async Task<IncidentDetail> GetIncidentAsync(long id, CancellationToken ct)
    {
        var incident = (await LoadIncidentsAsync(id, ct)).SingleOrDefault()
            ?? throw new NewsMinerInputException($"incident {id}", $"no such incident in {_path} (list them with `newsminer incidents --db {_path}`)");
        var data = await _db.QueryAsync<MentionData>(new CommandDefinition(@"
            SELECT m.id AS Id, m.incident_id AS IncidentId, m.article_id AS ArticleId, m.victim AS Victim, m.victim_key AS VictimKey, m.amount AS Amount,
                   m.currency AS Currency, m.amount_usd AS AmountUsd, m.amount_usd_derived AS AmountUsdDerived, m.actor AS Actor, m.actor_text AS ActorText,
                   m.date AS Date, m.mixers AS Mixers, m.is_primary AS IsPrimary, m.confidence AS Confidence, m.field_confidence AS FieldConfidence,
                   m.evidence AS Evidence, a.published AS Published, a.fetched_at AS FetchedAt, a.url AS Url, a.title AS Title, a.site_name AS SiteName
            FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.incident_id = @id ORDER BY a.published, m.id", new { id }, cancellationToken: ct));
        var reports = data.Select(d => d.ToReport()).ToList();
        var estimates = reports.Where(r => r.Amount is not null && r.Currency is not null)
            .GroupBy(r => (r.Amount!.Value, Normalize.Currency(r.Currency!)))
            .Select(g => new Estimate(g.Key.Value, g.First().Currency!, g.First().AmountUsd, g.First().AmountUsdDerived, g.Select(r => r.Url).Distinct().ToList()))
            .OrderByDescending(e => e.Sources.Count).ThenBy(e => e.Amount).ToList();
        return new IncidentDetail(incident, estimates, reports);
    }

    /// <summary>
    /// Marks the jobs that never finished (the process ended before them: killed, crashed, power cut), feed runs and
    /// re-extractions alike, as interrupted and returns them. Call only while holding the run lock: then no other job
    /// is in progress.
    /// </summary>
    public async Task<IReadOnlyList<(long Id, string Kind, string StartedAt)>> MarkInterruptedRunsAsync(CancellationToken ct) =>
        (await _db.QueryAsync<(long Id, string Kind, string StartedAt)>(new CommandDefinition(
            "UPDATE runs SET interrupted = 1 WHERE finished_at IS NULL AND interrupted = 0 RETURNING id, kind, started_at", cancellationToken: ct)))
        .OrderBy(r => r.Id).ToList();

    /// <summary>Records the start of a job: <c>run</c> (the default) or <c>reextract</c>.</summary>
    public async Task<long> StartRunAsync(CancellationToken ct, string kind = "run") =>
        await _db.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO runs (started_at, kind) VALUES (@now, @kind) RETURNING id",
            new { now = Now(), kind }, cancellationToken: ct));

    public async Task FinishRunAsync(long runId, RunCounts counts, IReadOnlyList<string> failures, CancellationToken ct) =>
        await _db.ExecuteAsync(new CommandDefinition(@"
            UPDATE runs SET finished_at = @now, feeds_read = @FeedsRead, feeds_failed = @FeedsFailed, articles_new = @ArticlesNew,
                   articles_skipped = @ArticlesSkipped, articles_failed = @ArticlesFailed, incidents_new = @IncidentsNew, failures = @failures,
                   feeds_not_modified = @FeedsNotModified, feeds_skipped_interval = @FeedsSkippedInterval, articles_queued = @ArticlesQueued,
                   articles_near_duplicates = @ArticlesNearDuplicates, articles_given_up = @ArticlesGivenUp
            WHERE id = @runId",
            new
            {
                runId, now = Now(), counts.FeedsRead, counts.FeedsFailed, counts.ArticlesNew,
                counts.ArticlesSkipped, counts.ArticlesFailed, counts.IncidentsNew, failures = JsonSerializer.Serialize(failures),
                counts.FeedsNotModified, counts.FeedsSkippedInterval, counts.ArticlesQueued, counts.ArticlesNearDuplicates, counts.ArticlesGivenUp,
            }, cancellationToken: ct));

    public async Task<long> CountAsync(string table, CancellationToken ct)
    {
        if (table is not ("articles" or "article_urls" or "article_sketches" or "incidents" or "mentions" or "feeds" or "runs" or "queue")) throw new ArgumentOutOfRangeException(nameof(table));
        return await _db.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: ct));
    }

    /// <summary>The URLs stored for an article (its link, canonical URL and copies).</summary>
    public async Task<IReadOnlyList<string>> ArticleUrlsAsync(long articleId, CancellationToken ct) =>
        (await _db.QueryAsync<string>(new CommandDefinition("SELECT url FROM article_urls WHERE article_id = @articleId ORDER BY rowid", new { articleId }, cancellationToken: ct))).ToList();

    public void Dispose() => _db.Dispose();
}
