//! What a public response shows and what a write changed, in the same terms: the two sides of
//! the response cache's invalidation.

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::Id;

/// A part of the content that responses show and writes change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
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

impl Part {
    pub fn slug(slug: &str) -> Self {
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        Self::Slug(hasher.hash_one(slug.to_lowercase()))
    }
}

impl From<Id> for Part {
    fn from(id: Id) -> Self {
        Self::Article(id.0)
    }
}

/// The parts a response shows; a handler that attaches this to a public 200 lets the response
/// cache keep it until one of them changes. Without it, nothing is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shows(pub Vec<Part>);

impl Shows {
    /// Shows nothing that an article write changes: locales, categories, the document. Kept
    /// until a category or a locale changes, which clears everything.
    pub fn reference() -> Self {
        Self::default()
    }

    /// One article (its page, its translations).
    pub fn article(id: Uuid) -> Self {
        Self(vec![Part::Article(id)])
    }

    /// A list: which articles it holds depends on `membership`; it shows each of `items`.
    pub fn list(membership: Part, items: impl IntoIterator<Item = Uuid>) -> Self {
        Self(
            std::iter::once(membership)
                .chain(items.into_iter().map(Part::Article))
                .collect(),
        )
    }

    /// Also shows `part`.
    pub fn and(mut self, part: Part) -> Self {
        self.0.push(part);
        self
    }
}

/// What a write changed, to clear the responses that showed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    /// What every response may show changed: a category's name, the locales served.
    pub everything: bool,
    pub parts: Vec<Part>,
    /// When something written becomes public with no further write (a scheduled article):
    /// the lists change then too.
    pub due: Option<DateTime<Utc>>,
}

impl Changed {
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

    pub fn parts(parts: Vec<Part>) -> Self {
        Self {
            parts,
            ..Self::default()
        }
    }

    /// An article whose category was `before` and is `after` (the same for most edits): its
    /// own responses, both categories' feeds, and the other lists.
    pub fn article(id: Id, before: Id, after: Id) -> Self {
        let mut parts = vec![Part::from(id), Part::Category(before.0), Part::Lists];
        if after != before {
            parts.push(Part::Category(after.0));
        }
        Self::parts(parts)
    }

    /// The view counts of `articles`, and so the ranking of the most read.
    pub fn views(articles: impl IntoIterator<Item = Id>) -> Self {
        Self::parts(
            std::iter::once(Part::MostRead)
                .chain(articles.into_iter().map(Part::from))
                .collect(),
        )
    }

    /// Also the responses that named one of `slugs` (which may have named another article).
    pub fn and_slugs<'a>(mut self, slugs: impl IntoIterator<Item = &'a str>) -> Self {
        self.parts.extend(slugs.into_iter().map(Part::slug));
        self
    }

    /// Also the lists at `at`, when it is still to come.
    pub fn and_due(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.due = at.filter(|at| *at > Utc::now());
        self
    }
}
