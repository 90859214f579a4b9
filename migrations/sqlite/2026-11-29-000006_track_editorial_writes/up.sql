-- What the editorial API needs beside the content: a version per article and category for
-- optimistic concurrency (their ETag), which key made and last changed each, and the slugs an
-- article had before, so that old links keep answering.

ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE articles ADD COLUMN created_by TEXT REFERENCES api_keys (id);
ALTER TABLE articles ADD COLUMN updated_by TEXT REFERENCES api_keys (id);
ALTER TABLE article_translations ADD COLUMN updated_by TEXT REFERENCES api_keys (id);
ALTER TABLE categories ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE categories ADD COLUMN created_by TEXT REFERENCES api_keys (id);
ALTER TABLE categories ADD COLUMN updated_by TEXT REFERENCES api_keys (id);

-- The editors' view of the feed (`preview=true`): every article, most recently changed first,
-- or those in one status.
CREATE INDEX articles_recently_changed ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_status_recently_changed ON articles (status, updated_at DESC, id DESC);

-- A slug a translation no longer has. It keeps resolving to its article until another article
-- takes it as its current slug.
CREATE TABLE article_slug_history (
    locale     TEXT NOT NULL REFERENCES locales (code) ON UPDATE CASCADE,
    slug       TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    retired_at TIMESTAMP NOT NULL,
    PRIMARY KEY (locale, slug)
);

CREATE INDEX article_slug_history_slug ON article_slug_history (slug);
CREATE INDEX article_slug_history_article ON article_slug_history (article_id);
