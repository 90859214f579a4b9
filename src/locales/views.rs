//! Locales as the API returns them.

use serde::Serialize;
use utoipa::ToSchema;

use crate::locale::LocaleEntry;
use crate::pagination::Page;

/// A locale content can be served in.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "code": "uz-Cyrl", "name": "Ўзбекча", "english_name": "Uzbek (Cyrillic)",
    "is_default": false, "fallbacks": ["uz", "ru", "en"], "transliterate_from": "uz"
}))]
pub struct Locale {
    /// BCP 47 tag; pass it as `?locale=`.
    pub code: String,
    /// The locale's name in its own language, for language switchers.
    pub name: String,
    pub english_name: String,
    /// Served when a request names no locale that is served here.
    pub is_default: bool,
    /// Where content missing in this locale is taken from, in order. The default locale and
    /// then the article's original language close every chain.
    pub fallbacks: Vec<String>,
    /// When content has no text in this locale, the text of this one is served
    /// transliterated (`is_fallback: true`, `transliterated_from` naming it) before the
    /// fallbacks are tried; `null` when none is. Uzbek is written in Latin (`uz`) and
    /// Cyrillic (`uz-Cyrl`) script.
    #[schema(example = "uz")]
    pub transliterate_from: Option<String>,
}

impl From<&LocaleEntry> for Locale {
    fn from(entry: &LocaleEntry) -> Self {
        Self {
            code: entry.code.clone(),
            name: entry.name.clone(),
            english_name: entry.english_name.clone(),
            is_default: entry.is_default,
            fallbacks: entry.fallbacks.clone(),
            transliterate_from: entry.transliterate_from.clone(),
        }
    }
}

/// All locales, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct LocaleList {
    pub data: Vec<Locale>,
    pub page: Page,
}
