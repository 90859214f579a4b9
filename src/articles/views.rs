//! Articles as the API returns them: the contract, built from rows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::articles::queries::{self, ArticleRow, TranslationBodyRow, TranslationSummaryRow};
use crate::categories::views::CategoryRef;
use crate::locale::{Negotiated, Transliteration};
use crate::pagination::Page;

/// Where an article stands in its workflow. The public only ever sees `published`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    /// Being written; seen only with an editor's key and `preview=true`.
    Draft,
    /// Public from `published_at`, which is still to come.
    Scheduled,
    /// Public.
    Published,
    /// Taken off the site; kept.
    Archived,
}

impl ArticleStatus {
    /// The status of a stored article at `now`: a published one whose time has not come is
    /// scheduled.
    pub fn of(article: &ArticleRow, now: chrono::NaiveDateTime) -> Self {
        match article.status.as_str() {
            queries::DRAFT => Self::Draft,
            queries::ARCHIVED => Self::Archived,
            _ if article.published_at.is_some_and(|at| at > now) => Self::Scheduled,
            _ => Self::Published,
        }
    }
}

/// An article as a list item (feeds, category pages, headlines, related items): everything
/// but the body, in the negotiated locale or its nearest fallback.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019cb2a4-5f00-7a3e-8c1d-6b7a8e9f0a1b",
    "slug": "deepfakes-and-fake-subscribers-banned-in-kazakhstan",
    "locale": "en",
    "is_fallback": false,
    "transliterated_from": null,
    "title": "Deepfake and fake followers banned in Kazakhstan",
    "excerpt": "The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa prohibiting the use of deepfake technology and the artificial increase of follower counts on social networks…",
    "status": "published",
    "category": {"id": "019cb0a0-7d2e-7c11-9b1c-1f2e3d4c5b6a", "slug": "world", "name": "World"},
    "cover_image": {"url": "https://images.example.com/deepfake.jpg", "alt": "A face split into pixels", "width": 1200, "height": 675},
    "source": {"name": "Zamin.uz", "url": "https://zamin.uz"},
    "views": 6,
    "featured": false,
    "published_at": "2026-03-03T07:20:00Z",
    "updated_at": "2026-03-03T07:20:00Z",
    "reading_time_minutes": 1,
    "original_locale": "en",
    "translations": [
        {"locale": "en", "slug": "deepfakes-and-fake-subscribers-banned-in-kazakhstan", "title": "Deepfake and fake followers banned in Kazakhstan", "outdated": false, "transliterated_from": null},
        {"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false, "transliterated_from": null}
    ]
}))]
pub struct ArticleSummary {
    pub id: Uuid,
    /// The slug of the served translation.
    pub slug: String,
    /// The locale the title, excerpt (and body) are in.
    pub locale: String,
    /// True when the article has no translation in the requested locale and another one on
    /// its fallback chain was served, or its text in the other script of the language,
    /// transliterated.
    pub is_fallback: bool,
    /// The locale whose text was transliterated to serve this one (`uz` for a `uz-Cyrl`
    /// read of an article written in Latin only); `null` when the text is as written. A
    /// transliterated read keeps the slug of the text it comes from.
    #[schema(required = true, example = "uz")]
    pub transliterated_from: Option<String>,
    pub title: String,
    /// Plain text, about 200 characters.
    pub excerpt: String,
    /// Always `published` on public reads; editors see the others with `preview=true`.
    pub status: ArticleStatus,
    pub category: CategoryRef,
    #[schema(required = true)]
    pub cover_image: Option<CoverImage>,
    /// Where the story comes from, for the source line.
    #[schema(required = true)]
    pub source: Option<Source>,
    /// How many times the article was read.
    #[schema(minimum = 0)]
    pub views: i64,
    /// Chosen by editors for the front page and the headline ticker.
    pub featured: bool,
    /// When the article went or goes public; for a draft, the time planned, if any.
    #[schema(required = true)]
    pub published_at: Option<DateTime<Utc>>,
    /// When the article or the served translation last changed.
    pub updated_at: DateTime<Utc>,
    #[schema(minimum = 0)]
    pub reading_time_minutes: i32,
    /// The locale the article was written in; the other translations follow it.
    pub original_locale: String,
    /// Every translation, for language switchers and `hreflang` links.
    pub translations: Vec<TranslationLink>,
}

