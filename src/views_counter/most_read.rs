//! "Most read": the public articles ranked by their views in a window (24 hours, 7 or 30 days),
//! computed from the hourly and daily buckets and kept for a few seconds, so that a busy page
//! does not sum the buckets on every request, and computed again in the background.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

use crate::db::{self, Database};
use crate::error::ApiError;
use crate::sync::lock;
use crate::views_counter::queries::{self, Read};

/// How far back "most read" looks: `24h`, `7d` or `30d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, utoipa::ToSchema)]
pub enum Window {
    #[schema(rename = "24h")]
    Day,
    #[schema(rename = "7d")]
    Week,
    #[schema(rename = "30d")]
    Month,
}

impl Window {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "24h" => Some(Self::Day),
            "7d" => Some(Self::Week),
            "30d" => Some(Self::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Day => "24h",
            Self::Week => "7d",
            Self::Month => "30d",
        }
    }

    fn length(self) -> TimeDelta {
        match self {
            Self::Day => TimeDelta::hours(24),
            Self::Week => TimeDelta::days(7),
            Self::Month => TimeDelta::days(30),
        }
    }
}

/// How long a ranking is reused. Counts only change at a flush, so this is the longest a
/// ranking lags behind the counts, beyond the flush interval itself and the time to compute
/// the next one (while it is computed, the last one is served).
pub const KEPT_FOR: Duration = Duration::from_secs(5);

/// A ranking computed faster than this is computed again after every flush that counted
/// something, and waited for; a slower one (a big database) is kept for [`KEPT_FOR`] and
/// computed again in the background.
const CHEAP: Duration = Duration::from_millis(100);

/// A ranking being computed, which every request that needs it meanwhile awaits.
type Pending = Shared<BoxFuture<'static, Result<Arc<Vec<Read>>, Arc<ApiError>>>>;

/// A ranking, when it was computed, and what it took.
struct Computed {
    at: Instant,
    took: Duration,
    ranking: Arc<Vec<Read>>,
    /// The flushes that had written counts when it was started.
    flushes: u64,
}

impl Computed {
    fn is_fresh(&self, flushes: u64) -> bool {
        self.at.elapsed() < KEPT_FOR && !(self.flushes != flushes && self.took < CHEAP)
    }
}

/// One window's ranking: the last computed, and the one being computed.
#[derive(Default)]
struct Slot {
    computed: Option<Computed>,
    pending: Option<Pending>,
}

/// The rankings last computed, shared by every worker.
#[derive(Clone, Default)]
pub struct MostRead {
    slots: Arc<Mutex<HashMap<Window, Slot>>>,
    /// Flushes that wrote counts, since the start.
    flushes: Arc<AtomicU64>,
}

impl MostRead {
    /// The public articles read in `window`, most read first. Summing the buckets of 100,000
    /// articles takes a while, so no request waits for a slow ranking while there is one to
    /// serve: the last is served while the next is computed, once. Requests wait only for the
    /// first ranking of a window, or for a cheap one, each with all the others that come
    /// meanwhile.
    pub async fn ranking(&self, db: &Database, window: Window) -> Result<Arc<Vec<Read>>, ApiError> {
        let (last, pending, started) = {
            let mut slots = self.lock();
            let slot = slots.entry(window).or_default();
            let flushes = self.flushes.load(Ordering::SeqCst);
            if let Some(computed) = slot
                .computed
                .as_ref()
                .filter(|computed| computed.is_fresh(flushes))
            {
                return Ok(Arc::clone(&computed.ranking));
            }
            let started = slot.pending.is_none();
            let pending = slot
                .pending
                .get_or_insert_with(|| self.compute(db.clone(), window))
                .clone();
            let last = slot
                .computed
                .as_ref()
                .filter(|computed| computed.took >= CHEAP)
                .map(|computed| Arc::clone(&computed.ranking));
            (last, pending, started)
        };
        match last {
            Some(last) => {
                if started {
                    actix_web::rt::spawn(pending);
                }
                Ok(last)
            }
            None => pending.await.map_err(|error| {
                Arc::try_unwrap(error).unwrap_or_else(|shared| ApiError::internal(shared.to_string()))
            }),
        }
    }

    /// Computes `window`'s ranking and keeps it.
    fn compute(&self, db: Database, window: Window) -> Pending {
        let slots = Arc::clone(&self.slots);
        let flushes = self.flushes.load(Ordering::SeqCst);
        async move {
            let started = Instant::now();
            let computed = db
                .read(move |connection| {
                    Ok(queries::most_read_since(connection, db::now() - window.length())?)
                })
                .await
                .map(Arc::new);
            let mut slots = lock(&slots);
            let slot = slots.entry(window).or_default();
            slot.pending = None;
            if let Ok(ranking) = &computed {
                slot.computed = Some(Computed {
                    at: started,
                    took: started.elapsed(),
                    ranking: Arc::clone(ranking),
                    flushes,
                });
            }
            computed.map_err(Arc::new)
        }
        .boxed()
        .shared()
    }

    /// Notes that counts were written: a cheap ranking is computed again at the next request.
    pub fn forget(&self) {
        self.flushes.fetch_add(1, Ordering::SeqCst);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Window, Slot>> {
        lock(&self.slots)
    }
}
