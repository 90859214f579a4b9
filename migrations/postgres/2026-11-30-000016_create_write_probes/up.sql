-- One row a server rewrites to learn whether the storage takes writes again, after a write
-- failed for a storage fault (a full disk, a read-only file): a write that changes a value,
-- which SQLite can't skip as a no-op.
CREATE TABLE write_probes (
    name TEXT PRIMARY KEY NOT NULL,
    written_at TIMESTAMP NOT NULL
);
INSERT INTO write_probes (name, written_at) VALUES ('storage', CURRENT_TIMESTAMP);
