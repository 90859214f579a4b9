//! The OpenAPI document, as this server serves it.

use actix_web::{HttpResponse, web};
use serde_json::Value;

use crate::caching::Dependencies;
use crate::responses;
use crate::state::AppState;

/// The document assembled from the routes, before any instance's data is put in.
pub struct Assembled(pub Value);

/// `GET /api/v1/openapi.json`: the document with the locales served as of now (a locale
/// write clears the kept copy, as it clears every kept answer).
pub async fn served(state: web::Data<AppState>, document: web::Data<Assembled>) -> HttpResponse {
    let served = super::instance::for_locales(&document.0, &state.locales().codes());
    responses::depends_on(HttpResponse::Ok().json(served), Dependencies::reference())
}
