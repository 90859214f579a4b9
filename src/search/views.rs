//! Search results as the API returns them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::articles::views::ArticleSummary;
use crate::pagination::Page;

/// An article that matches, with where it matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// A passage of the matching text, HTML-escaped, the matching words in `<mark>`.
    #[schema(example = "…the price of Brent crude <mark>oil</mark> exceeded $80…")]
    pub snippet: String,
    /// The locale of the text that matched (a locale on the fallback chain).
    #[schema(example = "en")]
    pub matched_locale: String,
}

/// The page of a search: `total` is exact unless `total_is_estimate`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    #[serde(flatten)]
    pub page: Page,
    /// `true` when more texts match than are candidates (see the search operation): `total`
    /// is then the number of matching texts in every locale, articles not public included,
    /// counted up to 500 (so 500 means at least 500).
    #[schema(example = false)]
    pub total_is_estimate: bool,
}

/// A page of search results, best first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchList {
    pub data: Vec<SearchHit>,
    pub page: SearchPage,
}
