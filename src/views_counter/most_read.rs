//! "Most read": the public articles ranked by their views in a window (24 hours, 7 or 30 days),
//! computed from the hourly and daily buckets and kept for a few seconds, so that a busy page
//! does not sum the buckets on every request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::TimeDelta;

use crate::db::{self, Database};
use crate::error::ApiError;
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
/// ranking lags behind the counts, beyond the flush interval itself.
pub const KEPT_FOR: Duration = Duration::from_secs(5);

/// A ranking, and when it was computed.
type Computed = (Instant, Arc<Vec<Read>>);

/// The rankings last computed, shared by every worker.
#[derive(Clone, Default)]
pub struct MostRead {
    rankings: Arc<Mutex<HashMap<Window, Computed>>>,
}

impl MostRead {
    /// The public articles read in `window`, most read first.
    pub async fn ranking(&self, db: &Database, window: Window) -> Result<Arc<Vec<Read>>, ApiError> {
        let fresh = {
            let rankings = self.rankings.lock().unwrap_or_else(|p| p.into_inner());
            rankings
                .get(&window)
                .filter(|(at, _)| at.elapsed() < KEPT_FOR)
                .map(|(_, ranking)| Arc::clone(ranking))
        };
        if let Some(ranking) = fresh {
            return Ok(ranking);
        }
        let ranking = Arc::new(
            db.read(move |connection| Ok(queries::most_read_since(connection, db::now() - window.length())?))
                .await?,
        );
        self.rankings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(window, (Instant::now(), Arc::clone(&ranking)));
        Ok(ranking)
    }

    /// Forgets every ranking, so the next request computes it again (after a flush).
    pub fn forget(&self) {
        self.rankings.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
