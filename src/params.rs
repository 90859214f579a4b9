//! Path and query values parsed into what they mean, with an error that names the parameter.
//!
//! A query string is read in two steps ([`Query`]): as sent, into the operation's `Raw`
//! struct (each value as text, a name the operation does not take refused; the same struct
//! documents the parameters with their real types), then into typed parameters by the
//! operation's [`FromQuery`], which holds the rules that tie one parameter to another. Each
//! value that means nothing is a 400 naming its parameter.

use std::fmt;
use std::future::{Ready, ready};

use actix_web::error::QueryPayloadError;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::db::Id;
use crate::error::ApiError;
use crate::pagination::{Cursor, Cursors};

/// Typed query parameters, from the text a query string gives them.
pub trait FromQuery: Sized {
    /// The parameters as sent.
    type Raw: DeserializeOwned;

    fn from_query(raw: Self::Raw) -> Result<Self, ApiError>;
}

/// The extractor of typed query parameters.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T: FromQuery> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            web::Query::<T::Raw>::from_query(request.query_string())
                .map_err(|error| query_error(&error))
                .and_then(|raw| T::from_query(raw.into_inner()))
                .map(Query),
        )
    }
}

/// The 400 for a query string that can't be read at all (a parameter the operation does not
/// take, one given twice).
pub fn query_error(error: &QueryPayloadError) -> ApiError {
    ApiError::invalid_parameter(match error {
        QueryPayloadError::Deserialize(cause) => format!("Query string: {cause}."),
        other => format!("Query string: {other}."),
    })
}

/// A page size: `limit` from 1 to `max`, `default` when not given.
pub fn limit(raw: Option<&str>, default: u32, max: u32) -> Result<u32, ApiError> {
    let Some(raw) = raw else { return Ok(default) };
    match raw.parse::<u32>() {
        Ok(value) if (1..=max).contains(&value) => Ok(value),
        _ => Err(ApiError::invalid_parameter(format!(
            "`limit` must be a whole number from 1 to {max}; got `{raw}`."
        ))),
    }
}

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

/// A `cursor` parameter, checked to be one this API issued; empty counts as absent, so
/// `cursor=` asks for the first page. Only the server that issued it can tell: handlers open
/// it with their state's cursor key.
pub fn cursor(cursors: &Cursors, raw: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    raw.filter(|cursor| !cursor.is_empty())
        .map(|cursor| cursors.open(cursor))
        .transpose()
}

/// How a client names an article or a category: by its id, or by its slug in any locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlugOrId {
    Id(Id),
    /// Lowercased: slugs are lowercase, and a link typed with capitals still finds its page.
    Slug(String),
}

impl SlugOrId {
    pub fn parse(raw: &str) -> Self {
        match uuid::Uuid::parse_str(raw) {
            Ok(uuid) => Self::Id(Id(uuid)),
            Err(_) => Self::Slug(raw.to_lowercase()),
        }
    }
}

impl fmt::Display for SlugOrId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Id(id) => id.fmt(f),
            Self::Slug(slug) => f.write_str(slug),
        }
    }
}

/// The query of an endpoint that takes no parameters: any parameter is refused by name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_value_is_refused_by_its_name() {
        assert_eq!(limit(None, 6, 20).unwrap(), 6);
        assert_eq!(limit(Some("20"), 6, 20).unwrap(), 20);
        for bad in ["0", "21", "x", "-1", "2.5"] {
            let error = limit(Some(bad), 6, 20).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("`limit` must be a whole number from 1 to 20"),
                "{error}"
            );
        }
        assert_eq!(flag("preview", Some("true")).unwrap(), Some(true));
        assert!(
            flag("preview", Some("yes"))
                .unwrap_err()
                .to_string()
                .starts_with("`preview`")
        );
    }
}
