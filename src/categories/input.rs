//! The JSON the editorial API accepts for categories (the contract, like the views).

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;

/// A new category, named in one or more locales.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"translations": {"en": {"name": "Sports"}, "ru": {"name": "Спорт"}, "uz": {"name": "Sport"}}}))]
pub struct NewCategoryBody {
    /// Editorial order in menus; after the last category when not given.
    #[schema(nullable = false, minimum = -1000000, maximum = 1000000)]
    pub position: Option<i32>,
    /// The category's name in each locale, keyed by locale; at least one.
    pub translations: BTreeMap<String, CategoryTranslationBody>,
}

/// A category's name in one locale.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Мир", "slug": "mir", "description": "Новости и события со всего мира."}))]
pub struct CategoryTranslationBody {
    #[schema(min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: String,
    /// Derived from the name when not given. Unique in its locale.
    #[schema(nullable = false, max_length = 120, pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[schema(nullable = false, max_length = 1000)]
    pub description: Option<String>,
}

/// Changes to a category: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"position": 3, "translations": {"uz-Cyrl": {"name": "Спорт"}}}))]
pub struct CategoryPatch {
    #[schema(nullable = false, minimum = -1000000, maximum = 1000000)]
    pub position: Option<i32>,
    /// Changes to names, keyed by locale; a locale without a name yet gets one (`name` then
    /// required).
    #[schema(nullable = false)]
    pub translations: Option<BTreeMap<String, CategoryTranslationPatch>>,
}

/// Changes to a category's name in one locale.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryTranslationPatch {
    #[schema(nullable = false, min_length = 1, max_length = 100, pattern = "\\S")]
    pub name: Option<String>,
    #[schema(nullable = false, max_length = 120, pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// `null` removes the description.
    #[serde(default, deserialize_with = "crate::json_body::present")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub description: Option<Option<String>>,
}
