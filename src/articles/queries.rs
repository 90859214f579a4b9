//! Diesel reads and writes of articles and their translations. No HTTP here, and no rules:
//! what is public is decided by the caller passing `now`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::Id;
use crate::db::schema::{article_translations, articles};

/// Stored status of an article that the public may see once its `published_at` has come.
pub const PUBLISHED: &str = "published";

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = articles)]
pub struct ArticleRow {
    pub id: Id,
    pub category_id: Id,
    pub status: String,
    pub original_locale: String,
    pub published_at: Option<NaiveDateTime>,
    pub featured: bool,
    pub cover_url: Option<String>,
    pub cover_alt: Option<String>,
    pub cover_width: Option<i32>,
    pub cover_height: Option<i32>,
    pub source_name: Option<String>,
    pub source_url: Option<String>,
    pub view_count: i64,
    pub updated_at: NaiveDateTime,
}

/// A translation without its body: what lists and language switchers need.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = article_translations)]
pub struct TranslationSummaryRow {
    pub article_id: Id,
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub reading_time_minutes: i32,
    pub revision: i32,
    pub source_revision: Option<i32>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = article_translations)]
pub struct TranslationBodyRow {
    pub body: String,
    pub body_html: String,
}

/// Narrows the public feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedFilter {
    pub category: Option<Id>,
    pub featured: Option<bool>,
}

/// The public articles matching `filter` (published, `published_at` not after `now`).
/// Its indexes: `articles_feed`, `articles_category_feed`, `articles_featured_feed`.
fn public_feed<'a>(
    now: NaiveDateTime,
    filter: FeedFilter,
) -> articles::BoxedQuery<'a, diesel::sqlite::Sqlite> {
    let mut query = articles::table
        .filter(articles::status.eq(PUBLISHED))
        .filter(articles::published_at.le(now))
        .into_boxed();
    if let Some(category) = filter.category {
        query = query.filter(articles::category_id.eq(category));
    }
    if let Some(featured) = filter.featured {
        query = query.filter(articles::featured.eq(featured));
    }
    query
}

/// A page of the public feed, newest first (`published_at`, then id, descending), strictly
/// after `after` when given.
pub fn public_page(
    connection: &mut SqliteConnection,
    now: NaiveDateTime,
    filter: FeedFilter,
    after: Option<(NaiveDateTime, Id)>,
    limit: i64,
) -> QueryResult<Vec<ArticleRow>> {
    let mut query = public_feed(now, filter);
    if let Some((published_at, id)) = after {
        // The first term bounds the index range; the second only settles ties.
        query = query
            .filter(articles::published_at.le(published_at))
            .filter(articles::published_at.lt(published_at).or(articles::id.lt(id)));
    }
    query
        .order((articles::published_at.desc(), articles::id.desc()))
        .limit(limit)
        .select(ArticleRow::as_select())
        .load(connection)
}

/// How many articles the public feed matching `filter` holds.
pub fn count_public(
    connection: &mut SqliteConnection,
    now: NaiveDateTime,
    filter: FeedFilter,
) -> QueryResult<i64> {
    public_feed(now, filter).count().get_result(connection)
}

/// The article with this id if the public may see it.
pub fn find_public(
    connection: &mut SqliteConnection,
    now: NaiveDateTime,
    id: Id,
) -> QueryResult<Option<ArticleRow>> {
    public_feed(now, FeedFilter::default())
        .filter(articles::id.eq(id))
        .select(ArticleRow::as_select())
        .first(connection)
        .optional()
}

/// The public articles that have `slug` in some locale, with that locale.
pub fn public_with_slug(
    connection: &mut SqliteConnection,
    now: NaiveDateTime,
    slug: &str,
) -> QueryResult<Vec<(Id, String)>> {
    article_translations::table
        .inner_join(articles::table)
        .filter(article_translations::slug.eq(slug))
        .filter(articles::status.eq(PUBLISHED))
        .filter(articles::published_at.le(now))
        .select((article_translations::article_id, article_translations::locale))
        .load(connection)
}

/// The translations (without bodies) of these articles, in every locale.
pub fn translations_of(
    connection: &mut SqliteConnection,
    ids: &[Id],
) -> QueryResult<Vec<TranslationSummaryRow>> {
    article_translations::table
        .filter(article_translations::article_id.eq_any(ids))
        .order((article_translations::article_id, article_translations::locale))
        .select(TranslationSummaryRow::as_select())
        .load(connection)
}

/// The body of one translation.
pub fn body(connection: &mut SqliteConnection, id: Id, locale: &str) -> QueryResult<TranslationBodyRow> {
    article_translations::table
        .find((id, locale))
        .select(TranslationBodyRow::as_select())
        .first(connection)
}

/// An article to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = articles)]
pub struct NewArticleRow<'a> {
    pub id: Id,
    pub category_id: Id,
    pub status: &'a str,
    pub original_locale: &'a str,
    pub published_at: Option<NaiveDateTime>,
    pub featured: bool,
    pub cover_url: Option<&'a str>,
    pub cover_alt: Option<&'a str>,
    pub cover_width: Option<i32>,
    pub cover_height: Option<i32>,
    pub source_name: Option<&'a str>,
    pub source_url: Option<&'a str>,
    pub view_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = article_translations)]
pub struct NewTranslationRow<'a> {
    pub article_id: Id,
    pub locale: &'a str,
    pub slug: &'a str,
    pub title: &'a str,
    pub excerpt: &'a str,
    pub excerpt_is_derived: bool,
    pub body: &'a str,
    pub body_html: &'a str,
    pub reading_time_minutes: i32,
    pub revision: i32,
    pub source_revision: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(
    connection: &mut SqliteConnection,
    article: &NewArticleRow<'_>,
    translations: &[NewTranslationRow<'_>],
) -> QueryResult<()> {
    diesel::insert_into(articles::table)
        .values(article)
        .execute(connection)?;
    diesel::insert_into(article_translations::table)
        .values(translations)
        .execute(connection)?;
    Ok(())
}
