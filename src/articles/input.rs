//! The JSON the editorial API accepts for articles. Like the views, these types are the
//! contract: their schemas in the OpenAPI document are what request bodies are checked against.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::articles::views::ArticleStatus;

/// A new article with one or more translations.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "category": "world",
    "original_locale": "en",
    "status": "published",
    "source": {"name": "Zamin.uz", "url": "https://zamin.uz"},
    "translations": {
        "en": {"title": "Deepfake and fake followers banned in Kazakhstan", "body": "The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa..."},
        "ru": {"title": "В Казахстане запретили дипфейки", "body": "Духовное управление мусульман Казахстана издало фетву..."}
    }
}))]
pub struct NewArticleBody {
    /// The category: its slug in any locale, or its id.
    #[schema(min_length = 1, max_length = 120, pattern = "\\S", example = "world")]
    pub category: String,
    /// The locale the article is written in; `translations` must hold it.
    #[schema(min_length = 1, pattern = "\\S", example = "en")]
    pub original_locale: String,
    /// `draft` when not given. `published` puts the article on the site now (or at a past
    /// `published_at`); `scheduled` at `published_at`, which must then be in the future.
    #[schema(nullable = false)]
    pub status: Option<ArticleStatus>,
    /// When the article goes (or went) public. RFC 3339.
    #[schema(nullable = false)]
    pub published_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub featured: bool,
    #[schema(nullable = false)]
    pub cover_image: Option<CoverImageBody>,
    #[schema(nullable = false)]
    pub source: Option<SourceBody>,
    /// The article in each locale it is written in, keyed by locale; `original_locale` among
    /// them.
    pub translations: BTreeMap<String, TranslationBody>,
}

/// One translation, whole: for a new article, or to create or replace a translation.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "В Казахстане запретили дипфейки", "slug": "v-kazahstane-zapretili-dipfejki", "body": "Духовное управление мусульман Казахстана издало фетву..."}))]
pub struct TranslationBody {
    #[schema(min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: String,
    /// Derived from the title when not given. Unique in its locale.
    #[schema(
        nullable = false,
        max_length = 120,
        pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$",
        example = "deepfakes-banned-in-kazakhstan"
    )]
    pub slug: Option<String>,
    /// Plain text. Derived from the body (about 200 characters) when not given.
    #[schema(nullable = false, max_length = 1000)]
    pub excerpt: Option<String>,
    /// Markdown. Raw HTML in it is sanitized when rendered to `body_html`. At most 80,000
    /// characters (a long read is 60,000), so that one always fits the 1 MiB a request body
    /// may have, however its JSON escapes them.
    #[schema(max_length = 80000)]
    pub body: String,
}

/// The cover image.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://images.example.com/deepfake.jpg", "alt": "A face split into pixels", "width": 1200, "height": 675}))]
pub struct CoverImageBody {
    #[schema(format = "uri", max_length = 2000, pattern = "^https?://[^\\s/?#]+")]
    pub url: String,
    /// Alternative text for screen readers.
    #[schema(nullable = false, max_length = 500)]
    pub alt: Option<String>,
    #[schema(nullable = false, minimum = 1, maximum = 20000)]
    pub width: Option<i32>,
    #[schema(nullable = false, minimum = 1, maximum = 20000)]
    pub height: Option<i32>,
}

/// Where the story comes from.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Zamin.uz", "url": "https://zamin.uz"}))]
pub struct SourceBody {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: String,
    #[schema(
        nullable = false,
        format = "uri",
        max_length = 2000,
        pattern = "^https?://[^\\s/?#]+"
    )]
    pub url: Option<String>,
}

/// Changes to an article: only the fields given change. `null` clears a field that may be
/// empty (`published_at`, `cover_image`, `source`, a translation's `excerpt`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "scheduled", "published_at": "2026-12-01T06:00:00Z", "translations": {"ru": {"title": "Новый заголовок"}}}))]
pub struct ArticlePatch {
    /// The category: its slug in any locale, or its id.
    #[schema(nullable = false, min_length = 1, max_length = 120, pattern = "\\S")]
    pub category: Option<String>,
    /// Must be a locale the article has (or gets in this request) a translation in.
    #[schema(nullable = false, min_length = 1, pattern = "\\S")]
    pub original_locale: Option<String>,
    /// Move the article in its workflow: `draft` takes it off the site; `published` puts it
    /// on now (keeping a past `published_at`); `scheduled` at a future `published_at`;
    /// `archived` takes it off for good.
    #[schema(nullable = false)]
    pub status: Option<ArticleStatus>,
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub published_at: Option<Option<DateTime<Utc>>>,
    #[schema(nullable = false)]
    pub featured: Option<bool>,
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<CoverImageBody>)]
    pub cover_image: Option<Option<CoverImageBody>>,
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<SourceBody>)]
    pub source: Option<Option<SourceBody>>,
    /// Changes to translations, keyed by locale; a locale the article has no translation in
    /// yet gets one (then `title` and `body` are required).
    #[schema(nullable = false)]
    pub translations: Option<BTreeMap<String, TranslationPatch>>,
}

/// Changes to one translation: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationPatch {
    #[schema(nullable = false, min_length = 1, max_length = 300, pattern = "\\S")]
    pub title: Option<String>,
    /// A new slug; the old one keeps answering.
    #[schema(nullable = false, max_length = 120, pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// `null` derives the excerpt from the body again.
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub excerpt: Option<Option<String>>,
    #[schema(nullable = false, max_length = 80000)]
    pub body: Option<String>,
}
