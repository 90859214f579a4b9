//! Secrets that belong to one database, made by its migrations.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::instance_secrets;

/// The key that signs pagination cursors.
pub fn cursor_key(connection: &mut DbConnection) -> QueryResult<Vec<u8>> {
    crate::on_backend!(connection, |connection| {
        instance_secrets::table
            .find("cursor_key")
            .select(instance_secrets::value)
            .first(connection)
    })
}
