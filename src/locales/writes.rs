//! The rules of writing locales (admins only): a well-formed, new code; fallbacks that are
//! served locales; exactly one default. After each write the catalog is read again, in the
//! same transaction, and served from the moment the write commits, before the next write.

use crate::audit::{self, Action};
use crate::auth::Caller;
use crate::checks::{Checked, Checks};
use crate::db::DbConnection;
use crate::db::{self, Database};
use crate::error::ApiError;
use crate::locale::{LocaleCatalog, LocaleEntry, LocaleStore};
use crate::locales::catalog;
use crate::locales::input::{LocalePatch, NewLocaleBody};
use crate::locales::queries::{self, LocaleChanges, NewLocaleRow};
use crate::locales::views::Locale;
use crate::preconditions::{self, IfMatch};

/// A locale's `ETag`: locales keep no version, so it is a digest of how the API shows it.
pub fn etag(locale: &LocaleEntry) -> String {
    preconditions::content_etag(&Locale::from(locale))
}

/// Checks that `code` may be served by transliterating `from`: a locale served here, of the
/// same language in the other script (Uzbek in Latin and Cyrillic).
fn check_transliteration(
    code: &str,
    from: &str,
    known: &LocaleCatalog,
    checks: &mut Checks,
) -> Option<String> {
    let field = "transliterate_from";
    let Some(source) = known.find(from) else {
        checks.fail(
            field,
            format!(
                "`{from}` is not a locale served here; use one of: {}",
                known.codes().join(", ")
            ),
        );
        return None;
    };
    if crate::transliteration::between(&source.code, code).is_none() {
        checks.fail(
            field,
            format!(
                "`{code}` can't be served transliterated from `{}`: only Uzbek goes between its Latin and Cyrillic scripts (`uz`, `uz-Cyrl`)",
                source.code
            ),
        );
        return None;
    }
    Some(source.code.clone())
}

/// A locale as written, and the catalog with it.
pub struct Written {
    pub locale: LocaleEntry,
    pub catalog: LocaleCatalog,
}

/// Checks a fallback chain for the locale `code` against the `known` locales.
fn check_fallbacks(
    code: &str,
    fallbacks: &[String],
    known: &LocaleCatalog,
    checks: &mut Checks,
) -> Vec<String> {
    let mut chain: Vec<String> = Vec::new();
    for (index, fallback) in fallbacks.iter().enumerate() {
        let field = format!("fallbacks.{index}");
        match known.find(fallback) {
            None => checks.fail(
                field,
                format!(
                    "`{fallback}` is not a locale served here; use one of: {}",
                    known.codes().join(", ")
                ),
            ),
            Some(locale) if locale.code.eq_ignore_ascii_case(code) => {
                checks.fail(field, "a locale can't fall back to itself")
            }
            Some(locale) if chain.contains(&locale.code) => {
                checks.fail(field, format!("`{}` is listed twice", locale.code))
            }
            Some(locale) => chain.push(locale.code.clone()),
        }
    }
    chain
}

fn reread(connection: &mut DbConnection, code: &str) -> Result<Written, ApiError> {
    let catalog = stored(connection)?;
    let locale = catalog
        .find(code)
        .cloned()
        .ok_or_else(|| ApiError::internal(format!("locale {code} vanished inside its write")))?;
    Ok(Written { locale, catalog })
}

/// The locales as stored now, inside the write's transaction.
fn stored(connection: &mut DbConnection) -> Result<LocaleCatalog, ApiError> {
    catalog::load(connection)
}

