//! Reads of the locales and their fallback chains.

use diesel::prelude::*;

use crate::db::schema::{locale_fallbacks, locales};
use crate::locale::LocaleEntry;

#[derive(Queryable, Selectable)]
#[diesel(table_name = locales)]
struct LocaleRow {
    code: String,
    name: String,
    english_name: String,
    is_default: bool,
}

/// Every locale in editorial order, each with its fallback chain.
pub fn all(connection: &mut SqliteConnection) -> QueryResult<Vec<LocaleEntry>> {
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
        })
        .collect())
}
