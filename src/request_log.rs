//! One log line a request, in a span that carries its id: the id a client or proxy sent in
//! `X-Request-Id` (when it is a sensible one), else a new one; echoed back in the answer, so a
//! report from a reader can be found in the logs. Everything logged while the request is
//! answered (a fault, say) carries the same id. Its route, status and duration also go to the
//! metrics. The route is looked up here, once, for the middleware inside too.

use std::time::Instant;

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use crate::metrics::UNMATCHED;
use crate::routes::Routes;
use crate::state::AppState;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the request being answered, for handlers that want it.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The middleware: see the module's documentation.
pub async fn log_request(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| is_sensible(id))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.path(),
    );
    let metrics = request
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone());
    let route = request
        .app_data::<web::Data<Routes>>()
        .and_then(|routes| routes.mark(&request))
        .unwrap_or_else(|| UNMATCHED.into());
    let method = request.method().clone();
    let started = Instant::now();
    let mut response = next.call(request).instrument(span.clone()).await?;
    let status = response.status();
    if let Some(metrics) = metrics {
        metrics.observe(&route, method.as_str(), status, started.elapsed().as_secs_f64());
    }
    let status = status.as_u16();
    span.in_scope(|| {
        tracing::info!(
            target: "newsroom::access",
            status,
            micros = started.elapsed().as_micros() as u64,
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}

/// At most 128 characters of letters, digits and `-._:`: what request ids look like, and
/// nothing that could forge a log line.
fn is_sensible(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sensible_ids_are_taken() {
        assert!(is_sensible("req-42"));
        assert!(is_sensible("01a22587-4e0c-711a-8ec4-c96d05456b52"));
        assert!(!is_sensible(""));
        assert!(!is_sensible("a b"));
        assert!(!is_sensible("id\nforged=1"));
        assert!(!is_sensible(&"x".repeat(129)));
    }
}
