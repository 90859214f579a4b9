//! The record of who wrote what: one row of `audit_log` for every editorial write, in the
//! write's own transaction.

use diesel::prelude::*;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::db::{self, schema::audit_log};
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }
}

/// Records that `caller` did `action` to the `resource` (`article`, `translation`, `category`,
/// `locale`, `spelling`, `message`, `message_key`) identified by `target`.
pub fn record(
    connection: &mut DbConnection,
    caller: &Caller,
    action: Action,
    resource: &str,
    target: &str,
) -> Result<(), ApiError> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(audit_log::table)
            .values((
                audit_log::at.eq(db::now()),
                audit_log::key_id.eq(caller.key_id),
                audit_log::action.eq(action.as_str()),
                audit_log::resource.eq(resource),
                audit_log::target.eq(target),
            ))
            .execute(connection)?;
        Ok(())
    })
}
