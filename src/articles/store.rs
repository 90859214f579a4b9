//! Storing articles: the checked article to store, the rows it becomes (its translations'
//! HTML, excerpt and reading time derived), and the slugs it may take.

use chrono::{DateTime, Utc};

use crate::articles::body;
use crate::articles::queries::{self, MediaColumns, NewArticleRow, TranslationWrite};
pub use crate::articles::workflow::Status;
use crate::checks::Checks;
use crate::db::DbConnection;
use crate::db::{self, Id};
use crate::editing::{SlugClashes, check_slug_shape};
use crate::error::ApiError;
use crate::slugs;

/// An article to store, checked: known category and locales, slugs given and free.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub category_id: Id,
    pub status: Status,
    pub published_at: Option<DateTime<Utc>>,
    pub featured: bool,
    pub original_locale: String,
    pub cover_image: Option<NewCoverImage>,
    pub source: Option<NewSource>,
    pub views: i64,
    pub translations: Vec<NewTranslation>,
}

#[derive(Debug, Clone)]
pub struct NewCoverImage {
    pub url: String,
    pub alt: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct NewSource {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewTranslation {
    pub locale: String,
    pub slug: String,
    pub title: String,
    /// Derived from the body when not given.
    pub excerpt: Option<String>,
    /// Markdown.
    pub body: String,
}

/// What the body of a translation yields once rendered.
pub(super) struct Rendered {
    pub excerpt: String,
    pub excerpt_is_derived: bool,
    pub body_html: String,
    pub reading_time_minutes: i32,
}

pub(super) fn render(body_markdown: &str, excerpt: Option<&str>) -> Rendered {
    Rendered {
        excerpt: excerpt.map_or_else(|| body::excerpt(body_markdown), str::to_owned),
        excerpt_is_derived: excerpt.is_none(),
        body_html: body::render_html(body_markdown),
        reading_time_minutes: body::reading_time_minutes(body_markdown),
    }
}

/// The columns of an article's cover image and source line.
pub(super) fn media_columns<'a>(
    cover: Option<&'a NewCoverImage>,
    source: Option<&'a NewSource>,
) -> MediaColumns<'a> {
    MediaColumns {
        cover_url: cover.map(|c| c.url.as_str()),
        cover_alt: cover.and_then(|c| c.alt.as_deref()),
        cover_width: cover.and_then(|c| c.width),
        cover_height: cover.and_then(|c| c.height),
        source_name: source.map(|s| s.name.as_str()),
        source_url: source.and_then(|s| s.url.as_deref()),
    }
}

/// Stores a new article with its translations, deriving each one's HTML, excerpt and reading
/// time; the caller provides the transaction (search finds it from the change the database
/// logs with it). `by` is the key that made it, if any.
pub fn create(connection: &mut DbConnection, article: &NewArticle, by: Option<Id>) -> Result<Id, ApiError> {
    let now = db::now();
    let id = Id::new();
    queries::insert(
        connection,
        &NewArticleRow {
            id,
            category_id: article.category_id,
            status: article.status.as_str(),
            original_locale: &article.original_locale,
            published_at: article.published_at.map(|at| db::truncate(at.naive_utc())),
            featured: article.featured,
            media: media_columns(article.cover_image.as_ref(), article.source.as_ref()),
            view_count: article.views,
            created_at: now,
            updated_at: now,
            created_by: by,
            updated_by: by,
        },
    )?;
    for translation in &article.translations {
        let rendered = render(&translation.body, translation.excerpt.as_deref());
        let is_original = translation.locale == article.original_locale;
        queries::put_translation(
            connection,
            &TranslationWrite {
                article_id: id,
                locale: &translation.locale,
                slug: &translation.slug,
                title: &translation.title,
                excerpt: &rendered.excerpt,
                excerpt_is_derived: rendered.excerpt_is_derived,
                body: &translation.body,
                body_html: &rendered.body_html,
                reading_time_minutes: rendered.reading_time_minutes,
                revision: 1,
                source_revision: (!is_original).then_some(1),
                created_at: now,
                updated_at: now,
                updated_by: by,
            },
        )?;
        queries::reclaim_slug(connection, &translation.locale, &translation.slug)?;
    }
    Ok(id)
}

/// Checks an explicit slug for `article` (None while it is being made) in `locale`.
pub(super) fn claim_slug(
    connection: &mut DbConnection,
    locale: &str,
    slug: &str,
    article: Option<Id>,
    field: &str,
    checks: &mut Checks,
    clashes: &mut SlugClashes,
) -> Result<(), ApiError> {
    if !check_slug_shape(slug, field, checks) {
        return Ok(());
    }
    if let Some(owner) = queries::slug_owner(connection, locale, slug)?
        && Some(owner) != article
    {
        clashes.push(format!(
            "the slug `{slug}` is taken in `{locale}` by article {owner}"
        ));
    }
    Ok(())
}

/// A free slug in `locale` derived from `title`: the title's slug, or it with `-2`, `-3`...
/// A slug another article had before counts as taken, so that its old links keep working.
pub(super) fn derive_slug(
    connection: &mut DbConnection,
    locale: &str,
    title: &str,
    article: Option<Id>,
) -> Result<String, ApiError> {
    slugs::first_free(slugs::derive(locale, title), "article", |candidate| {
        let current = queries::slug_owner(connection, locale, candidate)?;
        let former = queries::retired_slug_owner(connection, locale, candidate)?;
        Ok([current, former]
            .iter()
            .all(|owner| owner.is_none() || *owner == article))
    })
}
