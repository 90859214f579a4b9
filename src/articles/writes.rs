//! The rules of writing articles: what a request may ask for (every problem found at once,
//! before anything is written), the workflow, slugs, excerpts and the revisions that tell an
//! outdated translation. Each write is one transaction on the writer.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::SqliteConnection;

use crate::articles::body;
use crate::articles::input::{ArticlePatch, NewArticleBody, TranslationBody, TranslationPatch};
use crate::articles::queries::{
    self, ARCHIVED, ArticleChanges, ArticleRow, Audience, DRAFT, NewArticleRow, PUBLISHED, TranslationRow,
    TranslationWrite,
};
use crate::articles::service;
use crate::articles::views::{Article, ArticleStatus};
use crate::audit::{self, Action};
use crate::caching::Changed;
use crate::categories;
use crate::checks::{Checked, Checks, References};
use crate::db::{self, Database, Id};
use crate::editing::{Editing, SlugClashes, check_slug_shape};
use crate::error::ApiError;
use crate::params::SlugOrId;
use crate::preconditions::Versioned;
use crate::preconditions::{self, IfMatch};
use crate::slugs;
use crate::{related, search};

/// Where an article stands in its workflow, as stored: a scheduled article is a published
/// one whose `published_at` is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Published,
    Archived,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::Draft => DRAFT,
            Self::Published => PUBLISHED,
            Self::Archived => ARCHIVED,
        }
    }
}

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
struct Rendered {
    excerpt: String,
    excerpt_is_derived: bool,
    body_html: String,
    reading_time_minutes: i32,
}

fn render(body_markdown: &str, excerpt: Option<&str>) -> Rendered {
    Rendered {
        excerpt: excerpt.map_or_else(|| body::excerpt(body_markdown), str::to_owned),
        excerpt_is_derived: excerpt.is_none(),
        body_html: body::render_html(body_markdown),
        reading_time_minutes: body::reading_time_minutes(body_markdown),
    }
}

/// Stores a new article with its translations, deriving each one's HTML, excerpt and reading
/// time, and puts it in the search index; the caller provides the transaction. `by` is the
/// key that made it, if any.
pub fn create(
    connection: &mut SqliteConnection,
    article: &NewArticle,
    by: Option<Id>,
) -> Result<Id, ApiError> {
    let id = create_unindexed(connection, article, by)?;
    for translation in queries::translations_for_edit(connection, id)? {
        search::service::index(
            connection,
            id,
            &translation.locale,
            &translation.title,
            &translation.excerpt,
            &translation.body,
        )?;
    }
    Ok(id)
}

