//! What is found wrong with a request before anything is written: every field at once.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::{ApiError, FieldError};

/// The fields found wrong with a request so far.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Adds an error whose kind is not "invalid" (a missing field).
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// `Ok(value)` when nothing was found wrong, else a 422 listing every field.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, ApiError> {
        match value {
            Some(value) if self.0.is_empty() => Ok(value),
            None if self.0.is_empty() => Err(ApiError::internal("a body neither read nor refused")),
            _ => Err(ApiError::Validation(self.0)),
        }
    }
}

impl From<Vec<FieldError>> for Checks {
    fn from(errors: Vec<FieldError>) -> Self {
        Self(errors)
    }
}

/// A request body, read as far as it could be: the typed value (unless its shape was too wrong
/// to read), what it names (read even then, so that every reference is checked in the same
/// answer), and what its schema found wrong.
#[derive(Debug)]
pub struct Checked<T> {
    pub value: Option<T>,
    pub names: References,
    pub checks: Checks,
}

impl<T> Checked<T> {
    /// The precondition (`If-Match`) to check before writing this body: none when the body
    /// breaks its schema, which is refused with 422 whatever else, so that a stale version is
    /// not reported before the errors the client must fix anyway.
    pub fn precondition<C>(&self, condition: Option<C>) -> Option<C> {
        condition.filter(|_| self.value.is_some() && self.checks.0.is_empty())
    }
}

/// What a request body names elsewhere (a category, locales, articles), as sent, however
/// wrong the rest of it is. A member that is absent, or not of the shape it should have, is
/// `None` (its schema says what is wrong with it).
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
pub struct References {
    /// `category`: the slug or id of a category; not blank.
    #[serde(default, deserialize_with = "text")]
    pub category: Option<String>,
    /// `original_locale`: a locale's code; not blank.
    #[serde(default, deserialize_with = "text")]
    pub original_locale: Option<String>,
    /// The keys of `translations`, when it is an object: locales' codes.
    #[serde(default, deserialize_with = "keys")]
    pub translations: Option<Vec<String>>,
    /// `related`, when it is a list: the slugs or ids of articles, an entry that is not text
    /// (or is blank) as an empty string, so that each keeps its place.
    #[serde(default, deserialize_with = "texts")]
    pub related: Option<Vec<String>>,
}

fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) if !text.trim().is_empty() => Some(text),
        _ => None,
    })
}

fn keys<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Object(map) => Some(map.keys().cloned().collect()),
        _ => None,
    })
}

fn texts<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<String>>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => Some(
            items
                .into_iter()
                .map(|item| match item {
                    Value::String(text) if !text.trim().is_empty() => text,
                    _ => String::new(),
                })
                .collect(),
        ),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_are_read_from_a_body_however_wrong_the_rest_is() {
        let names: References = serde_json::from_value(json!({
            "category": "world", "original_locale": 7, "translations": {"ru": 1, "en": {}},
            "related": ["a", 3, " ", "b"], "title": null
        }))
        .unwrap();
        assert_eq!(names.category.as_deref(), Some("world"));
        assert_eq!(names.original_locale, None, "not text");
        assert_eq!(names.translations, Some(vec!["en".to_owned(), "ru".to_owned()]));
        assert_eq!(
            names.related,
            Some(vec!["a".to_owned(), String::new(), String::new(), "b".to_owned()])
        );
        let blank: References = serde_json::from_value(json!({"category": " ", "translations": []})).unwrap();
        assert_eq!(blank, References::default());
    }
}
