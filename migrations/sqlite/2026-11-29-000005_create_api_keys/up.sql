-- Keys for the editorial API. Only a hash of each key is kept: the key itself is shown once,
-- when it is made. `prefix` is the key's public part, by which a presented key is found.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role         TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    prefix       TEXT NOT NULL UNIQUE,
    secret_hash  BLOB NOT NULL CHECK (length(secret_hash) = 32),
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

-- A name belongs to one live key at a time; a revoked key's name can be given again.
CREATE UNIQUE INDEX api_keys_live_name ON api_keys (name) WHERE revoked_at IS NULL;
