//! HTTP handlers for articles: extract, call the service, shape the response.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::articles::service::{self, FeedRequest};
use crate::articles::views::{Article, ArticleList, TranslationList};
use crate::error::{ApiError, Problem};
use crate::locale::AcceptedLanguages;
use crate::pagination::Limit;
use crate::params::{self, NoParams, SlugOrId};
use crate::responses;

/// Query parameters of the article feed.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Only articles of this category: its slug in any locale, or its id.
    #[param(example = "world")]
    category: Option<String>,
    /// Only featured articles (`true`), or only the others (`false`).
    #[param(value_type = Option<bool>)]
    featured: Option<String>,
    /// Page size.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100, default = 20)]
    limit: Option<String>,
    /// `page.next_cursor` of the previous page; leave out (or empty) for the first page. A
    /// cursor only works with the filters of the request that returned it.
    cursor: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// Query parameters of one article.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// List published articles
///
/// Published articles, newest first, each in the negotiated locale or its nearest fallback.
/// Pages are keyset-paginated: following `page.next_cursor` never repeats or skips an
/// article, even while new ones are published.
#[utoipa::path(
    operation_id = "listArticles",
    tag = "articles",
    params(FeedParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticleList),
        (status = 400, description = "Unknown parameter, locale or category, a value out of range, or an invalid cursor", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles")]
pub async fn list(
    state: web::Data<AppState>,
    params: web::Query<FeedParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let request = FeedRequest {
        category: params.category.as_deref().map(SlugOrId::parse),
        featured: params::flag("featured", params.featured.as_deref())?,
        limit: Limit::parse(params.limit.as_deref())?,
        cursor: params::cursor(&state.cursors, params.cursor.as_deref())?,
    };
    let articles = service::list(&state.db, &state.cursors, request, negotiated.clone()).await?;
    Ok(responses::localized(negotiated.locale(), &articles))
}

/// Get an article
///
/// One published article, with its body, by its slug in any locale or by its id. It is served
/// in the negotiated locale or, when it has no translation there, the nearest one on the
/// fallback chain (`is_fallback` tells which).
#[utoipa::path(
    operation_id = "getArticle",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug in any locale, or its id", example = "deepfakes-and-fake-subscribers-banned-in-kazakhstan"),
        ArticleParams,
    ),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 400, description = "Unknown parameter or locale", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles/{slug}")]
pub async fn get(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    params: web::Query<ArticleParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let article = service::get(&state.db, SlugOrId::parse(&slug), negotiated).await?;
    Ok(responses::localized(&article.summary.locale, &article))
}

/// List an article's translations
///
/// Every translation of a published article: locale, slug, title, whether it lags behind the
/// original, and when it last changed.
#[utoipa::path(
    operation_id = "listArticleTranslations",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug in any locale, or its id", example = "deepfakes-and-fake-subscribers-banned-in-kazakhstan"),
    ),
    responses(
        (status = 200, description = "The article's translations", body = TranslationList),
        (status = 400, description = "A query parameter was given; this endpoint takes none", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles/{slug}/translations")]
pub async fn translations(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    // Where articles share a slug in different locales, the default locale's chain decides.
    let negotiated = state.locales().negotiate(None, &AcceptedLanguages::default())?;
    let translations = service::translations(&state.db, SlugOrId::parse(&slug), negotiated).await?;
    Ok(HttpResponse::Ok().json(translations))
}
