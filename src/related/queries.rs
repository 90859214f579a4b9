//! Diesel reads and writes of related articles: word vectors, the counts of their words,
//! computed lists and pins.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::Id;
use crate::db::schema::{
    related_computed, related_corpus, related_pins, related_terms, related_vectors, related_words,
};

/// How many of `locale`'s vectors hold each of `terms` (a word none holds is left out).
pub fn document_frequencies(
    connection: &mut DbConnection,
    locale: &str,
    terms: &[&str],
) -> QueryResult<HashMap<String, u64>> {
    crate::on_backend!(connection, |connection| {
        let mut frequencies = HashMap::new();
        for chunk in terms.chunks(500) {
            let rows: Vec<(String, i64)> = related_words::table
                .filter(related_words::locale.eq(locale))
                .filter(related_words::term.eq_any(chunk))
                .select((related_words::term, related_words::documents))
                .load(connection)?;
            frequencies.extend(rows.into_iter().map(|(term, documents)| (term, documents as u64)));
        }
        Ok(frequencies)
    })
}

/// How many vectors `locale` has: the corpus its word frequencies are counted in.
pub fn corpus_size(connection: &mut DbConnection, locale: &str) -> QueryResult<u64> {
    crate::on_backend!(connection, |connection| {
        Ok(related_corpus::table
            .find(locale)
            .select(related_corpus::documents)
            .first::<i64>(connection)
            .optional()?
            .map_or(0, |documents| documents.max(0) as u64))
    })
}

/// Counts `words` as held by one more vector of `locale` (`delta` 1) or one fewer (-1),
/// and the locale's vectors with them.
fn count_words(connection: &mut DbConnection, locale: &str, words: &[&str], delta: i64) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        for chunk in words.chunks(300) {
            if delta > 0 {
                let rows: Vec<_> = chunk
                    .iter()
                    .map(|term| {
                        (
                            related_words::locale.eq(locale),
                            related_words::term.eq(*term),
                            related_words::documents.eq(delta),
                        )
                    })
                    .collect();
                diesel::insert_into(related_words::table)
                    .values(&rows)
                    .on_conflict((related_words::locale, related_words::term))
                    .do_update()
                    .set(related_words::documents.eq(related_words::documents + delta))
                    .execute(connection)?;
            } else {
                // Words no other vector holds go; the others count one fewer.
                let words = || {
                    related_words::table
                        .filter(related_words::locale.eq(locale))
                        .filter(related_words::term.eq_any(chunk))
                };
                diesel::delete(words().filter(related_words::documents.le(-delta))).execute(connection)?;
                diesel::update(words())
                    .set(related_words::documents.eq(related_words::documents + delta))
                    .execute(connection)?;
            }
        }
        diesel::insert_into(related_corpus::table)
            .values((
                related_corpus::locale.eq(locale),
                related_corpus::documents.eq(delta.max(0)),
            ))
            .on_conflict(related_corpus::locale)
            .do_update()
            .set(related_corpus::documents.eq(related_corpus::documents + delta))
            .execute(connection)?;
        diesel::delete(related_corpus::table.filter(related_corpus::documents.le(0)))
            .execute(connection)
            .map(drop)
    })
}

/// Replaces the word counts and corpus sizes with these, for a rebuild of every vector.
pub fn replace_word_counts(
    connection: &mut DbConnection,
    words: &[(&str, &str, i64)],
    corpus: &[(&str, i64)],
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(related_words::table).execute(connection)?;
        diesel::delete(related_corpus::table).execute(connection)?;
        for batch in words.chunks(3000) {
            let rows: Vec<_> = batch
                .iter()
                .map(|(locale, term, documents)| {
                    (
                        related_words::locale.eq(*locale),
                        related_words::term.eq(*term),
                        related_words::documents.eq(*documents),
                    )
                })
                .collect();
            diesel::insert_into(related_words::table)
                .values(&rows)
                .execute(connection)?;
        }
        let rows: Vec<_> = corpus
            .iter()
            .map(|(locale, documents)| {
                (
                    related_corpus::locale.eq(*locale),
                    related_corpus::documents.eq(*documents),
                )
            })
            .collect();
        diesel::insert_into(related_corpus::table)
            .values(&rows)
            .execute(connection)
            .map(drop)
    })
}

/// The fingerprint of an article's vector in `locale`: what its lists were computed from.
pub fn fingerprint(connection: &mut DbConnection, article: Id, locale: &str) -> QueryResult<Option<String>> {
    crate::on_backend!(connection, |connection| {
        related_vectors::table
            .find((article, locale))
            .select(related_vectors::fingerprint)
            .first(connection)
            .optional()
    })
}

