-- A search ranks the newest matching texts of the index (up to 500) and keeps those of public
-- articles: whether each article may be found (public, in a category) comes from this index
-- alone, by an index-only scan, rather than from the article's row. (SQLite's migration also
-- adds a narrow table of the index's texts; PostgreSQL keeps long bodies out of the
-- translations' rows, in TOAST, so those rows are narrow already.)
CREATE INDEX articles_search_eligibility ON articles (id) INCLUDE (status, published_at, category_id);
