-- Related articles ("Similar news").

-- Each published translation's words of most weight with their (normalized TF) weights, as a
-- JSON array of [word, weight].
CREATE TABLE related_vectors (
    article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale      TEXT NOT NULL,
    vector      TEXT NOT NULL,
    -- Every word of the text once, space-separated: what it counts for in `related_words`.
    words       TEXT NOT NULL,
    -- A digest of what the lists were computed from (the words' counts, the category, the
    -- publication time): an edit that leaves it as it was leaves the lists alone.
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (article_id, locale)
);

-- How many of a locale's vectors hold each word, and how many vectors each locale has: the
-- weight of a word (rare words say more about an article than common ones), kept up to date
-- with the vectors so that a lookup is one index seek.
CREATE TABLE related_words (
    locale    TEXT NOT NULL,
    term      TEXT NOT NULL,
    documents INTEGER NOT NULL CHECK (documents > 0),
    PRIMARY KEY (locale, term)
) WITHOUT ROWID;

CREATE TABLE related_corpus (
    locale    TEXT PRIMARY KEY NOT NULL,
    documents INTEGER NOT NULL CHECK (documents >= 0)
) WITHOUT ROWID;

-- The same, turned around: the inverted index similar articles are found through, each
-- word's articles strongest first.
CREATE TABLE related_terms (
    locale     TEXT NOT NULL,
    term       TEXT NOT NULL,
    weight     REAL NOT NULL CHECK (weight > 0),
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (locale, term, weight DESC, article_id)
) WITHOUT ROWID;

-- The computed list of each article in each locale, best first: a read is one indexed query.
CREATE TABLE related_computed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    rank       INTEGER NOT NULL CHECK (rank >= 1),
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    score      REAL NOT NULL,
    PRIMARY KEY (article_id, locale, rank)
) WITHOUT ROWID;

-- The lists an article is in, to update them when it changes.
CREATE INDEX related_computed_by_related ON related_computed (related_id);

-- Items editors pinned under an article, in their order; they come before the computed ones.
CREATE TABLE related_pins (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position),
    UNIQUE (article_id, related_id),
    CHECK (related_id <> article_id)
) WITHOUT ROWID;
