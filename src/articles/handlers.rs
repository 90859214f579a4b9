//! HTTP handlers for articles: extract, call the service, shape the response.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::articles::input::{ArticlePatch, NewArticleBody, TranslationBody};
use crate::articles::queries::{Audience, StatusFilter};
use crate::articles::service::{self, FeedRequest};
use crate::articles::views::{Article, ArticleList, ArticleStatus, TranslationList};
use crate::articles::writes;
use crate::auth::Role;
use crate::auth::extract::{self, Editor};
use crate::caching::{CacheTag, Dependencies};
use crate::editing::Editing;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::locale::AcceptedLanguages;
use crate::pagination::Limit;
use crate::params::{self, FromQuery, Query, SlugOrId};
use crate::preconditions::{self, IfMatch};
use crate::responses;
use crate::state::AppState;
use crate::views_counter::most_read::Window;

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
    /// With an editor's key: every article in any status, most recently changed first.
    #[param(value_type = Option<bool>)]
    preview: Option<String>,
    /// With `preview=true`: only articles in this status.
    #[param(value_type = Option<ArticleStatus>)]
    status: Option<String>,
    /// `-published_at` (newest first, the default) or `-views` (most read in `window`).
    #[param(inline, value_type = Option<FeedSort>, example = "-views")]
    sort: Option<String>,
    /// With `sort=-views`: `24h` (the default), `7d` or `30d`.
    #[param(inline, value_type = Option<Window>, example = "24h")]
    window: Option<String>,
}

/// The order of the feed: `-published_at`, newest first, or `-views`, most read first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToSchema)]
enum FeedSort {
    #[schema(rename = "-published_at")]
    Newest,
    #[schema(rename = "-views")]
    MostRead,
}

impl FeedSort {
    fn parse(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "-published_at" => Ok(Self::Newest),
            "-views" => Ok(Self::MostRead),
            _ => Err(ApiError::invalid_parameter(format!(
                "`sort` must be `-published_at` or `-views`; got `{raw}`."
            ))),
        }
    }
}

/// The feed's parameters, typed.
#[derive(Debug)]
pub struct Feed {
    category: Option<SlugOrId>,
    featured: Option<bool>,
    limit: Limit,
    cursor: Option<String>,
    locale: Option<String>,
    /// Asked for with `preview=true`: editors' view, which needs a key.
    preview: bool,
    status: Option<StatusFilter>,
    /// `sort=-views`: the most read in this window; `None` for the newest first.
    most_read: Option<Window>,
}

impl FromQuery for Feed {
    type Raw = FeedParams;

    /// Each parameter, then the rules that tie them: `status` needs `preview`, a preview can't
    /// be ranked by views, and `window` goes with `sort=-views`.
    fn from_query(raw: FeedParams) -> Result<Self, ApiError> {
        let preview = params::flag("preview", raw.preview.as_deref())?.unwrap_or(false);
        let sort = raw.sort.as_deref().map(FeedSort::parse).transpose()?;
        let window = raw
            .window
            .as_deref()
            .map(|window| {
                Window::parse(window).ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`window` must be `24h`, `7d` or `30d`; got `{window}`."
                    ))
                })
            })
            .transpose()?;
        let status = raw.status.as_deref().map(status_filter).transpose()?;
        let most_read = match sort.unwrap_or(FeedSort::Newest) {
            FeedSort::Newest if window.is_some() => {
                return Err(ApiError::invalid_parameter("`window` goes with `sort=-views`."));
            }
            FeedSort::Newest => None,
            FeedSort::MostRead if preview => {
                return Err(ApiError::invalid_parameter(
                    "`sort=-views` ranks published articles only; leave out `preview`.",
                ));
            }
            FeedSort::MostRead => Some(window.unwrap_or(Window::Day)),
        };
        if status.is_some() && !preview {
            return Err(ApiError::invalid_parameter(
                "`status` needs `preview=true` and an editor's key: the public feed holds published articles only.",
            ));
        }
        Ok(Self {
            category: raw.category.as_deref().map(SlugOrId::parse),
            featured: params::flag("featured", raw.featured.as_deref())?,
            limit: Limit::parse(raw.limit.as_deref())?,
            cursor: raw.cursor,
            locale: raw.locale,
            preview,
            status,
            most_read,
        })
    }
}

