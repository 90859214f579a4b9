//! The search index on SQLite: an FTS5 table whose rowids are the translations' rowids,
//! ranked by FTS5's bm25; `search_texts`, which names each row's article and locale in a
//! table narrow enough to join a window of rows cheaply, changing with it; and `search_terms`,
//! the words it holds, which a word typed so far is completed from.

use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};
use diesel::sqlite::SqliteConnection;

use super::{Match, Row, StoredText};
use crate::articles::queries::PUBLISHED;
use crate::db::Id;
use crate::search::text::{Term, fts5_query, index_form, index_words};

/// The rowid of a translation: its search row's rowid.
fn rowid(connection: &mut SqliteConnection, article: Id, locale: &str) -> QueryResult<Option<i64>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        rowid: i64,
    }
    diesel::sql_query("SELECT rowid FROM article_translations WHERE article_id = ? AND locale = ?")
        .bind::<Text, _>(article)
        .bind::<Text, _>(locale)
        .get_result::<Row>(connection)
        .optional()
        .map(|row| row.map(|row| row.rowid))
}

/// Puts one translation's text in the index, replacing what it had there.
pub fn index(
    connection: &mut SqliteConnection,
    article: Id,
    locale: &str,
    title: &str,
    excerpt: &str,
    body_text: &str,
) -> QueryResult<()> {
    let Some(rowid) = rowid(connection, article, locale)? else {
        return Ok(());
    };
    // By rowid alone: FTS5 finds a row by its rowid, not through a subquery.
    diesel::sql_query("DELETE FROM article_search WHERE rowid = ?")
        .bind::<BigInt, _>(rowid)
        .execute(connection)?;
    diesel::sql_query("INSERT INTO article_search (rowid, title, excerpt, body) VALUES (?, ?, ?, ?)")
        .bind::<BigInt, _>(rowid)
        .bind::<Text, _>(title)
        .bind::<Text, _>(excerpt)
        .bind::<Text, _>(body_text)
        .execute(connection)?;
    diesel::sql_query("INSERT OR REPLACE INTO search_texts (id, article_id, locale) VALUES (?, ?, ?)")
        .bind::<BigInt, _>(rowid)
        .bind::<Text, _>(article)
        .bind::<Text, _>(locale)
        .execute(connection)?;
    add_terms(connection, &index_words([title, excerpt, body_text]))
}

/// Adds words to `search_terms`, those it holds already aside.
fn add_terms(
    connection: &mut SqliteConnection,
    words: &std::collections::BTreeSet<String>,
) -> QueryResult<()> {
    let words: Vec<&String> = words.iter().collect();
    for batch in words.chunks(500) {
        let values = vec!["(?)"; batch.len()].join(", ");
        let mut statement = diesel::sql_query(format!(
            "INSERT OR IGNORE INTO search_terms (term) VALUES {values}"
        ))
        .into_boxed();
        for word in batch {
            statement = statement.bind::<Text, _>(word.as_str());
        }
        statement.execute(connection)?;
    }
    Ok(())
}

/// Takes an article's translations (or the one in `locale`) out of the index; to be called
/// before they are deleted.
pub fn unindex(connection: &mut SqliteConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        rowid: i64,
    }
    let rowids: Vec<Row> = match locale {
        Some(locale) => {
            diesel::sql_query("SELECT rowid FROM article_translations WHERE article_id = ? AND locale = ?")
                .bind::<Text, _>(article)
                .bind::<Text, _>(locale)
                .load(connection)?
        }
        None => diesel::sql_query("SELECT rowid FROM article_translations WHERE article_id = ?")
            .bind::<Text, _>(article)
            .load(connection)?,
    };
    for row in rowids {
        diesel::sql_query("DELETE FROM article_search WHERE rowid = ?")
            .bind::<BigInt, _>(row.rowid)
            .execute(connection)?;
        diesel::sql_query("DELETE FROM search_texts WHERE id = ?")
            .bind::<BigInt, _>(row.rowid)
            .execute(connection)?;
    }
    Ok(())
}

/// Translations by rowid, `limit` of them after `after`.
pub fn texts_after(
    connection: &mut SqliteConnection,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<StoredText>> {
    diesel::sql_query(
        "SELECT rowid, title, excerpt, body FROM article_translations WHERE rowid > ? ORDER BY rowid LIMIT ?",
    )
    .bind::<BigInt, _>(after)
    .bind::<BigInt, _>(limit)
    .load(connection)
}

/// Adds these rows to the index, one statement a batch; `rows` are every translation numbered
/// from the first to the last of them, in order (as [`texts_after`] gives them).
pub fn insert_rows(connection: &mut SqliteConnection, rows: &[Row]) -> QueryResult<()> {
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        diesel::sql_query(
            "INSERT OR REPLACE INTO search_texts (id, article_id, locale) \
             SELECT rowid, article_id, locale FROM article_translations WHERE rowid BETWEEN ? AND ?",
        )
        .bind::<BigInt, _>(first.0)
        .bind::<BigInt, _>(last.0)
        .execute(connection)?;
    }
    for batch in rows.chunks(500) {
        let values = vec!["(?, ?, ?, ?)"; batch.len()].join(", ");
        let mut statement = diesel::sql_query(format!(
            "INSERT INTO article_search (rowid, title, excerpt, body) VALUES {values}"
        ))
        .into_boxed();
        for (rowid, title, excerpt, body) in batch {
            statement = statement
                .bind::<BigInt, _>(*rowid)
                .bind::<Text, _>(title.clone())
                .bind::<Text, _>(excerpt.clone())
                .bind::<Text, _>(body.clone());
        }
        statement.execute(connection)?;
    }
    Ok(())
}

