//! The rules of reading messages: each key's text in the locale asked for, else in the nearest
//! locale of its fallback chain (Uzbek written anew in the other script first, when the locale
//! transliterates), formatted with a number by the CLDR plural rules of the text's language.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};

use crate::db::Database;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::locale::{LocaleCatalog, Negotiated};
use crate::messages::queries::{self, KeyRow, MessageRow};
use crate::messages::value::{self, MessageValue};
use crate::messages::views::{
    FormattedMessage, Message, MessageCatalog, MessageKey, MessageKeyList, MessageOrigin, RelativeTime,
};
use crate::messages::{plurals, relative_time};
use crate::pagination::Page;

/// The longest key, in characters.
pub const MAX_KEY_CHARS: usize = 100;

/// Whether `key` has the form of a message key ([`crate::patterns::MESSAGE_KEY`]).
pub fn is_key(key: &str) -> bool {
    key.len() <= MAX_KEY_CHARS
        && key.split('.').all(|part| {
            part.starts_with(|c: char| c.is_ascii_lowercase())
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

/// The key of a path, if it has the form of one.
pub fn key_of_path(key: &str) -> Result<&str, ApiError> {
    if is_key(key) {
        Ok(key)
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`{key}` is not a message key: keys are lowercase letters a-z, digits and underscores, \
             starting with a letter, parts joined by dots (`similar_news`, `weather.wind`), at \
             most {MAX_KEY_CHARS} characters."
        )))
    }
}

/// A stored value, read.
pub fn parse(row: &MessageRow) -> Result<MessageValue, ApiError> {
    serde_json::from_str(&row.value).map_err(|error| {
        ApiError::internal(format!(
            "message {}/{} is not readable: {error}",
            row.locale, row.key
        ))
    })
}

/// A key's message as served in one locale.
struct Resolved {
    value: MessageValue,
    /// The locale of the text served.
    locale: String,
    is_fallback: bool,
    transliterated_from: Option<String>,
    updated_at: DateTime<Utc>,
}

/// The message among `rows` (one key's texts) to serve for `negotiated`; `None` when no
/// locale of its chain has one.
fn resolve<'a>(
    rows: impl IntoIterator<Item = &'a MessageRow> + Clone,
    negotiated: &Negotiated,
) -> Result<Option<Resolved>, ApiError> {
    for code in negotiated.chain() {
        let Some(row) = rows.clone().into_iter().find(|row| row.locale == *code) else {
            continue;
        };
        let value = parse(row)?;
        let updated_at = row.updated_at.and_utc();
        return Ok(Some(match negotiated.transliteration_of(code) {
            Some(transliteration) => Resolved {
                value: value.map_text(|text| transliteration.text(text)),
                locale: negotiated.locale().to_owned(),
                is_fallback: true,
                transliterated_from: Some(code.clone()),
                updated_at,
            },
            None => Resolved {
                value,
                is_fallback: code != negotiated.locale(),
                locale: code.clone(),
                transliterated_from: None,
                updated_at,
            },
        }));
    }
    Ok(None)
}

fn no_text(key: &str, negotiated: &Negotiated) -> ApiError {
    ApiError::not_found(format!(
        "`{key}` has no text in {}: write one with PUT /api/v1/messages/{}/{key}.",
        negotiated.chain().join(", "),
        negotiated.locale()
    ))
}

pub(super) fn no_key(key: &str) -> ApiError {
    ApiError::not_found(format!(
        "There is no message key `{key}`; GET /api/v1/message-keys lists them, and an admin adds \
         one with PUT /api/v1/message-keys/{key}."
    ))
}

/// The locale of a path, as the catalog spells it (`uz-cyrl` is `uz-Cyrl`).
pub fn locale_of_path(locales: &LocaleCatalog, locale: &str) -> Result<String, ApiError> {
    locales
        .find(locale)
        .map(|entry| entry.code.clone())
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "No locale `{locale}` is served here; GET /api/v1/locales lists them ({}).",
                locales.codes().join(", ")
            ))
        })
}

