//! Diesel reads and writes of related articles: word vectors, computed lists and pins. The
//! document frequencies come from FTS5's vocabulary table, SQLite-specific like the index.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::Id;
use crate::db::schema::{
    article_translations, related_computed, related_pins, related_terms, related_vectors,
};

/// How many search rows (translations) hold each of `terms`.
pub fn document_frequencies(
    connection: &mut SqliteConnection,
    terms: &[&str],
) -> QueryResult<HashMap<String, u64>> {
    #[derive(QueryableByName)]
    struct Frequency {
        #[diesel(sql_type = Text)]
        term: String,
        #[diesel(sql_type = BigInt)]
        doc: i64,
    }
    let mut frequencies = HashMap::new();
    for chunk in terms.chunks(400) {
        let placeholders = vec!["?"; chunk.len()].join(", ");
        let mut query = diesel::sql_query(format!(
            "SELECT term, doc FROM article_search_vocabulary WHERE term IN ({placeholders})"
        ))
        .into_boxed();
        for term in chunk {
            query = query.bind::<Text, _>(term.to_string());
        }
        for row in query.load::<Frequency>(connection)? {
            frequencies.insert(row.term, row.doc as u64);
        }
    }
    Ok(frequencies)
}

/// Every word of the search index with how many rows hold it, for a rebuild of every list.
pub fn all_document_frequencies(connection: &mut SqliteConnection) -> QueryResult<HashMap<String, u64>> {
    #[derive(QueryableByName)]
    struct Frequency {
        #[diesel(sql_type = Text)]
        term: String,
        #[diesel(sql_type = BigInt)]
        doc: i64,
    }
    let rows: Vec<Frequency> =
        diesel::sql_query("SELECT term, doc FROM article_search_vocabulary").load(connection)?;
    Ok(rows.into_iter().map(|row| (row.term, row.doc as u64)).collect())
}

/// How many translations there are: the corpus the frequencies are counted in.
pub fn corpus_size(connection: &mut SqliteConnection) -> QueryResult<u64> {
    article_translations::table
        .count()
        .get_result::<i64>(connection)
        .map(|count| count as u64)
}

/// Words with their weights, strongest first.
pub type Vector = Vec<(String, f64)>;

fn decode(vector: &str) -> Vector {
    serde_json::from_str(vector).unwrap_or_default()
}

/// Replaces an article's word vector in `locale`, and its postings.
pub fn replace_terms(
    connection: &mut SqliteConnection,
    article: Id,
    locale: &str,
    terms: &[(String, f64)],
) -> QueryResult<()> {
    remove_terms(connection, article, Some(locale))?;
    let terms: Vec<&(String, f64)> = terms.iter().filter(|(_, weight)| *weight > 0.0).collect();
    let vector = serde_json::to_string(&terms).unwrap_or_else(|_| "[]".to_owned());
    diesel::insert_into(related_vectors::table)
        .values((
            related_vectors::article_id.eq(article),
            related_vectors::locale.eq(locale),
            related_vectors::vector.eq(vector),
        ))
        .execute(connection)?;
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
}

/// Removes an article's word vectors (in `locale`, or all) and their postings.
pub fn remove_terms(connection: &mut SqliteConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    let mut query = related_vectors::table
        .filter(related_vectors::article_id.eq(article))
        .select((related_vectors::locale, related_vectors::vector))
        .into_boxed();
    if let Some(locale) = locale {
        query = query.filter(related_vectors::locale.eq(locale));
    }
    for (locale, vector) in query.load::<(String, String)>(connection)? {
        for (term, weight) in decode(&vector) {
            diesel::delete(related_terms::table.find((&locale, &term, weight, article)))
                .execute(connection)?;
        }
        diesel::delete(related_vectors::table.find((article, &locale))).execute(connection)?;
    }
    Ok(())
}

/// An article's word vector in `locale`, strongest first.
pub fn terms_of(
    connection: &mut SqliteConnection,
    article: Id,
    locale: &str,
) -> QueryResult<Vec<(String, f64)>> {
    Ok(related_vectors::table
        .find((article, locale))
        .select(related_vectors::vector)
        .first::<String>(connection)
        .optional()?
        .map(|vector| decode(&vector))
        .unwrap_or_default())
}

/// The word vectors of these articles in `locale`.
pub fn terms_of_many(
    connection: &mut SqliteConnection,
    articles: &[Id],
    locale: &str,
) -> QueryResult<Vec<(Id, Vector)>> {
    Ok(related_vectors::table
        .filter(related_vectors::article_id.eq_any(articles))
        .filter(related_vectors::locale.eq(locale))
        .select((related_vectors::article_id, related_vectors::vector))
        .load::<(Id, String)>(connection)?
        .into_iter()
        .map(|(id, vector)| (id, decode(&vector)))
        .collect())
}

/// The locales an article has a word vector in.
pub fn locales_of(connection: &mut SqliteConnection, article: Id) -> QueryResult<Vec<String>> {
    related_vectors::table
        .filter(related_vectors::article_id.eq(article))
        .select(related_vectors::locale)
        .load(connection)
}

/// The articles a word weighs most in, in `locale`, strongest first.
pub fn strongest(
    connection: &mut SqliteConnection,
    locale: &str,
    term: &str,
    limit: i64,
) -> QueryResult<Vec<(Id, f64)>> {
    related_terms::table
        .filter(related_terms::locale.eq(locale))
        .filter(related_terms::term.eq(term))
        .order(related_terms::weight.desc())
        .limit(limit)
        .select((related_terms::article_id, related_terms::weight))
        .load(connection)
}

/// An article's computed list in `locale`, best first.
pub fn list(connection: &mut SqliteConnection, article: Id, locale: &str) -> QueryResult<Vec<(Id, f64)>> {
    related_computed::table
        .filter(related_computed::article_id.eq(article))
        .filter(related_computed::locale.eq(locale))
        .order(related_computed::rank)
        .select((related_computed::related_id, related_computed::score))
        .load(connection)
}

/// Replaces an article's computed list in `locale`.
pub fn replace_list(
    connection: &mut SqliteConnection,
    article: Id,
    locale: &str,
    items: &[(Id, f64)],
) -> QueryResult<()> {
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
}

/// Removes an article's own computed lists (in `locale`, or all).
pub fn remove_lists(connection: &mut SqliteConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    let mut query = diesel::delete(related_computed::table)
        .filter(related_computed::article_id.eq(article))
        .into_boxed();
    if let Some(locale) = locale {
        query = query.filter(related_computed::locale.eq(locale));
    }
    query.execute(connection).map(drop)
}

/// The lists `related` is in: each list's article and locale.
pub fn lists_containing(connection: &mut SqliteConnection, related: Id) -> QueryResult<Vec<(Id, String)>> {
    related_computed::table
        .filter(related_computed::related_id.eq(related))
        .select((related_computed::article_id, related_computed::locale))
        .load(connection)
}

/// The items editors pinned under an article, in order.
pub fn pins(connection: &mut SqliteConnection, article: Id) -> QueryResult<Vec<Id>> {
    related_pins::table
        .filter(related_pins::article_id.eq(article))
        .order(related_pins::position)
        .select(related_pins::related_id)
        .load(connection)
}

pub fn replace_pins(connection: &mut SqliteConnection, article: Id, pinned: &[Id]) -> QueryResult<()> {
    diesel::delete(related_pins::table.filter(related_pins::article_id.eq(article))).execute(connection)?;
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
}
