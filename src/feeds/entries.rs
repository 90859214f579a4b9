//! A feed as every format tells it: the feed's title and links, and each article's id, link,
//! text, dates, category, image and source, worked out once from the articles and the site.
//! The JSON Feed, RSS and Atom views only spell it.

use chrono::{DateTime, Timelike, Utc};

use crate::articles::views::CoverImage;
use crate::feeds::service::Latest;
use crate::site::{ArticlePage, Site};

/// A feed, whatever its format.
pub struct Feed {
    /// The publication's name, and the category's for a category's feed.
    pub title: String,
    /// The site's front page in the locale.
    pub home_page_url: String,
    /// Where the feed is served.
    pub feed_url: String,
    /// The locale asked for.
    pub language: String,
    /// The latest change of any entry (the epoch for an empty feed).
    pub updated: DateTime<Utc>,
    pub entries: Vec<Entry>,
}

/// One article in a feed.
pub struct Entry {
    /// Stable for the article and the locale, whatever its slug becomes.
    pub id: String,
    /// The article's page on the site.
    pub url: String,
    pub title: String,
    /// The excerpt, plain text.
    pub summary: String,
    /// The whole body, sanitized HTML.
    pub content_html: String,
    pub cover: Option<CoverImage>,
    pub published: DateTime<Utc>,
    /// Never before `published`.
    pub modified: DateTime<Utc>,
    /// The category's name.
    pub category: String,
    /// The category's slug in the locale.
    pub category_slug: String,
    /// The locale of the text served (a fallback's, when the locale asked for has none).
    pub language: String,
    pub source: Option<EntrySource>,
}

/// The source an article names (its source line).
pub struct EntrySource {
    pub name: String,
    pub url: Option<String>,
}

/// An entry's id: the article's and the locale's, so that a feed reader tells the Russian and
/// the English text apart and keeps each when its slug changes.
pub fn entry_id(article: uuid::Uuid, locale: &str) -> String {
    format!("urn:newsroom:article:{article}:{locale}")
}

fn whole_seconds(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_nanosecond(0).unwrap_or(at)
}

impl Feed {
    /// The feed of `latest` in `locale`, linking to `site`; `feed_url` is where it is served.
    pub fn build(latest: Latest, locale: &str, site: &Site, feed_url: String) -> Self {
        let title = match &latest.category {
            Some(category) => format!("{}: {}", site.publication, category.name),
            None => site.publication.clone(),
        };
        let entries: Vec<Entry> = latest
            .articles
            .into_iter()
            .map(|article| {
                let summary = article.summary;
                // To the second, as every format writes them.
                let published = whole_seconds(summary.published_at.unwrap_or(summary.updated_at));
                let updated = whole_seconds(summary.updated_at);
                Entry {
                    id: entry_id(summary.id, &summary.locale),
                    url: site.article_url(&ArticlePage {
                        locale,
                        category: &summary.category.slug,
                        slug: &summary.slug,
                        id: &summary.id.to_string(),
                    }),
                    title: summary.title,
                    summary: summary.excerpt,
                    content_html: article.body_html,
                    cover: summary.cover_image,
                    published,
                    modified: updated.max(published),
                    category: summary.category.name,
                    category_slug: summary.category.slug,
                    language: summary.locale,
                    source: summary.source.map(|source| EntrySource {
                        name: source.name,
                        url: source.url,
                    }),
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|entry| entry.modified)
            .max()
            .unwrap_or(DateTime::UNIX_EPOCH);
        Self {
            title,
            home_page_url: site.home_url(locale),
            feed_url,
            language: locale.to_owned(),
            updated,
            entries,
        }
    }
}
