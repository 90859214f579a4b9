//! Probes for orchestrators and load balancers: `GET /healthz` (the process answers) and
//! `GET /readyz` (the database answers and its schema is this binary's).

pub mod handlers;

use crate::db::Database;
use crate::error::ApiError;

/// Whether the database answers and its schema is this binary's: `Ok(Err(what differs))`
/// when it answers with another schema.
pub async fn schema_check(db: &Database) -> Result<Result<(), String>, ApiError> {
    db.read(|connection| Ok(crate::db::schema_is_current(connection)))
        .await
}
