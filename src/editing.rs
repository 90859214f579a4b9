//! What every editorial write knows beside its body: the locales served, the key that makes
//! the write, and the locale to answer in.

use std::sync::Arc;

use crate::auth::Caller;
use crate::error::ApiError;
use std::collections::BTreeMap;

use crate::checks::Checks;
use crate::locale::{AcceptedLanguages, LocaleCatalog, Negotiated};

pub struct Editing {
    pub catalog: Arc<LocaleCatalog>,
    pub caller: Caller,
    /// The locale to answer in (`?locale=`), already checked to be served.
    pub answer_locale: Option<String>,
}

impl Editing {
    /// Checks `?locale=` now, so that a bad one refuses the write rather than its answer.
    pub fn new(
        catalog: Arc<LocaleCatalog>,
        caller: Caller,
        answer_locale: Option<&str>,
    ) -> Result<Self, ApiError> {
        let answer_locale = answer_locale
            .map(|locale| {
                catalog
                    .negotiate(Some(locale), &AcceptedLanguages::default())
                    .map(|n| n.locale().to_owned())
            })
            .transpose()?;
        Ok(Self {
            catalog,
            caller,
            answer_locale,
        })
    }

    /// The negotiation for the answer: `?locale=`, else `otherwise`, else the default locale.
    pub fn answer_in(&self, otherwise: Option<&str>) -> Result<Negotiated, ApiError> {
        let locale = self.answer_locale.as_deref().or(otherwise);
        self.catalog.negotiate(locale, &AcceptedLanguages::default())
    }

    /// The default locale's negotiation, which decides between things that share a slug.
    pub fn by_default(&self) -> Result<Negotiated, ApiError> {
        self.catalog.negotiate(None, &AcceptedLanguages::default())
    }

    /// The locales named by `keys`, the keys of the map at `field` of a body (`translations`),
    /// each key with the locale it names; keys that name no locale served here, or one named
    /// already, fail the checks.
    pub fn locales_of(
        &self,
        keys: Option<&[String]>,
        field: &str,
        checks: &mut Checks,
    ) -> BTreeMap<String, String> {
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        for key in keys.unwrap_or_default() {
            let entry = format!("{field}.{key}");
            let Some(code) = self.locale(key, &entry, checks) else {
                continue;
            };
            if found.values().any(|seen| *seen == code) {
                checks.fail(entry, format!("`{code}` is given twice"));
                continue;
            }
            found.insert(key.to_owned(), code);
        }
        found
    }

    /// The locale served here that `key` names (case aside); else `field` fails the checks.
    pub fn locale(&self, key: &str, field: &str, checks: &mut Checks) -> Option<String> {
        let found = self.catalog.find(key).map(|locale| locale.code.clone());
        if found.is_none() {
            checks.fail(
                field,
                format!(
                    "`{key}` is not a locale served here; use one of: {}",
                    self.catalog.codes().join(", ")
                ),
            );
        }
        found
    }
}

/// Slugs a request asks for that something else holds in their locale: a 409, once the request
/// is otherwise acceptable (a 422 comes first).
#[derive(Debug, Default)]
pub struct SlugClashes(Vec<String>);

impl SlugClashes {
    pub fn push(&mut self, clash: String) {
        self.0.push(clash);
    }

    /// `Ok` when nothing clashed; `derived_from` names what a slug is derived from.
    pub fn finish(self, derived_from: &str) -> Result<(), ApiError> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(ApiError::conflict(format!(
            "{}. Choose another slug, or leave `slug` out to derive a free one from the {derived_from}.",
            self.0.join("; ")
        )))
    }
}

/// Fails a slug shaped like an id: ids and slugs share the same URLs, so it could never be
/// found by. Returns whether the slug may be used.
pub fn check_slug_shape(slug: &str, field: &str, checks: &mut Checks) -> bool {
    let looks_like_id = uuid::Uuid::parse_str(slug).is_ok();
    if looks_like_id {
        checks.fail(
            field,
            "must not look like an id: ids and slugs share the same URLs",
        );
    }
    !looks_like_id
}
