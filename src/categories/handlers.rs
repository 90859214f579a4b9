//! HTTP handlers for categories.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::categories::service;
use crate::categories::views::{Category, CategoryList};
use crate::error::{ApiError, Problem};
use crate::locale::AcceptedLanguages;
use crate::pagination::Limit;
use crate::params::{self, SlugOrId};
use crate::responses;

/// Query parameters of the category list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Page size.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100, default = 20)]
    limit: Option<String>,
    /// `page.next_cursor` of the previous page; leave out (or empty) for the first page.
    cursor: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// Query parameters of one category.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GetParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// List categories
///
/// Categories in menu order, each in the negotiated locale or its nearest fallback.
#[utoipa::path(
    operation_id = "listCategories",
    tag = "categories",
    params(ListParams),
    responses(
        (status = 200, description = "A page of categories", body = CategoryList),
        (status = 400, description = "Unknown parameter or locale, `limit` out of range, or an invalid cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
pub async fn list(
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let limit = Limit::parse(params.limit.as_deref())?;
    let cursor = params::cursor(&state.cursors, params.cursor.as_deref())?;
    let categories = service::list(&state.db, &state.cursors, limit, cursor, negotiated.clone()).await?;
    Ok(responses::localized(negotiated.locale(), &categories))
}

/// Get a category
///
/// One category by its slug in any locale, or by its id, in the negotiated locale or its
/// nearest fallback.
#[utoipa::path(
    operation_id = "getCategory",
    tag = "categories",
    params(
        ("category" = String, Path, description = "The category's slug in any locale, or its id", example = "world"),
        GetParams,
    ),
    responses(
        (status = 200, description = "The category", body = Category),
        (status = 400, description = "Unknown parameter or locale", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No category has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories/{category}")]
pub async fn get(
    state: web::Data<AppState>,
    category: web::Path<String>,
    params: web::Query<GetParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let category = service::get(&state.db, SlugOrId::parse(&category), negotiated).await?;
    Ok(responses::localized(&category.locale, &category))
}
