-- Search moves out of the database into an index of its own that each server keeps beside it
-- (an inverted index: BM25 over every match, in well under a millisecond). What it finds is
-- kept in step from this log: every change that can change what search finds (an article
-- made, deleted, published or unpublished, rescheduled or moved to another category; a
-- translation written or deleted) adds a row, by trigger, in the write's own transaction, so
-- no write is missed, whoever makes it. A server reads the rows after the last it applied.
CREATE TABLE search_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The log's identity: an index built from another log (another database, a restored backup,
-- a bulk load that replaced the log) is built again; and how far old rows were removed, so a
-- server that had not read them knows it must build again.
CREATE TABLE search_lineage (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    lineage        TEXT NOT NULL,
    pruned_through BIGINT NOT NULL DEFAULT 0
);
INSERT INTO search_lineage (id, lineage) VALUES (1, lower(hex(randomblob(16))));

CREATE TRIGGER search_article_inserted AFTER INSERT ON articles
BEGIN
    INSERT INTO search_changes (article_id) VALUES (NEW.id);
END;
CREATE TRIGGER search_article_changed AFTER UPDATE OF status, published_at, category_id ON articles
BEGIN
    INSERT INTO search_changes (article_id) VALUES (NEW.id);
END;
CREATE TRIGGER search_article_deleted AFTER DELETE ON articles
BEGIN
    INSERT INTO search_changes (article_id) VALUES (OLD.id);
END;
CREATE TRIGGER search_translation_inserted AFTER INSERT ON article_translations
BEGIN
    INSERT INTO search_changes (article_id) VALUES (NEW.article_id);
END;
CREATE TRIGGER search_translation_changed AFTER UPDATE OF title, excerpt, body ON article_translations
BEGIN
    INSERT INTO search_changes (article_id) VALUES (NEW.article_id);
END;
CREATE TRIGGER search_translation_deleted AFTER DELETE ON article_translations
BEGIN
    INSERT INTO search_changes (article_id) VALUES (OLD.article_id);
END;

-- The full-text tables of the database's own search go.
DROP INDEX articles_search_eligibility;
DROP TABLE search_texts;
DROP TABLE search_terms;
DROP TABLE article_search;
