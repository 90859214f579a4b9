//! HTTP handlers for categories.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::extract::{Admin, Editor};
use crate::caching::Dependencies;
use crate::categories::input::{CategoryPatch, NewCategoryBody};
use crate::categories::views::{Category, CategoryList};
use crate::categories::{service, writes};
use crate::editing::Editing;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::locale::AcceptedLanguages;
use crate::pagination::Limit;
use crate::params::{self, FromQuery, NoParams, Query, SlugOrId};
use crate::preconditions::{self, IfMatch};
use crate::responses;
use crate::state::AppState;

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

/// The category list's parameters, typed.
#[derive(Debug)]
pub struct CategoryPage {
    limit: Limit,
    cursor: Option<String>,
    locale: Option<String>,
}

impl FromQuery for CategoryPage {
    type Raw = ListParams;

    fn from_query(raw: ListParams) -> Result<Self, ApiError> {
        Ok(Self {
            limit: Limit::parse(raw.limit.as_deref())?,
            cursor: raw.cursor,
            locale: raw.locale,
        })
    }
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
    Query(params): Query<CategoryPage>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let cursor = params::cursor(&state.cursors, params.cursor.as_deref())?;
    let categories = service::list(
        &state.db,
        &state.cursors,
        params.limit,
        cursor,
        negotiated.clone(),
    )
    .await?;
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &categories),
        Dependencies::reference(),
    ))
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
        (status = 200, description = "The category", body = Category,
            headers(("ETag" = String, description = "The category's version, for `If-Match` on writes"))),
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
    let mut response = responses::localized(&category.value.locale, &category.value);
    responses::set_etag(&mut response, category.version);
    Ok(responses::depends_on(response, Dependencies::reference()))
}

/// Query parameters of a write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteParams {
    /// The locale to answer in; the default locale when not given.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// Create a category
///
/// A new category named in one or more locales; slugs are derived from names when not given.
#[utoipa::path(
    operation_id = "createCategory",
    tag = "categories",
    params(WriteParams),
    request_body = NewCategoryBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The category was created", body = Category,
            headers(
                ("ETag" = String, description = "The category's version, for `If-Match`"),
                ("Location" = String, description = "The category's URL"),
            )),
        (status = 409, description = "A slug given is taken by another category in its locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/categories")]
pub async fn create(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    params: web::Query<WriteParams>,
    body: JsonBody<NewCategoryBody>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, params.locale.as_deref())?;
    let category = writes::create_from_request(&state.db, editing, body.into_checked()?).await?;
    Ok(responses::written(
        StatusCode::CREATED,
        Some(&category.value.locale),
        &preconditions::etag(category.version),
    )
    .insert_header((
        header::LOCATION,
        format!("/api/v1/categories/{}", category.value.id),
    ))
    .json(&category.value))
}

/// Update a category
///
/// Changes its position or its names, slugs and descriptions in the locales given.
#[utoipa::path(
    operation_id = "updateCategory",
    tag = "categories",
    params(
        ("category" = String, Path, description = "The category's id (or a slug of it)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change was made from; a stale one gets 412"),
        WriteParams,
    ),
    request_body = CategoryPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The category as changed", body = Category,
            headers(("ETag" = String, description = "The category's new version"))),
        (status = 404, description = "No category has this id or slug", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slug given is taken by another category in its locale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/categories/{category}")]
pub async fn update(
    request: HttpRequest,
    state: web::Data<AppState>,
    Editor(caller): Editor,
    category: web::Path<String>,
    params: web::Query<WriteParams>,
    body: JsonBody<CategoryPatch>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, params.locale.as_deref())?;
    let target = SlugOrId::parse(&category);
    let category = writes::update_from_request(
        &state.db,
        editing,
        target,
        body.into_checked()?,
        IfMatch::from_request(&request)?,
    )
    .await?;
    Ok(responses::written(
        StatusCode::OK,
        Some(&category.value.locale),
        &preconditions::etag(category.version),
    )
    .json(&category.value))
}

/// Delete a category
///
/// Only an admin may, and only while no article (in any status) is filed under it.
#[utoipa::path(
    operation_id = "deleteCategory",
    tag = "categories",
    params(
        ("category" = String, Path, description = "The category's id (or a slug of it)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion was decided on; a stale one gets 412"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The category was deleted"),
        (status = 403, description = "The key is not an admin's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No category has this id or slug", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Articles are filed under the category", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was deleted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/categories/{category}")]
pub async fn remove(
    request: HttpRequest,
    state: web::Data<AppState>,
    Admin(caller): Admin,
    category: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, None)?;
    writes::delete(
        &state.db,
        editing,
        SlugOrId::parse(&category),
        IfMatch::from_request(&request)?,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
