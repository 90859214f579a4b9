//! HTTP handlers for sitemaps and robots.txt: extract, call the service, shape the response.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caching::{CacheTag, Dependencies};
use crate::error::{ApiError, Problem};
use crate::params::NoParams;
use crate::sitemaps::service::{self, Month};
use crate::sitemaps::views;
use crate::state::AppState;
use crate::xml::XmlMedia;

/// What the sitemap index looks like, for the document.
const INDEX_EXAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://api.example.uz/sitemaps/categories.xml</loc></sitemap><sitemap><loc>https://api.example.uz/sitemap-news.xml</loc><lastmod>2026-03-03T07:20:00Z</lastmod></sitemap><sitemap><loc>https://api.example.uz/sitemaps/articles/2026-03.xml</loc><lastmod>2026-03-03T07:20:00Z</lastmod></sitemap></sitemapindex>"#;

/// What a sitemap of articles looks like, for the document.
const URLSET_EXAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://example.uz/ru/mir/v-kazahstane-zapretili-dipfejki</loc><lastmod>2026-03-03T07:20:00Z</lastmod><xhtml:link rel="alternate" hreflang="en" href="https://example.uz/en/world/deepfakes-banned-in-kazakhstan"/><xhtml:link rel="alternate" hreflang="ru" href="https://example.uz/ru/mir/v-kazahstane-zapretili-dipfejki"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.uz/en/world/deepfakes-banned-in-kazakhstan"/></url></urlset>"#;

/// What a news sitemap looks like, for the document.
const NEWS_EXAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://example.uz/uz-Cyrl/dunyo/qozogistonda-dipfeyklar-taqiqlandi</loc><lastmod>2026-03-03T07:20:00Z</lastmod><xhtml:link rel="alternate" hreflang="uz" href="https://example.uz/uz/dunyo/qozogistonda-dipfeyklar-taqiqlandi"/><xhtml:link rel="alternate" hreflang="uz-Cyrl" href="https://example.uz/uz-Cyrl/dunyo/qozogistonda-dipfeyklar-taqiqlandi"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.uz/uz/dunyo/qozogistonda-dipfeyklar-taqiqlandi"/><news:news><news:publication><news:name>Zamin</news:name><news:language>uz</news:language></news:publication><news:publication_date>2026-03-03T07:20:00Z</news:publication_date><news:title>Қозоғистонда дипфейклар тақиқланди</news:title></news:news></url></urlset>"#;

/// Which page of a sitemap split in several.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SitemapPage {
    /// The page, from 1, as the sitemap index lists them.
    #[param(minimum = 1, maximum = 100000, example = 1)]
    page: Option<u32>,
}

impl SitemapPage {
    fn number(&self) -> Result<usize, ApiError> {
        match self.page {
            None => Ok(1),
            Some(page @ 1..=100_000) => Ok(page as usize),
            Some(_) => Err(ApiError::invalid_parameter(
                "`page` counts from 1, as `GET /sitemap.xml` lists the pages.",
            )),
        }
    }
}

fn xml_answer(request: &HttpRequest, body: Vec<u8>, dependencies: Dependencies) -> HttpResponse {
    let media = XmlMedia::negotiate(request);
    let response = HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, media.content_type(views::MEDIA_TYPE)))
        .insert_header((header::VARY, "Accept"))
        .body(body);
    crate::responses::depends_on(response, dependencies)
}

/// The sitemap index
///
/// Lists every sitemap of the site with its last change: the categories', the news sitemap
/// (split in pages of at most 1,000 news entries), and one for each month with published
/// articles (split in pages of at most 5,000 articles, and never more than 50,000 URLs).
/// Search engines start here; `robots.txt` names it. Served as `application/xml`, or as
/// `text/xml` to a client whose `Accept` prefers it.
#[utoipa::path(
    operation_id = "getSitemapIndex",
    tag = "sitemaps",
    responses(
        (status = 200, description = "The sitemap index",
            content((String = "application/xml", example = json!(INDEX_EXAMPLE)), (String = "text/xml", example = json!(INDEX_EXAMPLE))),
            headers(
                ("ETag" = String, description = "The index's entity tag, for `If-None-Match`"),
                ("Cache-Control" = String, description = "How long caches may keep it"),
            )),
        (status = 304, description = "Not changed since the `ETag` given in `If-None-Match`"),
        (status = 400, description = "A query parameter was given; it takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sitemap.xml")]
pub async fn index(
    state: web::Data<AppState>,
    request: HttpRequest,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let sitemaps = service::index(&state.db, state.locales()).await?;
    let body = views::index(&sitemaps, |path| state.site.own_url(path))?;
    Ok(xml_answer(
        &request,
        body,
        Dependencies::list(CacheTag::Lists, []),
    ))
}

/// The categories' sitemap
///
/// Every category's page on the site in every locale served, each listing its alternates in
/// the other locales (`xhtml:link rel="alternate" hreflang`, itself included, and
/// `x-default` for the default locale's).
#[utoipa::path(
    operation_id = "getCategoriesSitemap",
    tag = "sitemaps",
    responses(
        (status = 200, description = "A sitemap of the categories' pages",
            content((String = "application/xml", example = json!(URLSET_EXAMPLE)), (String = "text/xml", example = json!(URLSET_EXAMPLE))),
            headers(
                ("ETag" = String, description = "The sitemap's entity tag, for `If-None-Match`"),
                ("Cache-Control" = String, description = "How long caches may keep it"),
            )),
        (status = 304, description = "Not changed since the `ETag` given in `If-None-Match`"),
        (status = 400, description = "A query parameter was given; it takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sitemaps/categories.xml")]
