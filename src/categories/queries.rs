//! Diesel reads and writes of categories and their translations.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::Id;
use crate::db::schema::{categories, category_translations};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: Id,
    pub position: i32,
    pub version: i32,
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
    connection: &mut DbConnection,
    after: Option<(i32, Id)>,
    limit: i64,
) -> QueryResult<Vec<CategoryRow>> {
    crate::on_backend!(connection, |connection| {
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
    })
}

pub fn count(connection: &mut DbConnection) -> QueryResult<i64> {
    crate::on_backend!(connection, |connection| {
        categories::table.count().get_result(connection)
    })
}

pub fn find(connection: &mut DbConnection, id: Id) -> QueryResult<Option<CategoryRow>> {
    crate::on_backend!(connection, |connection| {
        categories::table
            .find(id)
            .select(CategoryRow::as_select())
            .first(connection)
            .optional()
    })
}

/// The translations of these categories, in every locale.
pub fn translations_of(
    connection: &mut DbConnection,
    ids: &[Id],
) -> QueryResult<Vec<CategoryTranslationRow>> {
    crate::on_backend!(connection, |connection| {
        category_translations::table
            .filter(category_translations::category_id.eq_any(ids))
            .order((category_translations::category_id, category_translations::locale))
            .select(CategoryTranslationRow::as_select())
            .load(connection)
    })
}

/// The categories that have `slug` in some locale, with that locale.
pub fn with_slug(connection: &mut DbConnection, slug: &str) -> QueryResult<Vec<(Id, String)>> {
    crate::on_backend!(connection, |connection| {
        category_translations::table
            .filter(category_translations::slug.eq(slug))
            .select((category_translations::category_id, category_translations::locale))
            .load(connection)
    })
}

/// A category to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = categories)]
pub struct NewCategoryRow {
    pub id: Id,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: Option<Id>,
    pub updated_by: Option<Id>,
}

/// A category's translation to store, whole, replacing the one in its locale if any.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = category_translations)]
#[diesel(treat_none_as_null = true)]
pub struct CategoryTranslationWrite<'a> {
    pub category_id: Id,
    pub locale: &'a str,
    pub slug: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    /// Kept as it was when the translation replaces an earlier one.
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(connection: &mut DbConnection, category: &NewCategoryRow) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(categories::table)
            .values(category)
            .execute(connection)
            .map(drop)
    })
}

pub fn put_translation(
    connection: &mut DbConnection,
    translation: &CategoryTranslationWrite<'_>,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(category_translations::table)
            .values(translation)
            .on_conflict((category_translations::category_id, category_translations::locale))
            .do_update()
            .set(translation)
            .execute(connection)
            .map(drop)
    })
}

/// Records a change to a category: its position, when, by whom, its new version.
pub fn update(
    connection: &mut DbConnection,
    id: Id,
    position: i32,
    at: NaiveDateTime,
    by: Option<Id>,
    version: i32,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(categories::table.find(id))
            .set((
                categories::position.eq(position),
                categories::updated_at.eq(at),
                categories::updated_by.eq(by),
                categories::version.eq(version),
            ))
            .execute(connection)
            .map(drop)
    })
}

pub fn delete(connection: &mut DbConnection, id: Id) -> QueryResult<usize> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(categories::table.find(id)).execute(connection)
    })
}

/// The category whose slug in `locale` is `slug`.
pub fn slug_owner(connection: &mut DbConnection, locale: &str, slug: &str) -> QueryResult<Option<Id>> {
    crate::on_backend!(connection, |connection| {
        category_translations::table
            .filter(category_translations::locale.eq(locale))
            .filter(category_translations::slug.eq(slug))
            .select(category_translations::category_id)
            .first(connection)
            .optional()
    })
}

/// The position after the last category, for one added without a position.
pub fn next_position(connection: &mut DbConnection) -> QueryResult<i32> {
    crate::on_backend!(connection, |connection| {
        let last: Option<i32> = categories::table
            .select(diesel::dsl::max(categories::position))
            .first(connection)?;
        Ok(last.map_or(1, |position| position + 1))
    })
}