/// A full article: a list item with its body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Article {
    #[serde(flatten)]
    pub summary: ArticleSummary,
    /// The body as Markdown.
    #[schema(
        example = "The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa...\n\nDeepfake technology refers to images and videos created with the help of artificial intelligence."
    )]
    pub body: String,
    /// The body rendered to HTML and sanitized: safe to insert into a page as it is.
    #[schema(
        example = "<p>The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa...</p>\n<p>Deepfake technology refers to images and videos created with the help of artificial intelligence.</p>\n"
    )]
    pub body_html: String,
}

/// The cover image, with what a page needs to lay it out before it loads.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"url": "https://images.example.com/deepfake.jpg", "alt": "A face split into pixels", "width": 1200, "height": 675}))]
pub struct CoverImage {
    #[schema(format = "uri")]
    pub url: String,
    /// Alternative text for screen readers.
    #[schema(required = true)]
    pub alt: Option<String>,
    #[schema(minimum = 1, required = true)]
    pub width: Option<i32>,
    #[schema(minimum = 1, required = true)]
    pub height: Option<i32>,
}

/// The source a story was reported by.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "Zamin.uz", "url": "https://zamin.uz"}))]
pub struct Source {
    pub name: String,
    #[schema(format = "uri", required = true)]
    pub url: Option<String>,
}

/// One translation of an article, as linked from another.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false, "transliterated_from": null}))]
pub struct TranslationLink {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// True when the original changed after this translation was made.
    pub outdated: bool,
    /// For a locale the article has no text in, served by transliterating the text of this
    /// locale; `null` for a written translation.
    #[schema(required = true, example = json!(null))]
    pub transliterated_from: Option<String>,
}

/// One translation of an article, as listed by `GET /api/v1/articles/{slug}/translations`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false, "is_original": false, "updated_at": "2026-03-03T08:05:00Z", "transliterated_from": null}))]
pub struct Translation {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// True when the original changed after this translation was made.
    pub outdated: bool,
    /// True for the translation in the article's original locale.
    pub is_original: bool,
    pub updated_at: DateTime<Utc>,
    /// For a locale the article has no text in, served by transliterating the text of this
    /// locale; `null` for a written translation.
    #[schema(required = true, example = json!(null))]
    pub transliterated_from: Option<String>,
}

/// A page of articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    pub data: Vec<ArticleSummary>,
    pub page: Page,
}

/// Every translation of an article, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationList {
    pub data: Vec<Translation>,
    pub page: Page,
}

/// Whether `translation` lags behind the original among `all` the article's translations.
fn is_outdated(
    translation: &TranslationSummaryRow,
    all: &[&TranslationSummaryRow],
    original_locale: &str,
) -> bool {
    let Some(source_revision) = translation.source_revision else {
        return false;
    };
    all.iter()
        .find(|t| t.locale == original_locale)
        .is_some_and(|original| original.revision > source_revision)
}

impl ArticleSummary {
    /// The list item for `article` served in `served`, one of its `translations`, as
    /// `negotiated` asks (transliterated, when `served` is the locale it transliterates from).
    pub fn build(
        article: &ArticleRow,
        served: &TranslationSummaryRow,
        is_fallback: bool,
        translations: &[&TranslationSummaryRow],
        category: CategoryRef,
        negotiated: &Negotiated,
        now: chrono::NaiveDateTime,
    ) -> Self {
        let transliteration = negotiated.transliteration_of(&served.locale);
        let (locale, title, excerpt) = match transliteration {
            Some(transliteration) => (
                negotiated.locale().to_owned(),
                transliteration.text(&served.title),
                transliteration.text(&served.excerpt),
            ),
            None => (
                served.locale.clone(),
                served.title.clone(),
                served.excerpt.clone(),
            ),
        };
        Self {
            id: article.id.0,
            slug: served.slug.clone(),
            locale,
            is_fallback,
            transliterated_from: transliteration.map(|t| t.from.clone()),
            title,
            excerpt,
            status: ArticleStatus::of(article, now),
            category,
            cover_image: article.cover_url.as_ref().map(|url| CoverImage {
                url: url.clone(),
                alt: article.cover_alt.clone(),
                width: article.cover_width,
                height: article.cover_height,
            }),
            source: article.source_name.as_ref().map(|name| Source {
                name: name.clone(),
                url: article.source_url.clone(),
            }),
            views: article.view_count,
            featured: article.featured,
            published_at: article.published_at.map(|at| at.and_utc()),
            updated_at: article.updated_at.max(served.updated_at).and_utc(),
            reading_time_minutes: served.reading_time_minutes,
            original_locale: article.original_locale.clone(),
            translations: links(article, translations, negotiated),
        }
    }
}

