//! The SQLite database: a pool of reading connections, one writing connection that serializes
//! every write, the per-connection pragmas, and the migrations embedded in the binary.
//!
//! Diesel is blocking, so both [`Database::read`] and [`Database::write`] run their closure on
//! the blocking thread pool, never on an async worker; the pooled connection is taken there too.

mod clock;
mod id;
mod pragmas;
pub mod schema;
pub mod secrets;

use std::path::Path;
use std::sync::{Arc, Mutex};

use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use clock::{from_micros, micros, now, truncate};
pub use id::Id;
use pragmas::Pragmas;

use crate::error::ApiError;

/// The connection every query runs on.
pub type DbConnection = SqliteConnection;

const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Whether the database has exactly the migrations embedded in this binary; else what differs.
/// Reads only, so it runs on a reading connection.
pub fn schema_is_current(connection: &mut SqliteConnection) -> Result<(), String> {
    use diesel::migration::MigrationSource;
    let known: Vec<String> = MigrationSource::<diesel::sqlite::Sqlite>::migrations(&MIGRATIONS)
        .map_err(|error| error.to_string())?
        .iter()
        .map(|migration| migration.name().version().to_string())
        .collect();
    let applied: Vec<String> = connection
        .applied_migrations()
        .map_err(|error| format!("the applied migrations can't be read: {error}"))?
        .iter()
        .map(ToString::to_string)
        .collect();
    let missing: Vec<&String> = known
        .iter()
        .filter(|version| !applied.contains(version))
        .collect();
    let unknown: Vec<&String> = applied
        .iter()
        .filter(|version| !known.contains(version))
        .collect();
    match (missing.is_empty(), unknown.is_empty()) {
        (true, true) => Ok(()),
        (false, _) => Err(format!("migrations not applied: {missing:?}")),
        (true, false) => Err(format!("migrations this binary does not know: {unknown:?}")),
    }
}

/// Reading connections kept open. Reads in WAL mode never block each other or the writer, so
/// a few more than the cores keeps the blocking pool busy without queueing.
pub const READERS: u32 = 8;

/// How the database failed to open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("cannot configure the database connection: {0}")]
    Pragma(#[from] diesel::result::Error),
    #[error("cannot migrate the database: {0}")]
    Migration(Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot open the reading connections: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
}

/// A handle on one SQLite file; cheap to clone.
#[derive(Clone)]
pub struct Database {
    readers: Pool<ConnectionManager<SqliteConnection>>,
    writer: Arc<Mutex<SqliteConnection>>,
}

impl Database {
    /// Opens (creating if needed) the SQLite file at `path` and applies pending migrations.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let url = path.to_string_lossy().into_owned();
        let mut writer = SqliteConnection::establish(&url)?;
        Pragmas::WRITER.apply(&mut writer)?;
        writer
            .run_pending_migrations(MIGRATIONS)
            .map_err(OpenError::Migration)?;
        // Fresh statistics let the planner pick the right index from the first query on.
        writer.batch_execute("PRAGMA optimize=0x10002")?;
        let readers = Pool::builder()
            .max_size(READERS)
            .min_idle(Some(1))
            // Past this, a request gets a 503 to retry rather than waiting on.
            .connection_timeout(std::time::Duration::from_secs(5))
            .connection_customizer(Box::new(Pragmas::READER))
            .build(ConnectionManager::new(url))?;
        Ok(Self {
            readers,
            writer: Arc::new(Mutex::new(writer)),
        })
    }

    /// Runs `query` on a reading connection, off the async workers, in one read transaction:
    /// all its statements see the same snapshot, so a response never mixes two states.
    pub async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let this = self.clone();
        web::block(move || this.read_blocking(query)).await?
    }

    /// Runs `change` in one immediate transaction on the single writing connection, off the
    /// async workers. Writes queue here rather than on SQLite's lock, so readers never see
    /// `database is locked`.
    pub async fn write<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let this = self.clone();
        web::block(move || this.write_blocking(change)).await?
    }

    /// [`Database::write`], then `after` with the committed result while the writer is still
    /// held: what `after` publishes (a cache of what was written) can't be overtaken by a
    /// later write's.
    pub async fn write_then<T, F, A>(&self, change: F, after: A) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, ApiError> + Send + 'static,
        A: FnOnce(&T) + Send + 'static,
        T: Send + 'static,
    {
        let writer = self.writer.clone();
        web::block(move || {
            let mut writer = writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let written = writer.immediate_transaction(change)?;
            after(&written);
            Ok(written)
        })
        .await?
    }

    /// [`Database::write`] for callers outside the server (the CLI, the demo loader, tests).
    pub fn write_blocking<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, ApiError>,
    {
        // A panic inside a transaction rolls it back, so the connection is sound to reuse.
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        writer.immediate_transaction(change)
    }

    /// Copies the write-ahead log into the database file and empties it: after a bulk write,
    /// so that the next process starts on a whole file instead of checkpointing gigabytes
    /// while it serves.
    pub fn checkpoint(&self) -> Result<(), ApiError> {
        use diesel::connection::SimpleConnection;
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(writer.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?)
    }

    /// How many reading connections are open, and how many of them idle.
    pub fn readers_state(&self) -> diesel::r2d2::State {
        self.readers.state()
    }

    /// Runs `query` on a reading connection on the calling thread (CLI and tests).
    pub fn read_blocking<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, ApiError>,
    {
        let mut connection = self.readers.get()?;
        let connection: &mut SqliteConnection = &mut connection;
        connection.transaction(query)
    }
}
