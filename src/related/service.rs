//! The rules of related articles: what goes in a word vector, when lists are computed again,
//! and what a reader gets (pins first, then the computed list, public articles only).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use crate::articles::body;
use crate::articles::queries::{self as articles, Audience, PUBLISHED};
use crate::articles::service::{find, summaries};
use crate::audit::{self, Action};
use crate::caching::{CacheTag, Invalidation};
use crate::checks::Checked;
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::editing::Editing;
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::Page;
use crate::params::SlugOrId;
use crate::related::input::RelatedPins;
use crate::related::queries::{self, StoredVector};
use crate::related::scoring::{self, Facts, KEPT, LIST_LENGTH, NEIGHBOURS, POSTINGS_PER_TERM};
use crate::related::views::{RelatedItem, RelatedList, RelatedReason};

/// The facts of the articles among `ids` that are published (scheduled ones too: they go
/// public with no job to run, so they are listed already and shown from their time on).
fn facts(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    ids: &[Id],
) -> Result<HashMap<Id, Facts>, ApiError> {
    Ok(articles::find_many(connection, Audience::Editors, now, ids)?
        .into_iter()
        .filter(|row| row.status == PUBLISHED)
        .map(|row| {
            (
                row.id,
                Facts {
                    category: row.category_id,
                    published_at: row.published_at,
                },
            )
        })
        .collect())
}

/// What the lists of one write are computed from, read once for all of them: an article's
/// lists and its neighbours' share most of their candidates, words and facts. Valid while the
/// write changes lists only (the vectors and the word counts are written first).
struct Lookups {
    now: NaiveDateTime,
    corpus: HashMap<String, u64>,
    /// Per locale, how many of its texts hold a word (0 for a word none holds).
    frequencies: HashMap<String, HashMap<String, u64>>,
    /// Per locale, the articles' word vectors (empty for an article without one).
    vectors: HashMap<String, HashMap<Id, HashMap<String, f64>>>,
    /// `None` for an article that is not published.
    facts: HashMap<Id, Option<Facts>>,
}

impl Lookups {
    fn new(now: NaiveDateTime) -> Self {
        Self {
            now,
            corpus: HashMap::new(),
            frequencies: HashMap::new(),
            vectors: HashMap::new(),
            facts: HashMap::new(),
        }
    }

    fn corpus(&mut self, connection: &mut DbConnection, locale: &str) -> Result<u64, ApiError> {
        if let Some(size) = self.corpus.get(locale) {
            return Ok(*size);
        }
        let size = queries::corpus_size(connection, locale)?;
        self.corpus.insert(locale.to_owned(), size);
        Ok(size)
    }

    /// The rarity of each of `words` in `locale`.
    fn rarities(
        &mut self,
        connection: &mut DbConnection,
        locale: &str,
        words: &[&str],
    ) -> Result<HashMap<String, f64>, ApiError> {
        let corpus = self.corpus(connection, locale)?;
        let known = self.frequencies.entry(locale.to_owned()).or_default();
        let missing: Vec<&str> = words
            .iter()
            .copied()
            .filter(|word| !known.contains_key(*word))
            .collect();
        if !missing.is_empty() {
            let found = queries::document_frequencies(connection, locale, &missing)?;
            for word in missing {
                known.insert(word.to_owned(), found.get(word).copied().unwrap_or(0));
            }
        }
        Ok(words
            .iter()
            .map(|word| ((*word).to_owned(), scoring::rarity(known[*word], corpus)))
            .collect())
    }

    /// The vectors of `ids` in `locale`, read for those not read yet.
    fn vectors(
        &mut self,
        connection: &mut DbConnection,
        locale: &str,
        ids: &[Id],
    ) -> Result<&HashMap<Id, HashMap<String, f64>>, ApiError> {
        let known = self.vectors.entry(locale.to_owned()).or_default();
        let missing: Vec<Id> = ids.iter().copied().filter(|id| !known.contains_key(id)).collect();
        if !missing.is_empty() {
            let mut found: HashMap<Id, HashMap<String, f64>> =
                queries::terms_of_many(connection, &missing, locale)?
                    .into_iter()
                    .map(|(id, vector)| (id, vector.into_iter().collect()))
                    .collect();
            for id in missing {
                known.insert(id, found.remove(&id).unwrap_or_default());
            }
        }
        Ok(known)
    }

