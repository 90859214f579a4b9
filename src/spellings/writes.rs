//! The rules of the publisher's spellings: a word is named in Cyrillic (lowercase when
//! stored), spelt in Latin letters; each write serves the new spellings from the moment it
//! commits, in every transliterated read.

use crate::audit::{self, Action};
use crate::auth::Caller;
use crate::checks::Checked;
use crate::db::DbConnection;
use crate::db::{self, Database};
use crate::error::ApiError;
use crate::locale::LocaleStore;
use crate::locales::catalog;
use crate::spellings::input::SpellingBody;
use crate::spellings::views::Spelling;
use crate::spellings::{queries, service};
use crate::transliteration::{Exceptions, canonical_latin};

/// The longest word, in characters.
pub const MAX_WORD_CHARS: usize = 64;

/// The word of a path, lowercase, if it is one written in Cyrillic letters.
pub(super) fn cyrillic_word(word: &str) -> Result<String, ApiError> {
    let lower = word.trim().to_lowercase();
    // The letters of [`crate::patterns::CYRILLIC_WORD`]: the Cyrillic block but its signs and
    // combining marks (U+0482 to U+0489).
    let letters = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| matches!(c, '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}'))
    };
    if lower.chars().count() > MAX_WORD_CHARS || !lower.split('-').all(letters) {
        return Err(ApiError::invalid_parameter(format!(
            "`{word}` is not a word in Cyrillic letters: name the word in Cyrillic (`концерт`), \
             up to {MAX_WORD_CHARS} letters, hyphens only between them, and give its Latin \
             spelling in the body."
        )));
    }
    Ok(lower)
}

/// Sets a word's spelling; `true` when the publisher had none for it. `store` serves the new
/// spellings as soon as the write commits.
pub async fn put(
    db: &Database,
    store: LocaleStore,
    caller: Caller,
    word: &str,
    body: Checked<SpellingBody>,
) -> Result<(Spelling, bool), ApiError> {
    let word = cyrillic_word(word)?;
    let body = body.checks.finish(body.value)?;
    let latin = canonical_latin(&body.latin);
    let write = move |connection: &mut DbConnection| {
        let created = queries::put(connection, &word, &latin, db::now())?;
        let action = if created { Action::Create } else { Action::Update };
        audit::record(connection, &caller, action, "spelling", &word)?;
        let row = queries::find(connection, &word)?
            .ok_or_else(|| ApiError::internal("a spelling vanished inside its write"))?;
        Ok((service::view(row), created, catalog::load(connection)?))
    };
    let (spelling, created, _) = db
        .write_then(write, move |(_, _, catalog)| store.replace(catalog.clone()))
        .await?;
    Ok((spelling, created))
}

/// Removes a word's spelling of the publisher's: the standard one (if any) or the letter rules
/// write it from then on.
pub async fn delete(db: &Database, store: LocaleStore, caller: Caller, word: &str) -> Result<(), ApiError> {
    let word = cyrillic_word(word)?;
    let write = move |connection: &mut DbConnection| {
        if !queries::delete(connection, &word)? {
            let standard = Exceptions::standard_words().any(|(cyrillic, _)| cyrillic == word);
            return Err(match standard {
                true => ApiError::not_found(format!(
                    "`{word}` is spelt by the standard list, which stays; to spell it otherwise, \
                     PUT /api/v1/spellings/{word}."
                )),
                false => service::not_found(&word),
            });
        }
        audit::record(connection, &caller, Action::Delete, "spelling", &word)?;
        catalog::load(connection)
    };
    db.write_then(write, move |catalog| store.replace(catalog.clone()))
        .await?;
    Ok(())
}
