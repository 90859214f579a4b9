//! SQLite settings that hold per connection, so they are applied to every pooled one.

use diesel::connection::SimpleConnection;
use diesel::r2d2::CustomizeConnection;
use diesel::sqlite::SqliteConnection;

/// The pragmas of one kind of connection.
#[derive(Debug, Clone, Copy)]
pub struct Pragmas {
    /// Reading connections refuse writes, so a write can only go through the one writer.
    query_only: bool,
}

impl Pragmas {
    pub const WRITER: Self = Self { query_only: false };
    pub const READER: Self = Self { query_only: true };

    pub fn apply(&self, connection: &mut SqliteConnection) -> diesel::QueryResult<()> {
        // WAL lets readers go on while the writer commits; NORMAL sync is durable across
        // process crashes in WAL mode and much faster than FULL. The busy timeout covers
        // checkpoints and other processes (the CLI) holding the lock for a moment.
        connection.batch_execute(&format!(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -16000;
             PRAGMA mmap_size = 268435456;
             PRAGMA query_only = {};",
            if self.query_only { "ON" } else { "OFF" }
        ))
    }
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for Pragmas {
    fn on_acquire(&self, connection: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        self.apply(connection).map_err(diesel::r2d2::Error::QueryError)
    }
}
