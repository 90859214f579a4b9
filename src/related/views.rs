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
    pub reason: RelatedReason,
}

/// Why an item is in the list, for an editor to see: pinned, or what the two texts share.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedReason {
    /// Pinned by editors.
    #[schema(example = false)]
    pub pinned: bool,
    /// The words the two texts share that say most about them (rare in the locale's articles,
    /// weighty in both), strongest first; at most five, in the locale the list was computed in.
    #[schema(example = json!(["kazakhstan", "fatwa", "deepfake"]))]
    pub shared_terms: Vec<String>,
    /// Filed under the same category (which lifts the score a little).
    #[schema(example = true)]
    pub same_category: bool,
    /// How many of the article's four closest related articles list this one too: the more,
    /// the surer it belongs to the same story, even with few words in common.
    #[schema(example = 2, minimum = 0, maximum = 4)]
    pub listed_by_neighbours: u32,
}

/// Related articles, best first, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelatedList {
    pub data: Vec<RelatedItem>,
    pub page: Page,
}
