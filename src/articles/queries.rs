//! Diesel reads and writes of articles, their translations and their retired slugs. No HTTP
//! here, and no rules: who sees what is decided by the caller's [`Audience`] and `now`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::Id;
use crate::db::schema::{article_slug_history, article_translations, articles};

/// Stored status of an article that the public may see once its `published_at` has come.
pub const PUBLISHED: &str = "published";
pub const DRAFT: &str = "draft";
pub const ARCHIVED: &str = "archived";

/// Who a read is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Published articles whose time has come, newest first.
    Public,
    /// Every article, most recently changed first (`preview=true` with an editor's key).
    Editors,
}

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
    pub version: i32,
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

/// A whole translation, as an edit starts from it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = article_translations)]
pub struct TranslationRow {
    pub locale: String,
    pub slug: String,
    pub title: String,
    pub excerpt: String,
    pub excerpt_is_derived: bool,
    pub body: String,
    pub revision: i32,
    pub source_revision: Option<i32>,
}

/// In which stored state, for the editors' `status` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    Draft,
    Scheduled,
    Published,
    Archived,
}

/// Narrows a feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeedFilter {
    pub category: Option<Id>,
    pub featured: Option<bool>,
    /// Only for [`Audience::Editors`]; the public feed is all `Published`.
    pub status: Option<StatusFilter>,
}

/// The articles `audience` may see at `now`, as a boxed query of the backend it runs on. The
/// public ones walk `articles_feed`, `articles_category_feed` or `articles_featured_feed`.
/// A macro rather than a function: the query is boxed for the connection the caller has.
macro_rules! visible {
    ($audience:expr, $now:expr) => {
        match $audience {
            Audience::Public => articles::table
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le($now))
                .into_boxed(),
            Audience::Editors => articles::table.into_boxed(),
        }
    };
}

/// [`visible!`] narrowed by `filter`.
macro_rules! feed {
    ($audience:expr, $now:expr, $filter:expr) => {{
        let (audience, now, filter): (Audience, NaiveDateTime, FeedFilter) = ($audience, $now, $filter);
        let mut query = visible!(audience, now);
        if let Some(category) = filter.category {
            query = query.filter(articles::category_id.eq(category));
        }
        if let Some(featured) = filter.featured {
            query = query.filter(articles::featured.eq(featured));
        }
        match filter.status {
            None => {}
            Some(StatusFilter::Draft) => query = query.filter(articles::status.eq(DRAFT)),
            Some(StatusFilter::Archived) => query = query.filter(articles::status.eq(ARCHIVED)),
            Some(StatusFilter::Published) => {
                query = query
                    .filter(articles::status.eq(PUBLISHED))
                    .filter(articles::published_at.le(now))
            }
            Some(StatusFilter::Scheduled) => {
                query = query
                    .filter(articles::status.eq(PUBLISHED))
                    .filter(articles::published_at.gt(now))
            }
        }
        query
    }};
}

/// A page of a feed in its order, strictly after `after` (the sort key and id of the last
/// article of the previous page): `published_at` for the public, `updated_at` for editors.
pub fn page(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    filter: FeedFilter,
    after: Option<(NaiveDateTime, Id)>,
    limit: i64,
) -> QueryResult<Vec<ArticleRow>> {
    crate::on_backend!(connection, |connection| {
        let mut query = feed!(audience, now, filter);
        match audience {
            Audience::Public => {
                if let Some((published_at, id)) = after {
                    // The first term bounds the index range; the second only settles ties.
                    query = query
                        .filter(articles::published_at.le(published_at))
                        .filter(articles::published_at.lt(published_at).or(articles::id.lt(id)));
                }
                query = query.order((articles::published_at.desc(), articles::id.desc()));
            }
            Audience::Editors => {
                if let Some((updated_at, id)) = after {
                    query = query
                        .filter(articles::updated_at.le(updated_at))
                        .filter(articles::updated_at.lt(updated_at).or(articles::id.lt(id)));
                }
                query = query.order((articles::updated_at.desc(), articles::id.desc()));
            }
        }
        query
            .limit(limit)
            .select(ArticleRow::as_select())
            .load(connection)
    })
}

/// How many articles a feed holds.
pub fn count(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    filter: FeedFilter,
) -> QueryResult<i64> {
    crate::on_backend!(connection, |connection| {
        feed!(audience, now, filter).count().get_result(connection)
    })
}

