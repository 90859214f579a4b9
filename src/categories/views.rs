//! Categories as the API returns them.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::categories::queries::{CategoryRow, CategoryTranslationRow};
use crate::locale::Negotiated;
use crate::pagination::Page;

/// A category in the negotiated locale, or its nearest fallback.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019cb0a0-7d2e-7c11-9b1c-1f2e3d4c5b6a", "slug": "mir", "name": "Мир",
    "description": "Новости со всего мира.", "locale": "ru", "is_fallback": false,
    "transliterated_from": null, "position": 1,
    "translations": [
        {"locale": "en", "slug": "world", "name": "World"},
        {"locale": "ru", "slug": "mir", "name": "Мир"}
    ]
}))]
pub struct Category {
    pub id: Uuid,
    /// The slug in the served locale; `GET /api/v1/categories/{slug}` and
    /// `GET /api/v1/articles?category={slug}` accept it (and the slug of any other locale).
    pub slug: String,
    pub name: String,
    #[schema(required = true)]
    pub description: Option<String>,
    /// The locale the name and description are in.
    pub locale: String,
    /// True when the category has no translation in the requested locale and another one on
    /// its fallback chain was served, or its text in the other script, transliterated.
    pub is_fallback: bool,
    /// The locale whose name and description were transliterated to serve this one; `null`
    /// when they are as written.
    #[schema(required = true, example = json!(null))]
    pub transliterated_from: Option<String>,
    /// Editorial order in menus, ascending.
    pub position: i32,
    /// The category in every locale it has, for language switchers.
    pub translations: Vec<CategoryTranslation>,
}

/// A category's name and slug in one locale.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"locale": "ru", "slug": "mir", "name": "Мир"}))]
pub struct CategoryTranslation {
    pub locale: String,
    pub slug: String,
    pub name: String,
}

/// A category as named inside an article.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"id": "019cb0a0-7d2e-7c11-9b1c-1f2e3d4c5b6a", "slug": "world", "name": "World"}))]
pub struct CategoryRef {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
}

/// A page of categories.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub data: Vec<Category>,
    pub page: Page,
}

impl Category {
    /// The category in the best locale for `negotiated`, from all its `translations`; `None`
    /// when it has none.
    pub fn localized(
        row: &CategoryRow,
        translations: &[&CategoryTranslationRow],
        negotiated: &Negotiated,
    ) -> Option<Self> {
        let (served, is_fallback) = negotiated.pick(translations, |t| &t.locale, None)?;
        let transliteration = negotiated.transliteration_of(&served.locale);
        let (name, description, locale) = match transliteration {
            Some(transliteration) => (
                transliteration.text(&served.name),
                served
                    .description
                    .as_deref()
                    .map(|text| transliteration.text(text)),
                negotiated.locale().to_owned(),
            ),
            None => (
                served.name.clone(),
                served.description.clone(),
                served.locale.clone(),
            ),
        };
        Some(Self {
            id: row.id.0,
            slug: served.slug.clone(),
            name,
            description,
            locale,
            is_fallback,
            transliterated_from: transliteration.map(|t| t.from.clone()),
            position: row.position,
            translations: translations
                .iter()
                .map(|t| CategoryTranslation {
                    locale: t.locale.clone(),
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                })
                .collect(),
        })
    }
}

impl CategoryRef {
    /// The category's name and slug in the best locale for `negotiated`.
    pub fn localized(translations: &[&CategoryTranslationRow], negotiated: &Negotiated) -> Option<Self> {
        let (served, _) = negotiated.pick(translations, |t| &t.locale, None)?;
        let name = match negotiated.transliteration_of(&served.locale) {
            Some(transliteration) => transliteration.text(&served.name),
            None => served.name.clone(),
        };
        Some(Self {
            id: served.category_id.0,
            slug: served.slug.clone(),
            name,
        })
    }
}
