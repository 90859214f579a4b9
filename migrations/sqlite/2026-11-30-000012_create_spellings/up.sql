-- The publisher's words that transliteration between Uzbek's scripts spells otherwise than
-- its letter rules (and its standard list) would: each word in Cyrillic, lowercase, with
-- its Latin spelling, lowercase, apostrophes as U+2018.
CREATE TABLE spellings (
    cyrillic TEXT PRIMARY KEY NOT NULL CHECK (length(cyrillic) BETWEEN 1 AND 64),
    latin TEXT NOT NULL CHECK (length(latin) BETWEEN 1 AND 64),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The audit log records writes of spellings, and of the interface's messages and their keys.
CREATE TABLE audit_log_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TIMESTAMP NOT NULL,
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL CHECK (resource IN (
        'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key'
    )),
    -- The id (or code) of what was written; `<article id>/<locale>` for a translation,
    -- `<locale>/<key>` for a message.
    target   TEXT NOT NULL
);
INSERT INTO audit_log_new (id, at, key_id, action, resource, target)
    SELECT id, at, key_id, action, resource, target FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_key ON audit_log (key_id, at);
CREATE INDEX audit_log_target ON audit_log (resource, target, at);
