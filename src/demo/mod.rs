//! The demo content: the seed news page (an Uzbek portal's article, its "Similar news" and the
//! headline of the day) in English, Russian and Uzbek, loaded into an empty database.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Deserialize;

use crate::articles::store::{
    self as articles, NewArticle, NewCoverImage, NewSource, NewTranslation, Status,
};
use crate::categories::writes::{self as categories, NewCategory, NewCategoryTranslation};
use crate::db::DbConnection;
use crate::db::schema;
use crate::db::{Database, Id};
use crate::error::ApiError;
use crate::messages::queries as messages;
use crate::messages::value::MessageValue;

const CONTENT: &str = include_str!("content.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Content {
    categories: Vec<Category>,
    articles: Vec<Article>,
    messages: Vec<Message>,
    widgets: Widgets,
}

/// The widgets' data, observed when the demo is loaded.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Widgets {
    weather: Vec<serde_json::Map<String, serde_json::Value>>,
    rates: serde_json::Map<String, serde_json::Value>,
}

/// `data` observed `now`, as the input type `T` (so that the demo is what a push would be).
fn observed_now<T: serde::de::DeserializeOwned + serde::Serialize>(
    data: &serde_json::Map<String, serde_json::Value>,
    now: chrono::NaiveDateTime,
) -> Result<String, ApiError> {
    let mut data = data.clone();
    data.insert("observed_at".into(), serde_json::json!(now.and_utc()));
    let typed: T = serde_json::from_value(serde_json::Value::Object(data)).map_err(ApiError::internal)?;
    serde_json::to_string(&typed).map_err(ApiError::internal)
}

/// A string the seed page shows around its content, in each locale.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Message {
    key: String,
    description: String,
    plural: bool,
    values: BTreeMap<String, MessageValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    key: String,
    position: i32,
    translations: BTreeMap<String, CategoryTranslation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryTranslation {
    slug: String,
    name: String,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Article {
    category: String,
    original_locale: String,
    status: String,
    published_at: DateTime<Utc>,
    featured: bool,
    views: i64,
    cover_image: Option<CoverImage>,
    source: Option<Source>,
    translations: BTreeMap<String, Translation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverImage {
    url: String,
    alt: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    name: String,
    url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Translation {
    slug: String,
    title: String,
    excerpt: Option<String>,
    body: String,
}

/// Loads the demo content in one transaction if the database holds no article and no
/// category; returns whether it did.
pub fn load_if_empty(db: &Database) -> Result<bool, ApiError> {
    let content: Content = serde_json::from_str(CONTENT).map_err(ApiError::internal)?;
    let loaded = db.write_blocking(|connection| {
        if holds_content(connection)? {
            return Ok(false);
        }
        let mut category_ids: HashMap<String, Id> = HashMap::new();
        for category in &content.categories {
            let id = categories::create(connection, &new_category(category), None)?;
            category_ids.insert(category.key.clone(), id);
        }
        for article in &content.articles {
            let category_id = *category_ids.get(&article.category).ok_or_else(|| {
                ApiError::internal(format!(
                    "demo article names an unknown category `{}`",
                    article.category
                ))
            })?;
            articles::create(connection, &new_article(article, category_id)?, None)?;
        }
        let now = crate::db::now();
        for message in &content.messages {
            messages::put_key(
                connection,
                &message.key,
                &message.description,
                message.plural,
                now,
            )?;
            for (locale, value) in &message.values {
                let value = serde_json::to_string(value).map_err(ApiError::internal)?;
                messages::put(connection, locale, &message.key, &value, now)?;
            }
        }
        for weather in &content.widgets.weather {
            let city = weather
                .get("city")
                .and_then(|city| city.as_str())
                .unwrap_or_default();
            let data = observed_now::<crate::widgets::input::WeatherBody>(weather, now)?;
            crate::widgets::queries::put(connection, "weather", city, &data, now, now)?;
        }
        let rates = observed_now::<crate::widgets::input::RatesBody>(&content.widgets.rates, now)?;
        crate::widgets::queries::put(connection, "rates", "", &rates, now, now)?;
        // Uzbek in either script is served from the other when an article has only one.
        for (code, from) in [("uz-Cyrl", "uz"), ("uz", "uz-Cyrl")] {
            crate::locales::queries::set_transliterate_from(connection, code, Some(from))?;
        }
        Ok(true)
    })?;
    if loaded {
        crate::related::bulk::rebuild(db)?;
        // Statistics for the planner, now that the tables hold rows.
        db.write_blocking(|connection| Ok(connection.batch_execute("ANALYZE")?))?;
    }
    Ok(loaded)
}

fn holds_content(connection: &mut DbConnection) -> QueryResult<bool> {
    use diesel::dsl::exists;
    crate::on_backend!(connection, |connection| {
        let articles = diesel::select(exists(schema::articles::table.select(schema::articles::id)))
            .get_result(connection)?;
        let categories = diesel::select(exists(schema::categories::table.select(schema::categories::id)))
            .get_result(connection)?;
        Ok(articles || categories)
    })
}

fn new_category(category: &Category) -> NewCategory {
    NewCategory {
        position: category.position,
        translations: category
            .translations
            .iter()
            .map(|(locale, t)| NewCategoryTranslation {
                locale: locale.clone(),
                slug: t.slug.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
            })
            .collect(),
    }
}

fn new_article(article: &Article, category_id: Id) -> Result<NewArticle, ApiError> {
    let status = match article.status.as_str() {
        "draft" => Status::Draft,
        "published" => Status::Published,
        "archived" => Status::Archived,
        other => {
            return Err(ApiError::internal(format!(
                "demo article has an unknown status `{other}`"
            )));
        }
    };
    Ok(NewArticle {
        category_id,
        status,
        published_at: Some(article.published_at),
        featured: article.featured,
        original_locale: article.original_locale.clone(),
        cover_image: article.cover_image.as_ref().map(|c| NewCoverImage {
            url: c.url.clone(),
            alt: c.alt.clone(),
            width: c.width,
            height: c.height,
        }),
        source: article.source.as_ref().map(|s| NewSource {
            name: s.name.clone(),
            url: s.url.clone(),
        }),
        views: article.views,
        translations: article
            .translations
            .iter()
            .map(|(locale, t)| NewTranslation {
                locale: locale.clone(),
                slug: t.slug.clone(),
                title: t.title.clone(),
                excerpt: t.excerpt.clone(),
                body: t.body.clone(),
            })
            .collect(),
    })
}
