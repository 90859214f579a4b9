//! Diesel reads for sitemaps: which public articles there are, by when they were published.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::articles::queries::{ArticleRow, PUBLISHED};
use crate::db::schema::articles;
use crate::db::{DbConnection, Id};

/// When each public article was published and last changed, with its id: what the sitemap
/// index counts and dates its sitemaps by. Read off the index of public articles.
pub fn published_dates(
    connection: &mut DbConnection,
    now: NaiveDateTime,
) -> QueryResult<Vec<(Id, NaiveDateTime, NaiveDateTime)>> {
    crate::on_backend!(connection, |connection| {
        articles::table
            .filter(articles::status.eq(PUBLISHED))
            .filter(articles::published_at.le(now))
            .select((
                articles::id,
                articles::published_at.assume_not_null(),
                articles::updated_at,
            ))
            .load(connection)
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