/// [`create`] without the search index, for bulk loads that index everything at the end
/// ([`crate::search::service::index_all`]): FTS5 writes its pending changes at every
/// statement, so indexing row by row costs more than one pass in big statements.
pub fn create_unindexed(
    connection: &mut SqliteConnection,
    article: &NewArticle,
    by: Option<Id>,
) -> Result<Id, ApiError> {
    let now = db::now();
    let id = Id::new();
    let cover = article.cover_image.as_ref();
    let source = article.source.as_ref();
    queries::insert(
        connection,
        &NewArticleRow {
            id,
            category_id: article.category_id,
            status: article.status.as_str(),
            original_locale: &article.original_locale,
            published_at: article.published_at.map(|at| db::truncate(at.naive_utc())),
            featured: article.featured,
            cover_url: cover.map(|c| c.url.as_str()),
            cover_alt: cover.and_then(|c| c.alt.as_deref()),
            cover_width: cover.and_then(|c| c.width),
            cover_height: cover.and_then(|c| c.height),
            source_name: source.map(|s| s.name.as_str()),
            source_url: source.and_then(|s| s.url.as_deref()),
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

/// Answers with the stored article in the answer locale.
fn answer(
    connection: &mut SqliteConnection,
    editing: &Editing,
    id: Id,
) -> Result<Versioned<Article>, ApiError> {
    let now = db::now();
    let article = queries::find(connection, Audience::Editors, now, id)?
        .ok_or_else(|| ApiError::internal(format!("article {id} vanished inside its write")))?;
    let negotiated = editing.answer_in(Some(&article.original_locale))?;
    service::load(connection, article, &negotiated, now)
}

/// Checks an explicit slug for `article` (None while it is being made) in `locale`.
fn claim_slug(
    connection: &mut SqliteConnection,
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
fn derive_slug(
    connection: &mut SqliteConnection,
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

/// The category a body names in `category`, or a failed check; `None` too when the body
/// names none, which its schema reports.
fn category(
    connection: &mut SqliteConnection,
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

/// The stored status and publish time an article gets from a request asking for `requested`
/// and `published_at` (given as `null`: `Some(None)`), `current` being what is stored.
fn schedule(
    requested: Option<ArticleStatus>,
    published_at: Option<Option<DateTime<Utc>>>,
    current: Option<&ArticleRow>,
    now: NaiveDateTime,
    checks: &mut Checks,
) -> (Status, Option<NaiveDateTime>) {
    let current_status = current.map(|article| ArticleStatus::of(article, now));
    let current_at = current.and_then(|article| article.published_at);
    let given = published_at.map(|at| at.map(|at| db::truncate(at.naive_utc())));
    let at = given.unwrap_or(current_at);
    match requested.or(current_status).unwrap_or(ArticleStatus::Draft) {
        ArticleStatus::Draft => (Status::Draft, at),
        ArticleStatus::Archived => (Status::Archived, at),
        ArticleStatus::Published => match given {
            Some(Some(at)) if at > now => {
                checks.fail(
                    "published_at",
                    "is in the future: set `status` to `scheduled` to publish the article at that time",
                );
                (Status::Published, Some(at))
            }
            Some(Some(at)) => (Status::Published, Some(at)),
            // `published_at: null` asks for now.
            Some(None) => (Status::Published, Some(now)),
            // Publishing again keeps the time the article first went public; else it is now.
            None => match current_at {
                Some(at) if at <= now => (Status::Published, Some(at)),
                _ => (Status::Published, Some(now)),
            },
        },
        ArticleStatus::Scheduled => match at {
            Some(at) if at > now => (Status::Published, Some(at)),
            _ => {
                checks.fail(
                    "published_at",
                    "must be a time in the future for a scheduled article",
                );
                (Status::Published, at)
            }
        },
    }
}

/// Creates an article from a request body.
pub async fn create_from_request(
    db: &Database,
    editing: Editing,
    body: Checked<NewArticleBody>,
) -> Result<Versioned<Article>, ApiError> {
    db.write(move |connection| {
        let Checked {
            value,
            names,
            mut checks,
        } = body;
        let mut clashes = SlugClashes::default();
        let article = plan_new(
            connection,
            &editing,
            value.as_ref(),
            &names,
            &mut checks,
            &mut clashes,
        )?;
        let article = checks.finish(article)?;
        clashes.finish("title")?;
        let id = create(connection, &article, Some(editing.caller.key_id))?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Create,
            "article",
            &id.to_string(),
        )?;
        answer(connection, &editing, id)
    })
    .await
}

/// Checks a new article's body and turns it into what is stored. What it names is checked
/// even when the rest could not be read.
fn plan_new(
    connection: &mut SqliteConnection,
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
                claim_slug(connection, &locale, slug, None, &field, checks, clashes)?;
                slug.clone()
            }
            None => derive_slug(connection, &locale, &translation.title, None)?,
        };
        translations.push(NewTranslation {
            locale,
            slug,
            title: translation.title.clone(),
            excerpt: translation.excerpt.clone(),
            body: translation.body.clone(),
        });
    }
    let (status, published_at) = schedule(body.status, Some(body.published_at), None, now, checks);
    let (Some(category_id), Some(original_locale)) = (category_id, original_locale) else {
        return Ok(None);
    };
    Ok(Some(NewArticle {
        category_id,
        status,
        published_at: published_at.map(|at| at.and_utc()),
        featured: body.featured,
        original_locale,
        cover_image: body.cover_image.as_ref().map(|c| NewCoverImage {
            url: c.url.clone(),
            alt: c.alt.clone(),
            width: c.width,
            height: c.height,
        }),
        source: body.source.as_ref().map(|s| NewSource {
            name: s.name.clone(),
            url: s.url.clone(),
        }),
        views: 0,
        translations,
    }))
}

/// Loads an article for an edit, in any status, checking `If-Match`.
fn article_for_edit(
    connection: &mut SqliteConnection,
    editing: &Editing,
    target: &SlugOrId,
    if_match: Option<&IfMatch>,
) -> Result<ArticleRow, ApiError> {
    let article = service::find(
        connection,
        Audience::Editors,
        db::now(),
        target,
        &editing.by_default()?,
    )?;
    preconditions::check(if_match, article.version, "article")?;
    Ok(article)
}

/// Applies a request's changes to an article; returns it, and what changed for readers.
pub async fn update_from_request(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    patch: Checked<ArticlePatch>,
    if_match: Option<IfMatch>,
) -> Result<(Versioned<Article>, Changed), ApiError> {
    let if_match = patch.precondition(if_match);
    db.write(move |connection| {
        let article = article_for_edit(connection, &editing, &target, if_match.as_ref())?;
        let id = article.id;
        let category_before = article.category_id;
        apply_patch(connection, &editing, article, patch, Follow::WhenChanged)?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Update,
            "article",
            &id.to_string(),
        )?;
        let answer = answer(connection, &editing, id)?;
        let category_after = Id(answer.value.summary.category.id);
        Ok((answer, Changed::article(id, category_before, category_after)))
    })
    .await
}

/// Creates or replaces the translation in `locale`; returns the article and whether the
/// translation is new.
pub async fn put_translation_from_request(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    locale: String,
    body: Checked<TranslationBody>,
    if_match: Option<IfMatch>,
) -> Result<(Versioned<Article>, bool), ApiError> {
    let if_match = body.precondition(if_match);
    db.write(move |connection| {
        // What the request names must exist (404) before its version is compared (412).
        let article = article_for_edit(connection, &editing, &target, None)?;
        let id = article.id;
        let code = editing
            .catalog
            .find(&locale)
            .map(|l| l.code.clone())
            .ok_or_else(|| {
                ApiError::not_found(format!(
                    "`{locale}` is not a locale served here; use one of: {}.",
                    editing.catalog.codes().join(", ")
                ))
            })?;
        preconditions::check(if_match.as_ref(), article.version, "article")?;
        let existing = queries::translations_for_edit(connection, id)?;
        let created = !existing.iter().any(|t| t.locale == code);
        let Checked { value, checks, .. } = body;
        // A replacement, whole: what the body leaves out is derived again.
        let patch = Checked {
            value: value.map(|body| ArticlePatch {
                translations: Some(BTreeMap::from([(
                    code.clone(),
                    TranslationPatch {
                        title: Some(body.title),
                        slug: body.slug,
                        excerpt: Some(body.excerpt),
                        body: Some(body.body),
                    },
                )])),
                ..ArticlePatch::default()
            }),
            names: References {
                translations: Some(vec![code.clone()]),
                ..References::default()
            },
            checks,
        };
        apply_patch(connection, &editing, article, patch, Follow::Always)?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Update,
            "translation",
            &format!("{id}/{code}"),
        )?;
        let mut editing = editing;
        editing.answer_locale = editing.answer_locale.or(Some(code));
        Ok((answer(connection, &editing, id)?, created))
    })
    .await
}

