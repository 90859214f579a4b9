//! The database: SQLite (one file, the default) or PostgreSQL (shared by several servers). A
//! pool of reading connections, one writing connection that serializes this process's writes,
//! the per-connection settings, and each backend's migrations, embedded in the binary.
//!
//! Diesel is blocking, so both [`Database::read`] and [`Database::write`] run their closure on
//! the blocking thread pool, never on an async worker; the pooled connection is taken there too.

mod clock;
mod connection;
mod id;
mod location;
mod pragmas;
pub mod schema;
pub mod secrets;
mod storage;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::web;
use diesel::migration::MigrationSource;
use diesel::r2d2::Pool;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::on_backend;

pub use clock::{from_micros, micros, now, truncate};
use connection::Manager;
pub use connection::{Backend, DbConnection, Mode};
pub use id::Id;
pub use location::Location;
use pragmas::Pragmas;
use storage::WriteHealth;
pub use storage::{Failing, StorageFault};

use crate::error::ApiError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Held (on PostgreSQL) while a server migrates, so that servers starting together on one
/// database migrate it once, one after the other.
const MIGRATION_LOCK: i64 = 0x6e65_7773_6d69_6772; // "newsmigr"

/// The versions of `migrations`, in order.
fn versions<DB: diesel::backend::Backend>(
    migrations: &dyn MigrationSource<DB>,
) -> Result<Vec<String>, String> {
    Ok(migrations
        .migrations()
        .map_err(|error| error.to_string())?
        .iter()
        .map(|migration| migration.name().version().to_string())
        .collect())
}

