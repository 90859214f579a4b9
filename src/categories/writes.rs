//! The rules of writing categories: names and slugs per locale, checked all at once before
//! anything is written; deletion only while no article is filed under the category.

use crate::articles;
use crate::audit::{self, Action};
use crate::categories::input::{CategoryPatch, NewCategoryBody};
use crate::categories::queries::{self, CategoryTranslationWrite, NewCategoryRow};
use crate::categories::service;
use crate::categories::views::Category;
use crate::checks::{Checked, Checks};
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::editing::{Editing, SlugClashes, check_slug_shape};
use crate::error::ApiError;
use crate::params::SlugOrId;
use crate::preconditions::{self, IfMatch, Versioned};
use crate::slugs;

/// A category to store, checked: known locales, slugs given and free.
#[derive(Debug, Clone)]
pub struct NewCategory {
    pub position: i32,
    pub translations: Vec<NewCategoryTranslation>,
}

#[derive(Debug, Clone)]
pub struct NewCategoryTranslation {
    pub locale: String,
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

/// Stores a new category; the caller provides the transaction. `by` is the key that made it.
pub fn create(connection: &mut DbConnection, category: &NewCategory, by: Option<Id>) -> Result<Id, ApiError> {
    let now = db::now();
    let id = Id::new();
    queries::insert(
        connection,
        &NewCategoryRow {
            id,
            position: category.position,
            created_at: now,
            updated_at: now,
            created_by: by,
            updated_by: by,
        },
    )?;
    for translation in &category.translations {
        queries::put_translation(
            connection,
            &CategoryTranslationWrite {
                category_id: id,
                locale: &translation.locale,
                slug: &translation.slug,
                name: &translation.name,
                description: translation.description.as_deref(),
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    Ok(id)
}

/// A slug for a category in `locale`: the one given (a 409 if another category has it) or
/// one derived from the name and made free with `-2`, `-3`...
/// `given` is the slug asked for, with the field it was asked in.
fn slug_for(
    connection: &mut DbConnection,
    locale: &str,
    given: Option<(&str, &str)>,
    name: &str,
    category: Option<Id>,
    checks: &mut Checks,
    clashes: &mut SlugClashes,
) -> Result<String, ApiError> {
    if let Some((slug, field)) = given {
        if check_slug_shape(slug, field, checks)
            && let Some(owner) = queries::slug_owner(connection, locale, slug)?
            && Some(owner) != category
        {
            clashes.push(format!(
                "the slug `{slug}` is taken in `{locale}` by category {owner}"
            ));
        }
        return Ok(slug.to_owned());
    }
    slugs::first_free(slugs::derive(locale, name), "category", |candidate| {
        let owner = queries::slug_owner(connection, locale, candidate)?;
        Ok(owner.is_none() || owner == category)
    })
}

/// Creates a category from a request body.
pub async fn create_from_request(
    db: &Database,
    editing: Editing,
    body: Checked<NewCategoryBody>,
) -> Result<Versioned<Category>, ApiError> {
    db.write(move |connection| {
        let Checked {
            value: body,
            names,
            mut checks,
        } = body;
        let mut clashes = SlugClashes::default();
        let locales = editing.locales_of(names.translations.as_deref(), "translations", &mut checks);
        let mut category = None;
        if let Some(body) = &body {
            let mut translations: Vec<NewCategoryTranslation> = Vec::new();
            for (key, translation) in &body.translations {
                let Some(locale) = locales.get(key).cloned() else {
                    continue;
                };
                let slug_field = format!("translations.{key}.slug");
                let slug = slug_for(
                    connection,
                    &locale,
                    translation
                        .slug
                        .as_deref()
                        .map(|slug| (slug, slug_field.as_str())),
                    &translation.name,
                    None,
                    &mut checks,
                    &mut clashes,
                )?;
                translations.push(NewCategoryTranslation {
                    locale,
                    slug,
                    name: translation.name.clone(),
                    description: translation.description.clone(),
                });
            }
            if body.translations.is_empty() {
                checks.fail("translations", "must name the category in at least one locale");
            }
            let position = match body.position {
                Some(position) => position,
                None => queries::next_position(connection)?,
            };
            category = Some(NewCategory {
                position,
                translations,
            });
        }
        let category = checks.finish(category)?;
        clashes.finish("name")?;
        let id = create(connection, &category, Some(editing.caller.key_id))?;
        audit::record(
            connection,
            &editing.caller,
            Action::Create,
            "category",
            &id.to_string(),
        )?;
        service::load(connection, id, &editing.answer_in(None)?)
    })
    .await
}

/// Loads a category for an edit, checking `If-Match`.
fn category_for_edit(
    connection: &mut DbConnection,
    editing: &Editing,
    target: &SlugOrId,
    if_match: Option<&IfMatch>,
) -> Result<(Id, i32, i32), ApiError> {
    let id = service::find(connection, target, &editing.by_default()?)?;
    let row = queries::find(connection, id)?
        .ok_or_else(|| ApiError::not_found(format!("No category has the id `{id}`.")))?;
    preconditions::check(if_match, row.version, "category")?;
    Ok((id, row.position, row.version))
}

/// Applies a request's changes to a category.
pub async fn update_from_request(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    patch: Checked<CategoryPatch>,
    if_match: Option<IfMatch>,
) -> Result<Versioned<Category>, ApiError> {
    let if_match = patch.precondition(if_match);
    db.write(move |connection| {
        // The body is checked (422) before its version is compared (412).
        let (id, position, version) = category_for_edit(connection, &editing, &target, None)?;
        let Checked {
            value: patch,
            names,
            mut checks,
        } = patch;
        let locales = editing.locales_of(names.translations.as_deref(), "translations", &mut checks);
        let existing = queries::translations_of(connection, &[id])?;
        let mut clashes = SlugClashes::default();
        let mut writes = Vec::new();
        for (key, change) in patch.iter().flat_map(|patch| patch.translations.iter().flatten()) {
            let field = format!("translations.{key}");
            let slug_field = format!("{field}.slug");
            let Some(locale) = locales.get(key).cloned() else {
                continue;
            };
            let before = existing.iter().find(|t| t.locale == locale);
            let Some(name) = change.name.clone().or_else(|| before.map(|b| b.name.clone())) else {
                checks.fail(
                    format!("{field}.name"),
                    "is required to name the category in a new locale",
                );
                continue;
            };
            let slug = match (&change.slug, before) {
                (None, Some(before)) => before.slug.clone(),
                (given, _) => slug_for(
                    connection,
                    &locale,
                    given.as_deref().map(|slug| (slug, slug_field.as_str())),
                    &name,
                    Some(id),
                    &mut checks,
                    &mut clashes,
                )?,
            };
            let description = match &change.description {
                Some(description) => description.clone(),
                None => before.and_then(|b| b.description.clone()),
            };
            writes.push((locale, slug, name, description));
        }
        let patch = checks.finish(patch)?;
        preconditions::check(if_match.as_ref(), version, "category")?;
        clashes.finish("name")?;
        let now = db::now();
        for (locale, slug, name, description) in &writes {
            queries::put_translation(
                connection,
                &CategoryTranslationWrite {
                    category_id: id,
                    locale,
                    slug,
                    name,
                    description: description.as_deref(),
                    created_at: now,
                    updated_at: now,
                },
            )?;
        }
        let position = patch.position.unwrap_or(position);
        queries::update(
            connection,
            id,
            position,
            now,
            Some(editing.caller.key_id),
            version + 1,
        )?;
        audit::record(
            connection,
            &editing.caller,
            Action::Update,
            "category",
            &id.to_string(),
        )?;
        service::load(connection, id, &editing.answer_in(None)?)
    })
    .await
}

/// Deletes a category no article is filed under.
pub async fn delete(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    if_match: Option<IfMatch>,
) -> Result<(), ApiError> {
    db.write(move |connection| {
        let (id, ..) = category_for_edit(connection, &editing, &target, if_match.as_ref())?;
        if articles::queries::category_in_use(connection, id)? {
            return Err(ApiError::conflict(
                "Articles are filed under this category (drafts and archived ones count too). Move them to \
                 another category first (PATCH their `category`), then delete it.",
            ));
        }
        queries::delete(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Delete,
            "category",
            &id.to_string(),
        )?;
        Ok(())
    })
    .await
}
