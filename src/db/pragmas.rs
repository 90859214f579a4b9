//! Settings that hold per connection, so they are applied to every pooled one: SQLite's
//! pragmas, and PostgreSQL's session settings.

use crate::db::DbConnection;

/// The pragmas of one kind of connection.
#[derive(Debug, Clone, Copy)]
pub struct Pragmas {
    /// Reading connections refuse writes, so a write can only go through the one writer.
    query_only: bool,
    /// SQLite's own page cache for this connection, in KiB.
    cache_kib: u32,
    /// How much of the file this connection maps, in bytes.
    mmap_bytes: u64,
}

impl Pragmas {
    /// The writer's cache is the larger, and it maps the file: an edit walks the related
    /// lists' postings, page after page. One connection's map is counted once.
    pub const WRITER: Self = Self {
        query_only: false,
        cache_kib: 16_000,
        mmap_bytes: 256 * 1024 * 1024,
    };
    pub const READER: Self = Self {
        query_only: true,
        cache_kib: 2_000,
        mmap_bytes: 0,
    };

    pub fn apply(&self, connection: &mut DbConnection) -> diesel::QueryResult<()> {
        if let DbConnection::Postgres(_) = connection {
            // Timestamps are stored without a zone, in UTC: so is what the database itself
            // writes (`CURRENT_TIMESTAMP` defaults). Reading connections refuse writes.
            return connection.batch_execute(&format!(
                "SET TIME ZONE 'UTC';
                 SET application_name = 'newsroom';
                 SET default_transaction_read_only = {};",
                if self.query_only { "on" } else { "off" }
            ));
        }
        // The busy timeout comes first: it covers the pragmas after it too, which wait for
        // locks while another connection recovers the write-ahead log of a process that was
        // killed, or a checkpoint or another process (the CLI) holds the lock for a moment.
        // WAL lets readers go on while the writer commits; NORMAL sync is durable across
        // process crashes in WAL mode and much faster than FULL.
        // Readers map nothing: pages come from the operating system's page cache by `pread`,
        // where eight maps would count every page each connection touched in the server's
        // resident size, once a connection.
        connection.batch_execute(&format!(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -{};
             PRAGMA mmap_size = {};
             PRAGMA query_only = {};",
            self.cache_kib,
            self.mmap_bytes,
            if self.query_only { "ON" } else { "OFF" }
        ))
    }
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Integer;
    use diesel::sqlite::SqliteConnection;

    #[derive(QueryableByName)]
    struct Used {
        #[diesel(sql_type = Integer)]
        used: i32,
    }

    /// SQLite is built with the query planner stability guarantee (the workspace's Cargo
    /// configuration sets it): without it, every query whose parameters meet an index with
    /// `sqlite_stat4` samples is planned twice a run.
    #[test]
    fn statements_are_planned_once_whatever_is_bound() {
        let mut connection = SqliteConnection::establish(":memory:").expect("an in-memory database");
        let answer: Used = diesel::sql_query("SELECT sqlite_compileoption_used('ENABLE_QPSG') AS used")
            .get_result(&mut connection)
            .expect("the compile options");
        assert_eq!(answer.used, 1, "SQLite was built without SQLITE_ENABLE_QPSG");
    }
}
