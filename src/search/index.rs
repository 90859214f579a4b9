//! The search index kept in step with the database. Every write that can change what search
//! finds adds a row to the database's change log, by trigger, in its own transaction
//! ([`queries`]); each server applies the rows after the last it applied to its own index
//! ([`Engine`]), and records how far it got in the index's commit. So:
//!
//! - a background task applies the log every second, and at once (in one commit for all the
//!   writes that asked meanwhile) when a write through this server asks it to: such a write is
//!   answered once it is searchable ([`SearchIndex::refreshed`]), and is found by the next
//!   search; a write on another server is found within a second;
//! - after a crash, the index resumes from its last commit; an index built from another log
//!   (another database, a restored backup, a bulk load, a log pruned past it) is built again,
//!   from the published translations, while searches wait a little, then get a 503.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::articles::body;
use crate::db::{Database, DbConnection, Id, Location};
use crate::error::ApiError;
use crate::search::engine::{self, Document, Engine, Found, Wanted};
use crate::search::queries::{self, IndexedText, LogState};

/// How long a search waits for the index to be built before it is answered 503.
const BUILD_WAIT: Duration = Duration::from_secs(3);

/// How often the background task applies the log, and the least time between two of its
/// passes (writes that ask meanwhile share the next one).
const TICK: Duration = Duration::from_secs(1);
const LEAST_GAP: Duration = Duration::from_millis(50);

/// The longest a write waits to be searchable before it is answered all the same.
const REFRESH_WAIT: Duration = Duration::from_secs(5);

/// How long a number missing from the log (a transaction that took it and has not committed,
/// or rolled back) is waited for before it is passed over.
const PATIENCE: Duration = Duration::from_secs(10);

/// Changes read from the log at a time; an index further behind than `MOST_CHANGES` is built
/// again rather than brought up to date change by change.
const CHANGES_AT_A_TIME: i64 = 5000;
const MOST_CHANGES: usize = 50_000;

/// Translations read at a time when the index is built.
const TEXTS_AT_A_TIME: i64 = 2000;

/// How long applied changes stay in the log (for other servers further behind), and how often
/// older ones are removed.
const KEPT_FOR: chrono::TimeDelta = chrono::TimeDelta::days(1);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Where a server keeps its index: a directory beside a SQLite file unless told otherwise, in
/// memory for PostgreSQL (each server builds its own at start) unless given a directory.
pub fn default_place(location: &Location) -> Option<PathBuf> {
    match location {
        Location::Sqlite(path) => Some(PathBuf::from(format!("{}-search", path.display()))),
        Location::Postgres(_) => None,
    }
}

/// What an index's commit records: which log it follows, and how far.
#[derive(Debug, Serialize, Deserialize)]
struct Stamp {
    format: u32,
    lineage: String,
    floor: i64,
}

/// How far the index has applied the log.
#[derive(Debug, Default)]
struct Progress {
    /// The log the index follows; `None` until it is built.
    lineage: Option<String>,
    /// Every change up to this number is applied (or passed over).
    floor: i64,
    /// Changes above the floor applied already.
    seen: BTreeSet<i64>,
    /// The highest change number seen.
    top: i64,
    /// Since when the floor waits for a missing number.
    stuck_since: Option<Instant>,
    /// Whether the index is being built.
    building: bool,
    /// Why the last build failed, if it did.
    failed: Option<String>,
}

impl Progress {
    fn needs_build(&self, log: &LogState) -> bool {
        self.lineage.as_deref() != Some(log.lineage.as_str())
            || log.pruned_through > self.floor
            || log.latest < self.floor
    }

    fn is_current(&self, log: &LogState) -> bool {
        log.latest <= self.top && self.floor >= self.top
    }

    /// Notes `seq` as applied and moves the floor up over every number applied, and over a
    /// missing number waited for long enough.
    fn applied(&mut self, seqs: impl IntoIterator<Item = i64>) {
        for seq in seqs {
            if seq > self.floor {
                self.seen.insert(seq);
                self.top = self.top.max(seq);
            }
        }
        loop {
            let next = self.floor + 1;
            if self.seen.remove(&next) {
                self.floor = next;
                self.stuck_since = None;
                continue;
            }
            let Some(&after_gap) = self.seen.first() else {
                break;
            };
            let since = *self.stuck_since.get_or_insert_with(Instant::now);
            if since.elapsed() < PATIENCE {
                break;
            }
            self.floor = after_gap - 1;
            self.stuck_since = None;
        }
    }

    fn stamp(&self) -> String {
        serde_json::to_string(&Stamp {
            format: engine::FORMAT,
            lineage: self.lineage.clone().unwrap_or_default(),
            floor: self.floor,
        })
        .unwrap_or_default()
    }
}