pub async fn categories(
    state: web::Data<AppState>,
    request: HttpRequest,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let urls = service::categories(&state.db, state.locales(), state.site.clone()).await?;
    let body = views::urlset(&urls, &state.site.publication)?;
    Ok(xml_answer(&request, body, Dependencies::reference()))
}

/// A month's articles' sitemap
///
/// The pages of the articles published in a month (UTC), oldest first: one URL for each locale
/// an article is served in (written, or transliterated from a written text), each with
/// `lastmod` and its alternates in the other locales (itself included, and `x-default` for the
/// original's). A month with more articles than one sitemap holds is split in pages, which
/// the index lists.
#[utoipa::path(
    operation_id = "getMonthSitemap",
    tag = "sitemaps",
    params(
        ("month" = String, Path, description = "The month, `YYYY-MM`", example = "2026-03", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
        SitemapPage,
    ),
    responses(
        (status = 200, description = "A sitemap of the month's articles",
            content((String = "application/xml", example = json!(URLSET_EXAMPLE)), (String = "text/xml", example = json!(URLSET_EXAMPLE))),
            headers(
                ("ETag" = String, description = "The sitemap's entity tag, for `If-None-Match`"),
                ("Cache-Control" = String, description = "How long caches may keep it"),
            )),
        (status = 304, description = "Not changed since the `ETag` given in `If-None-Match`"),
        (status = 400, description = "The month is not `YYYY-MM`, the page is not a number from 1, or a query parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No articles were published in that month, or the month has no such page", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sitemaps/articles/{month}.xml")]
pub async fn month(
    state: web::Data<AppState>,
    request: HttpRequest,
    month: web::Path<String>,
    page: web::Query<SitemapPage>,
) -> Result<HttpResponse, ApiError> {
    let month = Month::parse(&month).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "`{month}` is not a month; name it as `YYYY-MM` (`2026-03`), as `GET /sitemap.xml` lists them."
        ))
    })?;
    let page = page.number()?;
    let urls = service::month(&state.db, state.locales(), state.site.clone(), month, page).await?;
    let body = views::urlset(&urls, &state.site.publication)?;
    Ok(xml_answer(
        &request,
        body,
        Dependencies::list(CacheTag::Lists, []),
    ))
}

/// The Google News sitemap
///
/// The pages of the articles published in the last 48 hours, in every locale each is served
/// in, with `news:publication` (the publication's name, `--publication-name`, and the
/// language: `uz` for Uzbek in either script), `news:publication_date` and `news:title`. At
/// most 1,000 entries a page; the index lists further pages as `?page=2` and on.
#[utoipa::path(
    operation_id = "getNewsSitemap",
    tag = "sitemaps",
    params(SitemapPage),
    responses(
        (status = 200, description = "A Google News sitemap",
            content((String = "application/xml", example = json!(NEWS_EXAMPLE)), (String = "text/xml", example = json!(NEWS_EXAMPLE))),
            headers(
                ("ETag" = String, description = "The sitemap's entity tag, for `If-None-Match`"),
                ("Cache-Control" = String, description = "How long caches may keep it"),
            )),
        (status = 304, description = "Not changed since the `ETag` given in `If-None-Match`"),
        (status = 400, description = "The page is not a number from 1, or a query parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The news sitemap has no such page", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sitemap-news.xml")]
pub async fn news(
    state: web::Data<AppState>,
    request: HttpRequest,
    page: web::Query<SitemapPage>,
) -> Result<HttpResponse, ApiError> {
    let page = page.number()?;
    let urls = service::news(&state.db, state.locales(), state.site.clone(), page).await?;
    let body = views::urlset(&urls, &state.site.publication)?;
    Ok(xml_answer(
        &request,
        body,
        Dependencies::list(CacheTag::Lists, []),
    ))
}

/// Rules for crawlers
///
/// Names the sitemap index for crawlers, and keeps them out of the API's JSON but for the
/// feeds.
#[utoipa::path(
    operation_id = "getRobots",
    tag = "sitemaps",
    responses(
        (status = 200, description = "robots.txt", body = String, content_type = "text/plain",
            example = json!("User-agent: *\nAllow: /api/v1/feeds/\nDisallow: /api/\nDisallow: /docs/\n\nSitemap: https://api.example.uz/sitemap.xml\n")),
        (status = 400, description = "A query parameter was given; it takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/robots.txt")]
pub async fn robots(state: web::Data<AppState>, _: web::Query<NoParams>) -> HttpResponse {
    let body = format!(
        "User-agent: *\nAllow: /api/v1/feeds/\nDisallow: /api/\nDisallow: /docs/\n\nSitemap: {}\n",
        state.site.own_url("/sitemap.xml")
    );
    let response = HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .body(body);
    crate::responses::depends_on(response, Dependencies::reference())
}
