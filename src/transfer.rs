//! Copying a whole site from one database to another (SQLite to PostgreSQL, or back):
//! every table, in one transaction on the target, each table's rows counted on both sides.
//! The search index is built on the target afterwards, from what was copied.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::DefaultLoadingMode;
use diesel::prelude::*;

use crate::db::{Database, DbConnection};
use crate::error::ApiError;
use crate::on_backend;

/// Rows written to the target in one statement: under both backends' limits on bound values
/// (the widest table has 18 columns).
const BATCH: usize = 1000;

/// What was copied: each table's name and its rows, in the order they were copied.
pub type Copied = Vec<(&'static str, i64)>;

/// How copying refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Failed(#[from] ApiError),
}

/// Copies `table`'s rows from `from` to `to`, read in one pass in key order and written
/// [`BATCH`] at a time, and checks that the target holds as many as the source.
macro_rules! copy {
    ($table:ident, ($($key:ident),+), { $($column:ident: $type:ty),+ $(,)? }) => {
        |from: &mut DbConnection, to: &mut DbConnection| -> Result<(&'static str, i64), ApiError> {
            use crate::db::schema::$table;
            type Row = ($($type,)+);
            let insert = |to: &mut DbConnection, rows: &[Row]| -> QueryResult<()> {
                let values: Vec<_> = rows
                    .iter()
                    .map(|($($column,)+)| ($($table::$column.eq($column),)+))
                    .collect();
                on_backend!(to, |c| diesel::insert_into($table::table).values(&values).execute(c)).map(drop)
            };
            let mut copied: i64 = 0;
            let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
            on_backend!(&mut *from, |c| {
                let rows = $table::table
                    .select(($($table::$column,)+))
                    .order(($($table::$key,)+))
                    .load_iter::<Row, DefaultLoadingMode>(c)?;
                for row in rows {
                    batch.push(row?);
                    if batch.len() == BATCH {
                        insert(&mut *to, &batch)?;
                        copied += batch.len() as i64;
                        batch.clear();
                    }
                }
                QueryResult::Ok(())
            })?;
            insert(&mut *to, &batch)?;
            copied += batch.len() as i64;
            let source: i64 = on_backend!(&mut *from, |c| $table::table.count().get_result(c))?;
            let target: i64 = on_backend!(&mut *to, |c| $table::table.count().get_result(c))?;
            if source != copied || target != copied {
                return Err(ApiError::internal(format!(
                    "{}: {source} rows in the source, {copied} copied, {target} in the target",
                    stringify!($table)
                )));
            }
            Ok((stringify!($table), copied))
        }
    };
}

