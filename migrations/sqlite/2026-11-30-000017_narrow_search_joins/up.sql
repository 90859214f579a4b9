-- A search ranks the newest matching texts of the index (up to 500) and keeps those in the
-- locales searched, of public articles. Finding each text's article and locale through
-- `article_translations` reads a page a text, as its row holds the whole body; this narrow
-- table holds them a hundred to a page. It is kept with the index, row for row: `id` is the
-- translation's rowid, which is the index row's rowid.
CREATE TABLE search_texts (
    id         INTEGER PRIMARY KEY NOT NULL,
    article_id TEXT NOT NULL,
    locale     TEXT NOT NULL
);
INSERT INTO search_texts (id, article_id, locale)
    SELECT rowid, article_id, locale FROM article_translations;

-- Whether each of those articles may be found (public, in a category), from the index alone
-- rather than from the article's row.
CREATE INDEX articles_search_eligibility ON articles (id, status, published_at, category_id);
