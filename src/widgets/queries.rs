//! Diesel reads and writes of widgets' data.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::db::DbConnection;
use crate::db::schema::widgets;

/// A widget's data as stored.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = widgets)]
pub struct WidgetRow {
    pub kind: String,
    pub key: String,
    pub data: String,
    pub observed_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The data of the widget `kind` for `key`, if any was pushed.
pub fn find(connection: &mut DbConnection, kind: &str, key: &str) -> QueryResult<Option<WidgetRow>> {
    crate::on_backend!(connection, |connection| {
        widgets::table
            .find((kind, key))
            .select(WidgetRow::as_select())
            .first(connection)
            .optional()
    })
}

/// Replaces the data of the widget `kind` for `key`; `true` when there was none.
pub fn put(
    connection: &mut DbConnection,
    kind: &str,
    key: &str,
    data: &str,
    observed_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let existed = find(connection, kind, key)?.is_some();
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(widgets::table)
            .values((
                widgets::kind.eq(kind),
                widgets::key.eq(key),
                widgets::data.eq(data),
                widgets::observed_at.eq(observed_at),
                widgets::updated_at.eq(now),
            ))
            .on_conflict((widgets::kind, widgets::key))
            .do_update()
            .set((
                widgets::data.eq(excluded(widgets::data)),
                widgets::observed_at.eq(excluded(widgets::observed_at)),
                widgets::updated_at.eq(excluded(widgets::updated_at)),
            ))
            .execute(connection)
    })?;
    Ok(!existed)
}
