//! The rules of reading articles: what each audience sees, in which locale, in which order.
//! Writes are in [`crate::articles::writes`].

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::articles::queries::{self, ArticleRow, Audience, FeedFilter, StatusFilter, TranslationSummaryRow};
use crate::articles::views::{Article, ArticleList, ArticleSummary, Translation, TranslationList};
use crate::categories;
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::{Cursor, Cursors, Limit, Page, Position};
use crate::params::SlugOrId;
use crate::preconditions::Versioned;
use crate::views_counter::most_read::{MostRead, Window};
use crate::views_counter::queries::Read;

/// What a client asked of a feed.
#[derive(Debug, Clone)]
pub struct FeedRequest {
    pub audience: Audience,
    /// A category's slug (of any locale) or id.
    pub category: Option<SlugOrId>,
    pub featured: Option<bool>,
    pub status: Option<StatusFilter>,
    /// Newest first unless the most read in a window (public feed only).
    pub most_read: Option<Window>,
    pub limit: Limit,
    pub cursor: Option<Cursor>,
}

/// One page of a feed: for the public, published articles newest first (or most read in a
/// window); for editors, every article most recently changed first. Also returns the id of the
/// category it is filtered by, if any.
pub async fn list(
    db: &Database,
    cursors: &Cursors,
    most_read: &MostRead,
    request: FeedRequest,
    negotiated: Negotiated,
) -> Result<(ArticleList, Option<Id>), ApiError> {
    let ranking = match request.most_read {
        Some(window) => Some(most_read.ranking(db, window).await?),
        None => None,
    };
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
            status: request.status,
        };
        let listing = listing_of(request.audience, filter, request.most_read);
        let after = request
            .cursor
            .map(|cursor| cursor.position_in(&listing))
            .transpose()?;
        let limit = request.limit.get() as usize;
        let page = match &ranking {
            Some(ranking) => most_read_page(connection, now, ranking, filter, after, limit)?,
            None => {
                let after = after.map(|position| (db::from_micros(position.key), position.id));
                let mut rows =
                    queries::page(connection, request.audience, now, filter, after, limit as i64 + 1)?;
                let has_more = rows.len() > limit;
                rows.truncate(limit);
                let keys = rows
                    .iter()
                    .map(|row| match request.audience {
                        Audience::Public => db::micros(row.published_at.unwrap_or(row.updated_at)),
                        Audience::Editors => db::micros(row.updated_at),
                    })
                    .collect();
                FeedPage {
                    total: queries::count(connection, request.audience, now, filter)?,
                    rows,
                    keys,
                    has_more,
                }
            }
        };
        let next_cursor = page
            .has_more
            .then(|| page.rows.last().zip(page.keys.last()))
            .flatten()
            .map(|(last, key)| {
                cursors.seal(
                    &listing,
                    Position {
                        key: *key,
                        id: last.id,
                    },
                )
            });
        let rows = page.rows;
        let total = page.total;
        let list = ArticleList {
            data: summaries(connection, &rows, &negotiated, now)?,
            page: Page {
                limit: request.limit.get(),
                next_cursor,
                total,
            },
        };
        Ok((list, category))
    })
    .await
}

/// One page of a feed: its rows, each one's sort key (for the cursor), whether more follow,
/// and how many articles the whole feed holds.
struct FeedPage {
    rows: Vec<ArticleRow>,
    keys: Vec<i64>,
    has_more: bool,
    total: i64,
}

/// A page of the most read articles matching `filter`, after `after` (views, then id, both
/// descending).
fn most_read_page(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    ranking: &Arc<Vec<Read>>,
    filter: FeedFilter,
    after: Option<Position>,
    limit: usize,
) -> Result<FeedPage, ApiError> {
    let matching: Vec<&Read> = ranking
        .iter()
        .filter(|read| {
            filter
                .category
                .is_none_or(|category| read.category_id == category)
        })
        .filter(|read| filter.featured.is_none_or(|featured| read.featured == featured))
        .collect();
    let start = after.map_or(0, |position| {
        matching
            .iter()
            .position(|read| (read.views, read.id) < (position.key, position.id))
            .unwrap_or(matching.len())
    });
    let window: Vec<&Read> = matching.iter().skip(start).take(limit + 1).copied().collect();
    let has_more = window.len() > limit;
    let ids: Vec<Id> = window.iter().take(limit).map(|read| read.id).collect();
    // Still public now (the ranking may be a few seconds old), in the ranking's order.
    let mut rows = queries::find_many(connection, Audience::Public, now, &ids)?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    let keys = rows
        .iter()
        .map(|row| {
            window
                .iter()
                .find(|read| read.id == row.id)
                .map_or(0, |read| read.views)
        })
        .collect();
    Ok(FeedPage {
        rows,
        keys,
        has_more,
        total: matching.len() as i64,
    })
}

/// The listing a feed cursor belongs to: its audience, filters and order.
fn listing_of(audience: Audience, filter: FeedFilter, most_read: Option<Window>) -> String {
    let category = filter.category.map(|id| id.to_string()).unwrap_or_default();
    let featured = filter.featured.map(|f| f.to_string()).unwrap_or_default();
    match (audience, most_read) {
        (_, Some(window)) => {
            format!(
                "articles?sort=-views&window={}&category={category}&featured={featured}",
                window.as_str()
            )
        }
        (Audience::Public, None) => {
            format!("articles?sort=-published_at&category={category}&featured={featured}")
        }
        (Audience::Editors, None) => {
            let status = filter.status.map(|s| format!("{s:?}")).unwrap_or_default();
            format!(
                "articles?preview&sort=-updated_at&category={category}&featured={featured}&status={status}"
            )
        }
    }
}

