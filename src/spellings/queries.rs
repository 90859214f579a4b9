//! Reads and writes of the publisher's spellings.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::spellings;

/// A word as stored: lowercase in both scripts.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = spellings)]
pub struct SpellingRow {
    pub cyrillic: String,
    pub latin: String,
    pub updated_at: NaiveDateTime,
}

/// Every word, in Cyrillic alphabetical order (of code points).
pub fn all(connection: &mut DbConnection) -> QueryResult<Vec<SpellingRow>> {
    crate::on_backend!(connection, |connection| {
        spellings::table
            .order(spellings::cyrillic)
            .select(SpellingRow::as_select())
            .load(connection)
    })
}

pub fn find(connection: &mut DbConnection, cyrillic: &str) -> QueryResult<Option<SpellingRow>> {
    crate::on_backend!(connection, |connection| {
        spellings::table
            .find(cyrillic)
            .select(SpellingRow::as_select())
            .first(connection)
            .optional()
    })
}

/// Writes a word's Latin spelling; `true` when the word is new.
pub fn put(
    connection: &mut DbConnection,
    cyrillic: &str,
    latin: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        let changed = diesel::update(spellings::table.find(cyrillic))
            .set((spellings::latin.eq(latin), spellings::updated_at.eq(now)))
            .execute(connection)?;
        if changed > 0 {
            return Ok(false);
        }
        diesel::insert_into(spellings::table)
            .values((
                spellings::cyrillic.eq(cyrillic),
                spellings::latin.eq(latin),
                spellings::created_at.eq(now),
                spellings::updated_at.eq(now),
            ))
            .execute(connection)?;
        Ok(true)
    })
}

/// Removes a word; `true` when there was one.
pub fn delete(connection: &mut DbConnection, cyrillic: &str) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        Ok(diesel::delete(spellings::table.find(cyrillic)).execute(connection)? > 0)
    })
}
