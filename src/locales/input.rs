//! The JSON the editorial API accepts for locales (the contract, like the views).

use serde::Deserialize;
use utoipa::ToSchema;

/// A new locale.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "kk", "name": "Қазақша", "english_name": "Kazakh", "fallbacks": ["ru", "en"]}))]
pub struct NewLocaleBody {
    #[schema(
        pattern = "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$",
        example = "kk"
    )]
    pub code: String,
    /// The locale's name in its own language.
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub english_name: String,
    /// Locales to serve, in order, when content is missing in this one.
    #[schema(nullable = false, max_items = 20)]
    pub fallbacks: Option<Vec<String>>,
    /// A locale of the same language in the other script, whose text is served
    /// transliterated when content has none in this one (Uzbek: `uz` and `uz-Cyrl`).
    #[schema(nullable = false, example = "uz")]
    pub transliterate_from: Option<String>,
    /// Makes this the default locale (the one before it stops being the default).
    #[serde(default)]
    pub is_default: bool,
    /// Order in language switchers; after the last locale when not given.
    #[schema(nullable = false, minimum = -1000000, maximum = 1000000)]
    pub position: Option<i32>,
}

/// Changes to a locale: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"fallbacks": ["uz", "ru", "en"]}))]
pub struct LocalePatch {
    #[schema(nullable = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Option<String>,
    #[schema(nullable = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub english_name: Option<String>,
    /// Replaces the fallback chain.
    #[schema(nullable = false, max_items = 20)]
    pub fallbacks: Option<Vec<String>>,
    /// The locale of the same language in the other script whose text is served
    /// transliterated when content has none in this one; `null` stops it.
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<String>, example = "uz")]
    pub transliterate_from: Option<Option<String>>,
    /// `true` makes this the default locale. A locale stops being the default only when
    /// another one becomes it.
    #[schema(nullable = false)]
    pub is_default: Option<bool>,
    #[schema(nullable = false, minimum = -1000000, maximum = 1000000)]
    pub position: Option<i32>,
}