type Step = Box<dyn Fn(&mut DbConnection, &mut DbConnection) -> Result<(&'static str, i64), ApiError>>;

/// Every table, parents before the rows that refer to them.
fn steps() -> Vec<Step> {
    vec![
        Box::new(copy!(locales, (code), {
            code: String,
            name: String,
            english_name: String,
            is_default: bool,
            position: i32,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
            transliterate_from: Option<String>,
        })),
        Box::new(copy!(locale_fallbacks, (locale_code, position), {
            locale_code: String,
            position: i32,
            fallback_code: String,
        })),
        Box::new(copy!(instance_secrets, (name), {
            name: String,
            value: Vec<u8>,
        })),
        Box::new(copy!(api_keys, (id), {
            id: String,
            name: String,
            role: String,
            prefix: String,
            secret_hash: Vec<u8>,
            created_at: NaiveDateTime,
            last_used_at: Option<NaiveDateTime>,
            revoked_at: Option<NaiveDateTime>,
        })),
        Box::new(copy!(categories, (id), {
            id: String,
            position: i32,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
            version: i32,
            created_by: Option<String>,
            updated_by: Option<String>,
        })),
        Box::new(copy!(category_translations, (category_id, locale), {
            category_id: String,
            locale: String,
            slug: String,
            name: String,
            description: Option<String>,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
        })),
        Box::new(copy!(articles, (id), {
            id: String,
            category_id: String,
            status: String,
            original_locale: String,
            published_at: Option<NaiveDateTime>,
            featured: bool,
            cover_url: Option<String>,
            cover_alt: Option<String>,
            cover_width: Option<i32>,
            cover_height: Option<i32>,
            source_name: Option<String>,
            source_url: Option<String>,
            view_count: i64,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
            version: i32,
            created_by: Option<String>,
            updated_by: Option<String>,
        })),
        Box::new(copy!(article_translations, (created_at, article_id, locale), {
            article_id: String,
            locale: String,
            slug: String,
            title: String,
            excerpt: String,
            excerpt_is_derived: bool,
            body: String,
            body_html: String,
            reading_time_minutes: i32,
            revision: i32,
            source_revision: Option<i32>,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
            updated_by: Option<String>,
        })),
        Box::new(copy!(article_slug_history, (locale, slug), {
            locale: String,
            slug: String,
            article_id: String,
            retired_at: NaiveDateTime,
        })),
        Box::new(copy!(audit_log, (id), {
            id: i32,
            at: NaiveDateTime,
            key_id: String,
            action: String,
            resource: String,
            target: String,
        })),
        Box::new(copy!(article_views_hourly, (article_id, hour), {
            article_id: String,
            hour: NaiveDateTime,
            views: i32,
        })),
        Box::new(copy!(article_views_daily, (article_id, day), {
            article_id: String,
            day: NaiveDate,
            views: i32,
        })),
        Box::new(copy!(related_vectors, (article_id, locale), {
            article_id: String,
            locale: String,
            vector: String,
            words: String,
            fingerprint: String,
        })),
        Box::new(copy!(related_words, (locale, term), {
            locale: String,
            term: String,
            documents: i64,
        })),
        Box::new(copy!(related_corpus, (locale), {
            locale: String,
            documents: i64,
        })),
        Box::new(copy!(related_terms, (locale, term, weight, article_id), {
            locale: String,
            term: String,
            weight: f64,
            article_id: String,
        })),
        Box::new(copy!(related_computed, (article_id, locale, rank), {
            article_id: String,
            locale: String,
            rank: i32,
            related_id: String,
            score: f64,
        })),
        Box::new(copy!(related_pins, (article_id, position), {
            article_id: String,
            position: i32,
            related_id: String,
        })),
        Box::new(copy!(spellings, (cyrillic), {
            cyrillic: String,
            latin: String,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
        })),
        Box::new(copy!(message_keys, (key), {
            key: String,
            description: String,
            plural: bool,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
        })),
        Box::new(copy!(messages, (locale, key), {
            locale: String,
            key: String,
            value: String,
            created_at: NaiveDateTime,
            updated_at: NaiveDateTime,
        })),
        Box::new(copy!(widgets, (kind, key), {
            kind: String,
            key: String,
            data: String,
            observed_at: NaiveDateTime,
            updated_at: NaiveDateTime,
        })),
    ]
}

/// Empties every table, children first.
fn empty(connection: &mut DbConnection) -> Result<(), ApiError> {
    use crate::db::schema::*;
    on_backend!(connection, |c| {
        diesel::delete(widgets::table).execute(c)?;
        diesel::delete(messages::table).execute(c)?;
        diesel::delete(message_keys::table).execute(c)?;
        diesel::delete(spellings::table).execute(c)?;
        diesel::delete(related_pins::table).execute(c)?;
        diesel::delete(related_computed::table).execute(c)?;
        diesel::delete(related_terms::table).execute(c)?;
        diesel::delete(related_corpus::table).execute(c)?;
        diesel::delete(related_words::table).execute(c)?;
        diesel::delete(related_vectors::table).execute(c)?;
        diesel::delete(article_views_daily::table).execute(c)?;
        diesel::delete(article_views_hourly::table).execute(c)?;
        diesel::delete(audit_log::table).execute(c)?;
        diesel::delete(article_slug_history::table).execute(c)?;
        diesel::delete(article_translations::table).execute(c)?;
        diesel::delete(articles::table).execute(c)?;
        diesel::delete(category_translations::table).execute(c)?;
        diesel::delete(categories::table).execute(c)?;
        diesel::delete(api_keys::table).execute(c)?;
        diesel::delete(instance_secrets::table).execute(c)?;
        diesel::delete(locale_fallbacks::table).execute(c)?;
        diesel::delete(locales::table).execute(c)?;
        QueryResult::Ok(())
    })?;
    Ok(())
}

/// What a database holds that a copy would replace: "3 articles", "2 keys"; empty for a
/// database with nothing but what its migrations made.
fn holdings(connection: &mut DbConnection) -> Result<Vec<String>, ApiError> {
    use crate::db::schema::*;
    let counts: [(i64, &str); 5] = on_backend!(connection, |c| QueryResult::Ok([
        (articles::table.count().get_result(c)?, "articles"),
        (categories::table.count().get_result(c)?, "categories"),
        (api_keys::table.count().get_result(c)?, "API keys"),
        (spellings::table.count().get_result(c)?, "spellings"),
        (audit_log::table.count().get_result(c)?, "audit log entries"),
    ]))?;
    Ok(counts
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect())
}

/// Copies the whole site in `source` into `target` (both migrated to this binary's schema),
/// replacing what `target` holds. A target that holds content is refused unless `replace`.
/// The copy is one transaction on the target: it is all there, or none of it. Then the
/// target's search index is built.
pub fn copy(source: &Database, target: &Database, replace: bool) -> Result<Copied, TransferError> {
    if source.location() == target.location() {
        return Err(TransferError::Refused(
            "the source and the target are the same database".into(),
        ));
    }
    let held = target.read_blocking(holdings)?;
    if !held.is_empty() && !replace {
        return Err(TransferError::Refused(format!(
            "the target already holds {}; give --replace to replace it with the source's content",
            held.join(", ")
        )));
    }
    let copied = source.read_blocking(|from| {
        target.write_blocking(|to| {
            empty(to)?;
            let mut copied = Copied::new();
            for step in steps() {
                copied.push(step(from, to)?);
            }
            if let DbConnection::Postgres(_) = to {
                // Ids copied in: the log's own numbering goes on after the last of them.
                to.batch_execute(
                    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), \
                     coalesce(max(id), 0) + 1, false) FROM audit_log",
                )?;
            }
            Ok(copied)
        })
    })?;
    // Every search index is built afresh from the copy, not from the log of its writes.
    target.write_blocking(|connection| Ok(crate::search::queries::renew_lineage(connection)?))?;
    target.checkpoint()?;
    Ok(copied)
}
