//! HTTP handler of site search.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caching::{CacheTag, Dependencies};
use crate::error::{ApiError, Problem};
use crate::locale::AcceptedLanguages;
use crate::pagination::Limit;
use crate::params::{self, FromQuery, Query, SlugOrId};
use crate::responses;
use crate::search::service::{self, SearchRequest};
use crate::search::views::SearchList;
use crate::state::AppState;

/// Query parameters of search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to search for: words, in any script. Every word must match (the last one may be
    /// the start of a word: the 64 words it starts that are in the most texts, and itself);
    /// punctuation and search operators are ignored, so a `q` of punctuation alone finds
    /// nothing.
    #[param(required = true, example = "oltin narxi", min_length = 1, max_length = 1000)]
    q: Option<String>,
    /// Only articles of this category: its slug in any locale, or its id.
    category: Option<String>,
    /// Page size.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100, default = 20)]
    limit: Option<String>,
    /// `page.next_cursor` of the previous page.
    cursor: Option<String>,
    /// The locale to search in (with its fallbacks), one of `GET /api/v1/locales`; overrides
    /// `Accept-Language`.
    #[param(example = "uz")]
    locale: Option<String>,
}

/// The search's parameters, typed.
#[derive(Debug)]
pub struct Search {
    q: String,
    category: Option<SlugOrId>,
    limit: Limit,
    cursor: Option<String>,
    locale: Option<String>,
}

impl FromQuery for Search {
    type Raw = SearchParams;

    fn from_query(raw: SearchParams) -> Result<Self, ApiError> {
        Ok(Self {
            q: raw
                .q
                .filter(|q| !q.is_empty())
                .ok_or_else(|| ApiError::invalid_parameter("`q` is required: the words to search for."))?,
            category: raw.category.as_deref().map(SlugOrId::parse),
            limit: Limit::parse(raw.limit.as_deref())?,
            cursor: raw.cursor,
            locale: raw.locale,
        })
    }
}

/// Search articles
///
/// Published articles whose title, excerpt or body match `q`, in the negotiated locale and
/// its fallbacks (one hit an article), best first: relevance (BM25 over every match; a word in
/// the title counts most), lifted for recent articles. Each hit has a highlighted `snippet`. Uzbek is found however
/// its apostrophes are typed (`o‘zbek`, `o'zbek`, `ozbek`). In a locale read by
/// transliteration (`uz-Cyrl` from `uz`, and back), each word is found in both scripts
/// (`олтин` finds `oltin`), and hits and snippets come in the script asked for.
///
/// The hits are the 200 most relevant matching texts (translations) in the locales searched,
/// of public articles. When more than 200 texts match, `page.total` is the count of every
/// matching text (an article found in two of the locales searched counts twice), and
/// `page.total_is_estimate` is `true`; otherwise it is exact.
///
/// An article written through the API is found by the next search (its write is answered once
/// it is searchable), and within a second on every other server. While a server builds its search
/// index (at its first start, or after the database was restored), searches wait a few
/// seconds, then are answered 503 with `Retry-After`.
#[utoipa::path(
    operation_id = "searchArticles",
    tag = "articles",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of hits", body = SearchList),
        (status = 400, description = "No `q`, or one longer than 1,000 characters; an unknown parameter, locale or category; an invalid cursor", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The search index is being built (`not-ready`), or the read ran out of time: retry after `Retry-After` seconds", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/search")]
pub async fn search(
    state: web::Data<AppState>,
    Query(params): Query<Search>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let request = SearchRequest {
        q: params.q,
        category: params.category,
        limit: params.limit,
        cursor: params::cursor(&state.cursors, params.cursor.as_deref())?,
    };
    let hits = service::search(
        &state.db,
        &state.search,
        &state.cursors,
        request,
        negotiated.clone(),
    )
    .await?;
    let shows = Dependencies::list(CacheTag::Lists, hits.data.iter().map(|hit| hit.article.id));
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &hits),
        shows,
    ))
}
