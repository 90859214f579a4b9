//! Writing articles from requests, each in one transaction on the writer: the request
//! checked and planned (`plan`), then written, with what it changed for readers. The workflow
//! and revision rules are in `workflow` and `revisions`; the rows an article becomes, in
//! `store`.

use std::collections::BTreeMap;

use crate::articles::input::{ArticlePatch, NewArticleBody, TranslationBody, TranslationPatch};
use crate::articles::plan::{self, PatchPlan, plan_new, plan_patch};
use crate::articles::queries::{self, ArticleChanges, ArticleRow, Audience, TranslationWrite};
use crate::articles::revisions::{self, Follow, Revisions};
use crate::articles::service;
use crate::articles::store;
use crate::articles::views::{Article, ArticleStatus};
use crate::audit::{self, Action};
use crate::caching::Invalidation;
use crate::checks::{Checked, References};
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::editing::{Editing, SlugClashes};
use crate::error::ApiError;
use crate::params::SlugOrId;
use crate::preconditions::{self, IfMatch, Versioned};
use crate::related;

/// An article as a write left it (in the answer's locale), and what the write changed for
/// readers: all of it, so that the caller has only to pass it on.
#[derive(Debug)]
pub struct Written {
    pub article: Versioned<Article>,
    pub changed: Invalidation,
}

impl Written {
    /// The stored article `id`, and what a write of it changed: its own answers, its
    /// category's feeds (`category_before`'s too, if it moved), the lists, the answers that
    /// named one of its slugs as it has them now, and, if it is scheduled, the lists again when
    /// its time comes.
    fn of(
        connection: &mut DbConnection,
        editing: &Editing,
        id: Id,
        category_before: Option<Id>,
    ) -> Result<Self, ApiError> {
        let now = db::now();
        let row = queries::find(connection, Audience::Editors, now, id)?
            .ok_or_else(|| ApiError::internal(format!("article {id} vanished inside its write")))?;
        let negotiated = editing.answer_in(Some(&row.original_locale))?;
        let article = service::load(connection, row, &negotiated, now)?;
        let summary = &article.value.summary;
        let category = Id(summary.category.id);
        let due = summary
            .published_at
            .filter(|_| summary.status == ArticleStatus::Scheduled);
        let changed = Invalidation::article(id, category_before.unwrap_or(category), category)
            .and_slugs(summary.translations.iter().map(|link| link.slug.as_str()))
            .and_due(due);
        Ok(Self { article, changed })
    }
}

/// Creates an article from a request body.
pub async fn create_from_request(
    db: &Database,
    editing: Editing,
    body: Checked<NewArticleBody>,
) -> Result<Written, ApiError> {
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
        let id = store::create(connection, &article, Some(editing.caller.key_id))?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Create,
            "article",
            &id.to_string(),
        )?;
        Written::of(connection, &editing, id, None)
    })
    .await
}

