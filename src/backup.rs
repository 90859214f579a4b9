//! Backups and restores of a whole site, while the server serves and writes.
//!
//! On SQLite, `VACUUM INTO` writes a consistent copy of the file as of one read transaction
//! (the server's writes go on meanwhile, in the write-ahead log), compacted; the copy is then
//! checked with `integrity_check`. On PostgreSQL, `pg_dump` (custom format, one snapshot) and
//! `pg_restore` do it, run with the URL's password in `PGPASSWORD` rather than on their
//! command line, where any user of the machine could read it.

use std::path::{Path, PathBuf};
use std::process::Command;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::{Database, Location};

/// What a backup holds: its articles, counted by reading it back (SQLite), and its size.
#[derive(Debug)]
pub struct Report {
    pub articles: Option<i64>,
    pub bytes: u64,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Copies the site in `location` to the file `into`, which must not exist yet.
pub fn backup(location: &Location, into: &Path) -> Result<Report, String> {
    if into.exists() {
        return Err(format!("{} exists already; name a new file", into.display()));
    }
    match location {
        Location::Sqlite(path) => {
            if !path.exists() {
                return Err(format!("{} does not exist", path.display()));
            }
            let mut source = SqliteConnection::establish(&path.display().to_string())
                .map_err(|error| format!("cannot open {}: {error}", path.display()))?;
            source
                .batch_execute("PRAGMA busy_timeout = 5000;")
                .map_err(|error| error.to_string())?;
            diesel::sql_query("VACUUM INTO ?")
                .bind::<Text, _>(into.display().to_string())
                .execute(&mut source)
                .map_err(|error| format!("cannot write {}: {error}", into.display()))?;
            let articles = check_sqlite(into)?;
            Ok(Report {
                articles: Some(articles),
                bytes: file_size(into),
            })
        }
        Location::Postgres(url) => {
            let (url, password) = without_password(url)?;
            run(
                Command::new("pg_dump")
                    .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                    .arg(into)
                    .arg("--dbname")
                    .arg(&url),
                password.as_deref(),
                "pg_dump",
            )?;
            // pg_dump reads one snapshot and fails whole; the source is not opened here, so
            // that a backup never migrates it.
            Ok(Report {
                articles: None,
                bytes: file_size(into),
            })
        }
    }
}

/// Brings the backup `from` back into `location`, which must hold no content unless
/// `replace`. On SQLite the file is replaced whole (stop the server first); then, on either
/// backend, the schema is brought up to this binary's.
pub fn restore(from: &Path, location: &Location, replace: bool) -> Result<Report, String> {
    if !from.is_file() {
        return Err(format!("{} is not a file", from.display()));
    }
    if !replace && holds_content(location)? {
        return Err(format!(
            "{} holds content; give --replace to replace it with the backup",
            location.redacted()
        ));
    }
    match location {
        Location::Sqlite(path) => {
            check_sqlite(from)?;
            let staged = staged_path(path);
            std::fs::copy(from, &staged)
                .map_err(|error| format!("cannot write {}: {error}", staged.display()))?;
            std::fs::File::open(&staged)
                .and_then(|file| file.sync_all())
                .map_err(|error| error.to_string())?;
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", path.display()));
                if side.exists() {
                    std::fs::remove_file(&side)
                        .map_err(|error| format!("cannot remove {}: {error}", side.display()))?;
                }
            }
            std::fs::rename(&staged, path)
                .map_err(|error| format!("cannot replace {}: {error}", path.display()))?;
        }
        Location::Postgres(url) => {
            let (url, password) = without_password(url)?;
            run(
                Command::new("pg_restore")
                    .args([
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--no-privileges",
                        "--single-transaction",
                    ])
                    .arg("--dbname")
                    .arg(&url)
                    .arg(from),
                password.as_deref(),
                "pg_restore",
            )?;
        }
    }
    let db = Database::open(location).map_err(|error| format!("the restored database: {error}"))?;
    // Search indexes built before the restore follow another history: they are built again.
    db.write_blocking(|connection| Ok(crate::search::queries::renew_lineage(connection)?))
        .map_err(|error| error.to_string())?;
    Ok(Report {
        articles: Some(count_articles(&db)?),
        bytes: file_size(from),
    })
}

fn staged_path(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.restoring", path.display()))
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path)
        .map(|metadata| metadata.len())
        .unwrap_or(0)
}

/// `integrity_check` of a SQLite backup, and how many articles it holds.
fn check_sqlite(path: &Path) -> Result<i64, String> {
    let mut copy = SqliteConnection::establish(&path.display().to_string())
        .map_err(|error| format!("cannot open {}: {error}", path.display()))?;
    let checks: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut copy)
        .map_err(|error| format!("{} is not a SQLite database: {error}", path.display()))?;
    if checks.len() != 1 || checks[0].integrity_check != "ok" {
        let found: Vec<String> = checks.into_iter().map(|check| check.integrity_check).collect();
        return Err(format!(
            "{} fails integrity_check: {}",
            path.display(),
            found.join("; ")
        ));
    }
    let counted: Count = diesel::sql_query("SELECT COUNT(*) AS count FROM articles")
        .get_result(&mut copy)
        .map_err(|_| {
            format!(
                "{} is not a newsroom database: it has no articles table",
                path.display()
            )
        })?;
    Ok(counted.count)
}

fn count_articles(db: &Database) -> Result<i64, String> {
    db.read_blocking(|connection| {
        Ok(crate::on_backend!(connection, |c| {
            crate::db::schema::articles::table.count().get_result::<i64>(c)
        })?)
    })
    .map_err(|error| error.to_string())
}

/// Whether the database in `location` holds any article or category (a missing SQLite file
/// holds none).
fn holds_content(location: &Location) -> Result<bool, String> {
    if let Location::Sqlite(path) = location
        && !path.exists()
    {
        return Ok(false);
    }
    let db = Database::open(location).map_err(|error| error.to_string())?;
    db.read_blocking(|connection| {
        Ok(crate::on_backend!(connection, |c| {
            let articles: i64 = crate::db::schema::articles::table.count().get_result(c)?;
            let categories: i64 = crate::db::schema::categories::table.count().get_result(c)?;
            QueryResult::Ok(articles + categories > 0)
        })?)
    })
    .map_err(|error| error.to_string())
}

/// The URL without its password, and the password.
fn without_password(url: &str) -> Result<(String, Option<String>), String> {
    let mut parsed = url::Url::parse(url).map_err(|error| format!("not a PostgreSQL URL: {error}"))?;
    let password = parsed.password().map(|password| {
        percent_encoding::percent_decode_str(password)
            .decode_utf8_lossy()
            .into_owned()
    });
    parsed
        .set_password(None)
        .map_err(|()| "not a PostgreSQL URL with a host".to_owned())?;
    Ok((parsed.to_string(), password))
}

/// Runs a PostgreSQL client tool, with the password in its environment.
fn run(command: &mut Command, password: Option<&str>, name: &str) -> Result<(), String> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    let output = command.output().map_err(|error| {
        format!("cannot run {name} ({error}); install PostgreSQL's client tools (Debian: postgresql-client)")
    })?;
    if !output.status.success() {
        return Err(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        let (url, password) = without_password("postgres://news:s%40cret@db.example:5432/newsroom").unwrap();
        assert_eq!(url, "postgres://news@db.example:5432/newsroom");
        assert_eq!(password.as_deref(), Some("s@cret"));
        let (url, password) = without_password("postgres://news@127.0.0.1/newsroom").unwrap();
        assert_eq!(url, "postgres://news@127.0.0.1/newsroom");
        assert_eq!(password, None);
    }
}