/// When an edited translation counts as following the original's current revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// When its title or body changed.
    WhenChanged,
    /// Always: a whole translation was put, which confirms it.
    Always,
}

/// One translation as an edit leaves it.
struct EditedTranslation {
    locale: String,
    before: Option<TranslationRow>,
    slug: String,
    title: String,
    body: String,
    /// `None`: derive from the body.
    excerpt: Option<String>,
}

impl EditedTranslation {
    fn content_changed(&self) -> bool {
        self.before
            .as_ref()
            .is_none_or(|before| before.title != self.title || before.body != self.body)
    }
}

/// Checks and applies a patch; nothing is written unless all of it is acceptable.
fn apply_patch(
    connection: &mut SqliteConnection,
    editing: &Editing,
    article: ArticleRow,
    patch: Checked<ArticlePatch>,
    follow: Follow,
) -> Result<(), ApiError> {
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
        return checks.finish::<()>(None);
    };
    let mut edited: Vec<EditedTranslation> = Vec::new();
    for (key, change) in patch.translations.iter().flatten() {
        let field = format!("translations.{key}");
        let Some(locale) = locales.get(key).cloned() else {
            continue;
        };
        let before = existing.iter().find(|t| t.locale == locale).cloned();
        let title = change
            .title
            .clone()
            .or_else(|| before.as_ref().map(|b| b.title.clone()));
        let body = change
            .body
            .clone()
            .or_else(|| before.as_ref().map(|b| b.body.clone()));
        let (Some(title), Some(body)) = (title, body) else {
            for (name, missing) in [("title", change.title.is_none()), ("body", change.body.is_none())] {
                if missing {
                    checks.fail(format!("{field}.{name}"), "is required for a new translation");
                }
            }
            continue;
        };
        let slug = match (&change.slug, &before) {
            (Some(slug), _) => {
                claim_slug(
                    connection,
                    &locale,
                    slug,
                    Some(article.id),
                    &format!("{field}.slug"),
                    &mut checks,
                    &mut clashes,
                )?;
                slug.clone()
            }
            (None, Some(before)) => before.slug.clone(),
            (None, None) => derive_slug(connection, &locale, &title, Some(article.id))?,
        };
        let excerpt = match &change.excerpt {
            Some(excerpt) => excerpt.clone(),
            None => before
                .as_ref()
                .filter(|before| !before.excerpt_is_derived)
                .map(|before| before.excerpt.clone()),
        };
        edited.push(EditedTranslation {
            locale,
            before,
            slug,
            title,
            body,
            excerpt,
        });
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
    let (status, published_at) = schedule(patch.status, patch.published_at, Some(&article), now, &mut checks);
    let (Some(category_id), Some(original_locale)) = (category_id, original_locale) else {
        return checks.finish::<()>(None);
    };
    checks.finish(Some(()))?;
    clashes.finish("title")?;

    let by = Some(editing.caller.key_id);
    // The original's revision after this edit, which the edited translations now follow.
    let original_before = existing.iter().find(|t| t.locale == original_locale);
    let original_edit = edited.iter().find(|t| t.locale == original_locale);
    let original_revision = match (original_edit, original_before) {
        (Some(edit), Some(before)) if edit.content_changed() => before.revision + 1,
        (_, Some(before)) => before.revision,
        _ => 1,
    };
    for edit in &edited {
        let is_original = edit.locale == original_locale;
        let revision = match &edit.before {
            Some(before) if edit.content_changed() => before.revision + 1,
            Some(before) => before.revision,
            None => 1,
        };
        let source_revision = if is_original {
            None
        } else if edit.content_changed() || follow == Follow::Always {
            Some(original_revision)
        } else {
            edit.before.as_ref().and_then(|before| before.source_revision)
        };
        let rendered = render(&edit.body, edit.excerpt.as_deref());
        queries::put_translation(
            connection,
            &TranslationWrite {
                article_id: article.id,
                locale: &edit.locale,
                slug: &edit.slug,
                title: &edit.title,
                excerpt: &rendered.excerpt,
                excerpt_is_derived: rendered.excerpt_is_derived,
                body: &edit.body,
                body_html: &rendered.body_html,
                reading_time_minutes: rendered.reading_time_minutes,
                revision,
                source_revision,
                created_at: now,
                updated_at: now,
                updated_by: by,
            },
        )?;
        if let Some(before) = &edit.before
            && before.slug != edit.slug
        {
            queries::retire_slug(connection, &edit.locale, &before.slug, article.id, now)?;
        }
        queries::reclaim_slug(connection, &edit.locale, &edit.slug)?;
        search::service::index(
            connection,
            article.id,
            &edit.locale,
            &edit.title,
            &rendered.excerpt,
            &edit.body,
        )?;
    }
    if original_locale != article.original_locale {
        follow_new_original(connection, article.id, &article.original_locale, &original_locale)?;
    }
    let cover = match &patch.cover_image {
        Some(cover) => cover.clone().map(|c| (c.url, c.alt, c.width, c.height)),
        None => article.cover_url.clone().map(|url| {
            (
                url,
                article.cover_alt.clone(),
                article.cover_width,
                article.cover_height,
            )
        }),
    };
    let source = match &patch.source {
        Some(source) => source.clone().map(|s| (s.name, s.url)),
        None => article
            .source_name
            .clone()
            .map(|name| (name, article.source_url.clone())),
    };
    queries::update(
        connection,
        article.id,
        &ArticleChanges {
            category_id,
            status: status.as_str(),
            original_locale: &original_locale,
            published_at,
            featured: patch.featured.unwrap_or(article.featured),
            cover_url: cover.as_ref().map(|c| c.0.as_str()),
            cover_alt: cover.as_ref().and_then(|c| c.1.as_deref()),
            cover_width: cover.as_ref().and_then(|c| c.2),
            cover_height: cover.as_ref().and_then(|c| c.3),
            source_name: source.as_ref().map(|s| s.0.as_str()),
            source_url: source.as_ref().and_then(|s| s.1.as_deref()),
            updated_at: now,
            updated_by: by,
            version: article.version + 1,
        },
    )
    .map_err(ApiError::from)
}

