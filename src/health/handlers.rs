//! HTTP handlers of the probes. Never cached: each answer is the state now.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, Problem};
use crate::health;
use crate::params::NoParams;
use crate::state::AppState;

/// What a probe found.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "ready", "checks": {"database": "answers", "migrations": "current", "search": "ready", "writes": "succeed"}}))]
pub struct Health {
    /// `ok` (the process answers), `ready` (it can serve), or `degraded` (it serves reads, but
    /// the database's storage refuses writes: `checks.writes` says why and since when; or the
    /// search index is being built, and searches are answered 503: `checks.search`).
    #[schema(example = "ok")]
    pub status: String,
    /// What was checked, and what it found.
    pub checks: std::collections::BTreeMap<String, String>,
}

fn probe(health: Health) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(health)
}

/// Liveness
///
/// The process is up and answers HTTP. It reads nothing: a slow database does not make it fail.
#[utoipa::path(
    operation_id = "liveness",
    tag = "operations",
    responses((status = 200, description = "The process answers", body = Health)),
)]
#[get("/healthz")]
pub async fn healthz(_: web::Query<NoParams>) -> HttpResponse {
    probe(Health {
        status: "ok".to_owned(),
        checks: Default::default(),
    })
}

/// Readiness
///
/// The server can serve: a reading connection answers a query, and the database's schema has
/// every migration this binary knows (and none it does not). A 503 says which check failed.
///
/// While the database's storage refuses writes (full, read-only, unreachable for the writer)
/// the server still serves reads: the answer is 200 with `status: degraded`, and
/// `checks.writes` says why and since when, so that a load balancer keeps sending it readers
/// while monitoring sees the fault. Each probe in that state tries a write that changes
/// nothing, so the state clears as soon as the storage takes writes again. While the search
/// index is being built (a new server, a restored database), the answer is `degraded` too,
/// with `checks.search` saying so.
#[utoipa::path(
    operation_id = "readiness",
    tag = "operations",
    responses(
        (status = 200, description = "Ready to serve", body = Health),
        (status = 503, description = "Not ready: the database does not answer, or its schema is not this binary's", body = Problem, content_type = "application/problem+json"),
    ),
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>, _: web::Query<NoParams>) -> Result<HttpResponse, ApiError> {
    let migrations = health::schema_check(&state.db).await?;
    match migrations {
        Ok(()) => {
            let writes = state.db.write_failure().await;
            let mut checks: std::collections::BTreeMap<String, String> =
                [("database", "answers"), ("migrations", "current")]
                    .map(|(check, found)| (check.to_owned(), found.to_owned()))
                    .into();
            let (status, writes) = match writes {
                None => ("ready", "succeed".to_owned()),
                Some(failing) => (
                    "degraded",
                    format!(
                        "failing since {}: {}",
                        failing.since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        failing.fault.as_str()
                    ),
                ),
            };
            checks.insert("writes".to_owned(), writes);
            // Searches wait for an index being built (a new server, or a restored database)
            // and are answered 503 meanwhile; every other read is served.
            let status = match state.search.unready() {
                None => {
                    checks.insert("search".to_owned(), "ready".to_owned());
                    status
                }
                Some(why) => {
                    checks.insert("search".to_owned(), why);
                    "degraded"
                }
            };
            Ok(probe(Health {
                status: status.to_owned(),
                checks,
            }))
        }
        Err(mismatch) => {
            tracing::warn!(%mismatch, "not ready");
            Err(ApiError::NotReady {
                detail: format!(
                    "The database's schema is not this binary's: {mismatch}. Run `newsroom migrate` with this binary."
                ),
            })
        }
    }
}