    /// The facts of the published articles among `ids`.
    fn facts(&mut self, connection: &mut DbConnection, ids: &[Id]) -> Result<HashMap<Id, Facts>, ApiError> {
        let missing: Vec<Id> = ids
            .iter()
            .copied()
            .filter(|id| !self.facts.contains_key(id))
            .collect();
        if !missing.is_empty() {
            let found = facts(connection, self.now, &missing)?;
            for id in missing {
                self.facts.insert(id, found.get(&id).copied());
            }
        }
        Ok(ids
            .iter()
            .filter_map(|id| self.facts.get(id).copied().flatten().map(|facts| (*id, facts)))
            .collect())
    }
}

/// Computes an article's list in `locale` from its stored vector; returns every candidate
/// with its score, for the neighbours' lists.
fn compute(
    connection: &mut DbConnection,
    lookups: &mut Lookups,
    article: Id,
    own: Facts,
    locale: &str,
) -> Result<Vec<(Id, f64)>, ApiError> {
    let terms = queries::terms_of(connection, article, locale)?;
    let words: Vec<&str> = terms.iter().map(|(term, _)| term.as_str()).collect();
    let rarities = lookups.rarities(connection, locale, &words)?;
    let rarity = |term: &String| rarities.get(term).copied().unwrap_or(0.0);
    let mut failure = None;
    let similar = scoring::similar(article, &terms, rarity, |term, visit| {
        match queries::strongest(connection, locale, term, POSTINGS_PER_TERM) {
            Ok(postings) => postings.into_iter().for_each(|(id, weight)| visit(id, weight)),
            Err(error) => failure = Some(error),
        }
    });
    if let Some(error) = failure {
        return Err(error.into());
    }
    let ids: Vec<Id> = similar.iter().map(|(id, _)| *id).collect();
    let facts = lookups.facts(connection, &ids)?;
    let scored: Vec<(Id, f64)> = similar
        .iter()
        .filter_map(|(id, similarity)| {
            facts
                .get(id)
                .map(|other| (*id, scoring::score(*similarity, own, *other)))
        })
        .filter(|(_, score)| *score > 0.0)
        .collect();
    let list = scoring::list(own, &similar, |id| facts.get(&id).copied());
    queries::replace_list(connection, article, locale, &list)?;
    Ok(scored)
}

/// Computes the list of an article that did not change (its neighbour did).
fn recompute(
    connection: &mut DbConnection,
    lookups: &mut Lookups,
    article: Id,
    locale: &str,
) -> Result<(), ApiError> {
    match lookups.facts(connection, &[article])?.get(&article).copied() {
        Some(own) => compute(connection, lookups, article, own, locale).map(drop),
        None => Ok(queries::remove_lists(connection, article, Some(locale))?),
    }
}

/// The list of `article` in `locale` among `candidates`, each scored from the two stored
/// vectors (the full dot product, with current IDF) and their facts.
fn rescore(
    connection: &mut DbConnection,
    lookups: &mut Lookups,
    article: Id,
    locale: &str,
    candidates: &[Id],
) -> Result<Vec<(Id, f64)>, ApiError> {
    let mut ids = candidates.to_vec();
    ids.push(article);
    let vectors = lookups.vectors(connection, locale, &ids)?;
    let own_vector = vectors.get(&article).cloned().unwrap_or_default();
    if own_vector.is_empty() {
        return Ok(Vec::new());
    }
    let others: Vec<(Id, HashMap<String, f64>)> = candidates
        .iter()
        .filter_map(|candidate| vectors.get(candidate).map(|vector| (*candidate, vector.clone())))
        .collect();
    let words: Vec<&str> = own_vector.keys().map(String::as_str).collect();
    let rarities = lookups.rarities(connection, locale, &words)?;
    let facts = lookups.facts(connection, &ids)?;
    let Some(own) = facts.get(&article).copied() else {
        return Ok(Vec::new());
    };
    let similar: Vec<(Id, f64)> = others
        .iter()
        .map(|(candidate, other)| {
            let similarity: f64 = own_vector
                .iter()
                .filter_map(|(term, weight)| {
                    let rarity = rarities.get(term).copied().unwrap_or(0.0);
                    other.get(term).map(|other_weight| weight * other_weight * rarity)
                })
                .sum();
            (*candidate, similarity)
        })
        .collect();
    Ok(scoring::list(own, &similar, |id| facts.get(&id).copied()))
}

