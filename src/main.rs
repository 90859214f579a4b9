use std::io::IsTerminal;
use std::net::TcpListener;
use std::process::ExitCode;

use actix_web::web;
use clap::Parser;
use newsroom::app::{self, AppState};
use newsroom::config::{Cli, Command, ServeArgs};
use newsroom::db::Database;
use newsroom::demo;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let outcome = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Migrate(args) => Database::open(&args.path)
            .map(|_| tracing::info!(db = %args.path.display(), "database is up to date"))
            .map_err(|error| error.to_string()),
        Command::Openapi => serde_json::to_string_pretty(&app::openapi_document())
            .map(|document| println!("{document}"))
            .map_err(|error| error.to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("newsroom: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> Result<(), String> {
    let db = Database::open(&args.database.path).map_err(|error| error.to_string())?;
    if args.demo {
        match demo::load_if_empty(&db) {
            Ok(true) => tracing::info!("demo content loaded"),
            Ok(false) => tracing::info!("the database already holds content; demo content not loaded"),
            Err(error) => return Err(format!("cannot load the demo content: {error}")),
        }
    }
    let state = AppState::load(db).map_err(|error| format!("cannot read the database: {error}"))?;
    let listener =
        TcpListener::bind(&args.bind).map_err(|error| format!("cannot listen on {}: {error}", args.bind))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    tracing::info!(db = %args.database.path.display(), "listening on http://{address}");
    actix_web::rt::System::new()
        .block_on(async move { app::serve(listener, web::Data::new(state), args.workers)?.await })
        .map_err(|error| error.to_string())
}