/// When another locale becomes the original, it follows nothing, and the other translations
/// follow its current revision, except those that lagged behind the former original: they
/// stay outdated.
fn follow_new_original(
    connection: &mut SqliteConnection,
    article: Id,
    former: &str,
    original: &str,
) -> Result<(), ApiError> {
    let translations = queries::translations_for_edit(connection, article)?;
    let former_revision = translations
        .iter()
        .find(|t| t.locale == former)
        .map_or(1, |t| t.revision);
    let lagged =
        |t: &TranslationRow| t.locale != former && t.source_revision.is_some_and(|s| s < former_revision);
    let mut revision = translations
        .iter()
        .find(|t| t.locale == original)
        .map_or(1, |t| t.revision);
    let any_lagged = translations.iter().any(|t| t.locale != original && lagged(t));
    if any_lagged && revision < 2 {
        // A lagging translation needs a revision to lag behind.
        revision = 2;
        queries::set_revision(connection, article, original, revision)?;
    }
    for translation in &translations {
        let source_revision = match translation.locale == original {
            true => None,
            false if lagged(translation) => Some(revision - 1),
            false => Some(revision),
        };
        queries::set_source_revision(connection, article, &translation.locale, source_revision)?;
    }
    Ok(())
}

/// Deletes an article with its translations.
pub async fn delete(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    if_match: Option<IfMatch>,
) -> Result<Changed, ApiError> {
    db.write(move |connection| {
        let article = article_for_edit(connection, &editing, &target, if_match.as_ref())?;
        search::queries::unindex(connection, article.id, None)?;
        related::service::forget(connection, article.id)?;
        queries::delete(connection, article.id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Delete,
            "article",
            &article.id.to_string(),
        )?;
        Ok(Changed::article(
            article.id,
            article.category_id,
            article.category_id,
        ))
    })
    .await
}