/// Words with their weights, strongest first.
pub type Vector = Vec<(String, f64)>;

fn decode(vector: &str) -> Vector {
    serde_json::from_str(vector).unwrap_or_default()
}

/// What is stored of a translation's words: its vector, every word it has (each once), and
/// the fingerprint of what its lists are computed from.
pub struct StoredVector<'a> {
    pub vector: &'a [(String, f64)],
    pub words: &'a [&'a str],
    pub fingerprint: &'a str,
}

/// Replaces an article's word vector in `locale`, its postings and what its words count for.
pub fn replace_terms(
    connection: &mut DbConnection,
    article: Id,
    locale: &str,
    stored: &StoredVector,
) -> QueryResult<()> {
    remove_terms(connection, article, Some(locale))?;
    let terms: Vec<&(String, f64)> = stored.vector.iter().filter(|(_, weight)| *weight > 0.0).collect();
    let vector = serde_json::to_string(&terms).unwrap_or_else(|_| "[]".to_owned());
    crate::on_backend!(&mut *connection, |connection| {
        diesel::insert_into(related_vectors::table)
            .values((
                related_vectors::article_id.eq(article),
                related_vectors::locale.eq(locale),
                related_vectors::vector.eq(vector),
                related_vectors::words.eq(stored.words.join(" ")),
                related_vectors::fingerprint.eq(stored.fingerprint),
            ))
            .execute(connection)
    })?;
    count_words(connection, locale, stored.words, 1)?;
    crate::on_backend!(connection, |connection| {
        let rows: Vec<_> = terms
            .iter()
            .map(|(term, weight)| {
                (
                    related_terms::locale.eq(locale),
                    related_terms::term.eq(term),
                    related_terms::weight.eq(weight),
                    related_terms::article_id.eq(article),
                )
            })
            .collect();
        diesel::insert_into(related_terms::table)
            .values(&rows)
            .execute(connection)
            .map(drop)
    })
}

/// Removes an article's word vectors (in `locale`, or all), their postings and what their
/// words count for.
pub fn remove_terms(connection: &mut DbConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    let stored: Vec<(String, String, String)> = crate::on_backend!(&mut *connection, |connection| {
        let mut query = related_vectors::table
            .filter(related_vectors::article_id.eq(article))
            .select((
                related_vectors::locale,
                related_vectors::vector,
                related_vectors::words,
            ))
            .into_boxed();
        if let Some(locale) = locale {
            query = query.filter(related_vectors::locale.eq(locale));
        }
        query.load(connection)
    })?;
    for (locale, vector, words) in stored {
        crate::on_backend!(&mut *connection, |connection| {
            for (term, weight) in decode(&vector) {
                diesel::delete(related_terms::table.find((&locale, &term, weight, article)))
                    .execute(connection)?;
            }
            QueryResult::Ok(())
        })?;
        let words: Vec<&str> = words.split_whitespace().collect();
        count_words(connection, &locale, &words, -1)?;
        crate::on_backend!(&mut *connection, |connection| {
            diesel::delete(related_vectors::table.find((article, &locale))).execute(connection)
        })?;
    }
    Ok(())
}

/// An article's word vector in `locale`, strongest first.
pub fn terms_of(connection: &mut DbConnection, article: Id, locale: &str) -> QueryResult<Vec<(String, f64)>> {
    crate::on_backend!(connection, |connection| {
        Ok(related_vectors::table
            .find((article, locale))
            .select(related_vectors::vector)
            .first::<String>(connection)
            .optional()?
            .map(|vector| decode(&vector))
            .unwrap_or_default())
    })
}

/// The word vectors of these articles in `locale`.
pub fn terms_of_many(
    connection: &mut DbConnection,
    articles: &[Id],
    locale: &str,
) -> QueryResult<Vec<(Id, Vector)>> {
    crate::on_backend!(connection, |connection| {
        Ok(related_vectors::table
            .filter(related_vectors::article_id.eq_any(articles))
            .filter(related_vectors::locale.eq(locale))
            .select((related_vectors::article_id, related_vectors::vector))
            .load::<(Id, String)>(connection)?
            .into_iter()
            .map(|(id, vector)| (id, decode(&vector)))
            .collect())
    })
}

/// The locales an article has a word vector in.
pub fn locales_of(connection: &mut DbConnection, article: Id) -> QueryResult<Vec<String>> {
    crate::on_backend!(connection, |connection| {
        related_vectors::table
            .filter(related_vectors::article_id.eq(article))
            .select(related_vectors::locale)
            .load(connection)
    })
}

