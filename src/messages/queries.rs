//! Reads and writes of message keys and of their texts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{message_keys, messages};

/// A key as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = message_keys)]
pub struct KeyRow {
    pub key: String,
    pub description: String,
    pub plural: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A key's text in one locale, its `value` as stored (JSON).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = messages)]
pub struct MessageRow {
    pub locale: String,
    pub key: String,
    pub value: String,
    pub updated_at: NaiveDateTime,
}

/// Every key, in alphabetical order.
pub fn keys(connection: &mut DbConnection) -> QueryResult<Vec<KeyRow>> {
    crate::on_backend!(connection, |connection| {
        message_keys::table
            .order(message_keys::key)
            .select(KeyRow::as_select())
            .load(connection)
    })
}

pub fn find_key(connection: &mut DbConnection, key: &str) -> QueryResult<Option<KeyRow>> {
    crate::on_backend!(connection, |connection| {
        message_keys::table
            .find(key)
            .select(KeyRow::as_select())
            .first(connection)
            .optional()
    })
}

/// Writes a key's description and whether it is plural; `true` when the key is new.
pub fn put_key(
    connection: &mut DbConnection,
    key: &str,
    description: &str,
    plural: bool,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        let changed = diesel::update(message_keys::table.find(key))
            .set((
                message_keys::description.eq(description),
                message_keys::plural.eq(plural),
                message_keys::updated_at.eq(now),
            ))
            .execute(connection)?;
        if changed > 0 {
            return Ok(false);
        }
        diesel::insert_into(message_keys::table)
            .values((
                message_keys::key.eq(key),
                message_keys::description.eq(description),
                message_keys::plural.eq(plural),
                message_keys::created_at.eq(now),
                message_keys::updated_at.eq(now),
            ))
            .execute(connection)?;
        Ok(true)
    })
}

/// Removes a key, and with it its texts (the foreign key cascades); `true` when there was
/// one.
pub fn delete_key(connection: &mut DbConnection, key: &str) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        Ok(diesel::delete(message_keys::table.find(key)).execute(connection)? > 0)
    })
}

/// The texts written in any of `locales`.
pub fn in_locales(connection: &mut DbConnection, locales: &[String]) -> QueryResult<Vec<MessageRow>> {
    crate::on_backend!(connection, |connection| {
        messages::table
            .filter(messages::locale.eq_any(locales))
            .select(MessageRow::as_select())
            .load(connection)
    })
}

/// The texts of one key, in every locale.
pub fn of_key(connection: &mut DbConnection, key: &str) -> QueryResult<Vec<MessageRow>> {
    crate::on_backend!(connection, |connection| {
        messages::table
            .filter(messages::key.eq(key))
            .order(messages::locale)
            .select(MessageRow::as_select())
            .load(connection)
    })
}

/// Each key with the locales it is written in.
pub fn written_locales(connection: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    crate::on_backend!(connection, |connection| {
        messages::table
            .order((messages::key, messages::locale))
            .select((messages::key, messages::locale))
            .load(connection)
    })
}

pub fn find(connection: &mut DbConnection, locale: &str, key: &str) -> QueryResult<Option<MessageRow>> {
    crate::on_backend!(connection, |connection| {
        messages::table
            .find((locale, key))
            .select(MessageRow::as_select())
            .first(connection)
            .optional()
    })
}

/// Writes a key's text in a locale; `true` when it had none.
pub fn put(
    connection: &mut DbConnection,
    locale: &str,
    key: &str,
    value: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        let changed = diesel::update(messages::table.find((locale, key)))
            .set((messages::value.eq(value), messages::updated_at.eq(now)))
            .execute(connection)?;
        if changed > 0 {
            return Ok(false);
        }
        diesel::insert_into(messages::table)
            .values((
                messages::locale.eq(locale),
                messages::key.eq(key),
                messages::value.eq(value),
                messages::created_at.eq(now),
                messages::updated_at.eq(now),
            ))
            .execute(connection)?;
        Ok(true)
    })
}

/// Removes a key's text in a locale; `true` when there was one.
pub fn delete(connection: &mut DbConnection, locale: &str, key: &str) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        Ok(diesel::delete(messages::table.find((locale, key))).execute(connection)? > 0)
    })
}
