namespace NewsMiner.Core.Storage;

/// <summary>The schema, one script per version; each is applied once, in order, inside a transaction.</summary>
internal static class Schema
{
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
}
