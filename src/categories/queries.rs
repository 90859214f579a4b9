//! Diesel reads and writes of categories and their translations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::Id;
use crate::db::schema::{categories, category_translations};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: Id,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = category_translations)]
pub struct CategoryTranslationRow {
    pub category_id: Id,
    pub locale: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

/// Categories in menu order (`position`, then id), after `after` when given.
pub fn page(
    connection: &mut SqliteConnection,
    after: Option<(i32, Id)>,
    limit: i64,
) -> QueryResult<Vec<CategoryRow>> {
    let mut query = categories::table
        .select(CategoryRow::as_select())
        .order((categories::position, categories::id))
        .limit(limit)
        .into_boxed();
    if let Some((position, id)) = after {
        query = query.filter(
            categories::position
                .ge(position)
                .and(categories::position.gt(position).or(categories::id.gt(id))),
        );
    }
    query.load(connection)
}

pub fn count(connection: &mut SqliteConnection) -> QueryResult<i64> {
    categories::table.count().get_result(connection)
}

pub fn find(connection: &mut SqliteConnection, id: Id) -> QueryResult<Option<CategoryRow>> {
    categories::table
        .find(id)
        .select(CategoryRow::as_select())
        .first(connection)
        .optional()
}

/// The translations of these categories, in every locale.
pub fn translations_of(
    connection: &mut SqliteConnection,
    ids: &[Id],
) -> QueryResult<Vec<CategoryTranslationRow>> {
    category_translations::table
        .filter(category_translations::category_id.eq_any(ids))
        .order((category_translations::category_id, category_translations::locale))
        .select(CategoryTranslationRow::as_select())
        .load(connection)
}

/// The categories that have `slug` in some locale, with that locale.
pub fn with_slug(connection: &mut SqliteConnection, slug: &str) -> QueryResult<Vec<(Id, String)>> {
    category_translations::table
        .filter(category_translations::slug.eq(slug))
        .select((category_translations::category_id, category_translations::locale))
        .load(connection)
}

/// A category to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = categories)]
pub struct NewCategoryRow {
    pub id: Id,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = category_translations)]
pub struct NewCategoryTranslationRow<'a> {
    pub category_id: Id,
    pub locale: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(
    connection: &mut SqliteConnection,
    category: &NewCategoryRow,
    translations: &[NewCategoryTranslationRow<'_>],
) -> QueryResult<()> {
    diesel::insert_into(categories::table)
        .values(category)
        .execute(connection)?;
    diesel::insert_into(category_translations::table)
        .values(translations)
        .execute(connection)?;
    Ok(())
}
