//! When the database's storage refuses writes: which fault it is, read from the database's own
//! error, and whether writes are failing now (what `/readyz` reports).
//!
//! A storage fault is not this request's fault nor a bug: the disk filled, the file or the
//! database became read-only, or PostgreSQL went away. Writes are answered 503 with a delay to
//! retry after, reads go on from what can be read, and the first write that succeeds again
//! clears the state, without a restart.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// Why the database refuses writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// No space left for the file or the write-ahead log (or a file size limit reached).
    Full,
    /// The file, its folder or the database only allows reading (a standby, a read-only mount).
    ReadOnly,
    /// The operating system failed a read or a write.
    Io,
    /// The database server can't be reached, or closed the connection.
    Unreachable,
}

impl StorageFault {
    /// The fault a database error reports, if it is one of storage.
    pub fn of_message(message: &str) -> Option<Self> {
        let message = message.to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|word| message.contains(word));
        if has(&[
            "database or disk is full",
            "no space left on device",
            "could not extend file",
        ]) {
            Some(Self::Full)
        } else if has(&[
            "readonly database",
            "read-only transaction",
            "read-write mode during recovery",
            "read-only file system",
        ]) {
            Some(Self::ReadOnly)
        } else if has(&["disk i/o error", "could not write to file", "could not fsync"]) {
            Some(Self::Io)
        } else if has(&[
            "unable to open database file",
            "server closed the connection",
            "terminating connection",
            "the database system is shutting down",
            "the database system is starting up",
            "is not currently accepting connections",
            "no connection to the server",
            "connection refused",
            "could not connect",
        ]) {
            Some(Self::Unreachable)
        } else {
            None
        }
    }

    /// A short name, as `/readyz` and the logs give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "storage full",
            Self::ReadOnly => "storage read-only",
            Self::Io => "storage input/output error",
            Self::Unreachable => "database unreachable",
        }
    }

    /// What a client is told.
    pub fn detail(self) -> &'static str {
        match self {
            Self::Full => {
                "The database's storage is full: nothing can be written until space is freed. \
                 Nothing of this request was stored; reads still work. Retry later."
            }
            Self::ReadOnly => {
                "The database only allows reading now: nothing of this request was stored; \
                 reads still work. Retry later."
            }
            Self::Io => {
                "The database's storage failed to write: nothing of this request was stored; \
                 reads still work. Retry later."
            }
            Self::Unreachable => "The database can't be reached: nothing was changed. Retry later.",
        }
    }
}

/// Whether writes are failing, since when, and why: set by a write that met a storage fault,
/// cleared by one that succeeded.
#[derive(Debug, Default)]
pub struct WriteHealth {
    failing: Mutex<Option<Failing>>,
}

/// Writes failing since `since` for `fault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failing {
    pub fault: StorageFault,
    pub since: DateTime<Utc>,
}

impl WriteHealth {
    /// The failure writes are in, if any.
    pub fn failing(&self) -> Option<Failing> {
        *self.lock()
    }

    pub(super) fn failed(&self, fault: StorageFault) {
        let mut failing = self.lock();
        match &mut *failing {
            Some(known) => known.fault = fault,
            None => {
                tracing::error!(fault = fault.as_str(), "writes are failing");
                *failing = Some(Failing {
                    fault,
                    since: Utc::now(),
                });
            }
        }
    }

    pub(super) fn succeeded(&self) {
        let mut failing = self.lock();
        if let Some(was) = failing.take() {
            tracing::info!(fault = was.fault.as_str(), since = %was.since, "writes succeed again");
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Failing>> {
        self.failing
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::StorageFault;

    #[test]
    fn the_databases_own_messages_name_the_fault() {
        for (message, fault) in [
            ("database or disk is full", StorageFault::Full),
            (
                "could not extend file \"base/16384/16385\": No space left on device",
                StorageFault::Full,
            ),
            ("attempt to write a readonly database", StorageFault::ReadOnly),
            (
                "cannot execute INSERT in a read-only transaction",
                StorageFault::ReadOnly,
            ),
            ("disk I/O error", StorageFault::Io),
            (
                "server closed the connection unexpectedly",
                StorageFault::Unreachable,
            ),
            (
                "FATAL:  database \"x\" is not currently accepting connections",
                StorageFault::Unreachable,
            ),
        ] {
            assert_eq!(StorageFault::of_message(message), Some(fault), "{message}");
        }
        for other in [
            "UNIQUE constraint failed: articles.slug",
            "database is locked",
            "syntax error",
        ] {
            assert_eq!(StorageFault::of_message(other), None, "{other}");
        }
    }
}
