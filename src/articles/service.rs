//! The rules of articles: what the public sees, in which locale, in which order, and how an
//! article is stored with what is derived from its body.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::SqliteConnection;

use crate::articles::body;
use crate::articles::queries::{
    self, ArticleRow, FeedFilter, NewArticleRow, NewTranslationRow, TranslationSummaryRow,
};
use crate::articles::views::{Article, ArticleList, ArticleSummary, Translation, TranslationList};
use crate::categories;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::{Cursor, Cursors, Limit, Page, Position};
use crate::params::SlugOrId;

/// What a client asked of the public feed.
#[derive(Debug, Clone)]
pub struct FeedRequest {
    /// A category's slug (of any locale) or id.
    pub category: Option<SlugOrId>,
    pub featured: Option<bool>,
    pub limit: Limit,
    pub cursor: Option<Cursor>,
}

/// One page of published articles, newest first.
pub async fn list(
    db: &Database,
    cursors: &Cursors,
    request: FeedRequest,
    negotiated: Negotiated,
) -> Result<ArticleList, ApiError> {
    let cursors = cursors.clone();
    db.read(move |connection| {
        let now = db::now();
        let category = request
            .category
            .as_ref()
            .map(|slug| {
                categories::service::resolve(connection, slug, &negotiated)?.ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`category`: no category has the slug or id `{slug}`. \
                         GET /api/v1/categories lists them."
                    ))
                })
            })
            .transpose()?;
        let filter = FeedFilter {
            category,
            featured: request.featured,
        };
        let listing = listing_of(filter);
        let after = request
            .cursor
            .map(|cursor| cursor.position_in(&listing))
            .transpose()?
            .map(|position| (db::from_micros(position.key), position.id));
        let limit = request.limit.get() as usize;
        let mut rows = queries::public_page(connection, now, filter, after, limit as i64 + 1)?;
        let has_more = rows.len() > limit;
        rows.truncate(limit);
        let total = queries::count_public(connection, now, filter)?;
        let next_cursor = has_more.then(|| rows.last()).flatten().map(|last| {
            cursors.seal(
                &listing,
                Position {
                    key: db::micros(last.published_at.unwrap_or(last.updated_at)),
                    id: last.id,
                },
            )
        });
        Ok(ArticleList {
            data: summaries(connection, &rows, &negotiated)?,
            page: Page {
                limit: request.limit.get(),
                next_cursor,
                total,
            },
        })
    })
    .await
}

/// The listing a feed cursor belongs to: its filters and order.
fn listing_of(filter: FeedFilter) -> String {
    let category = filter.category.map(|id| id.to_string()).unwrap_or_default();
    let featured = filter.featured.map(|f| f.to_string()).unwrap_or_default();
    format!("articles?sort=-published_at&category={category}&featured={featured}")
}

/// The published article with this slug (of any locale) or id, in the negotiated locale.
pub async fn get(db: &Database, slug_or_id: SlugOrId, negotiated: Negotiated) -> Result<Article, ApiError> {
    db.read(move |connection| {
        let now = db::now();
        let article = find_public(connection, now, &slug_or_id, &negotiated)?;
        let translations = queries::translations_of(connection, &[article.id])?;
        let translations: Vec<&TranslationSummaryRow> = translations.iter().collect();
        let (served, is_fallback) = negotiated
            .pick(&translations, |t| &t.locale, Some(&article.original_locale))
            .ok_or_else(|| untranslated(article.id))?;
        let category = categories::service::references(connection, &[article.category_id], &negotiated)?
            .remove(&article.category_id)
            .ok_or_else(|| ApiError::internal(format!("article {} has no category", article.id)))?;
        let summary = ArticleSummary::build(&article, served, is_fallback, &translations, category);
        let body = queries::body(connection, article.id, &served.locale)?;
        Ok(Article::build(summary, body))
    })
    .await
}

/// Every translation of the published article with this slug (of any locale) or id.
pub async fn translations(
    db: &Database,
    slug_or_id: SlugOrId,
    negotiated: Negotiated,
) -> Result<TranslationList, ApiError> {
    db.read(move |connection| {
        let article = find_public(connection, db::now(), &slug_or_id, &negotiated)?;
        let translations = queries::translations_of(connection, &[article.id])?;
        let translations: Vec<&TranslationSummaryRow> = translations.iter().collect();
        let data = Translation::list(&article, &translations);
        Ok(TranslationList {
            page: Page::whole(data.len()),
            data,
        })
    })
    .await
}

