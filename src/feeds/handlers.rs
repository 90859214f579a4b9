//! HTTP handlers for feeds: extract, call the service, shape the response.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caching::{CacheTag, Dependencies};
use crate::error::{ApiError, Problem};
use crate::feeds::entries::Feed;
use crate::feeds::views::JsonFeed;
use crate::feeds::{atom, rss, service};
use crate::locale::AcceptedLanguages;
use crate::messages::service::locale_of_path;
use crate::params::SlugOrId;
use crate::state::AppState;
use crate::xml::XmlMedia;

/// The media type of JSON Feed.
pub const JSON_FEED: &str = "application/feed+json";

/// What an RSS feed looks like, for the document.
const RSS_EXAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Zamin</title><link>https://example.uz/ru</link><description>Zamin</description><language>ru</language><lastBuildDate>Tue, 3 Mar 2026 07:20:00 +0000</lastBuildDate><atom:link href="https://api.example.uz/api/v1/feeds/ru/rss.xml" rel="self" type="application/rss+xml"/><item><title>В Казахстане запретили дипфейки</title><link>https://example.uz/ru/mir/v-kazahstane-zapretili-dipfejki</link><description>Духовное управление мусульман Казахстана издало фетву…</description><category>Мир</category><guid isPermaLink="false">urn:newsroom:article:01936f4e-8c2a-7d41-9b7e-3f1c2a4d5e6f:ru</guid><pubDate>Tue, 3 Mar 2026 07:20:00 +0000</pubDate><source url="https://zamin.uz">Zamin.uz</source><content:encoded><![CDATA[<p>Духовное управление мусульман Казахстана издало фетву…</p>]]></content:encoded><dc:language>ru</dc:language><dc:source>Zamin.uz</dc:source></item></channel></rss>"#;

/// What an Atom feed looks like, for the document.
const ATOM_EXAMPLE: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><title>Zamin</title><id>https://api.example.uz/api/v1/feeds/ru/atom.xml</id><updated>2026-03-03T07:20:00+00:00</updated><author><name>Zamin</name></author><link href="https://example.uz/ru" rel="alternate" type="text/html"/><link href="https://api.example.uz/api/v1/feeds/ru/atom.xml" rel="self" type="application/atom+xml"/><generator>newsroom</generator><entry><title>В Казахстане запретили дипфейки</title><id>urn:newsroom:article:01936f4e-8c2a-7d41-9b7e-3f1c2a4d5e6f:ru</id><updated>2026-03-03T07:20:00+00:00</updated><category term="mir" label="Мир"/><link href="https://example.uz/ru/mir/v-kazahstane-zapretili-dipfejki" rel="alternate" type="text/html"/><link href="https://zamin.uz" rel="via" title="Zamin.uz"/><published>2026-03-03T07:20:00+00:00</published><summary>Духовное управление мусульман Казахстана издало фетву…</summary><content type="html" xml:lang="ru">&lt;p&gt;Духовное управление мусульман Казахстана издало фетву…&lt;/p&gt;</content></entry></feed>"#;

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
    serve(&state, &request, &locale, params.into_inner(), |feed, _| {
        let body = serde_json::to_vec(&JsonFeed::from(feed)).map_err(ApiError::internal)?;
        Ok((JSON_FEED, body))
    })
    .await
}

/// The latest articles as RSS 2.0
///
/// The same articles as the JSON Feed, as RSS 2.0: title, link to the site's page, excerpt
/// (`description`), the whole body as HTML (`content:encoded`), category, cover image (an
/// `enclosure` and a Media RSS `media:content`), source (`source` and `dc:source`), dates in
/// RFC 822, and a `guid` stable for the article and the locale. Served as
/// `application/rss+xml`, or as `text/xml` or `application/xml` to a client whose `Accept`
/// prefers those.
#[utoipa::path(
    operation_id = "getRssFeed",
    tag = "feeds",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru"),
        FeedParams,
    ),
    responses(
        (status = 200, description = "The feed, an RSS 2.0 document",
            content(
                (String = "application/rss+xml", example = json!(RSS_EXAMPLE)),
                (String = "text/xml", example = json!(RSS_EXAMPLE)),
                (String = "application/xml", example = json!(RSS_EXAMPLE)),
            ),
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
#[get("/feeds/{locale}/rss.xml")]
pub async fn rss_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    locale: web::Path<String>,
    params: web::Query<FeedParams>,
) -> Result<HttpResponse, ApiError> {
    let media = XmlMedia::negotiate(&request);
    serve(&state, &request, &locale, params.into_inner(), |feed, _| {
        Ok((media.content_type(rss::MEDIA_TYPE), rss::render(feed)?))
    })
    .await
}

/// The latest articles as Atom 1.0
///
/// The same articles as the JSON Feed, as Atom 1.0: each entry's title, `alternate` link to
/// the site's page, summary, the whole body as HTML `content`, category (slug as `term`, name
/// as `label`), cover image (an `enclosure` link), source (a `via` link), `published` and
/// `updated` in RFC 3339, and an `id` stable for the article and the locale. Served as
/// `application/atom+xml`, or as `text/xml` or `application/xml` to a client whose `Accept`
/// prefers those.
#[utoipa::path(
    operation_id = "getAtomFeed",
    tag = "feeds",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru"),
        FeedParams,
    ),
    responses(
        (status = 200, description = "The feed, an Atom 1.0 document",
            content(
                (String = "application/atom+xml", example = json!(ATOM_EXAMPLE)),
                (String = "text/xml", example = json!(ATOM_EXAMPLE)),
                (String = "application/xml", example = json!(ATOM_EXAMPLE)),
            ),
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
#[get("/feeds/{locale}/atom.xml")]
pub async fn atom_feed(
    state: web::Data<AppState>,
    request: HttpRequest,
    locale: web::Path<String>,
    params: web::Query<FeedParams>,
) -> Result<HttpResponse, ApiError> {
    let media = XmlMedia::negotiate(&request);
    serve(
        &state,
        &request,
        &locale,
        params.into_inner(),
        |feed, publication| {
            Ok((
                media.content_type(atom::MEDIA_TYPE),
                atom::render(feed, publication)?,
            ))
        },
    )
    .await
}

/// A feed in any format: the locale and category checked, the articles read, `render`
/// spelling them (a content type and the bytes), and the answer tagged with what it shows.
async fn serve(
    state: &AppState,
    request: &HttpRequest,
    locale: &str,
    params: FeedParams,
    render: impl FnOnce(Feed, &str) -> Result<(&'static str, Vec<u8>), ApiError>,
) -> Result<HttpResponse, ApiError> {
    let locales = state.locales();
    let code = locale_of_path(&locales, locale)?;
    let negotiated = locales.negotiate(Some(&code), &AcceptedLanguages::default())?;
    let category = match params.category {
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
    let feed = Feed::build(latest, &code, &state.site, feed_url);
    let (content_type, body) = render(feed, &state.site.publication)?;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_LANGUAGE, code.as_str()));
    if content_type != JSON_FEED {
        response.insert_header((header::VARY, "Accept"));
    }
    Ok(crate::responses::depends_on(
        response.body(body),
        Dependencies::list(membership, shown),
    ))
}
