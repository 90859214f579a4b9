//! The JSON the editorial API accepts for spellings.

use serde::Deserialize;
use utoipa::ToSchema;

/// A word's Latin spelling (the word in Cyrillic is in the path).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"latin": "dzyudo"}))]
pub struct SpellingBody {
    /// The word in Latin letters: any case, any of the marks people type for `‘` (`'`, `‘`,
    /// `’`, `ʻ`, `ʼ`, `` ` ``), hyphens between letters.
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = "^[A-Za-z'‘’ʻʼ`]+(-[A-Za-z'‘’ʻʼ`]+)*$",
        example = "dzyudo"
    )]
    pub latin: String,
}
