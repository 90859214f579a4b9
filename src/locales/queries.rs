//! Reads of the locales and their fallback chains.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{locale_fallbacks, locales};
use crate::locale::LocaleEntry;

#[derive(Queryable, Selectable)]
#[diesel(table_name = locales)]
struct LocaleRow {
    code: String,
    name: String,
    english_name: String,
    is_default: bool,
    transliterate_from: Option<String>,
}

/// Every locale in editorial order, each with its fallback chain.
pub fn all(connection: &mut DbConnection) -> QueryResult<Vec<LocaleEntry>> {
    crate::on_backend!(connection, |connection| {
        let rows: Vec<LocaleRow> = locales::table
            .order((locales::position, locales::code))
            .select(LocaleRow::as_select())
            .load(connection)?;
        let fallbacks: Vec<(String, String)> = locale_fallbacks::table
            .order((locale_fallbacks::locale_code, locale_fallbacks::position))
            .select((locale_fallbacks::locale_code, locale_fallbacks::fallback_code))
            .load(connection)?;
        Ok(rows
            .into_iter()
            .map(|row| LocaleEntry {
                fallbacks: fallbacks
                    .iter()
                    .filter(|(locale, _)| *locale == row.code)
                    .map(|(_, fallback)| fallback.clone())
                    .collect(),
                code: row.code,
                name: row.name,
                english_name: row.english_name,
                is_default: row.is_default,
                transliterate_from: row.transliterate_from,
            })
            .collect())
    })
}

/// A locale to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = locales)]
pub struct NewLocaleRow<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub english_name: &'a str,
    pub is_default: bool,
    pub position: i32,
    pub transliterate_from: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(connection: &mut DbConnection, locale: &NewLocaleRow<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(locales::table)
            .values(locale)
            .execute(connection)
            .map(drop)
    })
}

/// The fields of a locale an edit may change; `None` leaves a field as it is.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = locales)]
pub struct LocaleChanges<'a> {
    pub name: Option<&'a str>,
    pub english_name: Option<&'a str>,
    pub position: Option<i32>,
    /// `Some(None)` stops transliterating.
    pub transliterate_from: Option<Option<&'a str>>,
    pub updated_at: NaiveDateTime,
}

pub fn update(connection: &mut DbConnection, code: &str, changes: &LocaleChanges<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(locales::table.find(code))
            .set(changes)
            .execute(connection)
            .map(drop)
    })
}

/// Serves `code` transliterated from `from` (none: not at all).
pub fn set_transliterate_from(
    connection: &mut DbConnection,
    code: &str,
    from: Option<&str>,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(locales::table.find(code))
            .set(locales::transliterate_from.eq(from))
            .execute(connection)
            .map(drop)
    })
}

/// Makes `code` the one default locale.
pub fn make_default(connection: &mut DbConnection, code: &str) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(locales::table.filter(locales::code.ne(code)))
            .set(locales::is_default.eq(false))
            .execute(connection)?;
        diesel::update(locales::table.find(code))
            .set(locales::is_default.eq(true))
            .execute(connection)
            .map(drop)
    })
}

/// Replaces a locale's fallback chain.
pub fn set_fallbacks(connection: &mut DbConnection, code: &str, fallbacks: &[String]) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(locale_fallbacks::table.filter(locale_fallbacks::locale_code.eq(code)))
            .execute(connection)?;
        let rows: Vec<_> = fallbacks
            .iter()
            .enumerate()
            .map(|(position, fallback)| {
                (
                    locale_fallbacks::locale_code.eq(code),
                    locale_fallbacks::position.eq(position as i32 + 1),
                    locale_fallbacks::fallback_code.eq(fallback),
                )
            })
            .collect();
        diesel::insert_into(locale_fallbacks::table)
            .values(&rows)
            .execute(connection)
            .map(drop)
    })
}

/// The position after the last locale.
pub fn next_position(connection: &mut DbConnection) -> QueryResult<i32> {
    crate::on_backend!(connection, |connection| {
        let last: Option<i32> = locales::table
            .select(diesel::dsl::max(locales::position))
            .first(connection)?;
        Ok(last.map_or(1, |position| position + 1))
    })
}
