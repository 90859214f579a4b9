//! What a feed holds: the latest published articles, whole, in the locale asked for (on its
//! fallback chain, transliterated where the locale is served so), newest first.

use std::collections::HashMap;

use crate::articles::queries::{self as articles, Audience, FeedFilter, TranslationBodyRow};
use crate::articles::service::summaries;
use crate::articles::views::Article;
use crate::categories;
use crate::categories::views::CategoryRef;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::params::SlugOrId;

/// How many articles a feed holds.
pub const ITEMS: i64 = 50;

/// The articles of a feed, and the category it is narrowed to.
pub struct Latest {
    pub articles: Vec<Article>,
    pub category: Option<CategoryRef>,
}

/// The latest [`ITEMS`] public articles (of `category`, its slug in any locale or its id).
pub async fn latest(
    db: &Database,
    negotiated: Negotiated,
    category: Option<SlugOrId>,
) -> Result<Latest, ApiError> {
    db.read(move |connection| {
        let now = db::now();
        let category = category
            .map(|slug| {
                categories::service::resolve(connection, &slug, &negotiated)?.ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`category`: no category has the slug or id `{slug}`."
                    ))
                })
            })
            .transpose()?;
        let filter = FeedFilter {
            category,
            ..FeedFilter::default()
        };
        let rows = articles::page(connection, Audience::Public, now, filter, None, ITEMS)?;
        let ids: Vec<_> = rows.iter().map(|row| row.id).collect();
        // Every body at once, rather than an article read a feed item.
        let mut bodies: HashMap<(Id, String), TranslationBodyRow> = articles::bodies_of(connection, &ids)?
            .into_iter()
            .map(|(id, locale, body)| ((id, locale), body))
            .collect();
        let mut latest = Vec::with_capacity(rows.len());
        for summary in summaries(connection, &rows, &negotiated, now)? {
            // The text served: the one written, before any transliteration.
            let served = summary
                .transliterated_from
                .clone()
                .unwrap_or_else(|| summary.locale.clone());
            let body = bodies.remove(&(Id(summary.id), served.clone())).ok_or_else(|| {
                ApiError::internal(format!("article {} has no body in {served}", summary.id))
            })?;
            latest.push(Article::build(summary, body, &served, &negotiated));
        }
        let category = match category {
            Some(id) => categories::service::references(connection, &[id], &negotiated)?.remove(&id),
            None => None,
        };
        Ok(Latest {
            articles: latest,
            category,
        })
    })
    .await
}
