//! Cache tags: the parts of the content that answers show and writes change, in the same
//! terms. An answer's [`Dependencies`] are the tags it shows; a write's [`Invalidation`], the
//! tags it changed: the two sides of clearing the response cache.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::Id;

/// A cache tag: a part of the content that responses show and writes change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CacheTag {
    /// One article: its text, its facts, its view count.
    Article(Uuid),
    /// Which articles a category's feed holds, and how many.
    Category(Uuid),
    /// Which article a slug (as a path names it, in any case) stands for, by its hash.
    Slug(u64),
    /// The "most read" ranking, which every flush of view counts changes.
    MostRead,
    /// Which articles the other lists hold: the unfiltered feeds, headlines, search results and
    /// related lists, any of which a change to any article can reorder.
    Lists,
}

impl CacheTag {
    pub fn slug(slug: &str) -> Self {
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        Self::Slug(hasher.hash_one(slug.to_lowercase()))
    }
}

impl From<Id> for CacheTag {
    fn from(id: Id) -> Self {
        Self::Article(id.0)
    }
}

/// The tags a response shows, its dependencies; a handler that attaches this to a public 200 lets the response
/// cache keep it until one of them changes. Without it, nothing is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dependencies(pub Vec<CacheTag>);

impl Dependencies {
    /// An answer that shows nothing an article write changes: locales, categories, the document. Kept
    /// until a category or a locale changes, which clears everything.
    pub fn reference() -> Self {
        Self::default()
    }

    /// One article (its page, its translations).
    pub fn article(id: Uuid) -> Self {
        Self(vec![CacheTag::Article(id)])
    }

    /// A list: which articles it holds depends on `membership`; it shows each of `items`.
    pub fn list(membership: CacheTag, items: impl IntoIterator<Item = Uuid>) -> Self {
        Self(
            std::iter::once(membership)
                .chain(items.into_iter().map(CacheTag::Article))
                .collect(),
        )
    }

    /// Also shows `part`.
    pub fn and(mut self, part: CacheTag) -> Self {
        self.0.push(part);
        self
    }
}

/// What a write changed, to clear the responses that showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalidation {
    /// What every response may show changed: a category's name, the locales served.
    pub everything: bool,
    pub tags: Vec<CacheTag>,
    /// When something written becomes public with no further write (a scheduled article):
    /// the lists change then too.
    pub due: Option<DateTime<Utc>>,
}

impl Invalidation {
    /// Nothing public (a key, a view not yet counted).
    pub fn nothing() -> Self {
        Self::default()
    }

    pub fn everything() -> Self {
        Self {
            everything: true,
            ..Self::default()
        }
    }

    pub fn tags(tags: Vec<CacheTag>) -> Self {
        Self {
            tags,
            ..Self::default()
        }
    }

    /// An article whose category was `before` and is `after` (the same for most edits): its
    /// own responses, both categories' feeds, and the other lists.
    pub fn article(id: Id, before: Id, after: Id) -> Self {
        let mut tags = vec![CacheTag::from(id), CacheTag::Category(before.0), CacheTag::Lists];
        if after != before {
            tags.push(CacheTag::Category(after.0));
        }
        Self::tags(tags)
    }

    /// The view counts of `articles`, and so the ranking of the most read.
    pub fn views(articles: impl IntoIterator<Item = Id>) -> Self {
        Self::tags(
            std::iter::once(CacheTag::MostRead)
                .chain(articles.into_iter().map(CacheTag::from))
                .collect(),
        )
    }

    /// Also the responses that named one of `slugs` (which may have named another article).
    pub fn and_slugs<'a>(mut self, slugs: impl IntoIterator<Item = &'a str>) -> Self {
        self.tags.extend(slugs.into_iter().map(CacheTag::slug));
        self
    }

    /// Also the lists at `at`, when it is still to come.
    pub fn and_due(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.due = at.filter(|at| *at > Utc::now());
        self
    }
}
