//! Diesel reads for sitemaps: which public articles there are, by when they were published.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};

use crate::articles::queries::{ArticleRow, PUBLISHED};
use crate::db::DbConnection;
use crate::db::schema::articles;

/// A month with public articles: how many, and when the latest of them changed.
#[derive(Debug, QueryableByName)]
pub struct MonthRow {
    /// `YYYY-MM`.
    #[diesel(sql_type = Text)]
    pub month: String,
    #[diesel(sql_type = BigInt)]
    pub articles: i64,
    #[diesel(sql_type = Timestamp)]
    pub updated_at: NaiveDateTime,
}

/// Each month (UTC) with public articles by `now`, counted in the database from the index of
/// public articles. The month is the only part written for each backend: SQLite keeps
/// timestamps as ISO 8601 text, PostgreSQL formats its own.
pub fn months(connection: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<MonthRow>> {
    const QUERY: &str = "SELECT {month} AS month, COUNT(*) AS articles, MAX(updated_at) AS updated_at \
         FROM articles WHERE status = 'published' AND published_at <= {now} GROUP BY 1";
    match connection {
        DbConnection::Sqlite(connection) => diesel::sql_query(
            QUERY
                .replace("{month}", "substr(published_at, 1, 7)")
                .replace("{now}", "?"),
        )
        .bind::<Timestamp, _>(now)
        .load(connection),
        DbConnection::Postgres(connection) => diesel::sql_query(
            QUERY
                .replace("{month}", "to_char(published_at, 'YYYY-MM')")
                .replace("{now}", "$1"),
        )
        .bind::<Timestamp, _>(now)
        .load(connection),
    }
}

/// How many public articles were published from `since` to `now`, and when the latest of
/// them changed.
pub fn published_since(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    crate::on_backend!(connection, |connection| {
        articles::table
            .filter(articles::status.eq(PUBLISHED))
            .filter(articles::published_at.le(now))
            .filter(articles::published_at.ge(since))
            .select((diesel::dsl::count_star(), diesel::dsl::max(articles::updated_at)))
            .first(connection)
    })
}

/// The public articles published from `from` (inclusive) to `until` (exclusive) and by
/// `now`, oldest first (ties by id), `limit` of them after the first `offset`.
pub fn published_between(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    from: NaiveDateTime,
    until: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ArticleRow>> {
    crate::on_backend!(connection, |connection| {
        articles::table
            .filter(articles::status.eq(PUBLISHED))
            .filter(articles::published_at.le(now))
            .filter(articles::published_at.ge(from))
            .filter(articles::published_at.lt(until))
            .order((articles::published_at.asc(), articles::id.asc()))
            .offset(offset)
            .limit(limit)
            .select(ArticleRow::as_select())
            .load(connection)
    })
}