/// The catalog of every key for the locale `negotiated` asks for.
pub async fn catalog(db: &Database, negotiated: Negotiated) -> Result<MessageCatalog, ApiError> {
    let chain = negotiated.chain().to_vec();
    let (keys, rows) = db
        .read(move |connection| {
            Ok((
                queries::keys(connection)?,
                queries::in_locales(connection, &chain)?,
            ))
        })
        .await?;
    let mut by_key: BTreeMap<&str, Vec<&MessageRow>> = BTreeMap::new();
    for row in &rows {
        by_key.entry(row.key.as_str()).or_default().push(row);
    }
    let mut catalog = MessageCatalog {
        locale: negotiated.locale().to_owned(),
        messages: BTreeMap::new(),
        fallbacks: BTreeMap::new(),
        missing: Vec::new(),
        plural_categories: plurals::categories(negotiated.locale())
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    for key in keys {
        let rows = by_key
            .get(key.key.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        match resolve(rows.iter().copied(), &negotiated)? {
            Some(resolved) => {
                if resolved.is_fallback {
                    catalog.fallbacks.insert(
                        key.key.clone(),
                        MessageOrigin {
                            locale: resolved.locale,
                            transliterated_from: resolved.transliterated_from,
                        },
                    );
                }
                catalog.messages.insert(key.key, resolved.value);
            }
            None => catalog.missing.push(key.key),
        }
    }
    Ok(catalog)
}

/// One key's message for the locale `negotiated` asks for.
pub async fn message(db: &Database, negotiated: Negotiated, key: &str) -> Result<Message, ApiError> {
    let key = key_of_path(key)?.to_owned();
    let (found, rows) = {
        let key = key.clone();
        db.read(move |connection| {
            Ok((
                queries::find_key(connection, &key)?,
                queries::of_key(connection, &key)?,
            ))
        })
        .await?
    };
    let found = found.ok_or_else(|| no_key(&key))?;
    let resolved = resolve(&rows, &negotiated)?.ok_or_else(|| no_text(&key, &negotiated))?;
    Ok(Message {
        key,
        locale: resolved.locale,
        value: resolved.value,
        plural: found.plural,
        is_fallback: resolved.is_fallback,
        transliterated_from: resolved.transliterated_from,
        updated_at: resolved.updated_at,
    })
}

/// A key's message formatted with `n`: the plural form `n` takes, by the rules of the text's
/// language, `{n}` replaced by it.
pub async fn format(
    db: &Database,
    negotiated: Negotiated,
    key: &str,
    n: Option<u64>,
) -> Result<FormattedMessage, ApiError> {
    let message = message(db, negotiated, key).await?;
    let (category, text) = match (&message.value, n) {
        (MessageValue::Forms(_), None) => {
            return Err(ApiError::invalid_parameter(format!(
                "`{key}` has forms by number: give `n`, the number to write it with."
            )));
        }
        (MessageValue::Forms(forms), Some(n)) => {
            let category = plurals::category_for(&message.locale, n);
            (
                Some(category.to_owned()),
                value::with_number(forms.form(category), n),
            )
        }
        (MessageValue::Text(text), Some(n)) => (None, value::with_number(text, n)),
        (MessageValue::Text(text), None) => (None, text.clone()),
    };
    Ok(FormattedMessage {
        key: message.key,
        n,
        locale: message.locale,
        category,
        text,
        is_fallback: message.is_fallback,
        transliterated_from: message.transliterated_from,
    })
}

/// `at` described from `now` ("5 hours ago"), on the calendar of `offset`.
pub async fn relative(
    db: &Database,
    negotiated: Negotiated,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<RelativeTime, ApiError> {
    let (key, n) = relative_time::describe(at, now, offset);
    let formatted = format(db, negotiated, key, n).await?;
    Ok(RelativeTime {
        at,
        now,
        key: formatted.key,
        n,
        locale: formatted.locale,
        text: formatted.text,
        is_fallback: formatted.is_fallback,
        transliterated_from: formatted.transliterated_from,
    })
}

fn key_view(row: KeyRow, locales: Vec<String>) -> MessageKey {
    MessageKey {
        built_in: relative_time::is_built_in(&row.key),
        key: row.key,
        description: row.description,
        plural: row.plural,
        locales,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
    }
}

/// Every key, with the locales each is written in.
pub async fn keys(db: &Database) -> Result<MessageKeyList, ApiError> {
    let (keys, written) = db
        .read(|connection| Ok((queries::keys(connection)?, queries::written_locales(connection)?)))
        .await?;
    let data: Vec<MessageKey> = keys
        .into_iter()
        .map(|row| {
            let locales = written
                .iter()
                .filter(|(key, _)| *key == row.key)
                .map(|(_, locale)| locale.clone())
                .collect();
            key_view(row, locales)
        })
        .collect();
    Ok(MessageKeyList {
        page: Page::whole(data.len()),
        data,
    })
}

pub(super) fn key_with_locales(
    connection: &mut DbConnection,
    key: &str,
) -> Result<Option<MessageKey>, ApiError> {
    let Some(row) = queries::find_key(connection, key)? else {
        return Ok(None);
    };
    let locales = queries::of_key(connection, key)?
        .into_iter()
        .map(|message| message.locale)
        .collect();
    Ok(Some(key_view(row, locales)))
}

/// One key.
pub async fn key(db: &Database, key: &str) -> Result<MessageKey, ApiError> {
    let key = key_of_path(key)?.to_owned();
    let found = {
        let key = key.clone();
        db.read(move |connection| key_with_locales(connection, &key))
            .await?
    };
    found.ok_or_else(|| no_key(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_their_form() {
        for key in ["today", "similar_news", "weather.wind", "a1_b"] {
            assert!(is_key(key), "{key}");
        }
        for key in [
            "", "Today", "1st", "a..b", ".a", "a.", "a-b", "_a", "a.1b", "ключ",
        ] {
            assert!(!is_key(key), "{key}");
        }
        assert!(!is_key(&"a".repeat(MAX_KEY_CHARS + 1)));
    }
}
