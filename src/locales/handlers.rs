//! HTTP handlers for locales.

use actix_web::{HttpResponse, get, web};

use crate::app::AppState;
use crate::error::Problem;
use crate::locales::views::{Locale, LocaleList};
use crate::pagination::Page;
use crate::params::NoParams;

/// List the locales
///
/// Every locale content is served in, with its fallback chain, in editorial order. Use it
/// for language switchers and `hreflang` links. The whole list always fits in one page.
#[utoipa::path(
    operation_id = "listLocales",
    tag = "locales",
    responses(
        (status = 200, description = "All locales", body = LocaleList),
        (status = 400, description = "A query parameter was given; this endpoint takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/locales")]
pub async fn list(state: web::Data<AppState>, _: web::Query<NoParams>) -> HttpResponse {
    let catalog = state.locales();
    let data: Vec<Locale> = catalog.all().iter().map(Locale::from).collect();
    let page = Page::whole(data.len());
    HttpResponse::Ok().json(LocaleList { data, page })
}
