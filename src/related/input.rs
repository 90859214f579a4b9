//! The JSON the editorial API accepts for related items (the contract, like the views).

use serde::Deserialize;
use utoipa::ToSchema;

/// The items to pin under an article, in order; they replace the ones pinned before (`[]`
/// unpins all).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"related": ["iran-launched-khaybar-missiles-against-israel", "01a22587-4e0d-7023-be32-088f9588d038"]}))]
pub struct RelatedPins {
    /// Articles by id or slug (of any locale).
    #[schema(max_items = 20, inline)]
    pub related: Vec<String>,
}
