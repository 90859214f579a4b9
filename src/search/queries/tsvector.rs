//! The search index on PostgreSQL: a `tsvector` a translation (title weight A, excerpt B,
//! body D) in `article_search` under a GIN index, matched with `to_tsquery` (prefixes as
//! `:*`), ranked by `ts_rank` with the title weighing most.
//!
//! Text is lowercased and split into words here, as SQLite's tokenizer does, rather than by
//! the database, whose lowercasing and word rules follow its locale: `Zamin.uz` is the two
//! words `zamin` and `uz` on both backends, and Cyrillic is lowercased in a `C` database too.
//! Accents go with `unaccent`, on both the text and the query.

use chrono::NaiveDateTime;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Text, Timestamp};

use super::{Match, Row, StoredText};
use crate::articles::queries::PUBLISHED;
use crate::db::Id;
use crate::search::text::Term;

/// The document of a title, excerpt and body bound as `$a`, `$b`, `$c`.
fn document(a: usize, b: usize, c: usize) -> String {
    format!(
        "setweight(to_tsvector('simple', unaccent(${a})), 'A') || \
         setweight(to_tsvector('simple', unaccent(${b})), 'B') || \
         setweight(to_tsvector('simple', unaccent(${c})), 'D')"
    )
}

/// `text` as words alone, lowercased: every other character is a space.
fn words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
}

/// The `tsquery` of `terms`: each term in any of its spellings, all terms together.
fn tsquery(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|term| {
            let spellings: Vec<String> = term
                .spellings
                .iter()
                .map(|spelling| {
                    let quoted = spelling.replace('\\', "\\\\").replace('\'', "''");
                    let prefix = if term.prefix { ":*" } else { "" };
                    format!("'{quoted}'{prefix}")
                })
                .collect();
            format!("({})", spellings.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

pub fn index(
    connection: &mut PgConnection,
    article: Id,
    locale: &str,
    title: &str,
    excerpt: &str,
    body_text: &str,
) -> QueryResult<()> {
    diesel::sql_query(format!(
        "INSERT INTO article_search (seq, document) \
         SELECT seq, {} FROM article_translations WHERE article_id = $1 AND locale = $2 \
         ON CONFLICT (seq) DO UPDATE SET document = excluded.document",
        document(3, 4, 5)
    ))
    .bind::<Text, _>(article)
    .bind::<Text, _>(locale)
    .bind::<Text, _>(words(title))
    .bind::<Text, _>(words(excerpt))
    .bind::<Text, _>(words(body_text))
    .execute(connection)
    .map(drop)
}

pub fn unindex(connection: &mut PgConnection, article: Id, locale: Option<&str>) -> QueryResult<()> {
    match locale {
        Some(locale) => diesel::sql_query(
            "DELETE FROM article_search WHERE seq IN \
             (SELECT seq FROM article_translations WHERE article_id = $1 AND locale = $2)",
        )
        .bind::<Text, _>(article)
        .bind::<Text, _>(locale)
        .execute(connection),
        None => diesel::sql_query(
            "DELETE FROM article_search WHERE seq IN \
             (SELECT seq FROM article_translations WHERE article_id = $1)",
        )
        .bind::<Text, _>(article)
        .execute(connection),
    }
    .map(drop)
}

pub fn texts_after(connection: &mut PgConnection, after: i64, limit: i64) -> QueryResult<Vec<StoredText>> {
    diesel::sql_query(
        "SELECT seq AS rowid, title, excerpt, body FROM article_translations \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind::<BigInt, _>(after)
    .bind::<BigInt, _>(limit)
    .load(connection)
}

pub fn insert_rows(connection: &mut PgConnection, rows: &[Row]) -> QueryResult<()> {
    for batch in rows.chunks(500) {
        let values: Vec<String> = (0..batch.len())
            .map(|n| {
                let first = n * 4 + 1;
                format!("(${first}, {})", document(first + 1, first + 2, first + 3))
            })
            .collect();
        let mut statement = diesel::sql_query(format!(
            "INSERT INTO article_search (seq, document) VALUES {}",
            values.join(", ")
        ))
        .into_boxed();
        for (seq, title, excerpt, body) in batch {
            statement = statement
                .bind::<BigInt, _>(*seq)
                .bind::<Text, _>(words(title))
                .bind::<Text, _>(words(excerpt))
                .bind::<Text, _>(words(body));
        }
        statement.execute(connection)?;
    }
    Ok(())
}

pub fn clear(connection: &mut PgConnection) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM article_search")
        .execute(connection)
        .map(drop)
}

pub fn needs_rebuild(connection: &mut PgConnection) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Answer {
        #[diesel(sql_type = Bool)]
        needed: bool,
    }
    let answer: Answer = diesel::sql_query(
        "SELECT (NOT EXISTS (SELECT 1 FROM article_search) \
         AND EXISTS (SELECT 1 FROM article_translations)) AS needed",
    )
    .get_result(connection)?;
    Ok(answer.needed)
}

/// How much a word in the body (D), the excerpt (B) and the title (A) weighs, as `ts_rank`
/// takes them (D, C, B, A); the same proportions as on SQLite.
const WEIGHTS: &str = "'{0.1, 0.1, 0.4, 1.0}'";

/// The `size` newest rows matching `terms`, ranked by `ts_rank`, with their translations'
/// eligibility: the rank is worked out for the rows the window keeps, after the limit.
pub fn window(
    connection: &mut PgConnection,
    terms: &[Term],
    size: i64,
    locales: &[String],
    category: Option<Id>,
    now: NaiveDateTime,
) -> QueryResult<Vec<Match>> {
    let category_clause = if category.is_some() {
        " AND a.category_id = $6"
    } else {
        ""
    };
    let sql = format!(
        "SELECT t.article_id AS article_id, t.locale AS locale, \
                -ts_rank({WEIGHTS}, s.document, q.query, 1)::float8 AS rank, \
                a.published_at AS published_at, \
                COALESCE(t.locale = ANY($3) AND a.status = $4 AND a.published_at <= $5{category_clause}, false) \
                    AS eligible \
         FROM to_tsquery('simple', unaccent($1)) AS q (query) \
         CROSS JOIN LATERAL (SELECT seq, document FROM article_search \
                             WHERE document @@ q.query ORDER BY seq DESC LIMIT $2) AS s \
         JOIN article_translations t ON t.seq = s.seq \
         JOIN articles a ON a.id = t.article_id"
    );
    let mut statement = diesel::sql_query(sql)
        .into_boxed()
        .bind::<Text, _>(tsquery(terms))
        .bind::<BigInt, _>(size)
        .bind::<Array<Text>, _>(locales.to_vec())
        .bind::<Text, _>(PUBLISHED)
        .bind::<Timestamp, _>(now);
    if let Some(category) = category {
        statement = statement.bind::<Text, _>(category);
    }
    statement.load(connection)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_every_spelling() {
        let terms = [
            Term {
                spellings: vec!["олтин".into(), "oltin".into()],
                prefix: false,
            },
            Term {
                spellings: vec!["nar'xi".into()],
                prefix: true,
            },
        ];
        assert_eq!(tsquery(&terms), "('олтин' | 'oltin') & ('nar''xi':*)");
    }

    #[test]
    fn text_is_split_into_lowercase_words() {
        assert_eq!(words("Zamin.uz: НЕФТЬ, 3.5%"), "zamin uz  нефть  3 5 ");
    }
}
