namespace NewsMiner.Core.Storage;

/// <summary>
/// The schema, one script per version; each is applied once, in order, inside one transaction with the data steps
/// of its version (<see cref="SqliteIncidentStore"/>). <see cref="V1"/> is kept exactly as version 1 created it,
/// so that a version-1 database can be made in tests and upgraded.
/// </summary>
internal static class Schema
{
    /// <summary>The scripts by the version they bring a database to.</summary>
    public static readonly IReadOnlyList<(int Version, string Sql)> Migrations = [(1, V1), (2, V2), (3, V3), (4, V4)];

    public const string V1 = """
        CREATE TABLE IF NOT EXISTS feeds (
            id            INTEGER PRIMARY KEY,
            url           TEXT NOT NULL UNIQUE,
            title         TEXT,
            last_read     TEXT
        );

        CREATE TABLE IF NOT EXISTS articles (
            id            INTEGER PRIMARY KEY,
            url           TEXT NOT NULL UNIQUE,       -- the link the article was fetched from
            canonical_url TEXT,                       -- rel=canonical / og:url, or the link
            title         TEXT,
            author        TEXT,
            published     TEXT,                       -- ISO 8601 with offset
            fetched_at    TEXT NOT NULL,              -- ISO 8601 UTC
            language      TEXT,
            site_name     TEXT,
            text          TEXT NOT NULL,              -- cleaned main text, paragraphs separated by blank lines
            content_hash  TEXT NOT NULL,              -- SHA-256 of text
            relevance     REAL,                       -- the relevance model's probability that it reports a theft
            feed_id       INTEGER REFERENCES feeds(id)
        );
        CREATE INDEX IF NOT EXISTS ix_articles_canonical ON articles(canonical_url);
        CREATE INDEX IF NOT EXISTS ix_articles_hash ON articles(content_hash);

        CREATE TABLE IF NOT EXISTS incidents (
            id            INTEGER PRIMARY KEY,
            victim        TEXT NOT NULL,
            victim_key    TEXT NOT NULL,              -- normalised victim name used for merging
            amount        REAL,
            currency      TEXT,
            actor         TEXT,
            date          TEXT,                       -- yyyy-MM-dd or yyyy-MM
            mixers        TEXT NOT NULL DEFAULT '[]', -- JSON list of canonical names
            confidence    REAL NOT NULL,
            first_seen    TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_incidents_victim ON incidents(victim_key);

        CREATE TABLE IF NOT EXISTS mentions (
            id               INTEGER PRIMARY KEY,
            incident_id      INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            victim           TEXT NOT NULL,
            amount           REAL,
            currency         TEXT,
            actor            TEXT,
            date             TEXT,
            mixers           TEXT NOT NULL DEFAULT '[]',
            is_primary       INTEGER NOT NULL,
            confidence       REAL NOT NULL,
            field_confidence TEXT NOT NULL DEFAULT '{}', -- JSON: field -> probability
            evidence         TEXT NOT NULL DEFAULT '[]'  -- JSON: [{field, sentence, start, end}]
        );
        CREATE INDEX IF NOT EXISTS ix_mentions_incident ON mentions(incident_id);
        CREATE INDEX IF NOT EXISTS ix_mentions_article ON mentions(article_id);

        CREATE TABLE IF NOT EXISTS runs (
            id               INTEGER PRIMARY KEY,
            started_at       TEXT NOT NULL,
            finished_at      TEXT,
            feeds_read       INTEGER,
            feeds_failed     INTEGER,
            articles_new     INTEGER,
            articles_skipped INTEGER,
            articles_failed  INTEGER,
            incidents_new    INTEGER,
            failures         TEXT                     -- JSON list of "url: reason"
        );
        """;

