//! Diesel reads and writes of API keys.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::Id;
use crate::db::schema::api_keys;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct KeyRow {
    pub id: Id,
    pub name: String,
    pub role: String,
    pub prefix: String,
    pub secret_hash: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewKeyRow<'a> {
    pub id: Id,
    pub name: &'a str,
    pub role: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a [u8],
    pub created_at: NaiveDateTime,
}

pub fn insert(connection: &mut DbConnection, key: &NewKeyRow<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(api_keys::table)
            .values(key)
            .execute(connection)
            .map(drop)
    })
}

/// The key with this prefix, revoked or not.
pub fn find_by_prefix(connection: &mut DbConnection, prefix: &str) -> QueryResult<Option<KeyRow>> {
    crate::on_backend!(connection, |connection| {
        api_keys::table
            .filter(api_keys::prefix.eq(prefix))
            .select(KeyRow::as_select())
            .first(connection)
            .optional()
    })
}

/// Every key, oldest first.
pub fn all(connection: &mut DbConnection) -> QueryResult<Vec<KeyRow>> {
    crate::on_backend!(connection, |connection| {
        api_keys::table
            .order((api_keys::created_at, api_keys::id))
            .select(KeyRow::as_select())
            .load(connection)
    })
}

pub fn live_name_taken(connection: &mut DbConnection, name: &str) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        diesel::select(diesel::dsl::exists(
            api_keys::table
                .filter(api_keys::name.eq(name))
                .filter(api_keys::revoked_at.is_null()),
        ))
        .get_result(connection)
    })
}

/// Revokes the live key named `name`; returns how many keys were revoked (0 or 1).
pub fn revoke(connection: &mut DbConnection, name: &str, at: NaiveDateTime) -> QueryResult<usize> {
    crate::on_backend!(connection, |connection| {
        diesel::update(
            api_keys::table
                .filter(api_keys::name.eq(name))
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(at))
        .execute(connection)
    })
}

pub fn touch(connection: &mut DbConnection, id: Id, at: NaiveDateTime) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(api_keys::table.find(id))
            .set(api_keys::last_used_at.eq(at))
            .execute(connection)
            .map(drop)
    })
}
