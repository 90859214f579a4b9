//! The catalog of locales as stored: the locales, and the words their transliteration spells
//! otherwise than its letter rules.

use std::sync::Arc;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::locale::LocaleCatalog;
use crate::locales::queries;
use crate::spellings;
use crate::transliteration::Exceptions;

/// Reads the catalog from the database (inside a write's transaction, it is the catalog
/// that write makes).
pub fn load(connection: &mut DbConnection) -> Result<LocaleCatalog, ApiError> {
    let locales = queries::all(connection)?;
    let words = spellings::queries::all(connection)?;
    let spellings = Exceptions::with_words(
        words
            .iter()
            .map(|word| (word.cyrillic.as_str(), word.latin.as_str())),
    );
    LocaleCatalog::with_spellings(locales, Arc::new(spellings))
        .ok_or_else(|| ApiError::internal("no locale is marked as the default"))
}
