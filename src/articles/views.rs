//! Articles as the API returns them: the contract, built from rows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::articles::queries::{self, ArticleRow, TranslationBodyRow, TranslationSummaryRow};
use crate::categories::views::CategoryRef;
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
        {"locale": "en", "slug": "deepfakes-and-fake-subscribers-banned-in-kazakhstan", "title": "Deepfake and fake followers banned in Kazakhstan", "outdated": false},
        {"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false}
    ]
}))]
pub struct ArticleSummary {
    pub id: Uuid,
    /// The slug of the served translation.
    pub slug: String,
    /// The locale the title, excerpt (and body) are in.
    pub locale: String,
    /// True when the article has no translation in the requested locale and another one on
    /// its fallback chain was served.
    pub is_fallback: bool,
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
#[schema(example = json!({"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false}))]
pub struct TranslationLink {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// True when the original changed after this translation was made.
    pub outdated: bool,
}

/// One translation of an article, as listed by `GET /api/v1/articles/{slug}/translations`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"locale": "ru", "slug": "v-kazahstane-zapretili-dipfejki", "title": "В Казахстане запретили дипфейки и накрутку подписчиков", "outdated": false, "is_original": false, "updated_at": "2026-03-03T08:05:00Z"}))]
pub struct Translation {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// True when the original changed after this translation was made.
    pub outdated: bool,
    /// True for the translation in the article's original locale.
    pub is_original: bool,
    pub updated_at: DateTime<Utc>,
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
    /// The list item for `article` served in `served`, one of its `translations`.
    pub fn build(
        article: &ArticleRow,
        served: &TranslationSummaryRow,
        is_fallback: bool,
        translations: &[&TranslationSummaryRow],
        category: CategoryRef,
        now: chrono::NaiveDateTime,
    ) -> Self {
        Self {
            id: article.id.0,
            slug: served.slug.clone(),
            locale: served.locale.clone(),
            is_fallback,
            title: served.title.clone(),
            excerpt: served.excerpt.clone(),
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
            translations: translations
                .iter()
                .map(|t| TranslationLink {
                    locale: t.locale.clone(),
                    slug: t.slug.clone(),
                    title: t.title.clone(),
                    outdated: is_outdated(t, translations, &article.original_locale),
                })
                .collect(),
        }
    }
}

impl Article {
    pub fn build(summary: ArticleSummary, body: TranslationBodyRow) -> Self {
        Self {
            summary,
            body: body.body,
            body_html: body.body_html,
        }
    }
}

impl Translation {
    pub fn list(article: &ArticleRow, translations: &[&TranslationSummaryRow]) -> Vec<Self> {
        translations
            .iter()
            .map(|t| Self {
                locale: t.locale.clone(),
                slug: t.slug.clone(),
                title: t.title.clone(),
                outdated: is_outdated(t, translations, &article.original_locale),
                is_original: t.locale == article.original_locale,
                updated_at: t.updated_at.and_utc(),
            })
            .collect()
    }
}
