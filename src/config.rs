//! Settings, from command-line flags or `NEWSROOM_*` environment variables, read once at start.

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::auth::Role;
use crate::caching::{Ages, CachePolicy, StoreSettings};
use crate::cors::{CorsPolicy, Origins};
use crate::db::Location;
use crate::site::{CategoryPattern, Site, SiteUrl, UrlPattern};

/// newsroom: a headless JSON content API for multilingual news publishers.
#[derive(Debug, Parser)]
#[command(name = "newsroom", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How log lines are written: `text` for people, `json` (one object a line) for log
    /// collectors.
    #[arg(long, global = true, env = "NEWSROOM_LOG_FORMAT", value_name = "FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One line of text an event, for people.
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// The role of a key made on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyRole {
    /// Writes content: articles, their translations, categories.
    Editor,
    /// Also manages locales and deletes categories.
    Admin,
}

impl From<KeyRole> for Role {
    fn from(role: KeyRole) -> Self {
        match role {
            KeyRole::Editor => Role::Editor,
            KeyRole::Admin => Role::Admin,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (creating and migrating the database first).
    Serve(Box<ServeArgs>),
    /// Create the database or bring its schema up to date, then exit.
    Migrate(DatabaseArgs),
    /// Print the OpenAPI document to standard output.
    Openapi,
    /// Fill an empty database with generated articles for benchmarks.
    BenchData {
        /// How many articles (each in English, Russian and Uzbek).
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        /// The same seed gives the same articles.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Copy a whole site into another database (SQLite to PostgreSQL, or back): every table,
    /// counts checked, then the target's search index built. Both are migrated first.
    MigrateData {
        /// The database copied from (a SQLite file or a PostgreSQL URL).
        #[arg(long, value_name = "PATH|URL")]
        from: Location,
        /// The database copied into; it must hold no content unless `--replace` is given.
        #[arg(long, value_name = "PATH|URL")]
        to: Location,
        /// Replace what the target holds with the source's content.
        #[arg(long)]
        replace: bool,
    },
    /// Copy the whole site into a new file while the server serves and writes: a consistent
    /// snapshot (SQLite's `VACUUM INTO`, checked with `integrity_check`; `pg_dump` on
    /// PostgreSQL).
    Backup {
        /// The backup file to write; it must not exist.
        #[arg(value_name = "FILE")]
        into: std::path::PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Bring a backup back: the database must hold no content unless `--replace` is given.
    /// On SQLite, stop the server first: the file is replaced whole.
    Restore {
        /// The backup file `newsroom backup` wrote.
        #[arg(value_name = "FILE")]
        from: std::path::PathBuf,
        /// Replace what the database holds with the backup.
        #[arg(long)]
        replace: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Compute every related list again (after a bulk import, say).
    RelatedRebuild {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Manage the API keys that editors and import jobs write with.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Make a key and print it once; the last line of the output is the key alone.
    Create {
        /// A name to know the key by (who or what uses it).
        #[arg(long)]
        name: String,
        /// `editor` writes content; `admin` also manages locales and deletes categories.
        #[arg(long, value_enum)]
        role: KeyRole,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// List the keys (never the keys themselves).
    List {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Revoke the live key with this name; requests made with it are refused from then on.
    Revoke {
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The database: a SQLite file (`newsroom.db`, `sqlite://newsroom.db`; created when
    /// missing) or a PostgreSQL URL (`postgres://user:password@host:5432/name`).
    #[arg(
        long = "db",
        env = "NEWSROOM_DB",
        value_name = "PATH|URL",
        default_value = "newsroom.db"
    )]
    pub location: Location,
}

impl ServeArgs {
    /// The widgets' settings the flags describe.
    pub fn widget_settings(&self) -> crate::widgets::service::WidgetSettings {
        crate::widgets::service::WidgetSettings {
            weather_max_age: std::time::Duration::from_secs(self.weather_max_age),
            rates_max_age: std::time::Duration::from_secs(self.rates_max_age),
            default_city: self.weather_city.clone(),
        }
    }

    /// The public site the flags describe.
    pub fn site(&self) -> Site {
        Site {
            url: self.site_url.clone(),
            // Where the server listens, known once it does.
            origin: Site::default().origin,
            pattern: self.site_url_pattern.clone(),
            category_pattern: self.site_category_pattern.clone(),
            publication: self.publication_name.clone(),
        }
    }

    /// The browser origins the flags allow.
    pub fn cors_policy(&self) -> CorsPolicy {
        CorsPolicy {
            read: self.cors_read_origins.clone(),
            write: self.cors_write_origins.clone(),
        }
    }

    /// The response cache's bounds the flags give.
    pub fn store_settings(&self) -> StoreSettings {
        StoreSettings {
            capacity_bytes: self.response_cache_mib * 1024 * 1024,
            time_to_live: std::time::Duration::from_secs(self.response_cache_secs.max(1)),
        }
    }

    /// The cache ages the flags give.
    pub fn cache_policy(&self) -> CachePolicy {
        CachePolicy {
            article: self.cache_article,
            list: self.cache_list,
            search: self.cache_search,
            reference: self.cache_reference,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(
        long,
        env = "NEWSROOM_BIND",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub bind: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// A PostgreSQL read replica of `--db` for public reads (repeat the flag, or separate URLs
    /// with commas, for several; taken in turn). Editors' reads and writes stay on `--db`.
    #[arg(
        long = "db-read",
        env = "NEWSROOM_DB_READ",
        value_name = "URL",
        value_delimiter = ','
    )]
    pub read_replicas: Vec<Location>,
    /// Load the demo content (the seed news page, in three languages) into an empty database;
    /// a database that already holds content is left alone.
    #[arg(long, env = "NEWSROOM_DEMO")]
    pub demo: bool,
    /// HTTP worker threads; defaults to the number of CPU cores.
    #[arg(long, env = "NEWSROOM_WORKERS", value_name = "N")]
    pub workers: Option<usize>,
    /// How often the views counted by the beacon are written, in milliseconds.
    #[arg(
        long,
        env = "NEWSROOM_VIEWS_FLUSH_MS",
        value_name = "MS",
        default_value_t = 1000
    )]
    pub views_flush_ms: u64,
    /// Count one view per reader (address and user agent) and article within this many
    /// seconds; 0 counts every view.
    #[arg(
        long,
        env = "NEWSROOM_VIEWS_DEDUPE_SECS",
        value_name = "SECONDS",
        default_value_t = 0
    )]
    pub views_dedupe_secs: u64,
    /// How long caches may keep one article, and serve it stale while revalidating:
    /// MAX_AGE,STALE in seconds.
    #[arg(
        long,
        env = "NEWSROOM_CACHE_ARTICLE",
        value_name = "MAX_AGE,STALE",
        default_value = "60,300"
    )]
    pub cache_article: Ages,
    /// The same for feeds, category pages, headlines, related items and translations.
    #[arg(
        long,
        env = "NEWSROOM_CACHE_LIST",
        value_name = "MAX_AGE,STALE",
        default_value = "30,120"
    )]
    pub cache_list: Ages,
    /// The same for search results.
    #[arg(
        long,
        env = "NEWSROOM_CACHE_SEARCH",
        value_name = "MAX_AGE,STALE",
        default_value = "30,60"
    )]
    pub cache_search: Ages,
    /// The same for locales, categories and the OpenAPI document.
    #[arg(
        long,
        env = "NEWSROOM_CACHE_REFERENCE",
        value_name = "MAX_AGE,STALE",
        default_value = "300,3600"
    )]
    pub cache_reference: Ages,
    /// Memory for public responses kept in the server, in MiB; 0 keeps none. A write clears
    /// the responses that showed what it changed.
    #[arg(
        long,
        env = "NEWSROOM_RESPONSE_CACHE_MIB",
        value_name = "MIB",
        default_value_t = 32
    )]
    pub response_cache_mib: u64,
    /// Memory for texts already transliterated between Uzbek's scripts, in MiB; 0 keeps none
    /// (each transliterated read writes its texts anew).
    #[arg(
        long,
        env = "NEWSROOM_TRANSLITERATION_CACHE_MIB",
        value_name = "MIB",
        default_value_t = crate::locale::DEFAULT_MEMO_MIB
    )]
    pub transliteration_cache_mib: u64,
    /// The longest a kept response is served, in seconds: how late the server may notice a
    /// change no request to it made (by the CLI or another process).
    #[arg(
        long,
        env = "NEWSROOM_RESPONSE_CACHE_SECS",
        value_name = "SECONDS",
        default_value_t = 10
    )]
    pub response_cache_secs: u64,
    /// Browser origins that may read the API (CORS): `*` for any, or origins separated by
    /// commas (https://news.example.com); empty for none.
    #[arg(
        long,
        env = "NEWSROOM_CORS_READ_ORIGINS",
        value_name = "ORIGINS",
        default_value = "*"
    )]
    pub cors_read_origins: Origins,
    /// Browser origins that may write (an editorial front end); none unless given.
    #[arg(
        long,
        env = "NEWSROOM_CORS_WRITE_ORIGINS",
        value_name = "ORIGINS",
        default_value = ""
    )]
    pub cors_write_origins: Origins,
    /// The public site's base URL (`https://example.uz`), which feeds link to; this server's
    /// own address (`http://` and where it listens) unless given.
    #[arg(long, env = "NEWSROOM_SITE_URL", value_name = "URL")]
    pub site_url: Option<SiteUrl>,
    /// The path of an article's page on the site: `{locale}`, `{category}` (its slug), `{slug}`
    /// and `{id}` are replaced.
    #[arg(
        long,
        env = "NEWSROOM_SITE_URL_PATTERN",
        value_name = "PATH",
        default_value = "/{locale}/{category}/{slug}"
    )]
    pub site_url_pattern: UrlPattern,
    /// The path of a category's page on the site: `{locale}` and `{category}` (its slug) are
    /// replaced.
    #[arg(
        long,
        env = "NEWSROOM_SITE_CATEGORY_PATTERN",
        value_name = "PATH",
        default_value = "/{locale}/{category}"
    )]
    pub site_category_pattern: CategoryPattern,
    /// This API's public base URL (`https://api.example.uz`), where feeds and sitemaps say they
    /// are; where the server listens (`http://` and the address) unless given. Set it when a
    /// proxy or another host name stands in front of the server.
    #[arg(long, env = "NEWSROOM_API_URL", value_name = "URL")]
    pub api_url: Option<SiteUrl>,
    /// The publication's name, as feeds give it.
    #[arg(
        long,
        env = "NEWSROOM_PUBLICATION_NAME",
        value_name = "NAME",
        default_value = "newsroom"
    )]
    pub publication_name: String,
    /// How old the weather may be, in seconds, before reads say it is stale.
    #[arg(long, env = "NEWSROOM_WEATHER_MAX_AGE", value_name = "SECONDS", default_value_t = 3 * 3600)]
    pub weather_max_age: u64,
    /// How old the rates may be, in seconds, before reads say they are stale.
    #[arg(long, env = "NEWSROOM_RATES_MAX_AGE", value_name = "SECONDS", default_value_t = 36 * 3600)]
    pub rates_max_age: u64,
    /// The city the weather shows when a read names none (its code).
    #[arg(
        long,
        env = "NEWSROOM_WEATHER_CITY",
        value_name = "CODE",
        default_value = "tashkent"
    )]
    pub weather_city: String,
    /// The proxies (addresses or networks, comma-separated: `10.0.0.1,192.168.0.0/16`) whose
    /// `X-Forwarded-For` names the client; none by default, so the header is ignored.
    #[arg(
        long,
        env = "NEWSROOM_TRUSTED_PROXIES",
        value_name = "ADDRS",
        default_value = ""
    )]
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// Rate limits per client, one kind each: `KIND=AMOUNT/WINDOW` with KIND `beacons`,
    /// `search`, `reads` (both as answered by the database, not from memory) or `writes` (per
    /// key), and WINDOW `s`, `min`, `h` or seconds (`30s`). Repeat the flag, or separate by
    /// commas. None unless given.
    #[arg(
        long = "rate-limit",
        env = "NEWSROOM_RATE_LIMITS",
        value_name = "KIND=AMOUNT/WINDOW",
        value_delimiter = ','
    )]
    pub rate_limits: Vec<crate::rate_limits::Limit>,
    /// Tell browsers to reach the server over HTTPS only for this many seconds
    /// (`Strict-Transport-Security`): set it when the server is reached through TLS.
    #[arg(long, env = "NEWSROOM_HSTS_MAX_AGE", value_name = "SECONDS")]
    pub hsts_max_age: Option<u64>,
    /// How long a client may take to send a request's head, and then its body, in
    /// milliseconds: past it the request is answered 408 and its connection closed, so a slow
    /// client (slowloris) holds nothing for long.
    #[arg(
        long,
        env = "NEWSROOM_CLIENT_TIMEOUT_MS",
        value_name = "MS",
        default_value_t = crate::app::DEFAULT_CLIENT_TIMEOUT.as_millis() as u64
    )]
    pub client_timeout_ms: u64,
    /// How long a read may take, in milliseconds, before it is answered 503 with
    /// `Retry-After` (database work it queued and has not begun is then not begun); 0 for no
    /// limit. Writes have none.
    #[arg(
        long,
        env = "NEWSROOM_TIME_BUDGET_MS",
        value_name = "MS",
        default_value_t = crate::time_budget::DEFAULT.as_millis() as u64
    )]
    pub time_budget_ms: u64,
    /// The largest request body accepted, in bytes; larger ones get 413.
    #[arg(long, env = "NEWSROOM_MAX_BODY_BYTES", value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// The directory of this server's search index, which it keeps in step with the database
    /// and builds when missing. By default beside a SQLite file (`newsroom.db-search`); on
    /// PostgreSQL, in memory (built at each start) unless a directory is given. Each server
    /// needs its own.
    #[arg(long, env = "NEWSROOM_SEARCH_INDEX", value_name = "DIR")]
    pub search_index: Option<std::path::PathBuf>,
}