/// The article with this slug (current or former, of any locale) or id, in the negotiated
/// locale, if `audience` may see it.
pub async fn get(
    db: &Database,
    audience: Audience,
    slug_or_id: SlugOrId,
    negotiated: Negotiated,
) -> Result<Versioned<Article>, ApiError> {
    db.read(move |connection| {
        let now = db::now();
        let article = find(connection, audience, now, &slug_or_id, &negotiated)?;
        load(connection, article, &negotiated, now)
    })
    .await
}

/// Every translation of the article with this slug (of any locale) or id, if `audience` may
/// see it, and the article's id.
pub async fn translations(
    db: &Database,
    audience: Audience,
    slug_or_id: SlugOrId,
    negotiated: Negotiated,
) -> Result<(Id, TranslationList), ApiError> {
    db.read(move |connection| {
        let article = find(connection, audience, db::now(), &slug_or_id, &negotiated)?;
        let translations = queries::translations_of(connection, &[article.id])?;
        let translations: Vec<&TranslationSummaryRow> = translations.iter().collect();
        let data = Translation::list(&article, &translations, &negotiated);
        let list = TranslationList {
            page: Page::whole(data.len()),
            data,
        };
        Ok((article.id, list))
    })
    .await
}

/// The article a client named by a slug of any locale (current, else former) or by its id.
/// Where articles share a slug in different locales, the one on the negotiated chain wins.
/// What `audience` may not see is not found, and the answer does not tell it apart.
pub fn find(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    slug_or_id: &SlugOrId,
    negotiated: &Negotiated,
) -> Result<ArticleRow, ApiError> {
    let id = match slug_or_id {
        SlugOrId::Id(id) => Some(*id),
        SlugOrId::Slug(slug) => {
            let mut candidates = queries::with_slug(connection, audience, now, slug)?;
            if candidates.is_empty() {
                candidates = queries::with_retired_slug(connection, audience, now, slug)?;
            }
            negotiated
                .pick(&candidates, |(_, locale)| locale, None)
                .map(|((id, _), _)| *id)
        }
    };
    let article = match id {
        Some(id) => queries::find(connection, audience, now, id)?,
        None => None,
    };
    article.ok_or_else(|| {
        let which = if audience == Audience::Public {
            "published article"
        } else {
            "article"
        };
        ApiError::not_found(format!("No {which} has the slug or id `{slug_or_id}`."))
    })
}

/// The full article in its best locale for `negotiated`, with its version.
pub fn load(
    connection: &mut DbConnection,
    article: ArticleRow,
    negotiated: &Negotiated,
    now: NaiveDateTime,
) -> Result<Versioned<Article>, ApiError> {
    let translations = queries::translations_of(connection, &[article.id])?;
    let translations: Vec<&TranslationSummaryRow> = translations.iter().collect();
    let (served, is_fallback) = negotiated
        .pick(&translations, |t| &t.locale, Some(&article.original_locale))
        .ok_or_else(|| untranslated(article.id))?;
    let category = categories::service::references(connection, &[article.category_id], negotiated)?
        .remove(&article.category_id)
        .ok_or_else(|| ApiError::internal(format!("article {} has no category", article.id)))?;
    let summary = ArticleSummary::build(
        &article,
        served,
        is_fallback,
        &translations,
        category,
        negotiated,
        now,
    );
    let body = queries::body(connection, article.id, &served.locale)?;
    Ok(Versioned {
        value: Article::build(summary, body, &served.locale, negotiated),
        version: article.version,
    })
}

/// The list items for `articles`, in their order, each in its best locale.
pub fn summaries(
    connection: &mut DbConnection,
    articles: &[ArticleRow],
    negotiated: &Negotiated,
    now: NaiveDateTime,
) -> Result<Vec<ArticleSummary>, ApiError> {
    let translations = queries::translations_of(connection, &ids_of(articles))?;
    let by_article = by_article(&translations);
    let category_ids = category_ids_of(articles);
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
                negotiated,
                now,
            ))
        })
        .collect()
}

/// The ids of `articles`, in their order.
pub fn ids_of(articles: &[ArticleRow]) -> Vec<Id> {
    articles.iter().map(|article| article.id).collect()
}

/// The categories `articles` are filed in, each once.
pub fn category_ids_of(articles: &[ArticleRow]) -> Vec<Id> {
    let mut ids: Vec<Id> = articles.iter().map(|article| article.category_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `translations` grouped by their article.
pub fn by_article(translations: &[TranslationSummaryRow]) -> HashMap<Id, Vec<&TranslationSummaryRow>> {
    let mut grouped: HashMap<Id, Vec<&TranslationSummaryRow>> = HashMap::new();
    for translation in translations {
        grouped
            .entry(translation.article_id)
            .or_default()
            .push(translation);
    }
    grouped
}

fn untranslated(id: Id) -> ApiError {
    ApiError::internal(format!("article {id} has no translation"))
}
