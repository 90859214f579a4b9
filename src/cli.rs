//! The command line: reads the flags, sets up the log, and runs the command they name.

use std::io::IsTerminal;
use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::web;
use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::app::{self, ServerOptions};
use crate::auth;
use crate::caching::ResponseStore;
use crate::config::{Cli, Command, KeysCommand, LogFormat, ServeArgs};
use crate::db::Database;
use crate::log_writer::LogWriter;
use crate::state::{AppState, StateOptions};
use crate::views_counter::CounterSettings;
use crate::{bench_data, demo};

/// Runs the command the process was started with; what `main` returns.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // Lines wait in a buffer for the writing thread rather than being dropped when it is
    // full; the guard writes what is left when `main` returns.
    // Written by a thread of their own, in batches; the guard writes what is left when `run`
    // returns.
    let (writer, _flush_on_exit) = LogWriter::finish(std::io::stderr());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(writer);
    match cli.log_format {
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
    }
    let outcome = match cli.command {
        Command::Serve(args) => serve(*args),
        Command::Migrate(args) => migrate(&args.location),
        Command::Openapi => serde_json::to_string_pretty(&app::openapi_document())
            .map(|document| println!("{document}"))
            .map_err(|error| error.to_string()),
        Command::Keys(command) => keys(command),
        Command::BenchData {
            articles,
            seed,
            database,
        } => open(&database.location).and_then(|db| {
            let plan = bench_data::Plan { articles, seed };
            let generated = bench_data::generate(&db, plan, |step| tracing::info!("{step}"))
                .map_err(|error| error.to_string())?;
            db.checkpoint().map_err(|error| error.to_string())?;
            println!(
                "{} articles, {} translations, {} related lists in {:.0} s",
                generated.articles, generated.translations, generated.related_lists, generated.seconds
            );
            Ok(())
        }),
        Command::MigrateData { from, to, replace } => migrate_data(&from, &to, replace),
        Command::Backup { into, database } => {
            let started = std::time::Instant::now();
            crate::backup::backup(&database.location, &into).map(|report| {
                let articles = report
                    .articles
                    .map_or_else(String::new, |articles| format!("{articles} articles, "));
                println!(
                    "{} backed up to {}: {articles}{} bytes in {:.1} s",
                    database.location,
                    into.display(),
                    report.bytes,
                    started.elapsed().as_secs_f64()
                );
            })
        }
        Command::Restore {
            from,
            replace,
            database,
        } => crate::backup::restore(&from, &database.location, replace).map(|report| {
            println!(
                "{} restored into {}: {} articles",
                from.display(),
                database.location,
                report.articles.unwrap_or_default()
            );
        }),
        Command::RelatedRebuild { database } => open(&database.location).and_then(|db| {
            let rebuilt = crate::related::bulk::rebuild(&db).map_err(|error| error.to_string())?;
            db.checkpoint().map_err(|error| error.to_string())?;
            println!(
                "{} word vectors, {} related lists",
                rebuilt.vectors, rebuilt.lists
            );
            Ok(())
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("newsroom: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens (creating and migrating) the database.
fn open(location: &crate::db::Location) -> Result<Database, String> {
    open_with_replicas(location, &[])
}

/// [`open`], with public reads sent to `replicas` (PostgreSQL read replicas).
fn open_with_replicas(
    location: &crate::db::Location,
    replicas: &[crate::db::Location],
) -> Result<Database, String> {
    Database::open_with_replicas(location, replicas).map_err(|error| error.to_string())
}

fn migrate(location: &crate::db::Location) -> Result<(), String> {
    open(location)?;
    tracing::info!(db = %location, "database is up to date");
    Ok(())
}

fn migrate_data(from: &crate::db::Location, to: &crate::db::Location, replace: bool) -> Result<(), String> {
    let source = Database::open(from).map_err(|error| format!("the source: {error}"))?;
    let target = Database::open(to).map_err(|error| format!("the target: {error}"))?;
    let started = std::time::Instant::now();
    let copied = crate::transfer::copy(&source, &target, replace).map_err(|error| error.to_string())?;
    for (table, rows) in &copied {
        println!("{table:<24} {rows:>10}");
    }
    let rows: i64 = copied.iter().map(|(_, rows)| rows).sum();
    println!(
        "{rows} rows in {} tables copied from {from} to {to} in {:.1} s; servers build their search index from them",
        copied.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn keys(command: KeysCommand) -> Result<(), String> {
    match command {
        KeysCommand::Create { name, role, database } => {
            let db = Database::open(&database.location).map_err(|error| error.to_string())?;
            let role = auth::Role::from(role);
            let key = auth::service::create(&db, &name, role).map_err(|error| error.to_string())?;
            println!(
                "Created the {} key `{name}`. Store it now: it is not shown again.",
                role.as_str()
            );
            println!("{key}");
            Ok(())
        }
        KeysCommand::List { database } => {
            let db = Database::open(&database.location).map_err(|error| error.to_string())?;
            let keys = auth::service::list(&db).map_err(|error| error.to_string())?;
            if keys.is_empty() {
                println!("No keys. Make one with `newsroom keys create --name NAME --role editor`.");
                return Ok(());
            }
            let when = |at: Option<chrono::NaiveDateTime>| {
                at.map_or("-".to_owned(), |at| {
                    at.and_utc().format("%Y-%m-%d %H:%M").to_string()
                })
            };
            println!(
                "{:<24} {:<7} {:<18} {:<17} {:<17} STATE",
                "NAME", "ROLE", "PREFIX", "CREATED", "LAST USED"
            );
            for key in keys {
                let state = if key.revoked_at.is_some() {
                    "revoked"
                } else {
                    "live"
                };
                println!(
                    "{:<24} {:<7} {:<18} {:<17} {:<17} {state}",
                    key.name,
                    key.role,
                    format!("nwsr_{}", key.prefix),
                    when(Some(key.created_at)),
                    when(key.last_used_at),
                );
            }
            Ok(())
        }
        KeysCommand::Revoke { name, database } => {
            let db = Database::open(&database.location).map_err(|error| error.to_string())?;
            match auth::service::revoke(&db, &name).map_err(|error| error.to_string())? {
                true => {
                    println!("Revoked the key `{name}`.");
                    Ok(())
                }
                false => Err(format!("no live key is named `{name}`")),
            }
        }
    }
}

/// A file size limit (`ulimit -f`) makes the kernel send SIGXFSZ to a process writing past it,
/// which ends the process by default. Ignored, the write fails with `EFBIG` instead: the
/// database reports it as a storage fault and the server goes on serving reads.
fn survive_file_size_limits() {
    // SAFETY: setting a signal's disposition to "ignore" installs no handler code and touches
    // no memory of ours; the disposition is process-wide and may be set from any thread.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

fn serve(args: ServeArgs) -> Result<(), String> {
    survive_file_size_limits();
    let db = open_with_replicas(&args.database.location, &args.read_replicas)?;
    if args.demo {
        match demo::load_if_empty(&db) {
            Ok(true) => tracing::info!("demo content loaded"),
            Ok(false) => tracing::info!("the database already holds content; demo content not loaded"),
            Err(error) => return Err(format!("cannot load the demo content: {error}")),
        }
    }
    let counter = CounterSettings {
        flush_every: Duration::from_millis(args.views_flush_ms.max(1)),
        dedupe_window: (args.views_dedupe_secs > 0).then(|| Duration::from_secs(args.views_dedupe_secs)),
    };
    let options = StateOptions {
        counter,
        responses: ResponseStore::new(args.store_settings()),
        transliteration_memo: args.transliteration_cache_mib.saturating_mul(1024 * 1024),
        search_index: args.search_index.clone(),
    };
    let mut state = AppState::load_configured(db.clone(), options)
        .map_err(|error| format!("cannot read the database: {error}"))?;
    state.caching = args.cache_policy();
    state.cors = args.cors_policy();
    state.site = args.site();
    state.widgets = args.widget_settings();
    state.trusted_proxies = args.trusted_proxies.clone();
    state.time_budget = (args.time_budget_ms > 0).then(|| Duration::from_millis(args.time_budget_ms));
    state.rate_limits = crate::rate_limits::RateLimits::new(&args.rate_limits);
    state.security = crate::security_headers::SecuritySettings {
        hsts_max_age: args.hsts_max_age,
    };
    let views = state.views.clone();
    let listener =
        TcpListener::bind(&args.bind).map_err(|error| format!("cannot listen on {}: {error}", args.bind))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    state.site.origin = match &args.api_url {
        Some(url) => url.as_str().to_owned(),
        None => format!("http://{address}"),
    };
    tracing::info!(
        db = %args.database.location,
        read_replicas = args.read_replicas.len(),
        "listening on http://{address}"
    );
    actix_web::rt::System::new()
        .block_on(async move {
            let options = ServerOptions {
                workers: args.workers,
                max_body_bytes: args.max_body_bytes,
                client_timeout: Duration::from_millis(args.client_timeout_ms.max(1)),
            };
            app::serve(listener, web::Data::new(state), &options)?.await
        })
        .map_err(|error| error.to_string())?;
    // The server has drained its requests (SIGTERM, Ctrl-C): write the views counted since the
    // last flush.
    match views.flush_blocking(&db) {
        Ok(flushed) => tracing::info!(counted = flushed.counted, "view counts flushed; stopped"),
        Err(error) => return Err(format!("the last view counts could not be written: {error}")),
    }
    Ok(())
}