    /// <summary>
    /// Version 2: every URL of an article (<c>article_urls</c>); mentions keep their normalised victim key, the alias
    /// as written and a USD value, and may be unassigned while incidents are re-merged; incidents keep a USD value,
    /// the alternative attributions and a victim type; runs say what kind of job they were; the views.
    /// </summary>
    public const string V2 = """
        CREATE TABLE article_urls (
            url           TEXT PRIMARY KEY,
            article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind          TEXT NOT NULL CHECK (kind IN ('link', 'canonical', 'alias'))  -- alias: a copy with the same text
        );
        CREATE INDEX ix_article_urls_article ON article_urls(article_id);
        INSERT OR IGNORE INTO article_urls (url, article_id, kind) SELECT url, id, 'link' FROM articles;
        INSERT OR IGNORE INTO article_urls (url, article_id, kind) SELECT canonical_url, id, 'canonical' FROM articles WHERE canonical_url IS NOT NULL;

        ALTER TABLE articles ADD COLUMN extracted_at TEXT;   -- when the current mentions were extracted (ISO 8601 UTC)

        ALTER TABLE incidents ADD COLUMN amount_usd REAL;                               -- USD value of the loss
        ALTER TABLE incidents ADD COLUMN amount_usd_derived INTEGER NOT NULL DEFAULT 0; -- 1: computed from the price table
        ALTER TABLE incidents ADD COLUMN usd_note TEXT;                                 -- how a derived value was computed
        ALTER TABLE incidents ADD COLUMN actor_alternatives TEXT NOT NULL DEFAULT '[]'; -- JSON: [{actor, score, sources}]
        ALTER TABLE incidents ADD COLUMN victim_type TEXT NOT NULL DEFAULT 'unknown';   -- exchange, DeFi protocol, bridge, wallet, other, unknown
        ALTER TABLE incidents ADD COLUMN updated_at TEXT;

        CREATE TABLE mentions_v2 (
            id                 INTEGER PRIMARY KEY,
            incident_id        INTEGER REFERENCES incidents(id) ON DELETE SET NULL,  -- NULL only inside a re-merge
            article_id         INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            victim             TEXT NOT NULL,                 -- as the article names it
            victim_key         TEXT NOT NULL,                 -- normalised ("Taiwan's BitoPro exchange" -> "bitopro")
            amount             REAL,
            currency           TEXT,
            amount_usd         REAL,
            amount_usd_derived INTEGER NOT NULL DEFAULT 0,
            usd_note           TEXT,
            actor              TEXT,                          -- canonical name ("Lazarus Group")
            actor_text         TEXT,                          -- as written ("TraderTraitor")
            date               TEXT,                          -- yyyy-MM-dd or yyyy-MM
            mixers             TEXT NOT NULL DEFAULT '[]',
            is_primary         INTEGER NOT NULL,
            confidence         REAL NOT NULL,
            field_confidence   TEXT NOT NULL DEFAULT '{}',
            evidence           TEXT NOT NULL DEFAULT '[]'
        );
        INSERT INTO mentions_v2 (id, incident_id, article_id, victim, victim_key, amount, currency, actor, date, mixers, is_primary, confidence, field_confidence, evidence)
            SELECT id, incident_id, article_id, victim, '', amount, currency, actor, date, mixers, is_primary, confidence, field_confidence, evidence FROM mentions;
        DROP TABLE mentions;
        ALTER TABLE mentions_v2 RENAME TO mentions;
        CREATE INDEX ix_mentions_incident ON mentions(incident_id);
        CREATE INDEX ix_mentions_article ON mentions(article_id);
        CREATE INDEX ix_mentions_victim ON mentions(victim_key);

        ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run';  -- run or reextract

        CREATE VIEW incident_summary AS
        SELECT i.id, i.victim, i.victim_type, i.amount, i.currency, i.amount_usd, i.amount_usd_derived, i.actor,
               (SELECT group_concat(json_extract(value, '$.actor'), ', ') FROM json_each(i.actor_alternatives)) AS actor_alternatives,
               i.date,
               (SELECT group_concat(value, ', ') FROM json_each(i.mixers)) AS mixers,
               i.confidence, i.first_seen,
               (SELECT MIN(a.published) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.incident_id = i.id) AS first_reported,
               (SELECT COUNT(DISTINCT m.article_id) FROM mentions m WHERE m.incident_id = i.id) AS source_count,
               (SELECT COUNT(*) FROM (SELECT DISTINCT m.amount, m.currency FROM mentions m WHERE m.incident_id = i.id AND m.amount IS NOT NULL)) AS estimate_count
        FROM incidents i;

        CREATE VIEW incident_sources AS
        SELECT m.incident_id, i.victim AS incident_victim, a.id AS article_id, a.url, a.canonical_url, a.title, a.site_name, a.published,
               m.is_primary, m.victim AS reported_victim, m.amount AS reported_amount, m.currency AS reported_currency,
               m.amount_usd AS reported_amount_usd, m.amount_usd_derived AS reported_amount_usd_derived,
               m.actor AS reported_actor, m.actor_text AS reported_actor_as_written, m.date AS reported_date,
               (SELECT group_concat(value, ', ') FROM json_each(m.mixers)) AS reported_mixers, m.confidence
        FROM mentions m JOIN incidents i ON i.id = m.incident_id JOIN articles a ON a.id = m.article_id;

        CREATE VIEW incident_estimates AS
        SELECT m.incident_id, m.amount, m.currency, MAX(m.amount_usd) AS amount_usd, MAX(m.amount_usd_derived) AS amount_usd_derived,
               COUNT(DISTINCT m.article_id) AS source_count, group_concat(a.url, ' ') AS sources
        FROM mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.incident_id IS NOT NULL AND m.amount IS NOT NULL
        GROUP BY m.incident_id, m.amount, m.currency;
        """;

