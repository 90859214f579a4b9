//! What every request can reach: the database, the counters and caches kept in memory, and
//! the settings read at start. Below the resources, which take it from the request; the app
//! assembles it with them.

use std::sync::Arc;

use crate::caching::broadcast::{Broadcast, Kind, Received};
use crate::caching::{CachePolicy, Invalidation, ResponseStore};
use crate::cors::CorsPolicy;
use crate::db::{Database, Location};
use crate::error::ApiError;
use crate::locale::{DEFAULT_MEMO_BYTES, LocaleCatalog, LocaleStore};
use crate::metrics::Metrics;
use crate::pagination::Cursors;
use crate::search::index::SearchIndex;
use crate::site::Site;
use crate::views_counter::{CounterSettings, ViewCounter};
use crate::{articles, locales, search};

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
    /// Tells the other servers on the same database what this one's writes changed.
    pub broadcast: Broadcast,
    /// The public site feeds link to.
    pub site: Site,
    /// How old widgets' data may be, and the weather's city when none is named.
    pub widgets: crate::widgets::service::WidgetSettings,
    /// The headers for browsers' safety that depend on the deployment (HSTS).
    pub security: crate::security_headers::SecuritySettings,
    /// The proxies whose `X-Forwarded-For` says who a client is.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// When each key's use was last recorded by this server.
    pub key_touches: crate::auth::service::Touches,
    /// How many requests of each kind a client may make.
    pub rate_limits: crate::rate_limits::RateLimits,
    /// How long a read may take before it is answered 503; none when `None`.
    pub time_budget: Option<std::time::Duration>,
    /// The search index, kept in step with the database.
    pub search: SearchIndex,
}

/// What the state is built with beside the database.
pub struct StateOptions {
    pub counter: CounterSettings,
    pub responses: ResponseStore,
    /// The memo of transliterated texts, in bytes (0 keeps none).
    pub transliteration_memo: u64,
    /// The search index's directory, when not the default ([`search::index::default_place`]).
    pub search_index: Option<std::path::PathBuf>,
}

impl Default for StateOptions {
    fn default() -> Self {
        Self {
            counter: CounterSettings::default(),
            responses: ResponseStore::default(),
            transliteration_memo: DEFAULT_MEMO_BYTES,
            search_index: None,
        }
    }
}

impl AppState {
    /// Loads what the state keeps in memory (the locales, the cursor key) from `db`, with view
    /// counts flushed every second.
    pub fn load(db: Database) -> Result<Self, ApiError> {
        Self::load_with(db, CounterSettings::default())
    }

    /// [`AppState::load`] with view counts flushed as `counter` says.
    pub fn load_with(db: Database, counter: CounterSettings) -> Result<Self, ApiError> {
        Self::load_configured(
            db,
            StateOptions {
                counter,
                ..StateOptions::default()
            },
        )
    }

    /// [`AppState::load`] as `options` say. On PostgreSQL, it also starts listening for what
    /// other servers on the database change, and tells them what this one changes.
    pub fn load_configured(db: Database, options: StateOptions) -> Result<Self, ApiError> {
        let StateOptions {
            counter,
            responses,
            transliteration_memo,
            search_index,
        } = options;
        let place = search_index.or_else(|| search::index::default_place(db.location()));
        let search = SearchIndex::open(db.clone(), place.as_deref())?;
        let ((catalog, scheduled), cursor_key) = db.read_blocking(|connection| {
            Ok((
                shared_memory(connection)?,
                crate::db::secrets::cursor_key(connection)?,
            ))
        })?;
        responses.due_at(scheduled.into_iter().map(|at| at.and_utc()));
        let locale_store = LocaleStore::with_memo(catalog, transliteration_memo);
        let views = ViewCounter::new(counter);
        let broadcast = match db.location() {
            Location::Postgres(url) => Broadcast::start(url.clone(), {
                let (db, responses, locale_store) = (db.clone(), responses.clone(), locale_store.clone());
                let public = views.public().clone();
                move |received| apply(&db, &responses, &public, &locale_store, received)
            }),
            Location::Sqlite(_) => Broadcast::none(),
        };
        let views = views.on_flush({
            // A flush changes the counts that kept responses show, here and on the other
            // servers.
            let (responses, broadcast) = (responses.clone(), broadcast.clone());
            move |articles| {
                let changed = Invalidation::views(articles.iter().copied());
                responses.invalidate(&changed);
                broadcast.publish(Kind::Views, &changed);
            }
        });
        Ok(Self {
            db,
            views,
            cursors: Cursors::new(cursor_key),
            locale_store,
            caching: CachePolicy::default(),
            responses,
            cors: CorsPolicy::default(),
            metrics: Metrics::default(),
            broadcast,
            site: Site::default(),
            widgets: crate::widgets::service::WidgetSettings::default(),
            security: crate::security_headers::SecuritySettings::default(),
            trusted_proxies: crate::client_address::TrustedProxies::default(),
            key_touches: Default::default(),
            rate_limits: Default::default(),
            time_budget: Some(crate::time_budget::DEFAULT),
            search,
        })
    }

    /// The locales served, as of now.
    pub fn locales(&self) -> Arc<LocaleCatalog> {
        self.locale_store.get()
    }
}

/// What a server keeps in memory of what every server may change: the locale catalog, and
/// the times scheduled articles go public.
fn shared_memory(
    connection: &mut crate::db::DbConnection,
) -> Result<(LocaleCatalog, Vec<chrono::NaiveDateTime>), ApiError> {
    let catalog = locales::catalog::load(connection)?;
    let scheduled = articles::queries::scheduled_times(connection, crate::db::now())?;
    Ok((catalog, scheduled))
}

/// What another server changed, forgotten here: the kept responses that showed it, the
/// articles the beacon knew public (after a write), and, when anything may have changed, the
/// locale catalog and the times scheduled articles go public, read again.
fn apply(
    db: &Database,
    responses: &ResponseStore,
    public: &crate::views_counter::public::PublicArticles,
    locale_store: &LocaleStore,
    received: Received,
) {
    let (kind, changed) = match received {
        Received::Changed(kind, changed) => (kind, changed),
        Received::Missed => (Kind::Write, Invalidation::everything()),
    };
    if changed.everything {
        let reread = db.read_blocking(shared_memory);
        match reread {
            Ok((catalog, scheduled)) => {
                locale_store.replace(catalog);
                responses.due_at(scheduled.into_iter().map(|at| at.and_utc()));
            }
            Err(error) => tracing::warn!(%error, "cannot read the locales another server changed"),
        }
    }
    responses.invalidate(&changed);
    if kind == Kind::Write {
        public.invalidate(&changed);
    }
}
