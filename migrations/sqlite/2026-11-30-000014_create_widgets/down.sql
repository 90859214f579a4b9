DROP TABLE widgets;
DELETE FROM audit_log WHERE resource = 'widget';
CREATE TABLE audit_log_old (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TIMESTAMP NOT NULL,
    key_id   TEXT NOT NULL REFERENCES api_keys (id),
    action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    resource TEXT NOT NULL CHECK (resource IN (
        'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key'
    )),
    target   TEXT NOT NULL
);
INSERT INTO audit_log_old SELECT id, at, key_id, action, resource, target FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_old RENAME TO audit_log;
CREATE INDEX audit_log_key ON audit_log (key_id, at);
CREATE INDEX audit_log_target ON audit_log (resource, target, at);
