//! The search index and its queries, one interface over each backend's own full-text search:
//! SQLite's FTS5 ([`fts5`]) and PostgreSQL's `tsvector` ([`tsvector`]). Both index a
//! translation's title, excerpt and body as given (folded by the caller), number translations
//! in the order they were first written (SQLite's rowid, PostgreSQL's `seq`), match every term
//! (the last also as a prefix) in any of its spellings, and rank with the title weighing most.

mod fts5;
mod tsvector;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Bool, Double, Nullable, Text, Timestamp};

use crate::db::{DbConnection, Id};
use crate::search::text::Term;

/// A translation's text as stored, by its number, for indexing in bulk.
#[derive(Debug, QueryableByName)]
pub struct StoredText {
    #[diesel(sql_type = BigInt)]
    pub rowid: i64,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub excerpt: String,
    #[diesel(sql_type = Text)]
    pub body: String,
}

/// One row of the index: the translation's number, folded title, excerpt and body.
pub type Row = (i64, String, String, String);

/// One matching translation of a search's window.
#[derive(Debug, Clone, QueryableByName)]
pub struct Match {
    #[diesel(sql_type = Text)]
    pub article_id: Id,
    #[diesel(sql_type = Text)]
    pub locale: String,
    /// Relevance, negated: lower is better.
    #[diesel(sql_type = Double)]
    pub rank: f64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub published_at: Option<NaiveDateTime>,
    /// Whether it may be a hit: in one of the locales searched, of a public article (of the
    /// category asked for).
    #[diesel(sql_type = Bool)]
    pub eligible: bool,
}

/// Puts one translation's text in the index, replacing what it had there.
pub fn index(
    connection: &mut DbConnection,
    article: Id,
    locale: &str,
    title: &str,
    excerpt: &str,
    body_text: &str,
) -> QueryResult<()> {
    match connection {
        DbConnection::Sqlite(c) => fts5::index(c, article, locale, title, excerpt, body_text),
        DbConnection::Postgres(c) => tsvector::index(c, article, locale, title, excerpt, body_text),
    }
}

/// Takes an article's translations (or the one in `locale`) out of the index; to be called
/// before they are deleted.
pub fn unindex(connection: &mut DbConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    match connection {
        DbConnection::Sqlite(c) => fts5::unindex(c, article, locale),
        DbConnection::Postgres(c) => tsvector::unindex(c, article, locale),
    }
}

/// Translations in the order they were written, `limit` of them after number `after`.
pub fn texts_after(connection: &mut DbConnection, after: i64, limit: i64) -> QueryResult<Vec<StoredText>> {
    match connection {
        DbConnection::Sqlite(c) => fts5::texts_after(c, after, limit),
        DbConnection::Postgres(c) => tsvector::texts_after(c, after, limit),
    }
}

/// Adds these rows to the index, in big statements.
pub fn insert_rows(connection: &mut DbConnection, rows: &[Row]) -> QueryResult<()> {
    match connection {
        DbConnection::Sqlite(c) => fts5::insert_rows(c, rows),
        DbConnection::Postgres(c) => tsvector::insert_rows(c, rows),
    }
}

/// Settles the index after a bulk load: FTS5 merges its segments into one; a `tsvector` index
/// needs nothing.
pub fn optimize(connection: &mut DbConnection) -> QueryResult<()> {
    match connection {
        DbConnection::Sqlite(c) => fts5::optimize(c),
        DbConnection::Postgres(_) => Ok(()),
    }
}

/// Empties the index.
pub fn clear(connection: &mut DbConnection) -> QueryResult<()> {
    match connection {
        DbConnection::Sqlite(c) => fts5::clear(c),
        DbConnection::Postgres(c) => tsvector::clear(c),
    }
}

/// Whether the index is empty while translations exist (a database from before search, or
/// one whose rows were copied in).
pub fn needs_rebuild(connection: &mut DbConnection) -> QueryResult<bool> {
    match connection {
        DbConnection::Sqlite(c) => fts5::needs_rebuild(c),
        DbConnection::Postgres(c) => tsvector::needs_rebuild(c),
    }
}

/// The `size` newest translations (by number, in any locale, of any article) matching
/// `terms`, each with its relevance and whether it may be a hit: in `locales`, of a public
/// article (of `category`, if given). One pass over the index: relevance is worked out for
/// these alone.
pub fn window(
    connection: &mut DbConnection,
    terms: &[Term],
    size: i64,
    locales: &[String],
    category: Option<Id>,
    now: NaiveDateTime,
) -> QueryResult<Vec<Match>> {
    match connection {
        DbConnection::Sqlite(c) => fts5::window(c, terms, size, locales, category, now),
        DbConnection::Postgres(c) => tsvector::window(c, terms, size, locales, category, now),
    }
}