/// Gives `article` its place in `neighbour`'s list in `locale` after it changed: if the list
/// holds it, or it now earns a place with its `score` (when it is one of the candidates it
/// found), the list is scored again as a whole, with the word weights of the moment, so that
/// no entry keeps a score from a smaller corpus. When the list held it and it now scores
/// below the list's last entry, or not at all, an article outside the list may rank above
/// it: it leaves the list with what ranks after it, and if that leaves fewer than
/// [`LIST_LENGTH`] (the spares ran out), the list is computed again from the start. Returns
/// whether the list was looked at again.
fn place_in(
    connection: &mut DbConnection,
    lookups: &mut Lookups,
    neighbour: Id,
    locale: &str,
    article: Id,
    score: Option<f64>,
) -> Result<bool, ApiError> {
    let list = queries::list(connection, neighbour, locale)?;
    let holds = list.iter().any(|(id, _)| *id == article);
    let earns =
        score.is_some_and(|score| list.len() < KEPT || list.last().is_some_and(|(_, last)| score > *last));
    if !holds && !earns {
        return Ok(false);
    }
    let mut candidates: Vec<Id> = list
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| *id != article)
        .collect();
    candidates.push(article);
    let mut scored = rescore(connection, lookups, neighbour, locale, &candidates)?;
    // An article the list held that now scores below the list's last entry (or not at all)
    // may be beaten by one outside the list: it goes, and so does what ranks after it.
    let was_last = list.last().map(|(_, last)| *last);
    if holds {
        let new_score = scored
            .iter()
            .find(|(id, _)| *id == article)
            .map(|(_, score)| *score);
        if new_score.is_none_or(|score| was_last.is_some_and(|last| score < last)) {
            let cut = scored
                .iter()
                .position(|(id, _)| *id == article)
                .unwrap_or(scored.len());
            scored.truncate(cut);
        }
    }
    if holds && scored.len() < LIST_LENGTH {
        recompute(connection, lookups, neighbour, locale)?;
    } else if scored != list {
        queries::replace_list(connection, neighbour, locale, &scored)?;
    }
    Ok(true)
}

/// Brings the related lists up to date after `article` changed (or was published), in each
/// locale where its text or its facts changed (by the fingerprint of what its lists were
/// computed from): its word vector, its own list, and its neighbours' lists. In the write's
/// transaction.
pub fn refresh(connection: &mut DbConnection, article: Id) -> Result<(), ApiError> {
    let started = std::time::Instant::now();
    let now = db::now();
    let Some(own) = facts(connection, now, &[article])?.get(&article).copied() else {
        return forget(connection, article);
    };
    let translations = articles::translations_for_edit(connection, article)?;
    let mut changed: Vec<String> = Vec::new();
    for translation in &translations {
        let locale = &translation.locale;
        let counts = scoring::term_counts(
            &translation.title,
            &translation.excerpt,
            &body::plain_text(&translation.body),
        );
        let fingerprint = scoring::fingerprint(&counts, own);
        if queries::fingerprint(connection, article, locale)?.as_deref() == Some(fingerprint.as_str()) {
            continue;
        }
        // The word counts as they are once this text replaces the one it had.
        queries::remove_terms(connection, article, Some(locale))?;
        let mut words: Vec<&str> = counts.keys().map(String::as_str).collect();
        words.sort_unstable();
        let frequencies = queries::document_frequencies(connection, locale, &words)?;
        let corpus = queries::corpus_size(connection, locale)? + 1;
        let vector = scoring::vector(
            &counts,
            |term| frequencies.get(term).copied().unwrap_or(0) + 1,
            corpus,
        );
        let stored = StoredVector {
            vector: &vector,
            words: &words,
            fingerprint: &fingerprint,
        };
        queries::replace_terms(connection, article, locale, &stored)?;
        changed.push(locale.clone());
    }
    for locale in queries::locales_of(connection, article)? {
        if !translations.iter().any(|t| t.locale == locale) {
            queries::remove_terms(connection, article, Some(&locale))?;
            queries::remove_lists(connection, article, Some(&locale))?;
            changed.push(locale);
        }
    }
    let before: Vec<(Id, String)> = queries::lists_containing(connection, article)?
        .into_iter()
        .filter(|(neighbour, locale)| *neighbour != article && changed.contains(locale))
        .collect();
    let mut placed: HashSet<(Id, String)> = HashSet::new();
    // The vectors and word counts are written: what the lists are computed from is read once.
    let mut lookups = Lookups::new(now);
    for translation in translations.iter().filter(|t| changed.contains(&t.locale)) {
        let locale = &translation.locale;
        for (neighbour, score) in compute(connection, &mut lookups, article, own, locale)? {
            if place_in(connection, &mut lookups, neighbour, locale, article, Some(score))? {
                placed.insert((neighbour, locale.clone()));
            }
        }
    }
    // Lists the article was in, among those it no longer finds as candidates.
    let mut held = 0;
    for (neighbour, locale) in before {
        if !placed.contains(&(neighbour, locale.clone())) {
            place_in(connection, &mut lookups, neighbour, &locale, article, None)?;
            held += 1;
        }
    }
    tracing::debug!(
        %article,
        locales = ?changed,
        placed = placed.len(),
        held,
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "related lists refreshed"
    );
    Ok(())
}

