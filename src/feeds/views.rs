//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>), as serde types.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::feeds::entries::Feed;

/// The JSON Feed version this is.
pub const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// A feed of the latest articles in one locale, as JSON Feed 1.1.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "newsroom: World",
    "home_page_url": "https://example.uz/en",
    "feed_url": "https://api.example.uz/api/v1/feeds/en/feed.json?category=world",
    "language": "en",
    "items": [{
        "id": "urn:newsroom:article:01936f4e-8c2a-7d41-9b7e-3f1c2a4d5e6f:en",
        "url": "https://example.uz/en/world/deepfakes-banned-in-kazakhstan",
        "title": "Deepfakes and fake subscribers banned in Kazakhstan",
        "summary": "The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa…",
        "content_html": "<p>The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa…</p>\n",
        "image": "https://images.example.com/deepfake.jpg",
        "date_published": "2026-03-03T07:20:00Z",
        "date_modified": "2026-03-03T07:20:00Z",
        "tags": ["World"],
        "language": "en",
        "_source": {"name": "Zamin.uz", "url": "https://zamin.uz"}
    }]
}))]
pub struct JsonFeed {
    /// Always `https://jsonfeed.org/version/1.1`.
    #[schema(format = "uri")]
    pub version: &'static str,
    /// The publication's name, and the category's for a category's feed.
    pub title: String,
    /// The site's front page in the locale (or the category's page).
    #[schema(format = "uri")]
    pub home_page_url: String,
    /// This feed's own URL.
    #[schema(format = "uri")]
    pub feed_url: String,
    /// The locale asked for.
    pub language: String,
    /// The latest published articles, newest first, at most 50.
    pub items: Vec<JsonFeedItem>,
}

/// One article in a feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct JsonFeedItem {
    /// Stable for the article and the locale, whatever its slug becomes.
    pub id: String,
    /// The article's page on the site.
    #[schema(format = "uri")]
    pub url: String,
    pub title: String,
    /// The excerpt, plain text.
    pub summary: String,
    /// The whole body, sanitized HTML.
    pub content_html: String,
    /// The cover image.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub image: Option<String>,
    #[schema(format = "date-time")]
    pub date_published: String,
    #[schema(format = "date-time")]
    pub date_modified: String,
    /// The category's name.
    pub tags: Vec<String>,
    /// The locale of the text served (a fallback's, when the locale asked for has none).
    pub language: String,
    /// Where the story comes from (the source line): an extension, as JSON Feed names them.
    #[serde(rename = "_source", skip_serializing_if = "Option::is_none")]
    pub source: Option<FeedSource>,
}

/// The source an article names.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedSource {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = "uri")]
    pub url: Option<String>,
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl From<Feed> for JsonFeed {
    fn from(feed: Feed) -> Self {
        let items = feed
            .entries
            .into_iter()
            .map(|entry| JsonFeedItem {
                id: entry.id,
                url: entry.url,
                title: entry.title,
                summary: entry.summary,
                content_html: entry.content_html,
                image: entry.cover.map(|cover| cover.url),
                date_published: rfc3339(entry.published),
                date_modified: rfc3339(entry.modified),
                tags: vec![entry.category],
                language: entry.language,
                source: entry.source.map(|source| FeedSource {
                    name: source.name,
                    url: source.url,
                }),
            })
            .collect();
        Self {
            version: VERSION,
            title: feed.title,
            home_page_url: feed.home_page_url,
            feed_url: feed.feed_url,
            language: feed.language,
            items,
        }
    }
}
