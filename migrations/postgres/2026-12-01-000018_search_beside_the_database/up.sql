-- Search moves out of the database into an index of its own that each server keeps beside it
-- (an inverted index: BM25 over every match, in well under a millisecond). What it finds is
-- kept in step from this log: every change that can change what search finds (an article
-- made, deleted, published or unpublished, rescheduled or moved to another category; a
-- translation written or deleted) adds a row, by trigger, in the write's own transaction, so
-- no write is missed, whoever makes it and on whichever server. Each server reads the rows
-- after the last it applied (and, for a while, the numbers a transaction still open took).
CREATE TABLE search_changes (
    seq        BIGSERIAL PRIMARY KEY,
    article_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);

-- The log's identity: an index built from another log (another database, a restored backup,
-- a bulk load that replaced the log) is built again; and how far old rows were removed, so a
-- server that had not read them knows it must build again.
CREATE TABLE search_lineage (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    lineage        TEXT NOT NULL,
    pruned_through BIGINT NOT NULL DEFAULT 0
);
INSERT INTO search_lineage (id, lineage) VALUES (1, md5(random()::text || clock_timestamp()::text));

CREATE FUNCTION search_log_article() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_changes (article_id) VALUES (OLD.id);
    ELSE
        INSERT INTO search_changes (article_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_log_translation() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO search_changes (article_id) VALUES (OLD.article_id);
    ELSE
        INSERT INTO search_changes (article_id) VALUES (NEW.article_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_article_written
    AFTER INSERT OR DELETE OR UPDATE OF status, published_at, category_id ON articles
    FOR EACH ROW EXECUTE FUNCTION search_log_article();
CREATE TRIGGER search_translation_written
    AFTER INSERT OR DELETE OR UPDATE OF title, excerpt, body ON article_translations
    FOR EACH ROW EXECUTE FUNCTION search_log_translation();

-- The full-text table of the database's own search goes.
DROP INDEX articles_search_eligibility;
DROP TABLE article_search;
