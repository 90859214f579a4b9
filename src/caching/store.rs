//! The in-process cache of rendered public responses: a request answered once is answered
//! again from memory, without the database, until a write changes what it shows.
//!
//! Entries are keyed by method, path, query and negotiated locale, bounded in bytes (the least
//! used go first) and in age. Invalidation is by generation: every [`CacheTag`] hashes to one of a
//! fixed set of counters, a write bumps the counters of the parts it changed, and an entry is
//! served only while the counters of the parts it shows are where they were before it was
//! computed. Clearing costs one increment a part, whatever the number of entries; two parts
//! sharing a counter only clear a little more than needed. A scheduled article coming public
//! is a change no request makes: the store keeps the times it was told of, and the first
//! lookup after one clears everything. Requests that miss an answer another request is
//! computing wait for that one rather than all computing it (a hot article just edited, a
//! list past its age, at 64 connections).

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use actix_web::http::header::HeaderMap;
use actix_web::web::Bytes;
use chrono::{DateTime, Utc};

use tokio::sync::Notify;

use crate::caching::tags::{CacheTag, Dependencies, Invalidation};
use crate::compression::{self, Coding};
use crate::sync::lock;

/// How many generation counters the parts share.
const COUNTERS: usize = 4096;

/// The counter every entry depends on: bumped when everything changes.
const EVERYTHING: usize = 0;

/// How big and how old the cache may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreSettings {
    /// The most bytes of responses kept; 0 turns the cache off.
    pub capacity_bytes: u64,
    /// The longest an entry is served: the bound on what no request to this server announces
    /// (a change made by the CLI or another process).
    pub time_to_live: Duration,
}

impl Default for StoreSettings {
    fn default() -> Self {
        Self {
            capacity_bytes: 32 * 1024 * 1024,
            time_to_live: Duration::from_secs(10),
        }
    }
}

/// A response as it was first answered.
#[derive(Debug)]
pub struct Stored {
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The counters this entry depends on, with their values before it was computed.
    stamps: Vec<(usize, u64)>,
    /// The body compressed with each of [`Coding::ALL`], once asked for.
    encoded: [OnceLock<Bytes>; Coding::ALL.len()],
}

impl Stored {
    /// The body compressed with `coding`; compressed at the first request that asks for it.
    pub fn encoded(&self, coding: Coding) -> &Bytes {
        let slot = Coding::ALL.iter().position(|known| *known == coding).unwrap_or(0);
        self.encoded[slot].get_or_init(|| compression::encode(coding, &self.body))
    }
}

/// Taken before a response is computed; says whether it may be stored once computed.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

/// See the module's documentation. Cheap to clone: clones share the entries.
#[derive(Clone)]
pub struct ResponseStore {
    entries: Option<moka::sync::Cache<String, Arc<Stored>>>,
    freshness: Arc<Freshness>,
    /// The keys being computed, each with what its waiters wait on.
    computing: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
}

/// The right to compute the answer under a key while others wait; when dropped (computed or
/// not), they are woken.
pub struct Lead {
    computing: Arc<Mutex<HashMap<String, Arc<Notify>>>>,
    key: String,
}

impl Drop for Lead {
    fn drop(&mut self) {
        if let Some(notify) = lock(&self.computing).remove(&self.key) {
            notify.notify_waiters();
        }
    }
}

struct Freshness {
    /// Bumped before the counters, by every clearing.
    clearings: AtomicU64,
    counters: Box<[AtomicU64]>,
    /// The times (microseconds since the epoch) something becomes public by itself.
    due: Mutex<BTreeSet<i64>>,
    /// The first of them; `i64::MAX` when there is none.
    next_due: AtomicI64,
}

impl Freshness {
    fn counter_of(part: &CacheTag) -> usize {
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(part);
        1 + (hash % (COUNTERS as u64 - 1)) as usize
    }

    fn value(&self, counter: usize) -> u64 {
        self.counters[counter].load(Ordering::SeqCst)
    }
}

impl Default for ResponseStore {
    fn default() -> Self {
        Self::new(StoreSettings::default())
    }
}