/// When the articles published for later become public, soonest first.
pub fn scheduled_times(connection: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<NaiveDateTime>> {
    crate::on_backend!(connection, |connection| {
        articles::table
            .filter(articles::status.eq(PUBLISHED))
            .filter(articles::published_at.gt(now))
            .select(articles::published_at.assume_not_null())
            .order(articles::published_at)
            .load(connection)
    })
}

/// The article with this id, if `audience` may see it.
pub fn find(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    id: Id,
) -> QueryResult<Option<ArticleRow>> {
    crate::on_backend!(connection, |connection| {
        visible!(audience, now)
            .filter(articles::id.eq(id))
            .select(ArticleRow::as_select())
            .first(connection)
            .optional()
    })
}

/// The articles with these ids that `audience` may see, in no particular order.
pub fn find_many(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    ids: &[Id],
) -> QueryResult<Vec<ArticleRow>> {
    crate::on_backend!(connection, |connection| {
        visible!(audience, now)
            .filter(articles::id.eq_any(ids))
            .select(ArticleRow::as_select())
            .load(connection)
    })
}

/// The articles `audience` may see that have `slug` in some locale now, with that locale.
pub fn with_slug(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    slug: &str,
) -> QueryResult<Vec<(Id, String)>> {
    crate::on_backend!(connection, |connection| {
        let mut query = article_translations::table
            .inner_join(articles::table)
            .filter(article_translations::slug.eq(slug))
            .select((article_translations::article_id, article_translations::locale))
            .into_boxed();
        if audience == Audience::Public {
            query = query
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now));
        }
        query.load(connection)
    })
}

/// The articles `audience` may see that had `slug` in some locale before, with that locale.
pub fn with_retired_slug(
    connection: &mut DbConnection,
    audience: Audience,
    now: NaiveDateTime,
    slug: &str,
) -> QueryResult<Vec<(Id, String)>> {
    crate::on_backend!(connection, |connection| {
        let mut query = article_slug_history::table
            .inner_join(articles::table)
            .filter(article_slug_history::slug.eq(slug))
            .select((article_slug_history::article_id, article_slug_history::locale))
            .into_boxed();
        if audience == Audience::Public {
            query = query
                .filter(articles::status.eq(PUBLISHED))
                .filter(articles::published_at.le(now));
        }
        query.load(connection)
    })
}

/// The translations (without bodies) of these articles, in every locale.
pub fn translations_of(connection: &mut DbConnection, ids: &[Id]) -> QueryResult<Vec<TranslationSummaryRow>> {
    crate::on_backend!(connection, |connection| {
        article_translations::table
            .filter(article_translations::article_id.eq_any(ids))
            .order((article_translations::article_id, article_translations::locale))
            .select(TranslationSummaryRow::as_select())
            .load(connection)
    })
}

/// The body of one translation.
pub fn body(connection: &mut DbConnection, id: Id, locale: &str) -> QueryResult<TranslationBodyRow> {
    crate::on_backend!(connection, |connection| {
        article_translations::table
            .find((id, locale))
            .select(TranslationBodyRow::as_select())
            .first(connection)
    })
}

/// The title and Markdown body of each of these translations (article, locale), in one query:
/// `(article, locale, title, body)`, in no particular order.
pub fn texts_of(
    connection: &mut DbConnection,
    translations: &[(Id, String)],
) -> QueryResult<Vec<(Id, String, String, String)>> {
    if translations.is_empty() {
        return Ok(Vec::new());
    }
    crate::on_backend!(connection, |connection| {
        let mut query = article_translations::table
            .select((
                article_translations::article_id,
                article_translations::locale,
                article_translations::title,
                article_translations::body,
            ))
            .into_boxed();
        for (article, locale) in translations {
            query = query.or_filter(
                article_translations::article_id
                    .eq(*article)
                    .and(article_translations::locale.eq(locale.clone())),
            );
        }
        query.load(connection)
    })
}

/// The bodies of `articles`' translations, in every locale: for reading many articles whole
/// in one query.
pub fn bodies_of(
    connection: &mut DbConnection,
    articles: &[Id],
) -> QueryResult<Vec<(Id, String, TranslationBodyRow)>> {
    crate::on_backend!(connection, |connection| {
        article_translations::table
            .filter(article_translations::article_id.eq_any(articles))
            .select((
                article_translations::article_id,
                article_translations::locale,
                TranslationBodyRow::as_select(),
            ))
            .load(connection)
    })
}

/// Every translation of an article, whole.
pub fn translations_for_edit(connection: &mut DbConnection, id: Id) -> QueryResult<Vec<TranslationRow>> {
    crate::on_backend!(connection, |connection| {
        article_translations::table
            .filter(article_translations::article_id.eq(id))
            .order(article_translations::locale)
            .select(TranslationRow::as_select())
            .load(connection)
    })
}

/// The article whose current slug in `locale` is `slug`.
pub fn slug_owner(connection: &mut DbConnection, locale: &str, slug: &str) -> QueryResult<Option<Id>> {
    crate::on_backend!(connection, |connection| {
        article_translations::table
            .filter(article_translations::locale.eq(locale))
            .filter(article_translations::slug.eq(slug))
            .select(article_translations::article_id)
            .first(connection)
            .optional()
    })
}

/// The article that had `slug` in `locale` before.
pub fn retired_slug_owner(
    connection: &mut DbConnection,
    locale: &str,
    slug: &str,
) -> QueryResult<Option<Id>> {
    crate::on_backend!(connection, |connection| {
        article_slug_history::table
            .find((locale, slug))
            .select(article_slug_history::article_id)
            .first(connection)
            .optional()
    })
}

