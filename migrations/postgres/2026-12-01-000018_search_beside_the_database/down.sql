DROP TRIGGER search_translation_written ON article_translations;
DROP TRIGGER search_article_written ON articles;
DROP FUNCTION search_log_translation();
DROP FUNCTION search_log_article();
DROP TABLE search_lineage;
DROP TABLE search_changes;

CREATE TABLE article_search (
    seq      BIGINT PRIMARY KEY REFERENCES article_translations (seq) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
CREATE INDEX articles_search_eligibility ON articles (id) INCLUDE (status, published_at, category_id);
-- The index is empty: the server of that version builds it at start.