fn status_filter(raw: &str) -> Result<StatusFilter, ApiError> {
    Ok(match raw {
        "draft" => StatusFilter::Draft,
        "scheduled" => StatusFilter::Scheduled,
        "published" => StatusFilter::Published,
        "archived" => StatusFilter::Archived,
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "`status` must be `draft`, `scheduled`, `published` or `archived`; got `{other}`."
            )));
        }
    })
}

/// Query parameters of one article.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
    /// With an editor's key: find the article in any status (a draft, say).
    #[param(value_type = Option<bool>)]
    preview: Option<String>,
}

/// One article's parameters, typed.
#[derive(Debug)]
pub struct ArticleQuery {
    locale: Option<String>,
    preview: bool,
}

impl FromQuery for ArticleQuery {
    type Raw = ArticleParams;

    fn from_query(raw: ArticleParams) -> Result<Self, ApiError> {
        Ok(Self {
            locale: raw.locale,
            preview: params::flag("preview", raw.preview.as_deref())?.unwrap_or(false),
        })
    }
}

/// Query parameters of an article's translations.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TranslationsParams {
    /// With an editor's key: find the article in any status.
    #[param(value_type = Option<bool>)]
    preview: Option<String>,
}

/// The translations' parameters, typed: whether editors preview.
#[derive(Debug)]
pub struct TranslationsQuery {
    preview: bool,
}

impl FromQuery for TranslationsQuery {
    type Raw = TranslationsParams;

    fn from_query(raw: TranslationsParams) -> Result<Self, ApiError> {
        Ok(Self {
            preview: params::flag("preview", raw.preview.as_deref())?.unwrap_or(false),
        })
    }
}

/// Query parameters of a write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteParams {
    /// The locale to answer in; the article's original locale when not given.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// Who a read is for: the public, or (with `preview=true`) editors, who must show a key.
async fn audience(request: &HttpRequest, preview: bool) -> Result<Audience, ApiError> {
    if preview {
        extract::require(request, Role::Editor).await?;
        Ok(Audience::Editors)
    } else {
        Ok(Audience::Public)
    }
}

/// List articles
///
/// Published articles, newest first (or, with `sort=-views`, the most read in the last 24
/// hours, 7 or 30 days), each in the negotiated locale or its nearest fallback.
/// Pages are keyset-paginated: following `page.next_cursor` never repeats or skips an
/// article, even while new ones are published. With `preview=true` and an editor's key, every
/// article in any status, most recently changed first.
#[utoipa::path(
    operation_id = "listArticles",
    tag = "articles",
    params(FeedParams),
    responses(
        (status = 200, description = "A page of articles", body = ArticleList),
        (status = 400, description = "Unknown parameter, locale or category, a value out of range, or an invalid cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`preview=true` without a valid key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles")]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    Query(params): Query<Feed>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let audience = audience(&request, params.preview).await?;
    let feed = FeedRequest {
        audience,
        category: params.category,
        featured: params.featured,
        status: params.status,
        most_read: params.most_read,
        limit: params.limit,
        cursor: params::cursor(&state.cursors, params.cursor.as_deref())?,
    };
    let most_read = state.views.most_read();
    let ranked = feed.most_read.is_some();
    let (articles, category) =
        service::list(&state.db, &state.cursors, most_read, feed, negotiated.clone()).await?;
    let mut shows = Dependencies::list(
        category.map_or(CacheTag::Lists, |id| CacheTag::Category(id.0)),
        articles.data.iter().map(|article| article.id),
    );
    if ranked {
        shows = shows.and(CacheTag::MostRead);
    }
    Ok(responses::private_if(
        audience == Audience::Editors,
        responses::depends_on(responses::localized(negotiated.locale(), &articles), shows),
    ))
}

