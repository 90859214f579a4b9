//! Query parameter values parsed into what they mean, with an error that names the parameter.

use crate::error::ApiError;

/// A `true`/`false` parameter; absent means no preference.
pub fn flag(name: &str, raw: Option<&str>) -> Result<Option<bool>, ApiError> {
    match raw {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(other) => Err(ApiError::invalid_parameter(format!(
            "`{name}` must be `true` or `false`; got `{other}`."
        ))),
    }
}

/// A cursor parameter; empty counts as absent, so `cursor=` asks for the first page.
pub fn cursor(raw: Option<String>) -> Option<String> {
    raw.filter(|cursor| !cursor.is_empty())
}
