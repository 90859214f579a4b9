//! What every request can reach: the database, the counters and caches kept in memory, and
//! the settings read at start. Below the resources, which take it from the request; the app
//! assembles it with them.

use std::sync::Arc;

use crate::caching::{CachePolicy, Invalidation, ResponseStore};
use crate::cors::CorsPolicy;
use crate::db::Database;
use crate::error::ApiError;
use crate::locale::{LocaleCatalog, LocaleStore};
use crate::metrics::Metrics;
use crate::pagination::Cursors;
use crate::views_counter::{CounterSettings, ViewCounter};
use crate::{articles, locales};

/// What every request can reach.
pub struct AppState {
    pub db: Database,
    pub views: ViewCounter,
    pub cursors: Cursors,
    pub locale_store: LocaleStore,
    /// How long caches may keep public responses.
    pub caching: CachePolicy,
    /// Public responses kept in memory until a write changes them.
    pub responses: ResponseStore,
    /// Which browser origins may read and write.
    pub cors: CorsPolicy,
    pub metrics: Metrics,
}

impl AppState {
    /// Loads what the state keeps in memory (the locales, the cursor key) from `db`, with view
    /// counts flushed every second.
    pub fn load(db: Database) -> Result<Self, ApiError> {
        Self::load_with(db, CounterSettings::default())
    }

    /// [`AppState::load`] with view counts flushed as `counter` says.
    pub fn load_with(db: Database, counter: CounterSettings) -> Result<Self, ApiError> {
        Self::load_configured(db, counter, ResponseStore::default())
    }

    /// [`AppState::load`] with view counts flushed as `counter` says, and public responses
    /// kept in `responses`.
    pub fn load_configured(
        db: Database,
        counter: CounterSettings,
        responses: ResponseStore,
    ) -> Result<Self, ApiError> {
        let (catalog, cursor_key, scheduled) = db.read_blocking(|connection| {
            let catalog = locales::catalog::load(connection)?;
            let scheduled = articles::queries::scheduled_times(connection, crate::db::now())?;
            Ok((catalog, crate::db::secrets::cursor_key(connection)?, scheduled))
        })?;
        responses.due_at(scheduled.into_iter().map(|at| at.and_utc()));
        Ok(Self {
            db,
            views: ViewCounter::new(counter).on_flush({
                // A flush changes the counts that kept responses show.
                let responses = responses.clone();
                move |articles| responses.invalidate(&Invalidation::views(articles.iter().copied()))
            }),
            cursors: Cursors::new(cursor_key),
            locale_store: LocaleStore::new(catalog),
            caching: CachePolicy::default(),
            responses,
            cors: CorsPolicy::default(),
            metrics: Metrics::default(),
        })
    }

    /// The locales served, as of now.
    pub fn locales(&self) -> Arc<LocaleCatalog> {
        self.locale_store.get()
    }
}