struct Inner {
    engine: Engine,
    db: Database,
    progress: Mutex<Progress>,
    /// Signalled when a build ends.
    built: Condvar,
    /// The background task's passes over the log.
    passes: Arc<Passes>,
    /// How many times the index was built since the server started.
    builds: std::sync::atomic::AtomicU64,
}

/// The background task's passes: whether a write asked for one, how many started (`poke`
/// wakes the task) and how many finished. Held by the task apart from the index, so that the
/// task, waiting, does not keep the index (and its database) from being dropped.
struct Passes {
    asked: Mutex<Refresh>,
    poke: Condvar,
    finished: tokio::sync::watch::Sender<u64>,
}

#[derive(Default)]
struct Refresh {
    asked: bool,
    started: u64,
}

impl Passes {
    fn refresh(&self) -> MutexGuard<'_, Refresh> {
        self.asked.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for a write to ask for a pass, or for [`TICK`]; says which pass starts.
    fn next(&self) -> u64 {
        let mut refresh = self.refresh();
        if !refresh.asked {
            refresh = self
                .poke
                .wait_timeout(refresh, TICK)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        refresh.asked = false;
        refresh.started += 1;
        refresh.started
    }
}

/// The search index, shared by every request of a server.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl SearchIndex {
    /// Opens the index at `place` (or in memory) for `db`, brings it up to date (waiting a
    /// while for a build), and starts keeping it in step.
    /// An index another server holds (two servers on one SQLite file) can't be shared: this
    /// one then keeps its own in memory.
    pub fn open(db: Database, place: Option<&Path>) -> Result<Self, ApiError> {
        let engine = match Engine::open(place) {
            Ok(engine) => engine,
            Err(error) if place.is_some() => {
                tracing::warn!(%error, "the search index's directory is in use or unusable; this server keeps its index in memory");
                Engine::open(None).map_err(ApiError::internal)?
            }
            Err(error) => return Err(ApiError::internal(error)),
        };
        let mut progress = Progress::default();
        if let Some(stamp) = engine
            .payload()
            .map_err(ApiError::internal)?
            .and_then(|payload| serde_json::from_str::<Stamp>(&payload).ok())
            .filter(|stamp| stamp.format == engine::FORMAT)
        {
            progress.lineage = Some(stamp.lineage);
            progress.floor = stamp.floor;
            progress.top = stamp.floor;
        }
        let index = Self {
            inner: Arc::new(Inner {
                engine,
                db,
                progress: Mutex::new(progress),
                built: Condvar::new(),
                builds: std::sync::atomic::AtomicU64::new(0),
                passes: Arc::new(Passes {
                    asked: Mutex::new(Refresh::default()),
                    poke: Condvar::new(),
                    finished: tokio::sync::watch::Sender::new(0),
                }),
            }),
        };
        // Up to date before the server answers, when that takes little time: a build of a
        // large index goes on in the background while the server starts.
        match index.refresh_blocking() {
            Ok(()) | Err(ApiError::NotReady { .. }) => {}
            Err(error) => tracing::warn!(%error, "the search index was not brought up to date at start"),
        }
        index.keep_in_step();
        Ok(index)
    }

    /// What `/readyz` says of the index: `None` when it answers searches, else why not (being
    /// built, or its build failed).
    pub fn unready(&self) -> Option<String> {
        let progress = self.inner.progress();
        match (&progress.failed, progress.building, &progress.lineage) {
            (Some(why), false, None) => Some(format!("could not be built: {why}")),
            (_, true, _) => Some("being built".to_owned()),
            (None, false, None) => Some("not built yet".to_owned()),
            _ => None,
        }
    }

    /// The best texts for `wanted`, as the index holds them ([`SearchIndex::ensure_built`]
    /// first).
    pub fn find(&self, wanted: &Wanted) -> Result<Found, ApiError> {
        self.inner.engine.search(wanted).map_err(ApiError::internal)
    }

    /// The words of the index that start with `prefix`, the most used first.
    pub fn completions(&self, prefix: &str, most: usize) -> Result<Vec<String>, ApiError> {
        self.inner
            .engine
            .completions(prefix, most)
            .map_err(ApiError::internal)
    }

    /// How many times the index was built since the server started (at its first start on a
    /// database, after a restore or a bulk load).
    pub fn builds(&self) -> u64 {
        self.inner.builds.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Waits for the index to be built when it follows another log than `connection` sees
    /// (starting the build), a while; a 503 `not-ready` after that.
    pub fn ensure_built(&self, connection: &mut DbConnection) -> Result<(), ApiError> {
        let log = queries::log_state(connection)?;
        drop(self.built_for(&log)?);
        Ok(())
    }

    /// The index's progress once it is built from `log` (waiting for a build a while).
    fn built_for(&self, log: &LogState) -> Result<MutexGuard<'_, Progress>, ApiError> {
        let progress = self.inner.progress();
        match progress.needs_build(log) || progress.building {
            true => self.wait_for_build(progress, log),
            false => Ok(progress),
        }
    }