/// Adds a locale; `store` serves the new catalog as soon as the write commits.
pub async fn create_from_request(
    db: &Database,
    store: LocaleStore,
    caller: Caller,
    body: Checked<NewLocaleBody>,
) -> Result<Written, ApiError> {
    let write = move |connection: &mut DbConnection| {
        let catalog = stored(connection)?;
        let Checked {
            value: body,
            checks: mut found,
            ..
        } = body;
        let mut fallbacks = Vec::new();
        let mut transliterate_from = None;
        if let Some(body) = &body {
            fallbacks = check_fallbacks(
                &body.code,
                body.fallbacks.as_deref().unwrap_or_default(),
                &catalog,
                &mut found,
            );
            transliterate_from = body
                .transliterate_from
                .as_deref()
                .and_then(|from| check_transliteration(&body.code, from, &catalog, &mut found));
        }
        let body = found.finish(body)?;
        if let Some(existing) = catalog.find(&body.code) {
            return Err(ApiError::conflict(format!(
                "The locale `{}` exists already; change it with PATCH /api/v1/locales/{}.",
                existing.code, existing.code
            )));
        }
        let now = db::now();
        let position = match body.position {
            Some(position) => position,
            None => queries::next_position(connection)?,
        };
        queries::insert(
            connection,
            &NewLocaleRow {
                code: &body.code,
                name: &body.name,
                english_name: &body.english_name,
                is_default: false,
                position,
                transliterate_from: transliterate_from.as_deref(),
                created_at: now,
                updated_at: now,
            },
        )?;
        queries::set_fallbacks(connection, &body.code, &fallbacks)?;
        if body.is_default {
            queries::make_default(connection, &body.code)?;
        }
        audit::record(connection, &caller, Action::Create, "locale", &body.code)?;
        reread(connection, &body.code)
    };
    db.write_then(write, move |written| store.replace(written.catalog.clone()))
        .await
}

/// Changes a locale; `store` serves the new catalog as soon as the write commits.
pub async fn update_from_request(
    db: &Database,
    store: LocaleStore,
    caller: Caller,
    code: String,
    patch: Checked<LocalePatch>,
    if_match: Option<IfMatch>,
) -> Result<Written, ApiError> {
    let if_match = patch.precondition(if_match);
    let write = move |connection: &mut DbConnection| {
        // Read inside the write, so that If-Match is checked against what is stored now.
        let catalog = stored(connection)?;
        let current = catalog.find(&code).cloned().ok_or_else(|| {
            ApiError::not_found(format!(
                "No locale has the code `{code}`. GET /api/v1/locales lists them."
            ))
        })?;
        let Checked {
            value: patch,
            mut checks,
            ..
        } = patch;
        let mut fallbacks = None;
        let mut transliterate_from = None;
        if let Some(patch) = &patch {
            transliterate_from = patch.transliterate_from.as_ref().map(|from| {
                from.as_deref()
                    .and_then(|from| check_transliteration(&current.code, from, &catalog, &mut checks))
            });
            if patch.is_default == Some(false) && current.is_default {
                checks.fail(
                    "is_default",
                    "a locale stops being the default only when another one becomes it: set `is_default` on that one",
                );
            }
            fallbacks = patch
                .fallbacks
                .as_ref()
                .map(|chain| check_fallbacks(&current.code, chain, &catalog, &mut checks));
        }
        // What the body names is checked first: a body the client must fix anyway (a fallback
        // that is not served, as the document's enum says) is a 422 whatever its version.
        let patch = checks.finish(patch)?;
        if let Some(condition) = &if_match {
            condition.check_tag(&etag(&current), "locale")?;
        }
        queries::update(
            connection,
            &current.code,
            &LocaleChanges {
                name: patch.name.as_deref(),
                english_name: patch.english_name.as_deref(),
                position: patch.position,
                transliterate_from: transliterate_from.as_ref().map(Option::as_deref),
                updated_at: db::now(),
            },
        )?;
        if let Some(fallbacks) = &fallbacks {
            queries::set_fallbacks(connection, &current.code, fallbacks)?;
        }
        if patch.is_default == Some(true) {
            queries::make_default(connection, &current.code)?;
        }
        audit::record(connection, &caller, Action::Update, "locale", &current.code)?;
        reread(connection, &current.code)
    };
    db.write_then(write, move |written| store.replace(written.catalog.clone()))
        .await
}
