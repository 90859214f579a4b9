//! Messages as the API returns them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::messages::value::MessageValue;
use crate::pagination::Page;

/// Where a message served in another locale than the one asked for comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"locale": "uz-Cyrl", "transliterated_from": "uz"}))]
pub struct MessageOrigin {
    /// The locale of the text served: the one asked for when it is transliterated, else the
    /// fallback it was found in.
    #[schema(example = "ru")]
    pub locale: String,
    /// The locale the text is written in when it is served transliterated.
    pub transliterated_from: Option<String>,
}

/// A locale's catalog of interface strings: every key, with its text in the locale asked for
/// or, where it has none, its nearest fallback (written anew in the other script for Uzbek,
/// when the locale says so).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "locale": "ru",
    "messages": {"today": "Сегодня", "similar_news": "Похожие новости", "hours_ago": {"one": "{n} час назад", "few": "{n} часа назад", "many": "{n} часов назад", "other": "{n} часа назад"}},
    "fallbacks": {"weather_fog": {"locale": "en", "transliterated_from": null}},
    "missing": [],
    "plural_categories": ["one", "few", "many", "other"]
}))]
pub struct MessageCatalog {
    /// The locale asked for.
    #[schema(example = "ru")]
    pub locale: String,
    /// Each key's message: a string, or for a plural key its forms (`{n}` stands for the
    /// number). Keys with no text in any locale of the chain are left out (see `missing`).
    pub messages: BTreeMap<String, MessageValue>,
    /// The keys whose message is not written in the locale asked for (`is_fallback`), with
    /// where it comes from; a key not listed here is written in that locale. A plural message
    /// served in another language takes that language's plural rules.
    pub fallbacks: BTreeMap<String, MessageOrigin>,
    /// Keys with no text in the locale asked for nor any of its fallbacks.
    pub missing: Vec<String>,
    /// The plural forms the locale asked for uses, by CLDR's rules.
    #[schema(example = json!(["one", "few", "many", "other"]))]
    pub plural_categories: Vec<String>,
}

/// One key's message in one locale.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "key": "similar_news", "locale": "uz-Cyrl", "value": "Ўхшаш янгиликлар", "plural": false,
    "is_fallback": true, "transliterated_from": "uz", "updated_at": "2026-11-30T09:00:00Z"
}))]
pub struct Message {
    #[schema(example = "similar_news")]
    pub key: String,
    /// The locale of the text served.
    #[schema(example = "uz-Cyrl")]
    pub locale: String,
    pub value: MessageValue,
    /// Whether the key has forms by plural category.
    pub plural: bool,
    /// Whether the text is not written in the locale asked for.
    pub is_fallback: bool,
    /// The locale the text is written in, when it is served transliterated.
    pub transliterated_from: Option<String>,
    /// When the text served was last written.
    pub updated_at: DateTime<Utc>,
}

/// A message formatted with a number, in the form the number takes.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "key": "hours_ago", "n": 5, "locale": "ru", "category": "many", "text": "5 часов назад",
    "is_fallback": false, "transliterated_from": null
}))]
pub struct FormattedMessage {
    #[schema(example = "hours_ago")]
    pub key: String,
    /// The number, when one was given.
    pub n: Option<u64>,
    /// The locale of the text.
    #[schema(example = "ru")]
    pub locale: String,
    /// The plural form chosen, by the rules of the text's locale; `null` for a key that is not
    /// plural.
    #[schema(example = "many")]
    pub category: Option<String>,
    /// The text, `{n}` replaced by the number.
    #[schema(example = "5 часов назад")]
    pub text: String,
    pub is_fallback: bool,
    pub transliterated_from: Option<String>,
}

/// How long ago a time was, in words.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "at": "2026-11-30T04:10:00Z", "now": "2026-11-30T09:12:00Z", "key": "hours_ago", "n": 5,
    "locale": "ru", "text": "5 часов назад", "is_fallback": false, "transliterated_from": null
}))]
pub struct RelativeTime {
    /// The time described.
    pub at: DateTime<Utc>,
    /// The time it is described from.
    pub now: DateTime<Utc>,
    /// The message it is written with: `just_now`, `minutes_ago`, `hours_ago`, `yesterday`,
    /// `days_ago`, `months_ago` or `years_ago`.
    #[schema(example = "hours_ago")]
    pub key: String,
    /// The number of units, for the plural keys.
    pub n: Option<u64>,
    /// The locale of the text.
    #[schema(example = "ru")]
    pub locale: String,
    #[schema(example = "5 часов назад")]
    pub text: String,
    pub is_fallback: bool,
    pub transliterated_from: Option<String>,
}

/// A key of the interface's messages.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "key": "hours_ago", "description": "A time {n} hours ago, under a day", "plural": true,
    "built_in": true, "locales": ["en", "ru", "uz", "uz-Cyrl"],
    "created_at": "2026-11-30T09:00:00Z", "updated_at": "2026-11-30T09:00:00Z"
}))]
pub struct MessageKey {
    #[schema(example = "hours_ago")]
    pub key: String,
    /// What the message is for, for translators.
    pub description: String,
    /// Whether its messages have forms by plural category.
    pub plural: bool,
    /// Whether newsroom itself writes with it (relative times): it cannot be removed nor
    /// change `plural`.
    pub built_in: bool,
    /// The locales it is written in.
    pub locales: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Every message key, in one page.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageKeyList {
    pub data: Vec<MessageKey>,
    pub page: Page,
}
