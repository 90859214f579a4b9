//! The time a read may take: past its budget (`--time-budget-ms`), a read is answered 503
//! with `Retry-After` rather than left to hold its client, and database work it queued and
//! has not started by then is not started at all. The middleware sets the read's deadline;
//! [`Database::read`](crate::db::Database::read) keeps to it. Under a flood of expensive uncached reads
//! (many different searches, say) the server sheds what it can't serve in time and stays
//! quick for the rest; the waits do not pile up.
//!
//! Writes have no budget: one answered 503 must have stored nothing, and a write that has
//! begun is finished.

use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use crate::state::AppState;

/// The budget of a read unless configured.
pub const DEFAULT: Duration = Duration::from_secs(10);

tokio::task_local! {
    /// When the read being answered is out of time.
    static DEADLINE: Instant;
}

/// When the read this task answers must be answered, if it has a budget.
pub fn deadline() -> Option<Instant> {
    DEADLINE.try_with(|deadline| *deadline).ok()
}

/// The middleware: see the module's documentation.
pub async fn limit(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let budget = request
        .app_data::<web::Data<AppState>>()
        .and_then(|state| state.time_budget);
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let Some(budget) = budget.filter(|_| read) else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let deadline = Instant::now() + budget;
    let answer = DEADLINE.scope(deadline, next.call(request)).await?;
    Ok(answer.map_into_boxed_body())
}