    /// <summary>
    /// Version 3: conditional GET and the minimum interval per feed (validators and the time of the last request);
    /// near-duplicate URLs of an article (<c>article_urls</c> rebuilt for the new kind, with the similarity) and the
    /// banded MinHash keys that find them (<c>article_sketches</c>); the work queue; the new run counts.
    /// </summary>
    public const string V3 = """
        ALTER TABLE feeds ADD COLUMN etag TEXT;           -- ETag of the last 200 response whose items were queued
        ALTER TABLE feeds ADD COLUMN last_modified TEXT;  -- Last-Modified of that response, as the server wrote it
        ALTER TABLE feeds ADD COLUMN last_checked TEXT;   -- last request for the feed, whatever its outcome (ISO 8601 UTC)
        ALTER TABLE feeds ADD COLUMN last_status TEXT;    -- read, not modified, or failed: reason
        UPDATE feeds SET last_checked = last_read, last_status = 'read' WHERE last_read IS NOT NULL;

        CREATE TABLE article_urls_v3 (
            url           TEXT PRIMARY KEY,
            article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind          TEXT NOT NULL CHECK (kind IN ('link', 'canonical', 'alias', 'near_duplicate')),
            similarity    REAL               -- near_duplicate: Jaccard similarity of the two texts' word 4-grams
        );
        INSERT INTO article_urls_v3 (url, article_id, kind) SELECT url, article_id, kind FROM article_urls ORDER BY rowid;
        DROP TABLE article_urls;
        ALTER TABLE article_urls_v3 RENAME TO article_urls;
        CREATE INDEX ix_article_urls_article ON article_urls(article_id);

        -- One row per MinHash band of an article's text: articles that share a band key are near-duplicate candidates.
        CREATE TABLE article_sketches (
            band_key      INTEGER NOT NULL,
            article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID;

        -- Items read from the feeds, queued in one transaction per feed, then processed one transaction per article.
        CREATE TABLE queue (
            id            INTEGER PRIMARY KEY,
            url           TEXT NOT NULL UNIQUE,   -- canonical link (or, for a local feed, the page's path)
            feed_id       INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
            title         TEXT,                   -- the feed item's title and date, used when the page has none
            published     TEXT,
            state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'given_up')),
            attempts      INTEGER NOT NULL DEFAULT 0,
            last_error    TEXT,                   -- why the last attempt failed (given_up: why it was given up)
            article_id    INTEGER REFERENCES articles(id) ON DELETE SET NULL,  -- done: the article it was stored as or merged into
            queued_at     TEXT NOT NULL,
            updated_at    TEXT NOT NULL
        );
        CREATE INDEX ix_queue_pending ON queue(id) WHERE state = 'pending';

        ALTER TABLE runs ADD COLUMN feeds_not_modified INTEGER;       -- answered 304: nothing fetched for them
        ALTER TABLE runs ADD COLUMN feeds_skipped_interval INTEGER;   -- read less than the minimum interval ago: not requested
        ALTER TABLE runs ADD COLUMN articles_queued INTEGER;          -- new items put in the queue
        ALTER TABLE runs ADD COLUMN articles_near_duplicates INTEGER; -- pages stored as another URL of a near-identical article
        ALTER TABLE runs ADD COLUMN articles_given_up INTEGER;        -- items that failed their last allowed attempt
        """;

    /// <summary>
    /// Version 4: a run the process did not survive (killed, power cut) is marked by the next run, which finds it
    /// without a <c>finished_at</c> while holding the run lock; a feed keeps the refresh interval it asks for.
    /// </summary>
    public const string V4 = """
        ALTER TABLE runs ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;  -- 1: the process ended before the run did
        ALTER TABLE feeds ADD COLUMN ttl_seconds INTEGER;  -- the refresh interval the feed asks for (RSS ttl, sy:updatePeriod)
        """;
}
