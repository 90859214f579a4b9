//! The articles the beacon may count: ids known to be public, so that a beacon for one is
//! answered from memory, and one for anything else is looked up once and refused (404) when
//! it names nothing public. A write that changes an article forgets it (everything, for a
//! write that does not say what it changed); the next beacon looks it up again.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::caching::{CacheTag, Invalidation};
use crate::db::Id;
use crate::sync::{read, write};

/// Ids of articles found public, shared by every worker.
#[derive(Debug, Clone, Default)]
pub struct PublicArticles {
    known: Arc<RwLock<HashSet<Id>>>,
    /// Moves on every forgetting, so that a lookup that raced a write is not remembered.
    generation: Arc<AtomicU64>,
}

/// What a lookup in the database started from: [`PublicArticles::remember`] takes it back.
#[derive(Debug, Clone, Copy)]
pub struct Lookup(u64);

impl PublicArticles {
    /// Whether `article` is known to be public.
    pub fn knows(&self, article: Id) -> bool {
        read(&self.known).contains(&article)
    }

    /// Taken before looking an article up, so that a write during the lookup wins.
    pub fn lookup(&self) -> Lookup {
        Lookup(self.generation.load(Ordering::Acquire))
    }

    /// Remembers that `article` was found public, unless a write changed articles since
    /// `lookup` was taken.
    pub fn remember(&self, article: Id, lookup: Lookup) {
        let mut known = write(&self.known);
        if self.generation.load(Ordering::Acquire) == lookup.0 {
            known.insert(article);
        }
    }

    /// Forgets the articles a write changed.
    pub fn invalidate(&self, changed: &Invalidation) {
        let articles = changed
            .tags
            .iter()
            .any(|part| matches!(part, CacheTag::Article(_)));
        if !changed.everything && !articles {
            // A beacon, say: no lock taken, no lookup under way spoiled.
            return;
        }
        let mut known = write(&self.known);
        self.generation.fetch_add(1, Ordering::AcqRel);
        if changed.everything {
            known.clear();
            return;
        }
        for part in &changed.tags {
            if let CacheTag::Article(id) = part {
                known.remove(&Id(*id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_forgets_what_it_changed() {
        let public = PublicArticles::default();
        let (a, b) = (Id::new(), Id::new());
        public.remember(a, public.lookup());
        public.remember(b, public.lookup());
        public.invalidate(&Invalidation::tags(vec![CacheTag::from(a)]));
        assert!(!public.knows(a));
        assert!(public.knows(b));
        public.invalidate(&Invalidation::nothing());
        assert!(public.knows(b), "a write that changed no article forgets none");
        public.invalidate(&Invalidation::everything());
        assert!(!public.knows(b));
    }

    #[test]
    fn a_lookup_that_raced_a_write_is_not_remembered() {
        let public = PublicArticles::default();
        let article = Id::new();
        let lookup = public.lookup();
        public.invalidate(&Invalidation::tags(vec![CacheTag::from(article)]));
        public.remember(article, lookup);
        assert!(!public.knows(article));
    }
}