    /// Returns once the log as it is now is applied (by the background task's next pass, which
    /// the writes waiting share), or after [`REFRESH_WAIT`]: what this server just wrote is
    /// then found by the next search.
    pub async fn refreshed(&self) {
        let target = {
            let mut refresh = self.inner.passes.refresh();
            refresh.asked = true;
            refresh.started + 1
        };
        self.inner.passes.poke.notify_one();
        let mut done = self.inner.passes.finished.subscribe();
        let waited =
            actix_web::rt::time::timeout(REFRESH_WAIT, done.wait_for(|finished| *finished >= target)).await;
        if waited.is_err() {
            tracing::warn!("a write was answered before the search index applied it");
        }
    }

    /// Applies the log now, on this thread: for a caller that wrote to the database directly
    /// and searches next (a test, a command).
    pub fn refresh_blocking(&self) -> Result<(), ApiError> {
        self.inner
            .db
            .read_blocking(|connection| self.catch_up(connection))
    }

    /// Applies what the log holds that the index does not; waits for a build (and starts one
    /// when the index follows another log).
    fn catch_up(&self, connection: &mut DbConnection) -> Result<(), ApiError> {
        let log = queries::log_state(connection)?;
        let mut progress = self.built_for(&log)?;
        if progress.is_current(&log) {
            return Ok(());
        }
        let mut changes = Vec::new();
        let mut after = progress.floor;
        loop {
            let page = queries::changes_after(connection, after, CHANGES_AT_A_TIME)?;
            let Some(&(last, _)) = page.last() else { break };
            let full = page.len() as i64 == CHANGES_AT_A_TIME;
            after = last;
            changes.extend(page.into_iter().filter(|(seq, _)| !progress.seen.contains(seq)));
            if changes.len() > MOST_CHANGES {
                // Far behind: a build is quicker than change by change.
                progress.lineage = None;
                drop(self.wait_for_build(progress, &log)?);
                return Ok(());
            }
            if !full {
                break;
            }
        }
        if changes.is_empty() {
            progress.applied([]);
            return Ok(());
        }
        let mut articles: Vec<Id> = changes.iter().map(|(_, article)| *article).collect();
        articles.sort();
        articles.dedup();
        let texts = queries::published_texts_of(connection, &articles)?;
        self.inner.put(articles, &texts)?;
        progress.applied(changes.iter().map(|(seq, _)| *seq));
        self.inner
            .engine
            .commit(&progress.stamp())
            .map_err(ApiError::internal)?;
        Ok(())
    }

    /// Starts a build if none is under way, and waits for it a while.
    fn wait_for_build<'a>(
        &'a self,
        mut progress: MutexGuard<'a, Progress>,
        log: &LogState,
    ) -> Result<MutexGuard<'a, Progress>, ApiError> {
        if !progress.building && progress.needs_build(log) {
            progress.building = true;
            let inner = Arc::clone(&self.inner);
            std::thread::Builder::new()
                .name("search-build".into())
                .spawn(move || inner.build())
                .map_err(ApiError::internal)?;
        }
        let (progress, _) = self
            .inner
            .built
            .wait_timeout_while(progress, BUILD_WAIT, |progress| progress.building)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if progress.building || progress.lineage.is_none() {
            return Err(ApiError::NotReady {
                detail: match &progress.failed {
                    Some(why) => format!("The search index could not be built ({why}); try again later."),
                    None => "The search index is being built; try again in a few seconds.".to_owned(),
                },
            });
        }
        Ok(progress)
    }

    /// Applies the log every [`TICK`], or when a write asks (a pass at most every
    /// [`LEAST_GAP`]), and removes its old rows every [`PRUNE_EVERY`], from a thread of its own
    /// that ends when the index is dropped.
    fn keep_in_step(&self) {
        let weak: Weak<Inner> = Arc::downgrade(&self.inner);
        let passes = Arc::clone(&self.inner.passes);
        let spawned = std::thread::Builder::new()
            .name("search-log".into())
            .spawn(move || {
                let mut pruned_at = Instant::now();
                loop {
                    let pass = passes.next();
                    let Some(inner) = weak.upgrade() else { return };
                    let index = SearchIndex { inner };
                    if let Err(error) = index.refresh_blocking() {
                        tracing::debug!(%error, "the search index was not brought up to date");
                    }
                    passes.finished.send_replace(pass);
                    if pruned_at.elapsed() >= PRUNE_EVERY {
                        pruned_at = Instant::now();
                        index.prune();
                    }
                    drop(index);
                    std::thread::sleep(LEAST_GAP);
                }
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "the search index is not kept in step: searches find what it held at start");
        }
    }

    /// Removes changes applied here that are older than [`KEPT_FOR`].
    fn prune(&self) {
        let floor = self.inner.progress().floor;
        let before = crate::db::now() - KEPT_FOR;
        match self
            .inner
            .db
            .write_blocking(|connection| Ok(queries::prune(connection, floor, before)?))
        {
            Ok(removed) if removed > 0 => tracing::info!(removed, "old changes removed from the search log"),
            Ok(_) => {}
            Err(error) => tracing::debug!(%error, "the search log was not pruned"),
        }
    }
}