/// Takes an article out of every list (it was unpublished, or is about to be deleted); the
/// lists it was in are computed again without it.
pub fn forget(connection: &mut DbConnection, article: Id) -> Result<(), ApiError> {
    let before = queries::lists_containing(connection, article)?;
    queries::remove_terms(connection, article, None)?;
    queries::remove_lists(connection, article, None)?;
    let mut lookups = Lookups::new(db::now());
    for (neighbour, locale) in before {
        if neighbour != article {
            recompute(connection, &mut lookups, neighbour, &locale)?;
        }
    }
    Ok(())
}

/// What a reader gets: the pinned items, then the computed ones, public only, each once, in
/// the negotiated locale, each with the reason it is there.
pub async fn related(
    db: &Database,
    target: SlugOrId,
    limit: usize,
    negotiated: Negotiated,
) -> Result<(Id, RelatedList), ApiError> {
    db.read(move |connection| {
        let now = db::now();
        let article = find(connection, Audience::Public, now, &target, &negotiated)?;
        let list = list_for(connection, now, &article, limit, &negotiated)?;
        Ok((article.id, list))
    })
    .await
}

/// The words two texts share that say most about them, strongest first.
const SHOWN_TERMS: usize = 5;

fn list_for(
    connection: &mut DbConnection,
    now: NaiveDateTime,
    article: &articles::ArticleRow,
    limit: usize,
    negotiated: &Negotiated,
) -> Result<RelatedList, ApiError> {
    let original_locale = &article.original_locale;
    let translations = articles::translations_of(connection, &[article.id])?;
    let mut locale = negotiated
        .pick(&translations, |t| &t.locale, Some(original_locale))
        .map_or(original_locale.to_owned(), |(t, _)| t.locale.clone());
    let pinned = queries::pins(connection, article.id)?;
    let mut computed = queries::list(connection, article.id, &locale)?;
    if computed.is_empty() && locale != *original_locale {
        locale = original_locale.clone();
        computed = queries::list(connection, article.id, &locale)?;
    }
    let neighbours: Vec<Id> = computed.iter().take(NEIGHBOURS).map(|(id, _)| *id).collect();
    let ranked = scoring::rerank(
        article.id,
        &computed,
        &queries::lists_of(connection, &neighbours, &locale)?,
    );
    let mut order: Vec<(Id, bool)> = Vec::new();
    for (id, is_pinned) in pinned
        .iter()
        .map(|id| (*id, true))
        .chain(ranked.iter().map(|entry| (entry.id, false)))
    {
        if id != article.id && !order.iter().any(|(seen, _)| *seen == id) {
            order.push((id, is_pinned));
        }
    }
    let ids: Vec<Id> = order.iter().map(|(id, _)| *id).collect();
    let mut rows = articles::find_many(connection, Audience::Public, now, &ids)?;
    rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    // The first LIST_LENGTH public entries of the computed ones; the others only stand in
    // for entries that are not public (scheduled for later) or pinned.
    let mut computed_shown = 0;
    rows.retain(|row| {
        let is_pinned = order.iter().any(|(id, pinned)| *pinned && *id == row.id);
        computed_shown += usize::from(!is_pinned);
        is_pinned || computed_shown <= LIST_LENGTH
    });
    rows.truncate(limit);
    let mut shared = shared_terms(connection, article.id, &rows, &locale)?;
    // Words of a text served in the other script are shown in that script too.
    if let Some(transliteration) = negotiated.transliteration_of(&locale) {
        for words in shared.values_mut() {
            for word in words.iter_mut() {
                *word = transliteration.text(word);
            }
        }
    }
    let data: Vec<RelatedItem> = rows
        .iter()
        .zip(summaries(connection, &rows, negotiated, now)?)
        .map(|(row, summary)| {
            let pinned = order.iter().any(|(id, pinned)| *pinned && *id == row.id);
            let reason = RelatedReason {
                pinned,
                shared_terms: shared.get(&row.id).cloned().unwrap_or_default(),
                same_category: row.category_id == article.category_id,
                listed_by_neighbours: ranked
                    .iter()
                    .find(|entry| entry.id == row.id)
                    .map_or(0, |entry| entry.vouched_by),
            };
            RelatedItem {
                article: summary,
                pinned,
                reason,
            }
        })
        .collect();
    Ok(RelatedList {
        page: Page {
            limit: limit as u32,
            next_cursor: None,
            total: data.len() as i64,
        },
        data,
    })
}

