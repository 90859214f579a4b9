//! Diesel writes and reads of view counts.

use chrono::{DurationRound, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::articles::queries::PUBLISHED;
use crate::db::DbConnection;
use crate::db::schema::{article_views_daily, article_views_hourly, articles};
use crate::db::{self, Id};
use crate::views_counter::Flushed;

/// Whether the article `id` exists and the public may see it at `now`.
pub fn is_public(connection: &mut DbConnection, id: Id, now: NaiveDateTime) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        diesel::select(diesel::dsl::exists(
            articles::table
                .filter(articles::id.eq(id))
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now)),
        ))
        .get_result(connection)
    })
}

/// Adds `counts` to the articles the public may see, and to their buckets of this hour and
/// day; counts of other articles are dropped.
pub fn add(connection: &mut DbConnection, counts: &[(Id, u64)]) -> Result<Flushed, crate::error::ApiError> {
    crate::on_backend!(connection, |connection| {
        let now = db::now();
        let hour = now.duration_trunc(TimeDelta::hours(1)).unwrap_or(now);
        let day = now.date();
        let mut flushed = Flushed::default();
        for (id, views) in counts {
            let views = *views as i64;
            let updated = diesel::update(
                articles::table
                    .filter(articles::id.eq(id))
                    .filter(articles::status.eq(PUBLISHED))
                    .filter(articles::published_at.le(now)),
            )
            .set(articles::view_count.eq(articles::view_count + views))
            .execute(connection)?;
            if updated == 0 {
                flushed.dropped += views as u64;
                continue;
            }
            // One flush interval of one article's views fits a bucket's integer many times over.
            let bucket = i32::try_from(views).unwrap_or(i32::MAX);
            diesel::insert_into(article_views_hourly::table)
                .values((
                    article_views_hourly::article_id.eq(id),
                    article_views_hourly::hour.eq(hour),
                    article_views_hourly::views.eq(bucket),
                ))
                .on_conflict((article_views_hourly::article_id, article_views_hourly::hour))
                .do_update()
                .set(
                    article_views_hourly::views
                        .eq(article_views_hourly::views + excluded(article_views_hourly::views)),
                )
                .execute(connection)?;
            diesel::insert_into(article_views_daily::table)
                .values((
                    article_views_daily::article_id.eq(id),
                    article_views_daily::day.eq(day),
                    article_views_daily::views.eq(bucket),
                ))
                .on_conflict((article_views_daily::article_id, article_views_daily::day))
                .do_update()
                .set(
                    article_views_daily::views
                        .eq(article_views_daily::views + excluded(article_views_daily::views)),
                )
                .execute(connection)?;
            flushed.counted += views as u64;
        }
        Ok(flushed)
    })
}

/// A public article read in a window: its views there, and what the feed filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub id: Id,
    pub views: i64,
    pub category_id: Id,
    pub featured: bool,
}

/// The public articles read since `since`, most read first (then newest id). Hourly buckets
/// for windows within two days, daily ones beyond.
pub fn most_read_since(connection: &mut DbConnection, since: NaiveDateTime) -> QueryResult<Vec<Read>> {
    crate::on_backend!(connection, |connection| {
        use diesel::dsl::sum;
        let now = db::now();
        let hourly = since >= now - TimeDelta::days(2);
        let rows: Vec<(Id, Id, bool, Option<i64>)> = if hourly {
            article_views_hourly::table
                .inner_join(articles::table)
                .filter(
                    article_views_hourly::hour.ge(since.duration_trunc(TimeDelta::hours(1)).unwrap_or(since)),
                )
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now))
                .group_by((articles::id, articles::category_id, articles::featured))
                .select((
                    articles::id,
                    articles::category_id,
                    articles::featured,
                    sum(article_views_hourly::views),
                ))
                .load(connection)?
        } else {
            article_views_daily::table
                .inner_join(articles::table)
                .filter(article_views_daily::day.ge(since.date()))
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now))
                .group_by((articles::id, articles::category_id, articles::featured))
                .select((
                    articles::id,
                    articles::category_id,
                    articles::featured,
                    sum(article_views_daily::views),
                ))
                .load(connection)?
        };
        let mut ranked: Vec<Read> = rows
            .into_iter()
            .filter_map(|(id, category_id, featured, views)| {
                views.filter(|v| *v > 0).map(|views| Read {
                    id,
                    views,
                    category_id,
                    featured,
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.views.cmp(&a.views).then(b.id.cmp(&a.id)));
        Ok(ranked)
    })
}
