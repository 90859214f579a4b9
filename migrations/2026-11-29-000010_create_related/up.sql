-- Related articles ("Similar news").

-- How often each word occurs across the search index's rows, for the weight of a word
-- (rare words say more about an article than common ones).
CREATE VIRTUAL TABLE article_search_vocabulary USING fts5vocab(article_search, 'row');

-- Each published translation's strongest words, weighted (TF-IDF, normalized): the inverted
-- index similar articles are found through.
CREATE TABLE related_terms (
    locale     TEXT NOT NULL,
    term       TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    weight     REAL NOT NULL CHECK (weight > 0),
    PRIMARY KEY (locale, term, article_id)
) WITHOUT ROWID;

-- The articles a word weighs most in, strongest first.
CREATE INDEX related_terms_strongest ON related_terms (locale, term, weight DESC);
-- An article's own words.
CREATE INDEX related_terms_article ON related_terms (article_id, locale);

-- The computed list of each article in each locale, best first: a read is one indexed query.
CREATE TABLE related_computed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    locale     TEXT NOT NULL,
    rank       INTEGER NOT NULL CHECK (rank >= 1),
    related_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    score      REAL NOT NULL,
    PRIMARY KEY (article_id, locale, rank),
    UNIQUE (article_id, locale, related_id)
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
