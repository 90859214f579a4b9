-- The small, often replaced data around the articles (the weather line, the rates), as an
-- ingest job last pushed it: one row a widget and key (a city for the weather; '' for rates).
CREATE TABLE widgets (
    kind        TEXT NOT NULL CHECK (kind IN ('weather', 'rates')),
    key         TEXT NOT NULL,
    data        TEXT NOT NULL CHECK (data::jsonb IS NOT NULL),
    observed_at TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, key)
);

-- The audit log records pushes of widgets' data too.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_resource_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_resource_check CHECK (resource IN (
    'article', 'translation', 'category', 'locale', 'spelling', 'message', 'message_key', 'widget'
));