/// The articles a word weighs most in, in `locale`, strongest first.
pub fn strongest(
    connection: &mut DbConnection,
    locale: &str,
    term: &str,
    limit: i64,
) -> QueryResult<Vec<(Id, f64)>> {
    crate::on_backend!(connection, |connection| {
        related_terms::table
            .filter(related_terms::locale.eq(locale))
            .filter(related_terms::term.eq(term))
            .order(related_terms::weight.desc())
            .limit(limit)
            .select((related_terms::article_id, related_terms::weight))
            .load(connection)
    })
}

/// An article's computed list in `locale`, best first.
pub fn list(connection: &mut DbConnection, article: Id, locale: &str) -> QueryResult<Vec<(Id, f64)>> {
    crate::on_backend!(connection, |connection| {
        related_computed::table
            .filter(related_computed::article_id.eq(article))
            .filter(related_computed::locale.eq(locale))
            .order(related_computed::rank)
            .select((related_computed::related_id, related_computed::score))
            .load(connection)
    })
}

/// The computed lists of these articles in `locale`, each best first.
pub fn lists_of(
    connection: &mut DbConnection,
    articles: &[Id],
    locale: &str,
) -> QueryResult<HashMap<Id, Vec<(Id, f64)>>> {
    crate::on_backend!(connection, |connection| {
        let rows: Vec<(Id, Id, f64)> = related_computed::table
            .filter(related_computed::article_id.eq_any(articles))
            .filter(related_computed::locale.eq(locale))
            .order((related_computed::article_id, related_computed::rank))
            .select((
                related_computed::article_id,
                related_computed::related_id,
                related_computed::score,
            ))
            .load(connection)?;
        let mut lists: HashMap<Id, Vec<(Id, f64)>> = HashMap::new();
        for (article, related, score) in rows {
            lists.entry(article).or_default().push((related, score));
        }
        Ok(lists)
    })
}

/// Replaces an article's computed list in `locale`.
pub fn replace_list(
    connection: &mut DbConnection,
    article: Id,
    locale: &str,
    items: &[(Id, f64)],
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(
            related_computed::table
                .filter(related_computed::article_id.eq(article))
                .filter(related_computed::locale.eq(locale)),
        )
        .execute(connection)?;
        let rows: Vec<_> = items
            .iter()
            .enumerate()
            .map(|(index, (related, score))| {
                (
                    related_computed::article_id.eq(article),
                    related_computed::locale.eq(locale),
                    related_computed::rank.eq(index as i32 + 1),
                    related_computed::related_id.eq(*related),
                    related_computed::score.eq(*score),
                )
            })
            .collect();
        diesel::insert_into(related_computed::table)
            .values(&rows)
            .execute(connection)
            .map(drop)
    })
}

/// Removes an article's own computed lists (in `locale`, or all).
pub fn remove_lists(connection: &mut DbConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        let mut query = diesel::delete(related_computed::table)
            .filter(related_computed::article_id.eq(article))
            .into_boxed();
        if let Some(locale) = locale {
            query = query.filter(related_computed::locale.eq(locale));
        }
        query.execute(connection).map(drop)
    })
}

/// The lists `related` is in: each list's article and locale.
pub fn lists_containing(connection: &mut DbConnection, related: Id) -> QueryResult<Vec<(Id, String)>> {
    crate::on_backend!(connection, |connection| {
        related_computed::table
            .filter(related_computed::related_id.eq(related))
            .select((related_computed::article_id, related_computed::locale))
            .load(connection)
    })
}

/// The items editors pinned under an article, in order.
pub fn pins(connection: &mut DbConnection, article: Id) -> QueryResult<Vec<Id>> {
    crate::on_backend!(connection, |connection| {
        related_pins::table
            .filter(related_pins::article_id.eq(article))
            .order(related_pins::position)
            .select(related_pins::related_id)
            .load(connection)
    })
}

pub fn replace_pins(connection: &mut DbConnection, article: Id, pinned: &[Id]) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(related_pins::table.filter(related_pins::article_id.eq(article)))
            .execute(connection)?;
        let rows: Vec<_> = pinned
            .iter()
            .enumerate()
            .map(|(index, related)| {
                (
                    related_pins::article_id.eq(article),
                    related_pins::position.eq(index as i32 + 1),
                    related_pins::related_id.eq(*related),
                )
            })
            .collect();
        diesel::insert_into(related_pins::table)
            .values(&rows)
            .execute(connection)
            .map(drop)
    })
}
