//! The ticker's rule: featured articles first (newest first), then the most read of the last
//! 24 hours, then the latest, each article once.

use crate::articles::queries::{self, ArticleRow, Audience, FeedFilter};
use crate::articles::service::summaries;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::headlines::views::{Headline, HeadlineList, HeadlineReason};
use crate::locale::Negotiated;
use crate::pagination::Page;
use crate::views_counter::most_read::{MostRead, Window};

pub async fn list(
    db: &Database,
    most_read: &MostRead,
    limit: usize,
    negotiated: Negotiated,
) -> Result<HeadlineList, ApiError> {
    let ranking = most_read.ranking(db, Window::Day).await?;
    db.read(move |connection| {
        let now = db::now();
        let mut chosen: Vec<(ArticleRow, HeadlineReason)> = Vec::with_capacity(limit);
        let featured = FeedFilter {
            featured: Some(true),
            ..FeedFilter::default()
        };
        for row in queries::page(connection, Audience::Public, now, featured, None, limit as i64)? {
            chosen.push((row, HeadlineReason::Featured));
        }
        let taken =
            |chosen: &[(ArticleRow, HeadlineReason)], id: Id| chosen.iter().any(|(row, _)| row.id == id);
        let wanted: Vec<Id> = ranking
            .iter()
            .map(|read| read.id)
            .filter(|id| !taken(&chosen, *id))
            .take(limit.saturating_sub(chosen.len()))
            .collect();
        let mut read_most = queries::find_many(connection, Audience::Public, now, &wanted)?;
        read_most.sort_by_key(|row| wanted.iter().position(|id| *id == row.id));
        chosen.extend(read_most.into_iter().map(|row| (row, HeadlineReason::MostRead)));
        if chosen.len() < limit {
            let latest = queries::page(
                connection,
                Audience::Public,
                now,
                FeedFilter::default(),
                None,
                limit as i64 * 2,
            )?;
            for row in latest {
                if chosen.len() == limit {
                    break;
                }
                if !taken(&chosen, row.id) {
                    chosen.push((row, HeadlineReason::Latest));
                }
            }
        }
        chosen.truncate(limit);
        let (rows, reasons): (Vec<ArticleRow>, Vec<HeadlineReason>) = chosen.into_iter().unzip();
        let data: Vec<Headline> = summaries(connection, &rows, &negotiated, now)?
            .into_iter()
            .zip(reasons)
            .map(|(article, reason)| Headline { article, reason })
            .collect();
        Ok(HeadlineList {
            page: Page {
                limit: limit as u32,
                next_cursor: None,
                total: data.len() as i64,
            },
            data,
        })
    })
    .await
}