/// The public article a client named by a slug of any locale or by its id. Where articles
/// share a slug in different locales, the one on the negotiated chain wins. Drafts, archived
/// and scheduled articles are not found, and the answer does not tell them apart.
fn find_public(
    connection: &mut SqliteConnection,
    now: NaiveDateTime,
    slug_or_id: &SlugOrId,
    negotiated: &Negotiated,
) -> Result<ArticleRow, ApiError> {
    let id = match slug_or_id {
        SlugOrId::Id(id) => Some(*id),
        SlugOrId::Slug(slug) => {
            let candidates = queries::public_with_slug(connection, now, slug)?;
            negotiated
                .pick(&candidates, |(_, locale)| locale, None)
                .map(|((id, _), _)| *id)
        }
    };
    let article = match id {
        Some(id) => queries::find_public(connection, now, id)?,
        None => None,
    };
    article.ok_or_else(|| {
        ApiError::not_found(format!("No published article has the slug or id `{slug_or_id}`."))
    })
}

/// The list items for `articles`, in their order, each in its best locale.
fn summaries(
    connection: &mut SqliteConnection,
    articles: &[ArticleRow],
    negotiated: &Negotiated,
) -> Result<Vec<ArticleSummary>, ApiError> {
    let ids: Vec<Id> = articles.iter().map(|article| article.id).collect();
    let translations = queries::translations_of(connection, &ids)?;
    let mut by_article: HashMap<Id, Vec<&TranslationSummaryRow>> = HashMap::new();
    for translation in &translations {
        by_article
            .entry(translation.article_id)
            .or_default()
            .push(translation);
    }
    let mut category_ids: Vec<Id> = articles.iter().map(|article| article.category_id).collect();
    category_ids.sort_unstable();
    category_ids.dedup();
    let categories = categories::service::references(connection, &category_ids, negotiated)?;
    articles
        .iter()
        .map(|article| {
            let translations = by_article.get(&article.id).map_or(&[][..], Vec::as_slice);
            let (served, is_fallback) = negotiated
                .pick(translations, |t| &t.locale, Some(&article.original_locale))
                .ok_or_else(|| untranslated(article.id))?;
            let category = categories
                .get(&article.category_id)
                .cloned()
                .ok_or_else(|| ApiError::internal(format!("article {} has no category", article.id)))?;
            Ok(ArticleSummary::build(
                article,
                served,
                is_fallback,
                translations,
                category,
            ))
        })
        .collect()
}

fn untranslated(id: Id) -> ApiError {
    ApiError::internal(format!("article {id} has no translation"))
}

/// Where an article stands in its workflow, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    /// Public from `published_at` on: scheduled while that is in the future.
    Published,
    Archived,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => queries::PUBLISHED,
            Self::Archived => "archived",
        }
    }
}

/// An article to create, with its translations (the original's among them).
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub category_id: Id,
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
    pub featured: bool,
    pub original_locale: String,
    pub cover_image: Option<NewCoverImage>,
    pub source: Option<NewSource>,
    pub views: i64,
    pub translations: Vec<NewTranslation>,
}

#[derive(Debug, Clone)]
pub struct NewCoverImage {
    pub url: String,
    pub alt: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct NewSource {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewTranslation {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// Derived from the body when not given.
    pub excerpt: Option<String>,
    /// Markdown.
    pub body: String,
}

/// Stores a new article with its translations, deriving each one's HTML, excerpt and reading
/// time; the caller provides the transaction.
pub fn create(connection: &mut SqliteConnection, article: &NewArticle) -> Result<Id, ApiError> {
    let now = db::now();
    let id = Id::new();
    let derived: Vec<(String, String, i32)> = article
        .translations
        .iter()
        .map(|t| {
            let excerpt = t.excerpt.clone().unwrap_or_else(|| body::excerpt(&t.body));
            (
                body::render_html(&t.body),
                excerpt,
                body::reading_time_minutes(&t.body),
            )
        })
        .collect();
    let translations: Vec<NewTranslationRow<'_>> = article
        .translations
        .iter()
        .zip(&derived)
        .map(|(t, (body_html, excerpt, reading_time_minutes))| {
            let is_original = t.locale == article.original_locale;
            NewTranslationRow {
                article_id: id,
                locale: &t.locale,
                slug: &t.slug,
                title: &t.title,
                excerpt,
                excerpt_is_derived: t.excerpt.is_none(),
                body: &t.body,
                body_html,
                reading_time_minutes: *reading_time_minutes,
                revision: 1,
                source_revision: (!is_original).then_some(1),
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let cover = article.cover_image.as_ref();
    let source = article.source.as_ref();
    queries::insert(
        connection,
        &NewArticleRow {
            id,
            category_id: article.category_id,
            status: article.status.as_str(),
            original_locale: &article.original_locale,
            published_at: article.published_at.map(|at| db::truncate(at.naive_utc())),
            featured: article.featured,
            cover_url: cover.map(|c| c.url.as_str()),
            cover_alt: cover.and_then(|c| c.alt.as_deref()),
            cover_width: cover.and_then(|c| c.width),
            cover_height: cover.and_then(|c| c.height),
            source_name: source.map(|s| s.name.as_str()),
            source_url: source.and_then(|s| s.url.as_deref()),
            view_count: article.views,
            created_at: now,
            updated_at: now,
        },
        &translations,
    )?;
    Ok(id)
}
