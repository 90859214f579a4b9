//! Related items as the API returns them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::articles::views::ArticleSummary;
use crate::pagination::Page;

/// A related article.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedItem {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// Pinned by editors (pinned items come first), rather than computed.
    #[schema(example = false)]
    pub pinned: bool,
}

/// Related articles, best first, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedList {
    pub data: Vec<RelatedItem>,
    pub page: Page,
}