impl ResponseStore {
    pub fn new(settings: StoreSettings) -> Self {
        let entries = (settings.capacity_bytes > 0).then(|| {
            moka::sync::Cache::builder()
                .max_capacity(settings.capacity_bytes)
                .weigher(|key: &String, stored: &Arc<Stored>| {
                    let headers: usize = stored
                        .headers
                        .iter()
                        .map(|(name, value)| name.as_str().len() + value.len())
                        .sum();
                    let bytes = key.len() + headers + stored.body.len() + 16 * stored.stamps.len();
                    u32::try_from(bytes).unwrap_or(u32::MAX)
                })
                .time_to_live(settings.time_to_live)
                .build()
        });
        Self {
            entries,
            freshness: Arc::new(Freshness {
                clearings: AtomicU64::new(0),
                counters: (0..COUNTERS).map(|_| AtomicU64::new(0)).collect(),
                due: Mutex::default(),
                next_due: AtomicI64::new(i64::MAX),
            }),
            computing: Arc::default(),
        }
    }

    /// Whether responses are kept at all.
    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// The entry under `key`, if it still shows what is stored.
    pub fn get(&self, key: &str) -> Option<Arc<Stored>> {
        let entries = self.entries.as_ref()?;
        self.pass_due_times();
        let stored = entries.get(key)?;
        let fresh = stored
            .stamps
            .iter()
            .all(|(counter, value)| self.freshness.value(*counter) == *value);
        if fresh {
            Some(stored)
        } else {
            entries.invalidate(key);
            None
        }
    }

    /// After a miss: the lead, if no other request is computing `key`; else waits until that
    /// one is done (look again: it may have kept it) and returns `None`.
    pub async fn lead_or_wait(&self, key: &str) -> Option<Lead> {
        // Made while the map is locked, so the lead can't finish before it listens.
        let done = {
            let mut computing = lock(&self.computing);
            match computing.get(key) {
                Some(waited_on) => Arc::clone(waited_on).notified_owned(),
                None => {
                    computing.insert(key.to_owned(), Arc::new(Notify::new()));
                    return Some(Lead {
                        computing: Arc::clone(&self.computing),
                        key: key.to_owned(),
                    });
                }
            }
        };
        done.await;
        None
    }

