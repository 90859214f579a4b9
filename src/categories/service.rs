//! The rules of reading and creating categories.

use std::collections::HashMap;

use crate::categories::queries::{self, CategoryTranslationRow};
use crate::categories::views::{Category, CategoryList, CategoryRef};
use crate::db::DbConnection;
use crate::db::{Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::{Cursor, Cursors, Limit, Page, Position};
use crate::params::SlugOrId;
use crate::preconditions::Versioned;

/// The listing that category cursors belong to.
const LISTING: &str = "categories";

/// One page of categories in menu order.
pub async fn list(
    db: &Database,
    cursors: &Cursors,
    limit: Limit,
    cursor: Option<Cursor>,
    negotiated: Negotiated,
) -> Result<CategoryList, ApiError> {
    let after = cursor
        .map(|cursor| cursor.position_in(LISTING))
        .transpose()?
        .map(|position| (position.key as i32, position.id));
    let cursors = cursors.clone();
    db.read(move |connection| {
        let mut rows = queries::page(connection, after, i64::from(limit.get()) + 1)?;
        let has_more = rows.len() > limit.get() as usize;
        rows.truncate(limit.get() as usize);
        let total = queries::count(connection)?;
        let ids: Vec<Id> = rows.iter().map(|row| row.id).collect();
        let translations = queries::translations_of(connection, &ids)?;
        let by_category = group_by_category(&translations);
        let data = rows
            .iter()
            .map(|row| {
                let translations = by_category.get(&row.id).map_or(&[][..], Vec::as_slice);
                Category::localized(row, translations, &negotiated).ok_or_else(|| untranslated(row.id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = has_more.then(|| rows.last()).flatten().map(|last| {
            cursors.seal(
                LISTING,
                Position {
                    key: i64::from(last.position),
                    id: last.id,
                },
            )
        });
        Ok(CategoryList {
            data,
            page: Page {
                limit: limit.get(),
                next_cursor,
                total,
            },
        })
    })
    .await
}

/// The category with this slug (of any locale) or id.
pub async fn get(
    db: &Database,
    slug_or_id: SlugOrId,
    negotiated: Negotiated,
) -> Result<Versioned<Category>, ApiError> {
    db.read(move |connection| {
        let id = find(connection, &slug_or_id, &negotiated)?;
        load(connection, id, &negotiated)
    })
    .await
}

/// The id of the category a client named, or a 404.
pub fn find(
    connection: &mut DbConnection,
    slug_or_id: &SlugOrId,
    negotiated: &Negotiated,
) -> Result<Id, ApiError> {
    resolve(connection, slug_or_id, negotiated)?
        .ok_or_else(|| ApiError::not_found(format!("No category has the slug or id `{slug_or_id}`.")))
}

/// The category in its best locale for `negotiated`, with its version.
pub fn load(
    connection: &mut DbConnection,
    id: Id,
    negotiated: &Negotiated,
) -> Result<Versioned<Category>, ApiError> {
    let row = queries::find(connection, id)?
        .ok_or_else(|| ApiError::not_found(format!("No category has the id `{id}`.")))?;
    let translations = queries::translations_of(connection, &[id])?;
    let translations: Vec<&CategoryTranslationRow> = translations.iter().collect();
    let category = Category::localized(&row, &translations, negotiated).ok_or_else(|| untranslated(id))?;
    Ok(Versioned {
        value: category,
        version: row.version,
    })
}

/// The id of the category a client named by a slug of any locale, or by its id. Where two
/// categories share a slug in different locales, the one on the negotiated chain wins.
pub fn resolve(
    connection: &mut DbConnection,
    slug_or_id: &SlugOrId,
    negotiated: &Negotiated,
) -> Result<Option<Id>, ApiError> {
    match slug_or_id {
        SlugOrId::Id(id) => Ok(queries::find(connection, *id)?.map(|row| row.id)),
        SlugOrId::Slug(slug) => {
            let candidates = queries::with_slug(connection, slug)?;
            Ok(negotiated
                .pick(&candidates, |(_, locale)| locale, None)
                .map(|((id, _), _)| *id))
        }
    }
}

/// The localized references of these categories, for articles that name them.
pub fn references(
    connection: &mut DbConnection,
    ids: &[Id],
    negotiated: &Negotiated,
) -> Result<HashMap<Id, CategoryRef>, ApiError> {
    let mut each = references_in_each(connection, ids, std::slice::from_ref(negotiated))?;
    Ok(each.pop().unwrap_or_default())
}

/// [`references`] in each of `locales`, in their order, from one read of the translations.
pub fn references_in_each(
    connection: &mut DbConnection,
    ids: &[Id],
    locales: &[Negotiated],
) -> Result<Vec<HashMap<Id, CategoryRef>>, ApiError> {
    let translations = queries::translations_of(connection, ids)?;
    let groups = group_by_category(&translations);
    locales
        .iter()
        .map(|negotiated| {
            groups
                .iter()
                .map(|(id, translations)| {
                    CategoryRef::localized(translations, negotiated)
                        .map(|reference| (*id, reference))
                        .ok_or_else(|| untranslated(*id))
                })
                .collect()
        })
        .collect()
}

fn group_by_category(translations: &[CategoryTranslationRow]) -> HashMap<Id, Vec<&CategoryTranslationRow>> {
    let mut groups: HashMap<Id, Vec<&CategoryTranslationRow>> = HashMap::new();
    for translation in translations {
        groups
            .entry(translation.category_id)
            .or_default()
            .push(translation);
    }
    groups
}

fn untranslated(id: Id) -> ApiError {
    ApiError::internal(format!("category {id} has no translation"))
}
