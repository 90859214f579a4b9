//! Spellings as the API returns them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::pagination::Page;

/// Where a spelling comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpellingSource {
    /// The list that comes with newsroom: months, common words of Russian origin, Uzbek
    /// abbreviations.
    Standard,
    /// Written by this newsroom's editors; it wins over a standard one for the same word.
    Publisher,
}

/// A word that transliteration between Uzbek's scripts writes as given here, rather than by
/// its letter rules, both ways; with an ending too (`konsertlar`, `концертлар`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"cyrillic": "концерт", "latin": "konsert", "source": "standard", "updated_at": null}))]
pub struct Spelling {
    /// The word in Cyrillic, lowercase.
    #[schema(example = "концерт")]
    pub cyrillic: String,
    /// The word in Latin, lowercase, with `‘` (U+2018) for the mark of `o‘` and `g‘` and for
    /// the tutuq belgisi.
    #[schema(example = "konsert")]
    pub latin: String,
    pub source: SpellingSource,
    /// When an editor last wrote it; `null` for a standard one.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Every spelling, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpellingList {
    pub data: Vec<Spelling>,
    pub page: Page,
}
