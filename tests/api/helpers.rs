//! What every integration test shares: the real app served on a free port over a fresh
//! database ([`TestApp::builder`]), an HTTP client for it, and factories for content.
//!
//! The database is a SQLite file in a temporary directory, or, when
//! `NEWSROOM_TEST_POSTGRES_URL` names a PostgreSQL server (`.ci/test` starts one), a new
//! database of its own on that server, dropped when the test ends ([`TestDatabase`]).

use std::net::TcpListener;

use actix_web::web;
use chrono::{DateTime, Duration, TimeZone, Utc};
use newsroom::app::{self, ServerOptions};
use newsroom::articles::store::{self as articles, NewArticle, NewSource, NewTranslation, Status};
use newsroom::auth::Role;
use newsroom::caching::{Invalidation, ResponseStore, StoreSettings};
use newsroom::categories::writes::{self as categories, NewCategory, NewCategoryTranslation};
use newsroom::db::{Database, Id, Location};
use newsroom::search::index::SearchIndex;
use newsroom::state::{AppState, StateOptions};
use newsroom::views_counter::{CounterSettings, ViewCounter};
use serde_json::Value;
use tempfile::TempDir;

/// A database of a test's own, removed when it is dropped.
pub struct TestDatabase {
    location: Location,
    /// The SQLite file's folder.
    _dir: TempDir,
    /// The server's URL and the database's name, to drop it.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A new SQLite file, whichever backend the tests run against.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        Self {
            location: Location::Sqlite(dir.path().join("newsroom.db")),
            _dir: dir,
            postgres: None,
        }
    }

    /// A new, empty database on the backend the tests run against.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        match std::env::var("NEWSROOM_TEST_POSTGRES_URL") {
            Ok(server) if !server.is_empty() => {
                use diesel::Connection;
                use diesel::connection::SimpleConnection;
                let name = format!("test_{}", uuid::Uuid::now_v7().simple());
                let mut admin =
                    diesel::PgConnection::establish(&server).expect("the test PostgreSQL server answers");
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("a test database is made");
                let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
                Self {
                    location: Location::Postgres(format!("{base}/{name}")),
                    _dir: dir,
                    postgres: Some((server, name)),
                }
            }
            _ => Self {
                location: Location::Sqlite(dir.path().join("newsroom.db")),
                _dir: dir,
                postgres: None,
            },
        }
    }

    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What `--db` is given to run the binary on this database.
    pub fn arg(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.clone(),
        }
    }

    /// The PostgreSQL server's URL (with its own database) and this database's name, on
    /// PostgreSQL.
    pub fn postgres(&self) -> Option<(&str, &str)> {
        self.postgres
            .as_ref()
            .map(|(server, name)| (server.as_str(), name.as_str()))
    }

    /// The SQLite file, on SQLite.
    pub fn sqlite_path(&self) -> Option<&std::path::Path> {
        match &self.location {
            Location::Sqlite(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }

    /// Opens (and migrates) it.
    pub fn open(&self) -> Database {
        Database::open(&self.location).expect("the database opens")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            if let Ok(mut admin) = diesel::PgConnection::establish(server) {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A running app on its own database.
pub struct TestApp {
    pub address: String,
    pub db: Database,
    /// The app's response cache. Content made by the factories below is written straight to
    /// the database, as no request writes; they tell the cache, as a write through the API
    /// does.
    pub responses: ResponseStore,
    /// The app's view counter, to write what the beacon counted without waiting for it.
    pub views: ViewCounter,
    /// The app's search index: content made by the factories is applied to it at once, as a
    /// write through the API is before it is answered.
    pub search: SearchIndex,
    client: awc::Client,
    /// Last, so that the database is dropped after the handles on it (by the last of the
    /// apps that share it).
    pub database: std::sync::Arc<TestDatabase>,
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: awc::http::header::HeaderMap,
    pub body: Value,
    pub raw: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts an RFC 9457 problem with this status and returns its body.
    pub fn assert_problem(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.body);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "an error must be problem+json"
        );
        for member in ["type", "title", "detail"] {
            assert!(
                self.body[member].as_str().is_some_and(|text| !text.is_empty()),
                "problem member `{member}` missing: {}",
                self.body
            );
        }
        assert_eq!(self.body["status"], status);
        &self.body
    }

    /// Asserts a 422 that names each of `fields` (among others, maybe); returns all it names.
    pub fn assert_invalid_fields(&self, fields: &[&str]) -> Vec<String> {
        let problem = self.assert_problem(422);
        let named: Vec<String> = problem["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("a 422 lists `errors`: {problem}"))
            .iter()
            .map(|error| {
                assert!(
                    error["message"].as_str().is_some_and(|m| !m.is_empty()),
                    "{error}"
                );
                error["field"].as_str().unwrap().to_owned()
            })
            .collect();
        for field in fields {
            assert!(named.iter().any(|n| n == field), "`{field}` is named: {named:?}");
        }
        named
    }

    /// The slugs of a list's items, in order.
    pub fn slugs(&self) -> Vec<String> {
        self.of_items("slug")
    }

    /// The text field `field` of a list's items, in order.
    pub fn of_items(&self, field: &str) -> Vec<String> {
        self.body["data"]
            .as_array()
            .unwrap_or_else(|| panic!("not a list: {}", self.body))
            .iter()
            .map(|item| item[field].as_str().unwrap().to_owned())
            .collect()
    }
}

/// The value of the series `name{labels}` in a scrape of `/metrics`, if it is there.
pub fn series(scrape: &str, series: &str) -> Option<f64> {
    scrape
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// View counts written only when a test says so ([`TestApp::flush_views`]), never by the
/// clock.
pub fn flushed_by_hand() -> CounterSettings {
    CounterSettings {
        flush_every: std::time::Duration::from_secs(24 * 3600),
        dedupe_window: None,
    }
}

/// How a [`TestApp`] is made: `TestApp::builder().demo().build()`.
#[must_use]
pub struct TestAppBuilder {
    demo: bool,
    counter: CounterSettings,
    responses: StoreSettings,
    change: Option<StateChange>,
    shared: Option<std::sync::Arc<TestDatabase>>,
    replicas: Vec<Location>,
    server: ServerOptions,
}

/// A change to the state before the app is built.
type StateChange = Box<dyn FnOnce(&mut AppState)>;

impl TestAppBuilder {
    /// With the demo content loaded.
    pub fn demo(mut self) -> Self {
        self.demo = true;
        self
    }

    /// With view counts flushed as `counter` says (every second, unless told).
    pub fn counting(mut self, counter: CounterSettings) -> Self {
        self.counter = counter;
        self
    }

    /// With no answer kept in memory: every read reaches the database.
    pub fn without_response_cache(mut self) -> Self {
        self.responses.capacity_bytes = 0;
        self
    }

    /// With the state changed by `change` before the app is built (its CORS policy, say).
    pub fn with_state(mut self, change: impl FnOnce(&mut AppState) + 'static) -> Self {
        self.change = Some(Box::new(change));
        self
    }

    /// On the database `other` serves, as a second server behind a load balancer is.
    pub fn sharing_database_of(mut self, other: &TestApp) -> Self {
        self.shared = Some(other.database.clone());
        self
    }

    /// On `database` (made by [`TestDatabase`], and perhaps already filled).
    pub fn on(mut self, database: std::sync::Arc<TestDatabase>) -> Self {
        self.shared = Some(database);
        self
    }

    /// With clients given `timeout` to send a request's head, then its body.
    pub fn client_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.server.client_timeout = timeout;
        self
    }

    /// With public reads sent to `replica`, as `--db-read` does.
    pub fn reading_from(mut self, replica: &TestDatabase) -> Self {
        self.replicas.push(replica.location().clone());
        self
    }

    /// Serves the app on a free port, over a fresh, migrated database (or the shared one).
    pub async fn build(self) -> TestApp {
        let database = self
            .shared
            .unwrap_or_else(|| std::sync::Arc::new(TestDatabase::new()));
        let db =
            Database::open_with_replicas(database.location(), &self.replicas).expect("the database opens");
        if self.demo {
            assert!(newsroom::demo::load_if_empty(&db).expect("the demo content loads"));
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://{}", listener.local_addr().unwrap());
        let mut state = AppState::load_configured(
            db.clone(),
            StateOptions {
                counter: self.counter,
                responses: ResponseStore::new(self.responses),
                ..StateOptions::default()
            },
        )
        .expect("the state loads");
        state.site.origin = address.clone();
        if let Some(change) = self.change {
            change(&mut state);
        }
        let responses = state.responses.clone();
        let views = state.views.clone();
        let search = state.search.clone();
        let options = ServerOptions {
            workers: Some(1),
            ..self.server
        };
        let server = app::serve(listener, web::Data::new(state), &options).expect("the server starts");
        actix_web::rt::spawn(server);
        TestApp {
            address,
            db,
            responses,
            views,
            search,
            client: awc::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .finish(),
            database,
        }
    }
}

impl TestApp {
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder {
            demo: false,
            counter: CounterSettings::default(),
            responses: StoreSettings::default(),
            change: None,
            shared: None,
            replicas: Vec::new(),
            server: ServerOptions::default(),
        }
    }

    /// Writes the views the beacon counted, as the next flush would, and clears what showed
    /// the counts.
    pub async fn flush_views(&self) {
        self.views.flush(&self.db).await.expect("the views are written");
    }

    /// Waits (up to five seconds) until `holds` says the app answers as expected; for what
    /// happens at a time, not on a request (a scheduled article going public).
    pub async fn eventually<F, Fut>(&self, what: &str, holds: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !holds().await {
            assert!(
                std::time::Instant::now() < deadline,
                "still not so after 5 s: {what}"
            );
            actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }

    /// The id of the newest public article.
    pub async fn first_article_id(&self) -> String {
        self.get("/api/v1/articles?limit=1").await.body["data"][0]["id"]
            .as_str()
            .expect("a public article")
            .to_owned()
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        let mut request = self.client.get(format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        read(request.send().await.expect("the request is answered")).await
    }

    pub async fn request(&self, method: &str, path: &str) -> Answer {
        self.send_raw(method, path, &[], None).await
    }

    /// Sends `body` as JSON with `key` as the bearer key.
    pub async fn send(&self, method: &str, path: &str, key: Option<&str>, body: Option<&Value>) -> Answer {
        let authorization = key.map(|key| format!("Bearer {key}"));
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(authorization) = &authorization {
            headers.push(("Authorization", authorization.as_str()));
        }
        let body = body.map(|body| serde_json::to_vec(body).unwrap());
        self.send_raw(method, path, &headers, body).await
    }

    /// Sends exactly these headers and bytes.
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Answer {
        let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{path}", self.address));
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        let response = match body {
            Some(body) => request.send_body(body).await,
            None => request.send().await,
        };
        read(response.expect("the request is answered")).await
    }

    /// A new API key with `role`.
    pub fn key(&self, name: &str, role: Role) -> String {
        newsroom::auth::service::create(&self.db, name, role).expect("the key is made")
    }

    /// A category named `english` in English and `russian` in Russian, slugs derived by
    /// [`slug`].
    pub fn category(&self, english: &str, russian: &str, russian_slug: &str) -> Id {
        let category = NewCategory {
            position: 0,
            translations: vec![
                NewCategoryTranslation {
                    locale: "en".into(),
                    slug: slug(english),
                    name: english.into(),
                    description: None,
                },
                NewCategoryTranslation {
                    locale: "ru".into(),
                    slug: russian_slug.into(),
                    name: russian.into(),
                    description: None,
                },
            ],
        };
        let id = self
            .db
            .write_blocking(|connection| categories::create(connection, &category, None))
            .expect("the category is stored");
        self.responses.invalidate(&Invalidation::everything());
        id
    }

    /// An article in `category`, published an hour ago, in English only unless told otherwise.
    pub fn article(&self, category: Id, english_title: &str) -> ArticleFactory<'_> {
        ArticleFactory {
            db: &self.db,
            responses: &self.responses,
            search: &self.search,
            article: NewArticle {
                category_id: category,
                status: Status::Published,
                published_at: Some(Utc::now() - Duration::hours(1)),
                featured: false,
                original_locale: "en".into(),
                cover_image: None,
                source: Some(NewSource {
                    name: "Zamin.uz".into(),
                    url: Some("https://zamin.uz".into()),
                }),
                views: 0,
                translations: vec![NewTranslation {
                    locale: "en".into(),
                    slug: slug(english_title),
                    title: english_title.into(),
                    excerpt: None,
                    body: format!("{english_title}. This was reported by Zamin.uz."),
                }],
            },
        }
    }
}

/// The answer of `response`, its body read whole.
pub async fn read(response: awc::ClientResponse) -> Answer {
    try_read(response).await.expect("the body is read")
}

/// [`read`], or `None` when the body does not arrive whole (the server died, say).
pub async fn try_read(mut response: awc::ClientResponse) -> Option<Answer> {
    let raw = response.body().limit(16 * 1024 * 1024).await.ok()?.to_vec();
    Some(Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: serde_json::from_slice(&raw).unwrap_or(Value::Null),
        raw,
    })
}

/// Builds an article for a test; `create` stores it.
pub struct ArticleFactory<'a> {
    db: &'a Database,
    responses: &'a ResponseStore,
    search: &'a SearchIndex,
    article: NewArticle,
}

impl ArticleFactory<'_> {
    pub fn translation(mut self, locale: &str, slug: &str, title: &str, body: &str) -> Self {
        self.article.translations.push(NewTranslation {
            locale: locale.into(),
            slug: slug.into(),
            title: title.into(),
            excerpt: None,
            body: body.into(),
        });
        self
    }

    pub fn body(mut self, body: &str) -> Self {
        self.article.translations[0].body = body.into();
        self
    }

    /// The first translation's title, its slug as it was.
    pub fn title(mut self, title: &str) -> Self {
        self.article.translations[0].title = title.into();
        self
    }

    pub fn original_locale(mut self, locale: &str) -> Self {
        self.article.original_locale = locale.into();
        self
    }

    pub fn published_at(mut self, at: DateTime<Utc>) -> Self {
        self.article.published_at = Some(at);
        self
    }

    /// Published at `minutes` past a fixed base time, so tests can order articles exactly.
    pub fn published_minute(self, minutes: i64) -> Self {
        let base = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
        self.published_at(base + Duration::minutes(minutes))
    }

    pub fn featured(mut self) -> Self {
        self.article.featured = true;
        self
    }

    pub fn views(mut self, views: i64) -> Self {
        self.article.views = views;
        self
    }

    pub fn draft(mut self) -> Self {
        self.article.status = Status::Draft;
        self.article.published_at = None;
        self
    }

    pub fn archived(mut self) -> Self {
        self.article.status = Status::Archived;
        self
    }

    /// Published, but with a `published_at` still to come.
    pub fn scheduled_in(mut self, wait: Duration) -> Self {
        self.article.status = Status::Published;
        self.article.published_at = Some(Utc::now() + wait);
        self
    }

    pub fn create(self) -> Id {
        let id = self
            .db
            .write_blocking(|connection| articles::create(connection, &self.article, None))
            .expect("the article is stored");
        self.written(&[&self.article]);
        id
    }

    /// Tells the search index and the response cache what was written, as a write through the
    /// API does.
    fn written(&self, articles: &[&NewArticle]) {
        self.search
            .refresh_blocking()
            .expect("the search index applies the write");
        self.responses.invalidate(&Invalidation::everything());
        self.responses.due_at(
            articles
                .iter()
                .filter_map(|article| article.published_at.filter(|at| *at > Utc::now())),
        );
    }

    /// Stores `count` articles like this one in one transaction, `vary` making the `n`th
    /// different (its slugs at least).
    pub fn create_many(self, count: usize, vary: impl Fn(usize, &mut NewArticle)) -> Vec<Id> {
        let made: Vec<NewArticle> = (0..count)
            .map(|n| {
                let mut article = self.article.clone();
                vary(n, &mut article);
                article
            })
            .collect();
        let ids = self
            .db
            .write_blocking(|connection| {
                made.iter()
                    .map(|article| articles::create(connection, article, None))
                    .collect()
            })
            .expect("the articles are stored");
        self.written(&made.iter().collect::<Vec<_>>());
        ids
    }
}

/// A test slug: lowercase ASCII words joined by hyphens.
pub fn slug(title: &str) -> String {
    title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// SQLite's own check of a database file: `"ok"`, or what it found wrong.
pub fn integrity_check(file: &std::path::Path) -> String {
    use diesel::{Connection, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let mut connection =
        diesel::SqliteConnection::establish(&file.to_string_lossy()).expect("the file opens");
    diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut connection)
        .expect("the check runs")
        .into_iter()
        .map(|check| check.integrity_check)
        .collect::<Vec<_>>()
        .join("; ")
}