/// Get an article
///
/// One published article, with its body, by its slug in any locale (a former slug too) or by
/// its id. It is served in the negotiated locale or, when it has no translation there, the
/// nearest one on the fallback chain (`is_fallback` tells which). With `preview=true` and an
/// editor's key, an article in any status.
#[utoipa::path(
    operation_id = "getArticle",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's slug in any locale, or its id", example = "deepfakes-and-fake-subscribers-banned-in-kazakhstan"),
        ArticleParams,
    ),
    responses(
        (status = 200, description = "The article", body = Article,
            headers(("ETag" = String, description = "The article's version, for `If-Match` on writes"))),
        (status = 400, description = "Unknown parameter or locale", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`preview=true` without a valid key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles/{article}")]
pub async fn get(
    request: HttpRequest,
    state: web::Data<AppState>,
    article: web::Path<String>,
    Query(params): Query<ArticleQuery>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let audience = audience(&request, params.preview).await?;
    let named = CacheTag::slug(&article);
    let article = service::get(&state.db, audience, SlugOrId::parse(&article), negotiated).await?;
    let mut response = responses::localized(&article.value.summary.locale, &article.value);
    responses::set_etag(&mut response, article.version);
    responses::set_last_modified(&mut response, article.value.summary.updated_at);
    let response = responses::depends_on(
        response,
        Dependencies::article(article.value.summary.id).and(named),
    );
    Ok(responses::private_if(audience == Audience::Editors, response))
}

/// List an article's translations
///
/// Every translation of a published article: locale, slug, title, whether it lags behind the
/// original, and when it last changed.
#[utoipa::path(
    operation_id = "listArticleTranslations",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's slug in any locale, or its id", example = "deepfakes-and-fake-subscribers-banned-in-kazakhstan"),
        TranslationsParams,
    ),
    responses(
        (status = 200, description = "The article's translations", body = TranslationList),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`preview=true` without a valid key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No published article has this slug or id", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/articles/{article}/translations")]
pub async fn translations(
    request: HttpRequest,
    state: web::Data<AppState>,
    article: web::Path<String>,
    Query(params): Query<TranslationsQuery>,
) -> Result<HttpResponse, ApiError> {
    let audience = audience(&request, params.preview).await?;
    // Where articles share a slug in different locales, the default locale's chain decides.
    let negotiated = state.locales().negotiate(None, &AcceptedLanguages::default())?;
    let named = CacheTag::slug(&article);
    let (id, translations) =
        service::translations(&state.db, audience, SlugOrId::parse(&article), negotiated).await?;
    Ok(responses::private_if(
        audience == Audience::Editors,
        responses::depends_on(
            HttpResponse::Ok().json(translations),
            Dependencies::article(id.0).and(named),
        ),
    ))
}

/// Create an article
///
/// A new article with one or more translations, in one transaction. Slugs are derived from
/// titles when not given, excerpts from bodies. Answers with the article (in its original
/// locale, or `?locale=`), its `ETag` and its `Location`.
#[utoipa::path(
    operation_id = "createArticle",
    tag = "articles",
    params(WriteParams),
    request_body = NewArticleBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The article was created", body = Article,
            headers(
                ("ETag" = String, description = "The article's version, for `If-Match`"),
                ("Location" = String, description = "The article's URL"),
            )),
        (status = 409, description = "A slug given is taken by another article in its locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/articles")]
pub async fn create(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    params: web::Query<WriteParams>,
    body: JsonBody<NewArticleBody>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, params.locale.as_deref())?;
    let written = writes::create_from_request(&state.db, editing, body.into_checked()?).await?;
    let article = &written.article;
    let response = responses::written(
        StatusCode::CREATED,
        Some(&article.value.summary.locale),
        &preconditions::etag(article.version),
    )
    .insert_header((
        header::LOCATION,
        format!("/api/v1/articles/{}", article.value.summary.id),
    ))
    .json(&article.value);
    Ok(responses::invalidates(response, written.changed))
}

/// Update an article
///
/// Changes the fields given, in one transaction; `null` clears a field that may be empty.
/// Move the article through its workflow with `status`: `draft` -> `published` (now) or
/// `scheduled` (at a future `published_at`, with no job to run) -> `archived`, and back to
/// `draft` to unpublish. A changed title or body of the original marks the other translations
/// outdated; a changed slug keeps answering. Send the `ETag` you read as `If-Match` to be sure
/// nobody changed the article meanwhile.
#[utoipa::path(
    operation_id = "updateArticle",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's id (or a slug of it)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the change was made from; a stale one gets 412"),
        WriteParams,
    ),
    request_body = ArticlePatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The article as changed", body = Article,
            headers(("ETag" = String, description = "The article's new version"))),
        (status = 404, description = "No article has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A slug given is taken by another article in its locale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/articles/{article}")]
pub async fn update(
    request: HttpRequest,
    state: web::Data<AppState>,
    Editor(caller): Editor,
    article: web::Path<String>,
    params: web::Query<WriteParams>,
    body: JsonBody<ArticlePatch>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, params.locale.as_deref())?;
    let target = SlugOrId::parse(&article);
    let written = writes::update_from_request(
        &state.db,
        editing,
        target,
        body.into_checked()?,
        IfMatch::from_request(&request)?,
    )
    .await?;
    let article = &written.article;
    let response = responses::written(
        StatusCode::OK,
        Some(&article.value.summary.locale),
        &preconditions::etag(article.version),
    )
    .json(&article.value);
    Ok(responses::invalidates(response, written.changed))
}