/// Loads an article for an edit, in any status, checking `If-Match`.
fn article_for_edit(
    connection: &mut DbConnection,
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

/// Applies a request's changes to an article.
pub async fn update_from_request(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    patch: Checked<ArticlePatch>,
    if_match: Option<IfMatch>,
) -> Result<Written, ApiError> {
    let if_match = patch.precondition(if_match);
    db.write(move |connection| {
        // What the request names must exist (404), and the body be one the client needn't
        // fix anyway (422), before its version is compared (412).
        let article = article_for_edit(connection, &editing, &target, None)?;
        let (id, category_before) = (article.id, article.category_id);
        let plan = plan_patch(connection, &editing, &article, patch, Follow::WhenChanged)?;
        preconditions::check(if_match.as_ref(), article.version, "article")?;
        store_patch(connection, &article, &plan, editing.caller.key_id)?;
        related::service::refresh(connection, id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Update,
            "article",
            &id.to_string(),
        )?;
        Written::of(connection, &editing, id, Some(category_before))
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
) -> Result<(Written, bool), ApiError> {
    let if_match = body.precondition(if_match);
    db.write(move |connection| {
        // What the request names must exist (404), and the body be one the client needn't
        // fix anyway (422), before its version is compared (412).
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
        let plan = plan_patch(connection, &editing, &article, patch, Follow::Always)?;
        preconditions::check(if_match.as_ref(), article.version, "article")?;
        store_patch(connection, &article, &plan, editing.caller.key_id)?;
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
        Ok((Written::of(connection, &editing, id, None)?, created))
    })
    .await
}

/// Writes a checked patch: each edited translation (with its revisions, its HTML and excerpt,
/// its former slug kept answering, its search index), the translations' revisions when the
/// original changes, then the article's own fields and its version.
fn store_patch(
    connection: &mut DbConnection,
    article: &ArticleRow,
    plan: &PatchPlan,
    by: Id,
) -> Result<(), ApiError> {
    let now = db::now();
    let original = &plan.original_locale;
    // The original's revision after this edit, which the edited translations now follow.
    let original_before = plan
        .existing
        .iter()
        .find(|t| &t.locale == original)
        .map(plan::revisions);
    let original_changed = plan
        .edited
        .iter()
        .find(|t| &t.locale == original)
        .is_some_and(plan::EditedTranslation::content_changed);
    let original_revision = revisions::revision_after(original_before, original_changed);
    for edit in &plan.edited {
        let before = edit.before.as_ref().map(plan::revisions);
        let changed = edit.content_changed();
        let source_revision = (&edit.locale != original)
            .then(|| revisions::followed_after(before, changed, plan.follow, original_revision))
            .flatten();
        let rendered = store::render(&edit.body, edit.excerpt.as_deref());
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
                revision: revisions::revision_after(before, changed),
                source_revision,
                created_at: now,
                updated_at: now,
                updated_by: Some(by),
            },
        )?;
        if let Some(before) = &edit.before
            && before.slug != edit.slug
        {
            queries::retire_slug(connection, &edit.locale, &before.slug, article.id, now)?;
        }
        queries::reclaim_slug(connection, &edit.locale, &edit.slug)?;
    }
    if *original != article.original_locale {
        follow_new_original(connection, article.id, &article.original_locale, original)?;
    }
    queries::update(
        connection,
        article.id,
        &ArticleChanges {
            category_id: plan.category_id,
            status: plan.status.as_str(),
            original_locale: original,
            published_at: plan.published_at,
            featured: plan.featured,
            media: store::media_columns(plan.cover.as_ref(), plan.source.as_ref()),
            updated_at: now,
            updated_by: Some(by),
            version: article.version + 1,
        },
    )
    .map_err(ApiError::from)
}

/// Stores what the translations follow when `original` becomes the original instead of
/// `former` (the rules: [`revisions::follow_new_original`]).
fn follow_new_original(
    connection: &mut DbConnection,
    article: Id,
    former: &str,
    original: &str,
) -> Result<(), ApiError> {
    let translations: Vec<(String, Revisions)> = queries::translations_for_edit(connection, article)?
        .iter()
        .map(|t| (t.locale.clone(), plan::revisions(t)))
        .collect();
    let (raised, followed) = revisions::follow_new_original(&translations, former, original);
    if let Some(revision) = raised {
        queries::set_revision(connection, article, original, revision)?;
    }
    for (locale, source_revision) in followed {
        queries::set_source_revision(connection, article, &locale, source_revision)?;
    }
    Ok(())
}

/// Deletes an article with its translations.
pub async fn delete(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    if_match: Option<IfMatch>,
) -> Result<Invalidation, ApiError> {
    db.write(move |connection| {
        let article = article_for_edit(connection, &editing, &target, if_match.as_ref())?;
        related::service::forget(connection, article.id)?;
        queries::delete(connection, article.id)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Delete,
            "article",
            &article.id.to_string(),
        )?;
        Ok(Invalidation::article(
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
) -> Result<Invalidation, ApiError> {
    db.write(move |connection| {
        // What the request names must exist (404), and the body be one the client needn't
        // fix anyway (422), before its version is compared (412).
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
        Ok(Invalidation::article(
            id,
            article.category_id,
            article.category_id,
        ))
    })
    .await
}
