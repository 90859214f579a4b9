-- Every write through the editorial API, with the key that made it: creations, changes and
-- deletions alike, of articles, translations, categories and locales.
CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TIMESTAMP NOT NULL,
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL CHECK (resource IN ('article', 'translation', 'category', 'locale')),
    -- The id (or code) of what was written; `<article id>/<locale>` for a translation.
    target   TEXT NOT NULL
);

CREATE INDEX audit_log_key ON audit_log (key_id, at);
CREATE INDEX audit_log_target ON audit_log (resource, target, at);
