//! What is found wrong with a request before anything is written: every field at once.

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
/// to read), the JSON as sent (so that what it refers to can be checked even then), and what
/// its schema found wrong.
#[derive(Debug)]
pub struct Checked<T> {
    pub value: Option<T>,
    pub raw: Value,
    pub checks: Checks,
}

impl<T> Checked<T> {
    /// The precondition (`If-Match`) to check before writing this body: none when the body
    /// breaks its schema, which is refused with 422 whatever else, so that a stale version is
    /// not reported before the errors the client must fix anyway.
    pub fn precondition<C>(&self, condition: Option<C>) -> Option<C> {
        condition.filter(|_| self.value.is_some() && self.checks.0.is_empty())
    }

    /// A value that needs no checking (built by the service itself).
    pub fn trusted(value: T, raw: Value) -> Self {
        Self {
            value: Some(value),
            raw,
            checks: Checks::new(),
        }
    }
}

/// The non-empty string at `field` of a JSON object, whatever else is wrong with it.
pub fn raw_str<'a>(raw: &'a Value, field: &str) -> Option<&'a str> {
    raw.get(field)
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
}

/// The keys of the object at `field` (a map keyed by locale, say), in order.
pub fn raw_keys<'a>(raw: &'a Value, field: &str) -> Vec<&'a str> {
    raw.get(field)
        .and_then(Value::as_object)
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
