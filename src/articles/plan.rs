//! Checking what a request asks of an article, before anything is written: every problem at
//! once (a 422 listing them, or a 409 for slugs taken), and, when there is none, the plan of
//! what to write.

use chrono::NaiveDateTime;

use crate::articles::input::{ArticlePatch, CoverImageBody, NewArticleBody, SourceBody, TranslationPatch};
use crate::articles::queries::{self, ArticleRow, TranslationRow};
use crate::articles::revisions::{Follow, Revisions};
use crate::articles::store::{self, NewArticle, NewCoverImage, NewSource, NewTranslation, Status};
use crate::articles::views::ArticleStatus;
use crate::articles::workflow::{self, Stage};
use crate::categories;
use crate::checks::{Checked, Checks, References};
use crate::db::DbConnection;
use crate::db::{self, Id};
use crate::editing::{Editing, SlugClashes};
use crate::error::ApiError;
use crate::params::SlugOrId;

/// The category a body names in `category`, or a failed check; `None` too when the body
/// names none, which its schema reports.
fn category(
    connection: &mut DbConnection,
    editing: &Editing,
    names: &References,
    checks: &mut Checks,
) -> Result<Option<Id>, ApiError> {
    // A blank one breaks the body's schema (`\S`), which says so.
    let Some(named) = names.category.as_deref() else {
        return Ok(None);
    };
    let found = categories::service::resolve(connection, &SlugOrId::parse(named), &editing.by_default()?)?;
    if found.is_none() {
        checks.fail(
            "category",
            format!("no category has the slug or id `{named}`; GET /api/v1/categories lists them"),
        );
    }
    Ok(found)
}

/// What a request's `published_at` asks for, as stored: to the second, `Some(None)` for `null`.
fn requested_time(
    published_at: Option<Option<chrono::DateTime<chrono::Utc>>>,
) -> Option<Option<NaiveDateTime>> {
    published_at.map(|at| at.map(|at| db::truncate(at.naive_utc())))
}

/// Checks a new article's body and turns it into what is stored. What it names is checked
/// even when the rest could not be read.
pub fn plan_new(
    connection: &mut DbConnection,
    editing: &Editing,
    body: Option<&NewArticleBody>,
    names: &References,
    checks: &mut Checks,
    clashes: &mut SlugClashes,
) -> Result<Option<NewArticle>, ApiError> {
    let now = db::now();
    let category_id = category(connection, editing, names, checks)?;
    let original_locale = names
        .original_locale
        .as_deref()
        .and_then(|key| editing.locale(key, "original_locale", checks));
    let locales = editing.locales_of(names.translations.as_deref(), "translations", checks);
    if let Some(original) = &original_locale
        && names.translations.is_some()
        && !locales.values().any(|code| code == original)
    {
        checks.fail(
            "original_locale",
            format!("`translations` has no `{original}` translation"),
        );
    }
    let Some(body) = body else { return Ok(None) };
    let mut translations = Vec::new();
    for (key, translation) in &body.translations {
        let Some(locale) = locales.get(key).cloned() else {
            continue;
        };
        let slug = match &translation.slug {
            Some(slug) => {
                let field = format!("translations.{key}.slug");
                store::claim_slug(connection, &locale, slug, None, &field, checks, clashes)?;
                slug.clone()
            }
            None => store::derive_slug(connection, &locale, &translation.title, None)?,
        };
        translations.push(NewTranslation {
            locale,
            slug,
            title: translation.title.clone(),
            excerpt: translation.excerpt.clone(),
            body: translation.body.clone(),
        });
    }
    let (status, published_at) = workflow::schedule(
        body.status,
        requested_time(Some(body.published_at)),
        None,
        now,
        checks,
    );
    let (Some(category_id), Some(original_locale)) = (category_id, original_locale) else {
        return Ok(None);
    };
    Ok(Some(NewArticle {
        category_id,
        status,
        published_at: published_at.map(|at| at.and_utc()),
        featured: body.featured,
        original_locale,
        cover_image: body.cover_image.as_ref().map(cover_image),
        source: body.source.as_ref().map(source),
        views: 0,
        translations,
    }))
}

fn cover_image(cover: &CoverImageBody) -> NewCoverImage {
    NewCoverImage {
        url: cover.url.clone(),
        alt: cover.alt.clone(),
        width: cover.width,
        height: cover.height,
    }
}

fn source(source: &SourceBody) -> NewSource {
    NewSource {
        name: source.name.clone(),
        url: source.url.clone(),
    }
}

/// One translation as an edit leaves it.
pub struct EditedTranslation {
    pub locale: String,
    pub before: Option<TranslationRow>,
    pub slug: String,
    pub title: String,
    pub body: String,
    /// `None`: derive from the body.
    pub excerpt: Option<String>,
}

impl EditedTranslation {
    pub fn content_changed(&self) -> bool {
        self.before
            .as_ref()
            .is_none_or(|before| before.title != self.title || before.body != self.body)
    }
}

/// What a patch, checked, does to an article.
pub struct PatchPlan {
    pub category_id: Id,
    pub original_locale: String,
    pub status: Status,
    pub published_at: Option<NaiveDateTime>,
    pub featured: bool,
    pub cover: Option<NewCoverImage>,
    pub source: Option<NewSource>,
    pub edited: Vec<EditedTranslation>,
    /// The article's translations before the patch.
    pub existing: Vec<TranslationRow>,
    pub follow: Follow,
}

