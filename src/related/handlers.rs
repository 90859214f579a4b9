//! HTTP handlers of related articles.

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::extract::Editor;
use crate::caching::{CacheTag, Dependencies};
use crate::editing::Editing;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::locale::AcceptedLanguages;
use crate::params::{self, FromQuery, NoParams, Query, SlugOrId};
use crate::related::input::RelatedPins;
use crate::related::service;
use crate::related::views::RelatedList;
use crate::responses;
use crate::state::AppState;

/// The most related items a request gets.
const MAX: u32 = 20;

/// Query parameters of related items.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelatedParams {
    /// How many items.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 20, default = 6)]
    limit: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// The related items' parameters, typed.
#[derive(Debug)]
pub struct RelatedQuery {
    limit: u32,
    locale: Option<String>,
}

impl FromQuery for RelatedQuery {
    type Raw = RelatedParams;

    fn from_query(raw: RelatedParams) -> Result<Self, ApiError> {
        Ok(Self {
            limit: params::limit(raw.limit.as_deref(), 6, MAX)?,
            locale: raw.locale,
        })
    }
}

/// Related articles
///
/// "Similar news" for a published article: the items editors pinned, in their order, then
/// the ones computed from the text (the same topic, lifted for the same category, closer in
/// time first), published articles only, each once, never the article itself. Each in the
/// negotiated locale or its nearest fallback.
#[utoipa::path(
    operation_id = "listRelatedArticles",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's slug in any locale, or its id", example = "deepfakes-and-fake-subscribers-banned-in-kazakhstan"),
        RelatedParams,
    ),
    responses(
        (status = 200, description = "Related articles, best first", body = RelatedList),
        (status = 400, description = "Unknown parameter or locale, or `limit` out of range", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles/{article}/related")]
pub async fn list(
    state: web::Data<AppState>,
    article: web::Path<String>,
    Query(params): Query<RelatedQuery>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let (id, related) = service::related(
        &state.db,
        SlugOrId::parse(&article),
        params.limit as usize,
        negotiated.clone(),
    )
    .await?;
    let shows = Dependencies::list(CacheTag::Lists, related.data.iter().map(|item| item.article.id))
        .and(CacheTag::from(id))
        .and(CacheTag::slug(&article));
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &related),
        shows,
    ))
}

/// Pin related articles
///
/// Sets the items shown first under an article, in order (`[]` unpins all); the computed ones
/// follow them. Answers with the related articles as readers get them.
#[utoipa::path(
    operation_id = "pinRelatedArticles",
    tag = "articles",
    params(("article" = String, Path, description = "The article's id (or a slug of it)")),
    request_body = RelatedPins,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The related articles now", body = RelatedList),
        (status = 404, description = "No article has this id or slug", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/articles/{article}/related")]
pub async fn pin(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    article: web::Path<String>,
    _: web::Query<NoParams>,
    body: JsonBody<RelatedPins>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, None)?;
    let (related, changed) = service::pin(
        &state.db,
        editing,
        SlugOrId::parse(&article),
        body.into_checked()?,
    )
    .await?;
    Ok(responses::invalidates(
        HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .json(related),
        changed,
    ))
}
