//! HTTP handler of the metrics.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::params::NoParams;
use crate::state::AppState;

/// Metrics
///
/// The server's metrics in the Prometheus text format (version 0.0.4), for a scraper:
/// `newsroom_http_requests_total{route,method,status}`,
/// `newsroom_http_request_duration_seconds{route,method}` (a histogram),
/// `newsroom_response_cache_lookups_total{outcome}` (hits and misses of the response cache),
/// `newsroom_response_cache_size{unit}` (its entries and bytes), `newsroom_db_readers{state}`,
/// `newsroom_views_pending` and `newsroom_views_total{outcome}`.
/// Routes are the API's path templates (`/api/v1/articles/{article}`); a path no route takes
/// is `unmatched`.
#[utoipa::path(
    operation_id = "metrics",
    tag = "operations",
    responses((
        status = 200,
        description = "The metrics",
        content_type = "text/plain; version=0.0.4",
        body = String,
        example = "# TYPE newsroom_views_pending gauge\nnewsroom_views_pending 3\n",
    )),
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, _: web::Query<NoParams>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; version=0.0.4"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(state.metrics.render(&state.db, &state.views, &state.responses))
}