/// Merges the index's segments into one, as a bulk load leaves many: a query then reads one
/// doclist a term rather than one a segment (a fifth less time a search at 100,000 articles).
/// And lists its words in `search_terms`, from the index's own vocabulary: a bulk load adds
/// none as it goes.
pub fn optimize(connection: &mut SqliteConnection) -> QueryResult<()> {
    diesel::sql_query("INSERT INTO article_search (article_search) VALUES ('optimize')")
        .execute(connection)?;
    connection.batch_execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_search_words USING fts5vocab(main, article_search, row);
         INSERT OR IGNORE INTO search_terms (term) SELECT term FROM temp.article_search_words;",
    )
}

/// Empties the index.
pub fn clear(connection: &mut SqliteConnection) -> QueryResult<()> {
    connection.batch_execute(
        "DELETE FROM article_search;
         DELETE FROM search_texts;
         DELETE FROM search_terms;",
    )
}

/// Whether the index is empty while translations exist (a database from before search).
pub fn needs_rebuild(connection: &mut SqliteConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Answer {
        #[diesel(sql_type = BigInt)]
        needed: i64,
    }
    let answer: Answer = diesel::sql_query(
        "SELECT (NOT EXISTS (SELECT 1 FROM article_search) \
         AND EXISTS (SELECT 1 FROM article_translations)) AS needed",
    )
    .get_result(connection)?;
    Ok(answer.needed != 0)
}

/// How much a word in the title, the excerpt and the body weighs.
const WEIGHTS: &str = "10.0, 4.0, 1.0";

/// The `size` newest rows matching `terms`, ranked by bm25, with their translations'
/// eligibility: FTS5 works out relevance for the rows the window keeps, in the same pass that
/// finds them.
pub fn window(
    connection: &mut SqliteConnection,
    terms: &[Term],
    size: i64,
    locales: &[String],
    category: Option<Id>,
    now: NaiveDateTime,
) -> QueryResult<Vec<Match>> {
    let placeholders = vec!["?"; locales.len().max(1)].join(", ");
    let category_clause = if category.is_some() {
        " AND a.category_id = ?"
    } else {
        ""
    };
    let sql = format!(
        "SELECT t.article_id AS article_id, t.locale AS locale, found.rank AS rank, \
                a.published_at AS published_at, \
                COALESCE(t.locale IN ({placeholders}) AND a.status = ? AND a.published_at <= ?{category_clause}, 0) \
                    AS eligible \
         FROM (SELECT rowid, bm25(article_search, {WEIGHTS}) AS rank FROM article_search \
               WHERE article_search MATCH ? ORDER BY rowid DESC LIMIT ?) AS found \
         JOIN search_texts t ON t.id = found.rowid \
         JOIN articles a INDEXED BY articles_search_eligibility ON a.id = t.article_id"
    );
    let completed = completed(connection, terms)?;
    let mut statement = diesel::sql_query(sql).into_boxed();
    for locale in locales {
        statement = statement.bind::<Text, _>(locale.clone());
    }
    statement = statement.bind::<Text, _>(PUBLISHED).bind::<Timestamp, _>(now);
    if let Some(category) = category {
        statement = statement.bind::<Text, _>(category);
    }
    statement
        .bind::<Text, _>(fts5_query(completed.as_deref().unwrap_or(terms)))
        .bind::<BigInt, _>(size)
        .load(connection)
}

/// A last word typed so far is completed with at most this many words; one that starts more is
/// searched for as a prefix.
const COMPLETIONS: usize = 64;

/// Prefixes of up to this many letters are found through FTS5's prefix index (the table's
/// `prefix = '2 3'`), as fast as a word.
const INDEXED_PREFIX: usize = 3;

/// `terms` with the last, when it is typed so far, as the words of the index it starts (its
/// own spelling among them) rather than a prefix: FTS5 merges every word's list of a prefix
/// in full before it finds a row, twice more to rank them, but reads words' lists as far as
/// it needs. `None` when the prefix stays: it is short enough for the prefix index, or starts
/// too many words.
fn completed(connection: &mut SqliteConnection, terms: &[Term]) -> QueryResult<Option<Vec<Term>>> {
    #[derive(QueryableByName)]
    struct Word {
        #[diesel(sql_type = Text)]
        term: String,
    }
    let Some((last, rest)) = terms.split_last() else {
        return Ok(None);
    };
    if !last.prefix {
        return Ok(None);
    }
    let mut words: Vec<String> = Vec::new();
    for spelling in &last.spellings {
        if spelling.chars().count() <= INDEXED_PREFIX {
            return Ok(None);
        }
        let from = index_form(spelling);
        let to = format!("{from}\u{10FFFF}");
        let found: Vec<Word> =
            diesel::sql_query("SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?")
                .bind::<Text, _>(&from)
                .bind::<Text, _>(&to)
                .bind::<BigInt, _>(COMPLETIONS as i64 + 1)
                .load(connection)?;
        if found.len() > COMPLETIONS {
            return Ok(None);
        }
        for word in std::iter::once(spelling.clone()).chain(found.into_iter().map(|word| word.term)) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    let mut completed = rest.to_vec();
    completed.push(Term {
        spellings: words,
        prefix: false,
    });
    Ok(Some(completed))
}
