//! Diesel reads for sitemaps: which public articles there are, by when they were published.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::articles::queries::{ArticleRow, PUBLISHED};
use crate::db::DbConnection;
use crate::db::schema::articles;

/// When the first and the last public article (by `now`) were published; `None` when none is.
pub fn published_range(
    connection: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Option<(NaiveDateTime, NaiveDateTime)>> {
    let (first, last): (Option<NaiveDateTime>, Option<NaiveDateTime>) =
        crate::on_backend!(connection, |connection| {
            articles::table
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now))
                .select((
                    diesel::dsl::min(articles::published_at),
                    diesel::dsl::max(articles::published_at),
                ))
                .first(connection)
        })?;
    Ok(first.zip(last))
}

/// How many public articles were published from `from` (inclusive) to `until` (exclusive)
/// and by `now`, and when the latest of them changed. Read from the index of public articles
/// by publication, which holds `updated_at` for this.
pub fn count_between(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    crate::on_backend!(connection, |connection| {
        articles::table
            .filter(articles::status.eq(PUBLISHED))
            .filter(articles::published_at.le(now))
            .filter(articles::published_at.ge(from))
            .filter(articles::published_at.lt(until))
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
