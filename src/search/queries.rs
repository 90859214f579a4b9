//! What search reads from the database, and the log it keeps its index in step with: the
//! published texts to index, the changes made since a number (`search_changes`, written by
//! triggers in each write's transaction), and the log's identity (`search_lineage`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::articles::queries::PUBLISHED;
use crate::db::schema::{article_translations, articles, search_changes, search_lineage};
use crate::db::{DbConnection, Id};
use crate::on_backend;

/// Where the log stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogState {
    /// The log's identity: it changes when the log is replaced.
    pub lineage: String,
    /// Changes up to this number were removed.
    pub pruned_through: i64,
    /// The number of the newest change, or of the last one removed when it is newer; 0 when
    /// there was none.
    pub latest: i64,
}

/// Where the log stands, in one statement.
pub fn log_state(connection: &mut DbConnection) -> QueryResult<LogState> {
    use diesel::sql_types::{BigInt, Nullable, Text};
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        lineage: String,
        #[diesel(sql_type = BigInt)]
        pruned_through: i64,
        #[diesel(sql_type = Nullable<BigInt>)]
        latest: Option<i64>,
    }
    let query = diesel::sql_query(
        "SELECT lineage, pruned_through, (SELECT MAX(seq) FROM search_changes) AS latest \
         FROM search_lineage WHERE id = 1",
    );
    let row: Row = on_backend!(connection, |c| query.get_result(c))?;
    Ok(LogState {
        lineage: row.lineage,
        pruned_through: row.pruned_through,
        // Removed changes count: a log emptied by pruning (or replaced) stands where they ended.
        latest: row.latest.unwrap_or(0).max(row.pruned_through),
    })
}

/// Up to `limit` changes numbered above `after`, in order: each the change's number and its
/// article.
pub fn changes_after(connection: &mut DbConnection, after: i64, limit: i64) -> QueryResult<Vec<(i64, Id)>> {
    on_backend!(connection, |c| search_changes::table
        .filter(search_changes::seq.gt(after))
        .order(search_changes::seq)
        .select((search_changes::seq, search_changes::article_id))
        .limit(limit)
        .load(c))
}

/// Gives the log a new identity and empties it, after a bulk load or a restore that the
/// log does not describe: every search index is built again.
pub fn renew_lineage(connection: &mut DbConnection) -> QueryResult<()> {
    let lineage = uuid::Uuid::new_v4().simple().to_string();
    let latest = log_state(connection)?.latest;
    on_backend!(connection, |c| {
        diesel::delete(search_changes::table).execute(c)?;
        diesel::update(search_lineage::table.find(1))
            .set((
                search_lineage::lineage.eq(&lineage),
                search_lineage::pruned_through.eq(latest),
            ))
            .execute(c)
    })?;
    Ok(())
}

/// Removes the changes numbered `through` or below made before `before`; says how many.
pub fn prune(connection: &mut DbConnection, through: i64, before: NaiveDateTime) -> QueryResult<usize> {
    let removable = search_changes::seq
        .le(through)
        .and(search_changes::changed_at.lt(before));
    on_backend!(connection, |c| {
        let last: Option<i64> = search_changes::table
            .filter(removable)
            .select(diesel::dsl::max(search_changes::seq))
            .first(c)?;
        let Some(last) = last else { return Ok(0) };
        let removed =
            diesel::delete(search_changes::table.filter(search_changes::seq.le(last))).execute(c)?;
        diesel::update(
            search_lineage::table
                .find(1)
                .filter(search_lineage::pruned_through.lt(last)),
        )
        .set(search_lineage::pruned_through.eq(last))
        .execute(c)?;
        Ok(removed)
    })
}

/// A published translation as search indexes it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = article_translations)]
pub struct IndexedText {
    pub article_id: Id,
    pub locale: String,
    #[diesel(select_expression = articles::category_id)]
    pub category_id: Id,
    #[diesel(select_expression = articles::published_at)]
    pub published_at: Option<NaiveDateTime>,
    pub title: String,
    pub excerpt: String,
    pub body: String,
}

/// The translations of published articles among `ids` (articles of other states, and those
/// deleted, have none to index).
pub fn published_texts_of(connection: &mut DbConnection, ids: &[Id]) -> QueryResult<Vec<IndexedText>> {
    let mut texts = Vec::new();
    for chunk in ids.chunks(500) {
        let found: Vec<IndexedText> = on_backend!(connection, |c| article_translations::table
            .inner_join(articles::table)
            .filter(articles::id.eq_any(chunk))
            .filter(articles::status.eq(PUBLISHED))
            .select(IndexedText::as_select())
            .load(c))?;
        texts.extend(found);
    }
    Ok(texts)
}

/// Up to `limit` translations of published articles after the translation `after` (by
/// article and locale), in that order: the whole index is built from them, page by page.
pub fn published_texts_after(
    connection: &mut DbConnection,
    after: Option<&(Id, String)>,
    limit: i64,
) -> QueryResult<Vec<IndexedText>> {
    on_backend!(connection, |c| {
        let mut query = article_translations::table
            .inner_join(articles::table)
            .filter(articles::status.eq(PUBLISHED))
            .select(IndexedText::as_select())
            .order((article_translations::article_id, article_translations::locale))
            .limit(limit)
            .into_boxed();
        if let Some((article, locale)) = after {
            query = query.filter(
                article_translations::article_id
                    .gt(*article)
                    .or(article_translations::article_id
                        .eq(*article)
                        .and(article_translations::locale.gt(locale.clone()))),
            );
        }
        query.load(c)
    })
}
