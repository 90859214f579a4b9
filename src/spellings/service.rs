//! Reading spellings: the standard list, with the publisher's words over it.

use crate::db::Database;
use crate::error::ApiError;
use crate::spellings::queries;
use crate::spellings::views::{Spelling, SpellingList, SpellingSource};
use crate::spellings::writes::cyrillic_word;
use crate::transliteration::Exceptions;

/// Every spelling: the standard ones, and the publisher's, which win over them.
pub async fn list(db: &Database) -> Result<SpellingList, ApiError> {
    let stored = db.read(|connection| Ok(queries::all(connection)?)).await?;
    let mut data: Vec<Spelling> = Exceptions::standard_words()
        .filter(|(cyrillic, _)| !stored.iter().any(|row| row.cyrillic == *cyrillic))
        .map(|(cyrillic, latin)| Spelling {
            cyrillic: cyrillic.to_owned(),
            latin: latin.to_owned(),
            source: SpellingSource::Standard,
            updated_at: None,
        })
        .collect();
    data.extend(stored.into_iter().map(view));
    data.sort_by(|a, b| a.cyrillic.cmp(&b.cyrillic));
    let page = crate::pagination::Page::whole(data.len());
    Ok(SpellingList { data, page })
}

/// One word's spelling.
pub async fn get(db: &Database, word: &str) -> Result<Spelling, ApiError> {
    let word = cyrillic_word(word)?;
    let stored = {
        let word = word.clone();
        db.read(move |connection| Ok(queries::find(connection, &word)?))
            .await?
    };
    if let Some(row) = stored {
        return Ok(view(row));
    }
    Exceptions::standard_words()
        .find(|(cyrillic, _)| *cyrillic == word)
        .map(|(cyrillic, latin)| Spelling {
            cyrillic: cyrillic.to_owned(),
            latin: latin.to_owned(),
            source: SpellingSource::Standard,
            updated_at: None,
        })
        .ok_or_else(|| not_found(&word))
}

pub(super) fn not_found(word: &str) -> ApiError {
    ApiError::not_found(format!(
        "`{word}` has no spelling of its own: the letter rules write it. Give it one with PUT \
         /api/v1/spellings/{word}."
    ))
}

pub(super) fn view(row: queries::SpellingRow) -> Spelling {
    Spelling {
        cyrillic: row.cyrillic,
        latin: row.latin,
        source: SpellingSource::Publisher,
        updated_at: Some(row.updated_at.and_utc()),
    }
}
