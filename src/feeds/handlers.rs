//! HTTP handlers for feeds: extract, call the service, shape the response.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caching::{CacheTag, Dependencies};
use crate::error::{ApiError, Problem};
use crate::feeds::service;
use crate::feeds::views::JsonFeed;
use crate::locale::AcceptedLanguages;
use crate::messages::service::locale_of_path;
use crate::params::SlugOrId;
use crate::state::AppState;

/// The media type of JSON Feed.
pub const JSON_FEED: &str = "application/feed+json";

/// Query parameters of a feed.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Only articles of this category: its slug in any locale, or its id.
    #[param(example = "world")]
    category: Option<String>,
}

/// The latest articles as JSON Feed
///
/// The 50 latest published articles in a locale, newest first, whole (title, excerpt, body as
/// HTML, cover image, category, source), of the whole site or of one category, as JSON Feed
/// 1.1 for feed readers and news apps. Items link to the public site's pages (`--site-url`,
/// `--site-url-pattern`); each item's `id` is stable for the article and the locale. A locale
/// with no text of its own is served from its fallbacks, or transliterated, as everywhere.
#[utoipa::path(
    operation_id = "getJsonFeed",
    tag = "feeds",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru"),
        FeedParams,
    ),
    responses(
        (status = 200, description = "The feed", body = JsonFeed, content_type = "application/feed+json",
            headers(
                ("Content-Language" = String, description = "The locale asked for"),
                ("ETag" = String, description = "The feed's entity tag, for `If-None-Match`"),
                ("Cache-Control" = String, description = "How long caches may keep it"),
            )),
        (status = 304, description = "The feed has not changed since the `ETag` given in `If-None-Match`"),
        (status = 400, description = "No category has that slug or id, or a query parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/feeds/{locale}/feed.json")]
pub async fn json_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    locale: web::Path<String>,
    params: web::Query<FeedParams>,
) -> Result<HttpResponse, ApiError> {
    let locales = state.locales();
    let code = locale_of_path(&locales, &locale)?;
    let negotiated = locales.negotiate(Some(&code), &AcceptedLanguages::default())?;
    let category = match params.into_inner().category {
        Some(slug) if slug.is_empty() => {
            return Err(ApiError::invalid_parameter(
                "`category` is empty; name a category by its slug or id, or leave it out for every category.",
            ));
        }
        category => category.map(|slug| SlugOrId::parse(&slug)),
    };
    let latest = service::latest(&state.db, negotiated, category).await?;
    let membership = match &latest.category {
        Some(category) => CacheTag::Category(category.id),
        None => CacheTag::Lists,
    };
    let shown: Vec<uuid::Uuid> = latest.articles.iter().map(|article| article.summary.id).collect();
    let feed_url = state.site.own_url(&request.uri().to_string());
    let feed = JsonFeed::build(latest, &code, &state.site, feed_url);
    let body = serde_json::to_vec(&feed).map_err(ApiError::internal)?;
    let response = HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, JSON_FEED))
        .insert_header((header::CONTENT_LANGUAGE, code.as_str()))
        .body(body);
    Ok(crate::responses::depends_on(
        response,
        Dependencies::list(membership, shown),
    ))
}
