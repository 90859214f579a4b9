//! HTTP handler of the ticker.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caching::{CacheTag, Dependencies};
use crate::error::{ApiError, Problem};
use crate::headlines::service;
use crate::headlines::views::HeadlineList;
use crate::locale::AcceptedLanguages;
use crate::params::{self, FromQuery, Query};
use crate::responses;
use crate::state::AppState;

/// The ticker holds at most this many headlines.
const MAX: u32 = 50;

/// Query parameters of the ticker.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HeadlineParams {
    /// How many headlines.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 50, default = 10)]
    limit: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// The ticker's parameters, typed.
#[derive(Debug)]
pub struct HeadlineQuery {
    limit: u32,
    locale: Option<String>,
}

impl FromQuery for HeadlineQuery {
    type Raw = HeadlineParams;

    fn from_query(raw: HeadlineParams) -> Result<Self, ApiError> {
        Ok(Self {
            limit: params::limit(raw.limit.as_deref(), 10, MAX)?,
            locale: raw.locale,
        })
    }
}

/// The headline ticker
///
/// The "Today" ticker: featured articles first (newest first), then the most read of the last
/// 24 hours, then the latest, each article once; `reason` says which. Each in the negotiated
/// locale or its nearest fallback.
#[utoipa::path(
    operation_id = "listHeadlines",
    tag = "articles",
    params(HeadlineParams),
    responses(
        (status = 200, description = "The ticker", body = HeadlineList),
        (status = 400, description = "Unknown parameter or locale, or `limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/headlines")]
pub async fn list(
    state: web::Data<AppState>,
    Query(params): Query<HeadlineQuery>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let headlines = service::list(
        &state.db,
        state.views.most_read(),
        params.limit as usize,
        negotiated.clone(),
    )
    .await?;
    let shows = Dependencies::list(CacheTag::Lists, headlines.data.iter().map(|item| item.article.id))
        .and(CacheTag::MostRead);
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &headlines),
        shows,
    ))
}