/// Deletes one translation; the original's can't be, and its slug keeps answering (with the
/// article in another locale).
pub async fn delete_translation(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    locale: String,
    if_match: Option<IfMatch>,
) -> Result<Changed, ApiError> {
    db.write(move |connection| {
        // What the request names must exist (404) before its version is compared (412).
        let article = article_for_edit(connection, &editing, &target, None)?;
        let id = article.id;
        let missing = || ApiError::not_found(format!("Article {id} has no `{locale}` translation."));
        let code = editing
            .catalog
            .find(&locale)
            .map(|l| l.code.clone())
            .ok_or_else(missing)?;
        let translation = queries::translations_for_edit(connection, id)?
            .into_iter()
            .find(|t| t.locale == code)
            .ok_or_else(missing)?;
        preconditions::check(if_match.as_ref(), article.version, "article")?;
        if code == article.original_locale {
            return Err(ApiError::conflict(format!(
                "`{code}` is the article's original locale, and the original can't be deleted. Make another \
                 translation the original first (PATCH `original_locale`), or delete the article."
            )));
        }
        let now = db::now();
        search::queries::unindex(connection, id, Some(&code))?;
        queries::delete_translation(connection, id, &code)?;
        queries::retire_slug(connection, &code, &translation.slug, id, now)?;
        queries::touch(connection, id, now, editing.caller.key_id, article.version + 1)?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Delete,
            "translation",
            &format!("{id}/{code}"),
        )?;
        Ok(Changed::article(id, article.category_id, article.category_id))
    })
    .await
}