/// The words of `locale` that `article` shares with each of `rows`, those that say most about
/// the two first (their weights in both texts, times the square of their rarity). A word that
/// more than half the locale's texts hold says nothing of two of them, and is left out.
fn shared_terms(
    connection: &mut DbConnection,
    article: Id,
    rows: &[articles::ArticleRow],
    locale: &str,
) -> Result<HashMap<Id, Vec<String>>, ApiError> {
    let mut ids: Vec<Id> = rows.iter().map(|row| row.id).collect();
    ids.push(article);
    let vectors: HashMap<Id, HashMap<String, f64>> = queries::terms_of_many(connection, &ids, locale)?
        .into_iter()
        .map(|(id, vector)| (id, vector.into_iter().collect()))
        .collect();
    let Some(own) = vectors.get(&article) else {
        return Ok(HashMap::new());
    };
    let words: Vec<&str> = own.keys().map(String::as_str).collect();
    let frequencies = queries::document_frequencies(connection, locale, &words)?;
    let corpus = queries::corpus_size(connection, locale)?;
    Ok(vectors
        .iter()
        .filter(|(id, _)| **id != article)
        .map(|(id, other)| {
            let mut shared: Vec<(&String, f64)> = own
                .iter()
                .filter_map(|(term, weight)| {
                    let df = frequencies.get(term).copied().unwrap_or(0);
                    let telling = 2 * (df + 1) <= corpus + 1;
                    let rarity = scoring::rarity(df, corpus);
                    other
                        .get(term)
                        .filter(|_| telling)
                        .map(|theirs| (term, weight * theirs * rarity))
                })
                .collect();
            shared.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let terms = shared
                .into_iter()
                .take(SHOWN_TERMS)
                .map(|(term, _)| term.clone())
                .collect();
            (*id, terms)
        })
        .collect())
}

/// Replaces the items editors pinned under an article; answers with what readers get, and
/// what changed for them.
pub async fn pin(
    db: &Database,
    editing: Editing,
    target: SlugOrId,
    body: Checked<RelatedPins>,
) -> Result<(RelatedList, Invalidation), ApiError> {
    db.write(move |connection| {
        let now = db::now();
        let default = editing.by_default()?;
        let article = find(connection, Audience::Editors, now, &target, &default)?;
        let Checked {
            value,
            names,
            mut checks,
        } = body;
        let named: Vec<String> = names.related.unwrap_or_default();
        let mut pinned: Vec<Id> = Vec::new();
        for (index, name) in named.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let field = format!("related.{index}");
            match find(
                connection,
                Audience::Editors,
                now,
                &SlugOrId::parse(name),
                &default,
            ) {
                Ok(row) if row.id == article.id => {
                    checks.fail(field, "an article can't be related to itself")
                }
                Ok(row) if pinned.contains(&row.id) => checks.fail(field, "is given twice"),
                Ok(row) => pinned.push(row.id),
                Err(ApiError::NotFound { .. }) => {
                    checks.fail(field, format!("no article has the slug or id `{name}`"))
                }
                Err(other) => return Err(other),
            }
        }
        checks.finish(value)?;
        queries::replace_pins(connection, article.id, &pinned)?;
        audit::record(
            connection,
            &editing.caller,
            Action::Update,
            "article",
            &article.id.to_string(),
        )?;
        let negotiated = editing.answer_in(Some(&article.original_locale))?;
        let list = list_for(
            connection,
            now,
            &article,
            LIST_LENGTH.max(pinned.len()),
            &negotiated,
        )?;
        Ok((list, Invalidation::tags(vec![CacheTag::from(article.id)])))
    })
    .await
}
