//! View counts from the page's beacon (`POST /api/v1/articles/{id}/views`).
//!
//! A beacon never touches the database: it adds one to a counter in memory and is answered at
//! once. Every flush interval (one second unless configured) the counters are swapped out and
//! written in one transaction on the writer: the article's total and its hourly and daily
//! buckets. A failed flush puts its counts back, so nothing is counted twice or dropped; at most
//! one interval of views is lost if the process is killed, none on a graceful stop, which
//! flushes last.

pub mod handlers;
pub mod most_read;
pub mod public;
pub mod queries;

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::db::{Database, Id};
use crate::error::ApiError;
use crate::sync::lock;
use crate::views_counter::most_read::MostRead;
use crate::views_counter::public::PublicArticles;

/// How the counter runs.
#[derive(Debug, Clone, Copy)]
pub struct CounterSettings {
    /// How often counts are written.
    pub flush_every: Duration,
    /// Views of one article by one client within this window count once; `None`: all count.
    pub dedupe_window: Option<Duration>,
}

impl Default for CounterSettings {
    fn default() -> Self {
        Self {
            flush_every: Duration::from_secs(1),
            dedupe_window: None,
        }
    }
}

/// The most (article, client) pairs the dedupe window remembers (each an 8-byte hash and the
/// cache's bookkeeping). Past it, the least recently seen are forgotten (and may count again).
pub const DEDUPE_CAPACITY: u64 = 1_000_000;

/// The counts not yet written, shared by every worker.
#[derive(Clone)]
pub struct ViewCounter {
    pending: Arc<Mutex<HashMap<Id, u64>>>,
    totals: Arc<Totals>,
    most_read: MostRead,
    public: PublicArticles,
    /// The (article, client) pairs seen within the dedupe window: bounded in time (the window)
    /// and in size ([`DEDUPE_CAPACITY`], the least used leaving first), however many readers
    /// come.
    seen: Option<moka::sync::Cache<u64, ()>>,
    hasher: RandomState,
    settings: CounterSettings,
    flushed: Arc<OnFlush>,
}

/// Told which articles' counts a flush wrote.
type OnFlush = dyn Fn(&[Id]) + Send + Sync;

/// Views since the server started, by what became of them.
#[derive(Debug, Default)]
struct Totals {
    accepted: AtomicU64,
    counted: AtomicU64,
    dropped: AtomicU64,
}

/// [`ViewCounter::totals`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CounterTotals {
    /// Views the beacon accepted.
    pub accepted: u64,
    /// Views written to articles the public may see.
    pub counted: u64,
    /// Views of articles that do not exist or are not public, dropped when written.
    pub dropped: u64,
}

/// What a flush wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flushed {
    /// Views counted for articles the public may see.
    pub counted: u64,
    /// Views of articles that do not exist or are not public, dropped.
    pub dropped: u64,
}

impl ViewCounter {
    pub fn new(settings: CounterSettings) -> Self {
        Self {
            pending: Arc::default(),
            totals: Arc::default(),
            most_read: MostRead::default(),
            public: PublicArticles::default(),
            seen: settings.dedupe_window.map(|window| {
                moka::sync::Cache::builder()
                    .max_capacity(DEDUPE_CAPACITY)
                    .time_to_live(window)
                    .build()
            }),
            hasher: RandomState::new(),
            settings,
            flushed: Arc::new(|_| {}),
        }
    }

    /// Calls `flushed` with the articles whose counts each flush wrote, once written.
    pub fn on_flush(mut self, flushed: impl Fn(&[Id]) + Send + Sync + 'static) -> Self {
        self.flushed = Arc::new(flushed);
        self
    }

    pub fn settings(&self) -> CounterSettings {
        self.settings
    }

    /// The "most read" rankings, computed again after each flush that counted something.
    pub fn most_read(&self) -> &MostRead {
        &self.most_read
    }

    /// The articles known to be public, which writes keep current.
    pub fn public(&self) -> &PublicArticles {
        &self.public
    }

    /// Whether `article` exists and the public may see it: from memory when it is known,
    /// else from the database (then remembered).
    pub async fn is_public(&self, db: &Database, article: Id) -> Result<bool, ApiError> {
        if self.public.knows(article) {
            return Ok(true);
        }
        let lookup = self.public.lookup();
        let public = db
            .read(move |connection| Ok(queries::is_public(connection, article, crate::db::now())?))
            .await?;
        if public {
            self.public.remember(article, lookup);
        }
        Ok(public)
    }

