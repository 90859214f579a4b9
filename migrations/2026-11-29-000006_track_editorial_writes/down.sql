DROP TABLE article_slug_history;
DROP INDEX articles_recently_changed;
ALTER TABLE categories DROP COLUMN updated_by;
ALTER TABLE categories DROP COLUMN created_by;
ALTER TABLE categories DROP COLUMN version;
ALTER TABLE article_translations DROP COLUMN updated_by;
ALTER TABLE articles DROP COLUMN updated_by;
ALTER TABLE articles DROP COLUMN created_by;
ALTER TABLE articles DROP COLUMN version;