impl Inner {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes `articles`' texts out of the index and puts `texts` in (uncommitted), their
    /// bodies as plain text.
    fn put(&self, articles: impl IntoIterator<Item = Id>, texts: &[IndexedText]) -> Result<(), ApiError> {
        let plain: Vec<String> = texts.iter().map(|text| body::plain_text(&text.body)).collect();
        let documents = texts.iter().zip(&plain).map(|(text, body)| Document {
            article: text.article_id,
            locale: &text.locale,
            category: text.category_id,
            published_at: text.published_at,
            title: &text.title,
            excerpt: &text.excerpt,
            body,
        });
        self.engine
            .replace(articles, documents)
            .map_err(ApiError::internal)
    }

    /// Builds the index from every published translation, then records the log's state as
    /// read before the first of them: changes made meanwhile are applied after.
    fn build(&self) {
        let started = Instant::now();
        let outcome = self.build_all();
        let mut progress = self.progress();
        progress.building = false;
        match outcome {
            Ok((log, texts)) => {
                tracing::info!(
                    texts,
                    ms = started.elapsed().as_millis() as u64,
                    "search index built"
                );
                self.builds.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                progress.lineage = Some(log.lineage);
                progress.floor = log.latest;
                progress.top = log.latest;
                progress.seen.clear();
                progress.stuck_since = None;
                progress.failed = None;
                if let Err(error) = self.engine.commit(&progress.stamp()) {
                    tracing::error!(%error, "the search index's state was not recorded");
                }
            }
            Err(error) => {
                tracing::error!(%error, "the search index could not be built");
                progress.lineage = None;
                progress.failed = Some(error.to_string());
            }
        }
        self.built.notify_all();
    }

    fn build_all(&self) -> Result<(LogState, usize), ApiError> {
        let log = self
            .db
            .read_blocking(|connection| Ok(queries::log_state(connection)?))?;
        self.engine.clear().map_err(ApiError::internal)?;
        let mut after: Option<(Id, String)> = None;
        let mut count = 0;
        loop {
            let texts = self.db.read_blocking(|connection| {
                Ok(queries::published_texts_after(
                    connection,
                    after.as_ref(),
                    TEXTS_AT_A_TIME,
                )?)
            })?;
            let Some(last) = texts.last() else { break };
            after = Some((last.article_id, last.locale.clone()));
            self.put([], &texts)?;
            count += texts.len();
        }
        Ok((log, count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_rises_over_applied_numbers_and_waits_at_a_missing_one() {
        let mut progress = Progress::default();
        progress.applied([1, 2, 4]);
        assert_eq!(progress.floor, 2);
        assert_eq!(progress.top, 4);
        assert!(progress.stuck_since.is_some(), "3 is waited for");
        progress.applied([3]);
        assert_eq!(progress.floor, 4);
        assert!(progress.seen.is_empty());
        assert!(progress.stuck_since.is_none());
    }

    #[test]
    fn a_number_missing_for_long_is_passed_over() {
        let mut progress = Progress::default();
        progress.applied([1, 5, 6]);
        assert_eq!(progress.floor, 1);
        progress.stuck_since = Some(Instant::now() - PATIENCE - Duration::from_secs(1));
        progress.applied([]);
        assert_eq!(progress.floor, 6);
    }

    #[test]
    fn an_index_of_another_log_or_one_pruned_past_is_built_again() {
        let progress = Progress {
            lineage: Some("a".into()),
            floor: 10,
            top: 10,
            ..Progress::default()
        };
        let log = |lineage: &str, pruned_through, latest| LogState {
            lineage: lineage.into(),
            pruned_through,
            latest,
        };
        assert!(!progress.needs_build(&log("a", 5, 12)));
        assert!(progress.needs_build(&log("b", 5, 12)));
        assert!(progress.needs_build(&log("a", 11, 12)));
        assert!(progress.needs_build(&log("a", 0, 9)), "a log that went back");
        assert!(progress.is_current(&log("a", 0, 10)));
        assert!(!progress.is_current(&log("a", 0, 11)));
    }
}
