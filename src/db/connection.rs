//! One connection to either database newsroom runs on, and the transactions it runs in.
//!
//! Queries are written once in Diesel's query builder and compiled for each backend: a query
//! function matches on the connection with [`on_backend!`](crate::on_backend), and its body is
//! type-checked against SQLite and against PostgreSQL, each with its own concrete connection.
//! Where the two speak different SQL (full-text search, upkeep), the function matches by hand.

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};

use crate::db::location::Location;
use crate::db::pragmas::Pragmas;

/// Which database a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection every query runs on.
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Runs `$body` with `$c` bound to the concrete connection of whichever backend
/// `$connection` is: the body is compiled once for each.
#[macro_export]
macro_rules! on_backend {
    ($connection:expr, |$c:ident| $body:expr) => {
        match $connection {
            $crate::db::DbConnection::Sqlite($c) => $body,
            $crate::db::DbConnection::Postgres($c) => $body,
        }
    };
}

/// How a transaction starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A read: one consistent snapshot for all its statements, no writes.
    Read,
    /// A write: writers queue for each other, across every process on the database.
    Write,
}

/// Serializes writes across every server on one PostgreSQL database, as SQLite's file lock
/// does for one file: a write transaction holds this advisory lock until it ends. The value is
/// arbitrary, fixed, and only has to differ from other applications' on the same database.
const WRITE_LOCK: i64 = 0x6e65_7773_726f_6f6d; // "newsroom"

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs statements with no results (upkeep, set-up).
    pub fn batch_execute(&mut self, sql: &str) -> QueryResult<()> {
        on_backend!(self, |c| c.batch_execute(sql))
    }

    /// Runs `work` in a transaction of this `mode`: committed when it returns `Ok`, rolled
    /// back when it returns an error or panics.
    pub fn in_transaction<T, E, F>(&mut self, mode: Mode, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Self) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        match (&mut *self, mode) {
            (Self::Sqlite(c), Mode::Read) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?,
            (Self::Sqlite(c), Mode::Write) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
            }
            (Self::Postgres(c), Mode::Read) => AnsiTransactionManager::begin_transaction_sql(
                c,
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            )?,
            (Self::Postgres(c), Mode::Write) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?;
                let locked = c.batch_execute(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})"));
                if let Err(error) = locked {
                    let _ = AnsiTransactionManager::rollback_transaction(c);
                    return Err(error.into());
                }
            }
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| work(self)));
        let end = |connection: &mut Self, commit: bool| -> QueryResult<()> {
            on_backend!(connection, |c| match commit {
                true => AnsiTransactionManager::commit_transaction(c),
                false => AnsiTransactionManager::rollback_transaction(c),
            })
        };
        match outcome {
            Ok(Ok(value)) => {
                end(self, true)?;
                Ok(value)
            }
            Ok(Err(error)) => {
                let _ = end(self, false);
                Err(error)
            }
            Err(panic) => {
                let _ = end(self, false);
                resume_unwind(panic)
            }
        }
    }

    pub(super) fn is_broken(&mut self) -> bool {
        on_backend!(self, |c| c.is_broken())
    }

    pub(super) fn ping(&mut self) -> QueryResult<()> {
        on_backend!(self, |c| c.ping())
    }
}

/// Opens connections for the reading pool, each set up for its role.
pub struct Manager {
    location: Location,
    pragmas: Pragmas,
}

impl Manager {
    pub fn new(location: Location, pragmas: Pragmas) -> Self {
        Self { location, pragmas }
    }

    /// One new connection, set up.
    pub fn establish(&self) -> Result<DbConnection, r2d2::Error> {
        let mut connection = match &self.location {
            Location::Sqlite(path) => {
                DbConnection::Sqlite(SqliteConnection::establish(&path.to_string_lossy())?)
            }
            Location::Postgres(url) => DbConnection::Postgres(PgConnection::establish(url)?),
        };
        self.pragmas
            .apply(&mut connection)
            .map_err(r2d2::Error::QueryError)?;
        Ok(connection)
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        self.establish()
    }

    fn is_valid(&self, connection: &mut DbConnection) -> Result<(), r2d2::Error> {
        connection.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, connection: &mut DbConnection) -> bool {
        std::thread::panicking() || connection.is_broken()
    }
}
