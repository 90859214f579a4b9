-- Secrets that belong to this database, made once when it is created. `cursor_key` signs the
-- pagination cursors handed to clients, so a forged or edited cursor is recognised.
CREATE TABLE instance_secrets (
    name  TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL CHECK (length(value) >= 32)
);

INSERT INTO instance_secrets (name, value) VALUES ('cursor_key', randomblob(32));
