//! Headlines as the API returns them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::articles::views::ArticleSummary;
use crate::pagination::Page;

/// Why an article is in the ticker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineReason {
    /// Chosen by editors.
    Featured,
    /// Among the most read of the last 24 hours.
    MostRead,
    /// Among the latest.
    Latest,
}

/// An article in the ticker.
#[derive(Debug, Serialize, ToSchema)]
pub struct Headline {
    #[serde(flatten)]
    pub article: ArticleSummary,
    pub reason: HeadlineReason,
}

/// The ticker, in order, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeadlineList {
    pub data: Vec<Headline>,
    pub page: Page,
}