/// Delete an article
///
/// Deletes the article and all its translations.
#[utoipa::path(
    operation_id = "deleteArticle",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's id (or a slug of it)"),
        ("If-Match" = Option<String>, Header, description = "The `ETag` the deletion was decided on; a stale one gets 412"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The article was deleted"),
        (status = 404, description = "No article has this id", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was deleted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/articles/{article}")]
pub async fn remove(
    request: HttpRequest,
    state: web::Data<AppState>,
    Editor(caller): Editor,
    article: web::Path<String>,
    _: web::Query<params::NoParams>,
) -> Result<HttpResponse, ApiError> {
    let editing = Editing::new(state.locales(), caller, None)?;
    let changed = writes::delete(
        &state.db,
        editing,
        SlugOrId::parse(&article),
        IfMatch::from_request(&request)?,
    )
    .await?;
    Ok(responses::invalidates(
        HttpResponse::NoContent().finish(),
        changed,
    ))
}

/// Create or replace a translation
///
/// The article in one locale, whole: what the body leaves out is derived again (the slug is
/// kept if the translation had one). A translation made or changed now counts as made from
/// the original's current revision, so it is no longer outdated.
#[utoipa::path(
    operation_id = "putArticleTranslation",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's id (or a slug of it)"),
        ("locale" = String, Path, description = "The translation's locale", example = "ru"),
        ("If-Match" = Option<String>, Header, description = "The article's `ETag`; a stale one gets 412"),
    ),
    request_body = TranslationBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The translation was replaced; the article in that locale", body = Article,
            headers(("ETag" = String, description = "The article's new version"))),
        (status = 201, description = "The translation was created; the article in that locale", body = Article,
            headers(("ETag" = String, description = "The article's new version"))),
        (status = 404, description = "No article has this id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug given is taken by another article in this locale", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was changed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/articles/{article}/translations/{locale}")]
pub async fn put_translation(
    request: HttpRequest,
    state: web::Data<AppState>,
    Editor(caller): Editor,
    path: web::Path<(String, String)>,
    _: web::Query<params::NoParams>,
    body: JsonBody<TranslationBody>,
) -> Result<HttpResponse, ApiError> {
    let (article, locale) = path.into_inner();
    let editing = Editing::new(state.locales(), caller, None)?;
    let target = SlugOrId::parse(&article);
    let (written, created) = writes::put_translation_from_request(
        &state.db,
        editing,
        target,
        locale,
        body.into_checked()?,
        IfMatch::from_request(&request)?,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let article = &written.article;
    let response = responses::written(
        status,
        Some(&article.value.summary.locale),
        &preconditions::etag(article.version),
    )
    .json(&article.value);
    Ok(responses::invalidates(response, written.changed))
}

/// Delete a translation
///
/// Deletes the article's translation in one locale; the original's can't be deleted. Its slug
/// keeps answering, with the article in another locale.
#[utoipa::path(
    operation_id = "deleteArticleTranslation",
    tag = "articles",
    params(
        ("article" = String, Path, description = "The article's id (or a slug of it)"),
        ("locale" = String, Path, description = "The translation's locale", example = "ru"),
        ("If-Match" = Option<String>, Header, description = "The article's `ETag`; a stale one gets 412"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The translation was deleted"),
        (status = 404, description = "No article has this id, or it has no translation in this locale", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This is the original translation", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` names an older version; nothing was deleted", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/articles/{article}/translations/{locale}")]
pub async fn delete_translation(
    request: HttpRequest,
    state: web::Data<AppState>,
    Editor(caller): Editor,
    path: web::Path<(String, String)>,
    _: web::Query<params::NoParams>,
) -> Result<HttpResponse, ApiError> {
    let (article, locale) = path.into_inner();
    let editing = Editing::new(state.locales(), caller, None)?;
    let changed = writes::delete_translation(
        &state.db,
        editing,
        SlugOrId::parse(&article),
        locale,
        IfMatch::from_request(&request)?,
    )
    .await?;
    Ok(responses::invalidates(
        HttpResponse::NoContent().finish(),
        changed,
    ))
}