/// Whether the database has exactly the migrations embedded in this binary; else what differs.
/// Reads only, so it runs on a reading connection.
pub fn schema_is_current(connection: &mut DbConnection) -> Result<(), String> {
    let known = match connection {
        DbConnection::Sqlite(_) => versions::<diesel::sqlite::Sqlite>(&SQLITE_MIGRATIONS)?,
        DbConnection::Postgres(_) => versions::<diesel::pg::Pg>(&POSTGRES_MIGRATIONS)?,
    };
    // Read from Diesel's table itself: its harness would create the table first, which a
    // read-only transaction refuses.
    #[derive(diesel::QueryableByName)]
    struct Applied {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    let applied: Vec<String> = on_backend!(connection, |c| {
        use diesel::RunQueryDsl;
        diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
            .load::<Applied>(c)
    })
    .map_err(|error| format!("the applied migrations can't be read: {error}"))?
    .into_iter()
    .map(|applied| applied.version)
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

/// Applies the migrations this database lacks.
fn migrate(connection: &mut DbConnection) -> Result<(), OpenError> {
    match connection {
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(drop)
            .map_err(OpenError::Migration),
        DbConnection::Postgres(c) => {
            use diesel::connection::SimpleConnection;
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let migrated = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(drop)
                .map_err(OpenError::Migration);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            migrated
        }
    }
}

/// Reading connections kept open. Reads in WAL mode never block each other or the writer, so
/// a few more than the cores keeps the blocking pool busy without queueing.
pub const READERS: u32 = 8;

/// Of the reading connections, how many expensive reads ([`Database::read_expensive`]: an
/// uncached search) may hold at once. The others are kept for the cheap reads, so a flood of
/// different searches queues among its own kind while articles, lists and headlines are
/// answered as quickly as the cores allow.
pub const EXPENSIVE_READERS: u32 = READERS / 2;

/// The turns reads take when there are `databases` to read from (a primary and its
/// replicas): one a reading connection of each, and of those, [`EXPENSIVE_READERS`] a
/// database for expensive reads.
fn reading_turns(databases: usize) -> (Arc<tokio::sync::Semaphore>, Arc<tokio::sync::Semaphore>) {
    (
        Arc::new(tokio::sync::Semaphore::new(READERS as usize * databases)),
        Arc::new(tokio::sync::Semaphore::new(
            EXPENSIVE_READERS as usize * databases,
        )),
    )
}

/// How the database failed to open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot open the database: {0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("cannot configure the database connection: {0}")]
    Setup(#[from] diesel::result::Error),
    #[error("cannot migrate the database: {0}")]
    Migration(Box<dyn std::error::Error + Send + Sync>),
    #[error("cannot open the reading connections: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("cannot open the database: {0}")]
    Open(#[from] diesel::r2d2::Error),
    #[error("{0}")]
    Replicas(String),
}

tokio::task_local! {
    /// Set while a request must read what was just written: its reads go to the primary.
    static ON_PRIMARY: ();
}

/// Runs `work` with every [`Database::read`] it makes on the primary database rather than a
/// read replica: an editor's request (which may read its own write) and every write.
pub async fn on_primary<F: Future>(work: F) -> F::Output {
    ON_PRIMARY.scope((), work).await
}

fn wants_primary() -> bool {
    ON_PRIMARY.try_with(|_| ()).is_ok()
}

/// A handle on one database; cheap to clone.
#[derive(Clone)]
pub struct Database {
    location: Arc<Location>,
    readers: Pool<Manager>,
    /// The one writing connection; `None` after a storage fault, opened again by the next
    /// write (a PostgreSQL that restarted, a file that is writable again).
    writer: Arc<Mutex<Option<DbConnection>>>,
    writer_manager: Arc<Manager>,
    /// Writes wait their turn here, as tasks, before they take a blocking thread: a queue of
    /// writes never holds the threads that reads need.
    write_turn: Arc<tokio::sync::Semaphore>,
    /// Reads wait their turn here, as tasks, before they take a blocking thread: at most as
    /// many run as there are reading connections, so a burst of reads queues on the async
    /// workers rather than as threads that wake each other for a connection.
    read_turn: Arc<tokio::sync::Semaphore>,
    /// Expensive reads take a turn here before they queue for a reading connection: at most
    /// [`EXPENSIVE_READERS`] of them hold connections at once.
    expensive_turn: Arc<tokio::sync::Semaphore>,
    health: Arc<WriteHealth>,
    /// PostgreSQL read replicas public reads are shared out between, in turn.
    replicas: Arc<[Pool<Manager>]>,
    next_replica: Arc<AtomicUsize>,
}

impl Database {
    /// Opens the database at `location` (creating a SQLite file if needed) and applies
    /// pending migrations.
    pub fn open(location: &Location) -> Result<Self, OpenError> {
        let writer_manager = Manager::new(location.clone(), Pragmas::WRITER);
        let mut writer = writer_manager.establish()?;
        migrate(&mut writer)?;
        if let DbConnection::Sqlite(_) = writer {
            // Fresh statistics let the planner pick the right index from the first query on.
            writer.batch_execute("PRAGMA optimize=0x10002")?;
        }
        let readers = Pool::builder()
            .max_size(READERS)
            .min_idle(Some(1))
            // Past this, a request gets a 503 to retry rather than waiting on.
            .connection_timeout(std::time::Duration::from_secs(5))
            .build(Manager::new(location.clone(), Pragmas::READER))?;
        let (read_turn, expensive_turn) = reading_turns(1);
        Ok(Self {
            location: Arc::new(location.clone()),
            readers,
            writer: Arc::new(Mutex::new(Some(writer))),
            writer_manager: Arc::new(writer_manager),
            write_turn: Arc::new(tokio::sync::Semaphore::new(1)),
            read_turn,
            expensive_turn,
            health: Arc::default(),
            replicas: Arc::new([]),
            next_replica: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// [`Database::open`] on a PostgreSQL primary, with public reads sent to `replicas`
    /// (PostgreSQL read replicas of it: they are not migrated, and never written). A replica
    /// that can't give a connection leaves its read to the primary.
    pub fn open_with_replicas(location: &Location, replicas: &[Location]) -> Result<Self, OpenError> {
        if replicas.is_empty() {
            return Self::open(location);
        }
        if let Location::Sqlite(_) = location {
            return Err(OpenError::Replicas(
                "read replicas (`--db-read`) need a PostgreSQL primary (`--db postgres://...`)".into(),
            ));
        }
        let mut pools = Vec::with_capacity(replicas.len());
        for replica in replicas {
            let Location::Postgres(_) = replica else {
                return Err(OpenError::Replicas(format!(
                    "the read replica `{replica}` is not a PostgreSQL URL"
                )));
            };
            pools.push(
                Pool::builder()
                    .max_size(READERS)
                    .min_idle(Some(1))
                    .connection_timeout(std::time::Duration::from_secs(5))
                    .build(Manager::new(replica.clone(), Pragmas::READER))?,
            );
        }
        let mut db = Self::open(location)?;
        (db.read_turn, db.expensive_turn) = reading_turns(1 + pools.len());
        db.replicas = pools.into();
        Ok(db)
    }

    /// The replica the next public read goes to, if any.
    fn replica(&self) -> Option<Pool<Manager>> {
        if self.replicas.is_empty() || wants_primary() {
            return None;
        }
        let turn = self.next_replica.fetch_add(1, Ordering::Relaxed);
        Some(self.replicas[turn % self.replicas.len()].clone())
    }

    /// Where the database is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match *self.location {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs `query` on a reading connection, off the async workers, in one read transaction:
    /// all its statements see the same snapshot, so a response never mixes two states. On a
    /// read replica when there are some, unless within [`on_primary`].
    pub async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read_in_turn(None, query).await
    }

    /// [`Database::read`] for a read that costs many times a cheap one and that a client can
    /// ask for in endless variety (an uncached search): it first waits for one of the
    /// [`EXPENSIVE_READERS`] turns, so however many come at once, reading connections stay
    /// free for cheap reads.
    pub async fn read_expensive<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read_in_turn(Some(self.expensive_turn.clone()), query).await
    }

    /// [`Database::read`], after a turn of `kind_turn` (the turns of one kind of read) first,
    /// when given.
    async fn read_in_turn<T, F>(
        &self,
        kind_turn: Option<Arc<tokio::sync::Semaphore>>,
        query: F,
    ) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let this = self.clone();
        let replica = self.replica();
        let deadline = crate::time_budget::deadline();
        let turn = self.read_turn.clone();
        let work = async move {
            // The semaphores are never closed. The turns go with the work: a read whose
            // answer has gone (out of budget) holds them until its query ends.
            let kind_turn = match kind_turn {
                Some(kind) => Some(kind.acquire_owned().await.map_err(ApiError::internal)?),
                None => None,
            };
            let turn = turn.acquire_owned().await.map_err(ApiError::internal)?;
            web::block(move || {
                let _turns = (kind_turn, turn);
                // Queued past the read's budget: its answer has gone already.
                if deadline.is_some_and(|deadline| std::time::Instant::now() >= deadline) {
                    return Err(ApiError::OverBudget);
                }
                if let Some(mut connection) = replica.and_then(|pool| pool.get().ok()) {
                    return connection.in_transaction(Mode::Read, query);
                }
                this.read_blocking(query)
            })
            .await?
        };
        let Some(deadline) = deadline else {
            return work.await;
        };
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match actix_web::rt::time::timeout(left, work).await {
            Ok(done) => done,
            Err(_) => {
                tracing::warn!("a read ran out of its time budget");
                Err(ApiError::OverBudget)
            }
        }
    }

    /// Runs `change` in one write transaction on the single writing connection, off the
    /// async workers. Writes queue for their turn as tasks, then take a blocking thread: they
    /// wait on neither the database's lock (readers never see `database is locked`) nor the
    /// threads reads run on.
    pub async fn write<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.write_then(change, |_| ()).await
    }

    /// [`Database::write`], then `after` with the committed result while the writer is still
    /// held: what `after` publishes (a cache of what was written) can't be overtaken by a
    /// later write's.
    pub async fn write_then<T, F, A>(&self, change: F, after: A) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        A: FnOnce(&T) + Send + 'static,
        T: Send + 'static,
    {
        // The semaphore is never closed. The turn goes with the work: a write whose client has
        // gone holds it until the write ends.
        let turn = self
            .write_turn
            .clone()
            .acquire_owned()
            .await
            .map_err(ApiError::internal)?;
        let this = self.clone();
        web::block(move || {
            let _turn = turn;
            this.write_blocking_then(change, after)
        })
        .await?
    }

    /// [`Database::write`] for callers outside the server (the CLI, the demo loader, tests).
    pub fn write_blocking<T, F>(&self, change: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    {
        self.write_blocking_then(change, |_| ())
    }

    fn write_blocking_then<T, F, A>(&self, change: F, after: A) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
        A: FnOnce(&T),
    {
        // A panic inside a transaction rolls it back, so the connection is sound to reuse.
        let mut slot = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let written = self.usable_writer(&mut slot)?.in_transaction(Mode::Write, change);
        if let Err(ApiError::StorageUnavailable(_)) = written {
            // Opened again by the next write, which then sees the storage as it is by then.
            *slot = None;
        }
        let written = self.noting(written)?;
        after(&written);
        Ok(written)
    }

    /// The writing connection in `slot`, opened again when there is none (after a storage
    /// fault) or the database closed it (a PostgreSQL restart, found out here before a write is
    /// sent, as the reading pool does on checkout).
    fn usable_writer<'a>(
        &self,
        slot: &'a mut Option<DbConnection>,
    ) -> Result<&'a mut DbConnection, ApiError> {
        if slot
            .as_mut()
            .is_some_and(|writer| writer.is_broken() || writer.ping().is_err())
        {
            *slot = None;
        }
        match slot {
            Some(writer) => Ok(writer),
            slot => {
                // Opening proves nothing of the storage (a SQLite file opens on a full disk):
                // only a failure to open is noted; the write's own outcome says the rest.
                let opened = self.writer_manager.establish().map_err(ApiError::from);
                if let Err(ApiError::StorageUnavailable(fault)) = &opened {
                    self.health.failed(*fault);
                }
                Ok(slot.insert(opened?))
            }
        }
    }

    /// Records what a write's outcome says of the storage.
    fn noting<T>(&self, outcome: Result<T, ApiError>) -> Result<T, ApiError> {
        match &outcome {
            Ok(_) => self.health.succeeded(),
            Err(ApiError::StorageUnavailable(fault)) => self.health.failed(*fault),
            Err(_) => {}
        }
        outcome
    }

    /// Whether writes are failing for a storage fault, since when and why. While they are, a
    /// small write that changes nothing tries the storage again, so the state clears without
    /// waiting for a client's write.
    pub async fn write_failure(&self) -> Option<Failing> {
        self.health.failing()?;
        let probe = self
            .write(|connection| {
                use diesel::prelude::*;
                use schema::write_probes::dsl::*;
                on_backend!(connection, |c| diesel::update(write_probes.find("storage"))
                    .set(written_at.eq(now()))
                    .execute(c))?;
                Ok(())
            })
            .await;
        if let Err(error) = probe {
            tracing::debug!(%error, "the storage still refuses writes");
        }
        self.health.failing()
    }

    /// Settles the database after a bulk write. SQLite copies the write-ahead log into the
    /// file and empties it, so that the next process starts on a whole file instead of
    /// checkpointing gigabytes while it serves; PostgreSQL updates the planner's statistics.
    pub fn checkpoint(&self) -> Result<(), ApiError> {
        let mut slot = self
            .writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let writer = self.usable_writer(&mut slot)?;
        Ok(match writer {
            DbConnection::Sqlite(_) => writer.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)"),
            DbConnection::Postgres(_) => writer.batch_execute("ANALYZE"),
        }?)
    }

    /// How many reading connections are open, and how many of them idle.
    pub fn readers_state(&self) -> diesel::r2d2::State {
        self.readers.state()
    }

    /// Runs `query` on a reading connection of the primary, on the calling thread (CLI,
    /// tests, what a server reads for itself).
    pub fn read_blocking<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError>,
    {
        let mut connection = self.readers.get()?;
        connection.in_transaction(Mode::Read, query)
    }
}