/// A stored translation's revisions.
pub fn revisions(row: &TranslationRow) -> Revisions {
    Revisions {
        revision: row.revision,
        source_revision: row.source_revision,
    }
}

/// Checks a patch against the article it changes; every problem at once (422, or a 409 for
/// slugs taken), nothing written.
pub fn plan_patch(
    connection: &mut DbConnection,
    editing: &Editing,
    article: &ArticleRow,
    patch: Checked<ArticlePatch>,
    follow: Follow,
) -> Result<PatchPlan, ApiError> {
    let now = db::now();
    let mut clashes = SlugClashes::default();
    let existing = queries::translations_for_edit(connection, article.id)?;
    let Checked {
        value: patch,
        names,
        mut checks,
    } = patch;
    let category_id = match names.category {
        Some(_) => category(connection, editing, &names, &mut checks)?,
        None => Some(article.category_id),
    };
    let locales = editing.locales_of(names.translations.as_deref(), "translations", &mut checks);
    let original_key = names.original_locale.as_deref();
    let original_locale = match original_key {
        Some(key) => editing.locale(key, "original_locale", &mut checks),
        None => Some(article.original_locale.clone()),
    };
    let Some(patch) = patch else {
        return Err(refused(checks));
    };
    let mut edited: Vec<EditedTranslation> = Vec::new();
    for (key, change) in patch.translations.iter().flatten() {
        let Some(locale) = locales.get(key).cloned() else {
            continue;
        };
        let field = format!("translations.{key}");
        let before = existing.iter().find(|t| t.locale == locale);
        if let Some(edit) = plan_translation(
            connection,
            article.id,
            locale.clone(),
            change,
            before,
            &field,
            &mut checks,
            &mut clashes,
        )? {
            edited.push(edit);
        }
    }
    if let (Some(_), Some(locale)) = (original_key, &original_locale) {
        let has = existing.iter().any(|t| &t.locale == locale) || edited.iter().any(|t| &t.locale == locale);
        if !has {
            checks.fail(
                "original_locale",
                format!("the article has no `{locale}` translation"),
            );
        }
    }
    let stage = Stage {
        status: ArticleStatus::of(article, now),
        published_at: article.published_at,
    };
    let (status, published_at) = workflow::schedule(
        patch.status,
        requested_time(patch.published_at),
        Some(stage),
        now,
        &mut checks,
    );
    let (Some(category_id), Some(original_locale)) = (category_id, original_locale) else {
        return Err(refused(checks));
    };
    checks.finish(Some(()))?;
    clashes.finish("title")?;
    let cover = match &patch.cover_image {
        Some(cover) => cover.as_ref().map(cover_image),
        None => article.cover_url.clone().map(|url| NewCoverImage {
            url,
            alt: article.cover_alt.clone(),
            width: article.cover_width,
            height: article.cover_height,
        }),
    };
    let source = match &patch.source {
        Some(given) => given.as_ref().map(source),
        None => article.source_name.clone().map(|name| NewSource {
            name,
            url: article.source_url.clone(),
        }),
    };
    Ok(PatchPlan {
        category_id,
        original_locale,
        status,
        published_at,
        featured: patch.featured.unwrap_or(article.featured),
        cover,
        source,
        edited,
        existing,
        follow,
    })
}

/// The 422 for a request whose checks failed so that it can't be planned.
fn refused(checks: Checks) -> ApiError {
    match checks.finish::<()>(None) {
        Err(error) => error,
        Ok(()) => ApiError::internal("a request neither planned nor refused"),
    }
}

/// One translation of a patch, checked: its title and body (a new translation needs both), a
/// slug it may take (given, kept, or derived from the title), its excerpt.
#[allow(clippy::too_many_arguments)]
fn plan_translation(
    connection: &mut DbConnection,
    article: Id,
    locale: String,
    change: &TranslationPatch,
    before: Option<&TranslationRow>,
    field: &str,
    checks: &mut Checks,
    clashes: &mut SlugClashes,
) -> Result<Option<EditedTranslation>, ApiError> {
    let title = change.title.clone().or_else(|| before.map(|b| b.title.clone()));
    let body = change.body.clone().or_else(|| before.map(|b| b.body.clone()));
    let (Some(title), Some(body)) = (title, body) else {
        for (name, missing) in [("title", change.title.is_none()), ("body", change.body.is_none())] {
            if missing {
                checks.fail(format!("{field}.{name}"), "is required for a new translation");
            }
        }
        return Ok(None);
    };
    let slug = match (&change.slug, before) {
        (Some(slug), _) => {
            store::claim_slug(
                connection,
                &locale,
                slug,
                Some(article),
                &format!("{field}.slug"),
                checks,
                clashes,
            )?;
            slug.clone()
        }
        (None, Some(before)) => before.slug.clone(),
        (None, None) => store::derive_slug(connection, &locale, &title, Some(article))?,
    };
    let excerpt = match &change.excerpt {
        Some(excerpt) => excerpt.clone(),
        None => before
            .filter(|before| !before.excerpt_is_derived)
            .map(|before| before.excerpt.clone()),
    };
    Ok(Some(EditedTranslation {
        locale,
        before: before.cloned(),
        slug,
        title,
        body,
        excerpt,
    }))
}
