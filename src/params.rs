//! Path and query values parsed into what they mean, with an error that names the parameter.

use std::fmt;

use serde::Deserialize;

use crate::db::Id;
use crate::error::ApiError;
use crate::pagination::{Cursor, Cursors};

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
/// `cursor=` asks for the first page.
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