/// An article's cover image and source line, as stored (an absent one as nulls).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = articles)]
#[diesel(treat_none_as_null = true)]
pub struct MediaColumns<'a> {
    pub cover_url: Option<&'a str>,
    pub cover_alt: Option<&'a str>,
    pub cover_width: Option<i32>,
    pub cover_height: Option<i32>,
    pub source_name: Option<&'a str>,
    pub source_url: Option<&'a str>,
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
    #[diesel(embed)]
    pub media: MediaColumns<'a>,
    pub view_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub created_by: Option<Id>,
    pub updated_by: Option<Id>,
}

/// A translation to store, whole: a new one, or one that replaces what was there.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = article_translations)]
#[diesel(treat_none_as_null = true)]
pub struct TranslationWrite<'a> {
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
    /// Kept as it was when the translation replaces an earlier one.
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<Id>,
}

/// The article-wide fields, all of them, as an edit leaves them.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = articles)]
#[diesel(treat_none_as_null = true)]
pub struct ArticleChanges<'a> {
    pub category_id: Id,
    pub status: &'a str,
    pub original_locale: &'a str,
    pub published_at: Option<NaiveDateTime>,
    pub featured: bool,
    #[diesel(embed)]
    pub media: MediaColumns<'a>,
    pub updated_at: NaiveDateTime,
    pub updated_by: Option<Id>,
    pub version: i32,
}

pub fn insert(connection: &mut DbConnection, article: &NewArticleRow<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(articles::table)
            .values(article)
            .execute(connection)
            .map(drop)
    })
}

pub fn update(connection: &mut DbConnection, id: Id, changes: &ArticleChanges<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(articles::table.find(id))
            .set(changes)
            .execute(connection)
            .map(drop)
    })
}

pub fn delete(connection: &mut DbConnection, id: Id) -> QueryResult<usize> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(articles::table.find(id)).execute(connection)
    })
}

/// Stores a translation, replacing the one in the same locale if there is one.
pub fn put_translation(connection: &mut DbConnection, translation: &TranslationWrite<'_>) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(article_translations::table)
            .values(translation)
            .on_conflict((article_translations::article_id, article_translations::locale))
            .do_update()
            .set(translation)
            .execute(connection)
            .map(drop)
    })
}

pub fn set_revision(connection: &mut DbConnection, id: Id, locale: &str, revision: i32) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(article_translations::table.find((id, locale)))
            .set(article_translations::revision.eq(revision))
            .execute(connection)
            .map(drop)
    })
}

/// Records which revision of the original a translation follows.
pub fn set_source_revision(
    connection: &mut DbConnection,
    id: Id,
    locale: &str,
    source_revision: Option<i32>,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(article_translations::table.find((id, locale)))
            .set(article_translations::source_revision.eq(source_revision))
            .execute(connection)
            .map(drop)
    })
}

/// Marks an article changed (by `by`, now at `version`) without touching its fields.
pub fn touch(
    connection: &mut DbConnection,
    id: Id,
    at: NaiveDateTime,
    by: Id,
    version: i32,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::update(articles::table.find(id))
            .set((
                articles::updated_at.eq(at),
                articles::updated_by.eq(Some(by)),
                articles::version.eq(version),
            ))
            .execute(connection)
            .map(drop)
    })
}

pub fn delete_translation(connection: &mut DbConnection, id: Id, locale: &str) -> QueryResult<usize> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(article_translations::table.find((id, locale))).execute(connection)
    })
}

/// Keeps `slug` answering for the article after its translation in `locale` moved on.
pub fn retire_slug(
    connection: &mut DbConnection,
    locale: &str,
    slug: &str,
    article_id: Id,
    at: NaiveDateTime,
) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::insert_into(article_slug_history::table)
            .values((
                article_slug_history::locale.eq(locale),
                article_slug_history::slug.eq(slug),
                article_slug_history::article_id.eq(article_id),
                article_slug_history::retired_at.eq(at),
            ))
            .on_conflict((article_slug_history::locale, article_slug_history::slug))
            .do_update()
            .set((
                article_slug_history::article_id.eq(article_id),
                article_slug_history::retired_at.eq(at),
            ))
            .execute(connection)
            .map(drop)
    })
}

/// Forgets a retired slug, now that an article has it again as its current one.
pub fn reclaim_slug(connection: &mut DbConnection, locale: &str, slug: &str) -> QueryResult<()> {
    crate::on_backend!(connection, |connection| {
        diesel::delete(article_slug_history::table.find((locale, slug)))
            .execute(connection)
            .map(drop)
    })
}

/// Whether any article, in any status, is filed under the category.
pub fn category_in_use(connection: &mut DbConnection, category: Id) -> QueryResult<bool> {
    crate::on_backend!(connection, |connection| {
        diesel::select(diesel::dsl::exists(
            articles::table.filter(articles::category_id.eq(category)),
        ))
        .get_result(connection)
    })
}
