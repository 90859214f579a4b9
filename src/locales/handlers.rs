//! HTTP handlers for locales.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};

use crate::auth::extract::Admin;
use crate::error::ApiError;
use crate::error::Problem;
use crate::json_body::JsonBody;
use crate::locales::input::{LocalePatch, NewLocaleBody};
use crate::locales::views::{Locale, LocaleList};
use crate::locales::writes;
use crate::pagination::Page;
use crate::params::NoParams;
use crate::preconditions::IfMatch;
use crate::responses;
use crate::state::AppState;

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

/// Get a locale
///
/// One locale by its code, with its `ETag` for `If-Match` on a change.
#[utoipa::path(
    operation_id = "getLocale",
    tag = "locales",
    params(("code" = String, Path, description = "The locale's code", example = "uz-Cyrl")),
    responses(
        (status = 200, description = "The locale", body = Locale,
            headers(("ETag" = String, description = "The locale's `ETag`, for `If-Match` on a change"))),
        (status = 404, description = "No locale has this code", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/locales/{code}")]
pub async fn get(
    state: web::Data<AppState>,
    code: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let catalog = state.locales();
    let locale = catalog.find(&code).ok_or_else(|| {
        ApiError::not_found(format!(
            "No locale has the code `{code}`. GET /api/v1/locales lists them."
        ))
    })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, writes::etag(locale)))
        .json(Locale::from(locale)))
}

/// Add a locale
///
/// A new locale content can be written and served in. Admins only.
#[utoipa::path(
    operation_id = "createLocale",
    tag = "locales",
    request_body = NewLocaleBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The locale was added", body = Locale,
            headers(
                ("Location" = String, description = "Where the locale is changed"),
                ("ETag" = String, description = "The locale's `ETag`, for `If-Match`"),
            )),
        (status = 403, description = "The key is not an admin's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A locale with this code exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/locales")]
pub async fn create(
    state: web::Data<AppState>,
    Admin(caller): Admin,
    _: web::Query<NoParams>,
    body: JsonBody<NewLocaleBody>,
) -> Result<HttpResponse, ApiError> {
    let store = state.locale_store.clone();
    let written = writes::create_from_request(&state.db, store, caller, body.into_checked()?).await?;
    let location = format!("/api/v1/locales/{}", written.locale.code);
    let etag = writes::etag(&written.locale);
    let locale = Locale::from(&written.locale);
    Ok(responses::written(StatusCode::CREATED, None, &etag)
        .insert_header((header::LOCATION, location))
        .json(locale))
}

/// Change a locale
///
/// Its names, fallback chain, position, or whether it is the default. Admins only.
#[utoipa::path(
    operation_id = "updateLocale",
    tag = "locales",
    params(
        ("code" = String, Path, description = "The locale's code", example = "uz-Cyrl"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change was made from; a stale one gets 412"),
    ),
    request_body = LocalePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The locale as changed", body = Locale,
            headers(("ETag" = String, description = "The locale's new `ETag`"))),
        (status = 403, description = "The key is not an admin's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No locale has this code", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older state; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/locales/{code}")]
pub async fn update(
    request: HttpRequest,
    state: web::Data<AppState>,
    Admin(caller): Admin,
    code: web::Path<String>,
    _: web::Query<NoParams>,
    body: JsonBody<LocalePatch>,
) -> Result<HttpResponse, ApiError> {
    let store = state.locale_store.clone();
    let if_match = IfMatch::from_request(&request)?;
    let written = writes::update_from_request(
        &state.db,
        store,
        caller,
        code.into_inner(),
        body.into_checked()?,
        if_match,
    )
    .await?;
    let etag = writes::etag(&written.locale);
    let locale = Locale::from(&written.locale);
    Ok(responses::written(StatusCode::OK, None, &etag).json(locale))
}