    /// Counts one view of `article` by `client` (what tells readers apart: address and user
    /// agent). Returns whether it counted (it doesn't when deduplicated).
    pub fn count(&self, article: Id, client: &str) -> bool {
        if let Some(seen) = &self.seen {
            let key = self.hasher.hash_one((article, client));
            // Inserted by this call, or seen within the window already.
            if !seen.entry(key).or_insert(()).is_fresh() {
                return false;
            }
        }
        *lock(&self.pending).entry(article).or_insert(0) += 1;
        self.totals.accepted.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Views since the server started: accepted, then counted or dropped by the flushes.
    pub fn totals(&self) -> CounterTotals {
        CounterTotals {
            accepted: self.totals.accepted.load(Ordering::Relaxed),
            counted: self.totals.counted.load(Ordering::Relaxed),
            dropped: self.totals.dropped.load(Ordering::Relaxed),
        }
    }

    fn record(&self, flushed: Flushed) {
        self.totals.counted.fetch_add(flushed.counted, Ordering::Relaxed);
        self.totals.dropped.fetch_add(flushed.dropped, Ordering::Relaxed);
    }

    /// How many views wait to be written.
    pub fn pending(&self) -> u64 {
        lock(&self.pending).values().sum()
    }

    /// Writes every pending count; on failure they wait for the next flush.
    pub async fn flush(&self, db: &Database) -> Result<Flushed, ApiError> {
        let batch = std::mem::take(&mut *lock(&self.pending));
        self.forget_old_clients();
        if batch.is_empty() {
            return Ok(Flushed::default());
        }
        let counts: Vec<(Id, u64)> = batch.iter().map(|(id, n)| (*id, *n)).collect();
        match db
            .write(move |connection| queries::add(connection, &counts))
            .await
        {
            Ok(flushed) => {
                self.record(flushed);
                // The ranking first: an answer computed after the cache is cleared must not
                // be built on the ranking from before the flush.
                if flushed.counted > 0 {
                    self.most_read.forget();
                }
                (self.flushed)(&batch.keys().copied().collect::<Vec<_>>());
                Ok(flushed)
            }
            Err(error) => {
                let mut pending = lock(&self.pending);
                for (id, n) in batch {
                    *pending.entry(id).or_insert(0) += n;
                }
                Err(error)
            }
        }
    }

    /// [`ViewCounter::flush`] on the calling thread, for the last flush after the server stopped.
    pub fn flush_blocking(&self, db: &Database) -> Result<Flushed, ApiError> {
        let batch = std::mem::take(&mut *lock(&self.pending));
        let counts: Vec<(Id, u64)> = batch.into_iter().collect();
        if counts.is_empty() {
            return Ok(Flushed::default());
        }
        let flushed = db.write_blocking(|connection| queries::add(connection, &counts))?;
        self.record(flushed);
        (self.flushed)(&counts.iter().map(|(id, _)| *id).collect::<Vec<_>>());
        Ok(flushed)
    }

    fn forget_old_clients(&self) {
        if let Some(seen) = &self.seen {
            seen.run_pending_tasks();
        }
    }

    /// Flushes every interval, for as long as the runtime runs.
    pub fn start_flushing(&self, db: Database) {
        let counter = self.clone();
        actix_web::rt::spawn(async move {
            let mut ticks = actix_web::rt::time::interval(counter.settings.flush_every);
            loop {
                ticks.tick().await;
                if let Err(error) = counter.flush(&db).await {
                    tracing::warn!(%error, "view counts not flushed; they wait for the next flush");
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_counts_once_within_the_dedupe_window() {
        let counter = ViewCounter::new(CounterSettings {
            dedupe_window: Some(Duration::from_secs(60)),
            ..CounterSettings::default()
        });
        let article = Id::new();
        assert!(counter.count(article, "1.2.3.4 Firefox"));
        assert!(!counter.count(article, "1.2.3.4 Firefox"));
        assert!(counter.count(article, "5.6.7.8 Firefox"));
        assert!(counter.count(Id::new(), "1.2.3.4 Firefox"));
        assert_eq!(counter.pending(), 3);
    }

    #[test]
    fn the_dedupe_window_forgets_a_client_once_it_passes() {
        let counter = ViewCounter::new(CounterSettings {
            dedupe_window: Some(Duration::from_millis(50)),
            ..CounterSettings::default()
        });
        let article = Id::new();
        assert!(counter.count(article, "1.2.3.4 Firefox"));
        assert!(!counter.count(article, "1.2.3.4 Firefox"));
        std::thread::sleep(Duration::from_millis(120));
        assert!(counter.count(article, "1.2.3.4 Firefox"), "the window passed");
    }

    #[test]
    fn without_dedupe_every_view_counts() {
        let counter = ViewCounter::new(CounterSettings::default());
        let article = Id::new();
        for _ in 0..5 {
            assert!(counter.count(article, "same client"));
        }
        assert_eq!(counter.pending(), 5);
    }
}