    /// To take before computing a response that may be stored.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.freshness.clearings.load(Ordering::SeqCst))
    }

    /// Keeps a response computed since `ticket`, unless something was cleared meanwhile (it
    /// may have been computed from what was there before); returns what it kept.
    pub fn put(
        &self,
        ticket: Ticket,
        key: String,
        headers: HeaderMap,
        body: Bytes,
        shows: &Dependencies,
    ) -> Option<Arc<Stored>> {
        let entries = self.entries.as_ref()?;
        let mut stamps: Vec<(usize, u64)> = std::iter::once(EVERYTHING)
            .chain(shows.0.iter().map(Freshness::counter_of))
            .map(|counter| (counter, self.freshness.value(counter)))
            .collect();
        stamps.sort_unstable();
        stamps.dedup();
        // Clearing bumps `clearings` before the counters: if a counter read above had moved
        // since the ticket, `clearings` has too, and the response is not kept.
        if self.freshness.clearings.load(Ordering::SeqCst) != ticket.0 {
            return None;
        }
        let stored = Arc::new(Stored {
            headers,
            body,
            stamps,
            encoded: Default::default(),
        });
        entries.insert(key, Arc::clone(&stored));
        Some(stored)
    }

    /// Clears every response that showed what `changed` names. Called once the write is
    /// committed.
    pub fn invalidate(&self, changed: &Invalidation) {
        if let Some(at) = changed.due {
            self.due_at([at]);
        }
        let counters: Vec<usize> = if changed.everything {
            vec![EVERYTHING]
        } else {
            changed.tags.iter().map(Freshness::counter_of).collect()
        };
        if counters.is_empty() {
            return;
        }
        self.freshness.clearings.fetch_add(1, Ordering::SeqCst);
        for counter in counters {
            self.freshness.counters[counter].fetch_add(1, Ordering::SeqCst);
        }
        if let (true, Some(entries)) = (changed.everything, &self.entries) {
            entries.invalidate_all();
        }
    }

    /// Remembers times at which something becomes public with no write.
    pub fn due_at(&self, times: impl IntoIterator<Item = DateTime<Utc>>) {
        let mut due = lock(&self.freshness.due);
        due.extend(times.into_iter().map(|at| at.timestamp_micros()));
        let first = due.first().copied().unwrap_or(i64::MAX);
        self.freshness.next_due.store(first, Ordering::SeqCst);
    }

    /// Clears everything once a due time has come.
    fn pass_due_times(&self) {
        let now = Utc::now().timestamp_micros();
        if now < self.freshness.next_due.load(Ordering::SeqCst) {
            return;
        }
        let mut due = lock(&self.freshness.due);
        let passed = due.first().is_some_and(|first| *first <= now);
        while due.first().is_some_and(|first| *first <= now) {
            due.pop_first();
        }
        let first = due.first().copied().unwrap_or(i64::MAX);
        self.freshness.next_due.store(first, Ordering::SeqCst);
        drop(due);
        if passed {
            self.invalidate(&Invalidation::everything());
        }
    }

    /// How many responses are kept, and their size in bytes.
    pub fn usage(&self) -> (u64, u64) {
        self.entries.as_ref().map_or((0, 0), |entries| {
            entries.run_pending_tasks();
            (entries.entry_count(), entries.weighted_size())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn store_one(store: &ResponseStore, key: &str, shows: &Dependencies) {
        let ticket = store.ticket();
        store.put(
            ticket,
            key.to_owned(),
            HeaderMap::new(),
            Bytes::from_static(b"{}"),
            shows,
        );
    }

    #[test]
    fn a_change_clears_what_showed_it_and_nothing_else() {
        let store = ResponseStore::default();
        let (one, two) = (Uuid::now_v7(), Uuid::now_v7());
        store_one(&store, "one", &Dependencies::article(one));
        store_one(&store, "two", &Dependencies::article(two));
        store_one(&store, "feed", &Dependencies::list(CacheTag::Lists, [one, two]));
        store_one(&store, "locales", &Dependencies::reference());
        store.invalidate(&Invalidation::tags(vec![CacheTag::Article(one)]));
        assert!(store.get("one").is_none());
        assert!(store.get("feed").is_none());
        assert!(store.get("two").is_some());
        assert!(store.get("locales").is_some());
        store.invalidate(&Invalidation::everything());
        assert!(store.get("two").is_none() && store.get("locales").is_none());
    }

    #[test]
    fn a_response_computed_across_a_clearing_is_not_kept() {
        let store = ResponseStore::default();
        let ticket = store.ticket();
        store.invalidate(&Invalidation::tags(vec![CacheTag::Lists]));
        store.put(
            ticket,
            "late".to_owned(),
            HeaderMap::new(),
            Bytes::new(),
            &Dependencies::article(Uuid::now_v7()),
        );
        assert!(store.get("late").is_none());
    }

    #[test]
    fn a_store_of_no_bytes_keeps_nothing() {
        let store = ResponseStore::new(StoreSettings {
            capacity_bytes: 0,
            ..StoreSettings::default()
        });
        store_one(&store, "one", &Dependencies::reference());
        assert!(!store.is_on());
        assert!(store.get("one").is_none());
    }

    #[test]
    fn a_due_time_clears_what_was_kept_before_it() {
        let store = ResponseStore::default();
        store_one(&store, "feed", &Dependencies::list(CacheTag::Lists, []));
        store.due_at([Utc::now() + chrono::TimeDelta::milliseconds(30)]);
        assert!(store.get("feed").is_some());
        std::thread::sleep(Duration::from_millis(40));
        assert!(store.get("feed").is_none());
        store_one(&store, "feed", &Dependencies::list(CacheTag::Lists, []));
        assert!(store.get("feed").is_some(), "a time passes once");
    }

    #[actix_web::test]
    async fn a_miss_waits_for_the_request_computing_the_same_answer() {
        let store = ResponseStore::default();
        let lead = store.lead_or_wait("feed").await.expect("the first leads");
        let waiter = {
            let store = store.clone();
            actix_web::rt::spawn(async move {
                let led = store.lead_or_wait("feed").await.is_some();
                (led, store.get("feed").is_some())
            })
        };
        actix_web::rt::task::yield_now().await;
        assert!(!waiter.is_finished(), "it waits while the answer is computed");
        store_one(&store, "feed", &Dependencies::reference());
        drop(lead);
        assert_eq!(
            waiter.await.unwrap(),
            (false, true),
            "then it finds the answer kept"
        );
        assert!(store.lead_or_wait("other").await.is_some());
    }
}