/// The links to an article's translations: the written ones, then each locale it has no text
/// in that transliteration serves from one it has.
fn links(
    article: &ArticleRow,
    translations: &[&TranslationSummaryRow],
    negotiated: &Negotiated,
) -> Vec<TranslationLink> {
    let mut links: Vec<TranslationLink> = translations
        .iter()
        .map(|t| TranslationLink {
            locale: t.locale.clone(),
            slug: t.slug.clone(),
            title: t.title.clone(),
            outdated: is_outdated(t, translations, &article.original_locale),
            transliterated_from: None,
        })
        .collect();
    for (locale, source) in transliterated(translations, negotiated) {
        links.push(TranslationLink {
            locale: locale.to_owned(),
            slug: source.0.slug.clone(),
            title: source.1.text(&source.0.title),
            outdated: is_outdated(source.0, translations, &article.original_locale),
            transliterated_from: Some(source.0.locale.clone()),
        });
    }
    links
}

/// The locales an article has no text in that transliteration serves, each with the text it
/// comes from and how.
fn transliterated<'a>(
    translations: &[&'a TranslationSummaryRow],
    negotiated: &'a Negotiated,
) -> Vec<(&'a str, (&'a TranslationSummaryRow, &'a Transliteration))> {
    negotiated
        .transliterated()
        .iter()
        .filter(|(locale, _)| !translations.iter().any(|t| t.locale == *locale))
        .filter_map(|(locale, transliteration)| {
            let source = translations.iter().find(|t| t.locale == transliteration.from)?;
            Some((locale.as_str(), (*source, transliteration)))
        })
        .collect()
}

impl Article {
    /// The article with its body (that of `served`), transliterated like the summary when it
    /// was.
    pub fn build(
        summary: ArticleSummary,
        body: TranslationBodyRow,
        served: &str,
        negotiated: &Negotiated,
    ) -> Self {
        let (body, body_html) = match negotiated.transliteration_of(served) {
            Some(transliteration) => (
                transliteration.text(&body.body),
                transliteration.html(&body.body_html),
            ),
            None => (body.body, body.body_html),
        };
        Self {
            summary,
            body,
            body_html,
        }
    }
}

impl Translation {
    /// The written translations, then each locale transliteration serves from one of them.
    pub fn list(
        article: &ArticleRow,
        translations: &[&TranslationSummaryRow],
        negotiated: &Negotiated,
    ) -> Vec<Self> {
        let mut list: Vec<Self> = translations
            .iter()
            .map(|t| Self {
                locale: t.locale.clone(),
                slug: t.slug.clone(),
                title: t.title.clone(),
                outdated: is_outdated(t, translations, &article.original_locale),
                is_original: t.locale == article.original_locale,
                updated_at: t.updated_at.and_utc(),
                transliterated_from: None,
            })
            .collect();
        for (locale, (source, transliteration)) in transliterated(translations, negotiated) {
            list.push(Self {
                locale: locale.to_owned(),
                slug: source.slug.clone(),
                title: transliteration.text(&source.title),
                outdated: is_outdated(source, translations, &article.original_locale),
                is_original: false,
                updated_at: source.updated_at.and_utc(),
                transliterated_from: Some(source.locale.clone()),
            });
        }
        list
    }
}
