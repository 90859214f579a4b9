//! The patterns text in a request body must match, each with what it says to a client whose
//! text does not. The OpenAPI document states them (the schemas' own, and the text rules it
//! gives every text field, [`TEXT`] and [`VISIBLE_TEXT`]); request bodies are checked against
//! the same schemas, and a broken pattern is reported with its message here.

/// Text: anything but control characters (NUL, escape...); tabs and line breaks are text.
/// The document gives it to every text field of a request body without a pattern of its own.
pub const TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// Text that must not be blank: [`TEXT`] with a character that is not white space. The white
/// space is listed (ECMA-262's `\s`) rather than written `\s`, whose meaning differs between
/// regex engines (Python's leaves out U+FEFF). The document gives it to the text fields
/// declared with the pattern `\S`.
pub const VISIBLE_TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*\
    [^\\u0000-\\u0020\\u007F-\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]\
    [^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// The pattern a schema declares for text that must not be blank, which the document turns
/// into [`VISIBLE_TEXT`].
pub const NOT_BLANK: &str = "\\S";

/// A slug: lowercase letters a-z and digits, in words joined by single hyphens.
pub const SLUG: &str = crate::slugs::PATTERN;

/// An `http` or `https` URL with a host.
pub const URL: &str = "^https?://[^\\s/?#]+";

/// A new locale's code, as BCP 47 writes it: `uz`, `uz-Cyrl`, `pt-BR`.
pub const LOCALE_CODE: &str = "^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$";

/// A word in Uzbek's Latin letters: any case, any of the marks people type for `‘` (`'`, `‘`,
/// `’`, `ʻ`, `ʼ`, `` ` ``), hyphens between letters.
pub const LATIN_WORD: &str = "^[A-Za-z'‘’ʻʼ`]+(-[A-Za-z'‘’ʻʼ`]+)*$";

/// A message key: lowercase letters a-z, digits and underscores, starting with a letter; dots
/// between such parts group keys (`weather.wind`).
pub const MESSAGE_KEY: &str = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$";

/// A word in Cyrillic letters (those of Unicode's Cyrillic block), parts joined by single
/// hyphens.
pub const CYRILLIC_WORD: &str = "^[\\u0400-\\u0481\\u048A-\\u04FF]+(-[\\u0400-\\u0481\\u048A-\\u04FF]+)*$";

/// A locale tag as a parameter or a key of `translations` takes it, in any case (`uz-cyrl`).
pub const LOCALE_TAG: &str = "^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$";

/// An ISO 4217 code: three capital letters (`USD`, `XAU` for gold).
pub const CURRENCY_CODE: &str = "^[A-Z]{3}$";

/// A city's code: lowercase letters a-z, digits and hyphens, starting with a letter.
pub const CITY_CODE: &str = "^[a-z][a-z0-9-]*$";

/// What a field whose text does not match `pattern` is told.
pub fn message(pattern: &str) -> Option<&'static str> {
    [
        (SLUG, "must be lowercase letters a-z and digits, in words joined by single hyphens"),
        (VISIBLE_TEXT, "must not be blank, nor contain control characters"),
        (TEXT, "must not contain control characters"),
        (URL, "must be an http:// or https:// URL"),
        (LOCALE_TAG, "must be a locale tag, such as `ru` or `uz-Cyrl`"),
        (
            MESSAGE_KEY,
            "must be lowercase letters a-z, digits and underscores, starting with a letter, parts joined by dots",
        ),
        (
            LATIN_WORD,
            "must be one word in Latin letters a-z (with `‘` or `'` for o‘ and g‘), parts joined by single hyphens",
        ),
        (CURRENCY_CODE, "must be an ISO 4217 code: three capital letters, such as `USD` (or `XAU` for gold)"),
        (
            CITY_CODE,
            "must be a city's code: lowercase letters a-z, digits and hyphens, starting with a letter (`tashkent`)",
        ),
        (
            LOCALE_CODE,
            "must be a BCP 47 tag: a language in lowercase, then a script in title case or a region in capitals (`uz-Cyrl`, `pt-BR`)",
        ),
    ]
    .into_iter()
    .find(|(known, _)| *known == pattern)
    .map(|(_, message)| message)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn patterns(value: &Value, into: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                for (key, value) in object {
                    match (key.as_str(), value) {
                        ("pattern", Value::String(pattern)) => into.push(pattern.clone()),
                        // The keys of `translations` are refused with a message of their own.
                        ("propertyNames", _) => {}
                        _ => patterns(value, into),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| patterns(item, into)),
            _ => {}
        }
    }

    #[test]
    fn every_pattern_a_request_body_can_break_has_a_message() {
        let document = serde_json::to_value(crate::app::openapi_document()).unwrap();
        let mut found = Vec::new();
        for name in crate::openapi::request_body_schemas(&document) {
            patterns(&document["components"]["schemas"][&name], &mut found);
        }
        assert!(found.len() > 10, "{found:?}");
        for pattern in found {
            assert!(message(&pattern).is_some(), "no message for `{pattern}`");
        }
    }
}
