//! The view beacon.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::caching::Invalidation;
use crate::error::{ApiError, Problem};
use crate::params::NoParams;
use crate::responses;
use crate::state::AppState;

/// Count a view
///
/// The page's beacon: counts one view of the article (`navigator.sendBeacon` suits it; a GET
/// never counts). It is answered at once, without waiting on the database: views are written
/// in batches every second (configurable), so `views` in answers lags by up to that. An id
/// that names no article the public may see (none at all, a draft, one scheduled for later)
/// is a 404. Any body is ignored. Pages on any site may send it (CORS: any origin).
#[utoipa::path(
    operation_id = "countView",
    tag = "articles",
    params(("article" = uuid::Uuid, Path, description = "The article's id", example = "01a22587-4e0c-711a-8ec4-c96d05456b52")),
    responses(
        (status = 202, description = "Counted; written with the next batch"),
        (status = 404, description = "No published article has this id (the beacon takes the id, not a slug)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/articles/{article}/views")]
pub async fn count(
    request: HttpRequest,
    state: web::Data<AppState>,
    article: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let id = uuid::Uuid::parse_str(&article).map(crate::db::Id).map_err(|_| {
        ApiError::not_found(format!(
            "`{article}` is not an article id; the beacon takes the id, not a slug."
        ))
    })?;
    if !state.views.is_public(&state.db, id).await? {
        return Err(ApiError::not_found(format!(
            "No published article has the id `{article}`: views are counted for public articles only."
        )));
    }
    let agent = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let address = state
        .trusted_proxies
        .client_of(&request)
        .map(|address| address.to_string())
        .unwrap_or_default();
    let client = format!("{address} {agent}");
    state.views.count(id, &client);
    // Nothing shown changes until the count is written; the flush says so then.
    Ok(responses::invalidates(
        HttpResponse::Accepted()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish(),
        Invalidation::nothing(),
    ))
}
