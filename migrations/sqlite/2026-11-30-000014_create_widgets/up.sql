-- The small, often replaced data around the articles (the weather line, the rates), as an
-- ingest job last pushed it: one row a widget and key (a city for the weather; '' for rates).
CREATE TABLE widgets (
    kind        TEXT NOT NULL CHECK (kind IN ('weather', 'rates')),
    key         TEXT NOT NULL,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    observed_at TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, key)
);

-- The audit log records pushes of widgets' data too.
CREATE TABLE audit_log_new (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TIMESTAMP NOT NULL,
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL CHECK (resource IN (
        'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key', 'widget'
    )),
    -- The id (or code) of what was written; `<article id>/<locale>` for a translation,
    -- `<locale>/<key>` for a message, `weather/<city>` or `rates` for a widget.
    target   TEXT NOT NULL
);
INSERT INTO audit_log_new (id, at, key_id, action, resource, target)
    SELECT id, at, key_id, action, resource, target FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_key ON audit_log (key_id, at);
CREATE INDEX audit_log_target ON audit_log (resource, target, at);
