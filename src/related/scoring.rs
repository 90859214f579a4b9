//! How related articles are found, without I/O: the same functions serve one article's update
//! and the rebuild of every list.
//!
//! 1. An article's text in one locale becomes a vector of word weights: the title's words
//!    counted [`TITLE_WEIGHT`] times, `1 + ln(tf)`, normalized, for its [`TERMS_KEPT`] words
//!    of most weight times IDF (`ln((N + 1) / (df + 1)) + 1`, N the locale's published
//!    translations, df those of them holding the word). The stored weights leave IDF
//!    out, so they don't go stale as the corpus grows.
//! 2. Candidates are the articles among the [`POSTINGS_PER_TERM`] strongest for each of those
//!    words; their similarity is `sum(weight_a * weight_b * rarity)` over shared words, the
//!    rarity being the IDF of the moment to the power [`RARITY_POWER`].
//! 3. The score lifts the similarity [`CATEGORY_BOOST`] for the same category and decays it
//!    with the time between the two articles: `exp(-days / DECAY_DAYS)`. It is symmetric, so
//!    an article's score in a neighbour's list is its neighbour's in its own.
//! 4. The [`LIST_LENGTH`] best make the article's list in that locale; [`SPARES`] more are
//!    kept after them, to take the place of an article that leaves the list (it was edited,
//!    or unpublished) without computing the list again.
//! 5. When the list is read, the article's [`NEIGHBOURS`] closest related articles vouch for
//!    the rest ([`rerank`]): an entry's score gains the scores it has in their lists, weighed
//!    by how close each of them is. Articles of one story share its rare words unevenly (a
//!    follow-up names the place, another the people), so a same-story article that shares
//!    few words with this one is still in the lists of those that share many; an article of
//!    another story that shares a few common words with this one is in none of them.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::db::Id;

/// A word in the title counts this many times.
pub const TITLE_WEIGHT: f64 = 3.0;
/// The power of a shared word's IDF in a similarity: 2 is the cosine of TF-IDF vectors; 3
/// lets the few rare words that name a story (places, people, numbers) outweigh the many
/// common ones that short texts of one topic share.
pub const RARITY_POWER: i32 = 3;
/// Words kept in an article's vector.
pub const TERMS_KEPT: usize = 60;
/// Articles read for each word when looking for candidates.
pub const POSTINGS_PER_TERM: i64 = 200;
/// Candidates scored in full.
pub const CANDIDATES: usize = 60;
/// The lift for an article of the same category.
pub const CATEGORY_BOOST: f64 = 0.1;
/// Similarity halves (e-folds) every this many days between two articles.
pub const DECAY_DAYS: f64 = 30.0;
/// The length of a computed list.
pub const LIST_LENGTH: usize = 10;
/// The closest related articles whose own lists vouch for the rest of an article's list.
pub const NEIGHBOURS: usize = 4;
/// How much their lists weigh beside the article's own scores.
pub const VOUCHING_WEIGHT: f64 = 1.0;
/// Candidates kept after a list's [`LIST_LENGTH`], best first, never shown.
pub const SPARES: usize = 5;
/// The most entries a stored list has.
pub const KEPT: usize = LIST_LENGTH + SPARES;

/// The words of a text as they are weighed: apostrophes folded away (as in search), lowercase,
/// at least two characters, not only digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    crate::search::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= 2 && !word.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .into_iter()
}

/// Term frequencies of one translation, the title's words weighing [`TITLE_WEIGHT`].
pub fn term_counts(title: &str, excerpt: &str, body_text: &str) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    for word in words(title) {
        *counts.entry(word).or_default() += TITLE_WEIGHT;
    }
    for word in words(excerpt).chain(words(body_text)) {
        *counts.entry(word).or_default() += 1.0;
    }
    counts
}

/// The inverse document frequency of a word held by `df` of `corpus` texts.
pub fn idf(df: u64, corpus: u64) -> f64 {
    ((corpus as f64 + 1.0) / (df as f64 + 1.0)).ln() + 1.0
}

/// How much a word shared by two texts says of the two: its IDF to the power
/// [`RARITY_POWER`].
pub fn rarity(df: u64, corpus: u64) -> f64 {
    idf(df, corpus).powi(RARITY_POWER)
}

/// The vector of `counts`: its [`TERMS_KEPT`] words of most TF-IDF weight (`df` gives how
/// many of the `corpus` texts hold a word), with their normalized TF weights, strongest
/// first.
pub fn vector(counts: &HashMap<String, f64>, df: impl Fn(&str) -> u64, corpus: u64) -> Vec<(String, f64)> {
    let mut ranked: Vec<(String, f64, f64)> = counts
        .iter()
        .map(|(term, tf)| {
            let weight = 1.0 + tf.ln();
            (term.clone(), weight, weight * idf(df(term), corpus))
        })
        .collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(TERMS_KEPT);
    let mut weights: Vec<(String, f64)> = ranked
        .into_iter()
        .map(|(term, weight, _)| (term, weight))
        .collect();
    weights.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, weight) in &mut weights {
            // Four decimals are plenty for a weight, and keep the stored vectors small.
            *weight = (*weight / norm * 10_000.0).round() / 10_000.0;
        }
    }
    weights.retain(|(_, weight)| *weight > 0.0);
    weights
}

/// What scoring needs to know of a candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub category: Id,
    pub published_at: Option<NaiveDateTime>,
}

/// A digest of what an article's lists in one locale are computed from: its words' counts and
/// its facts. The same text with the same facts gives the same fingerprint.
pub fn fingerprint(counts: &HashMap<String, f64>, facts: Facts) -> String {
    use sha2::{Digest, Sha256};
    let mut words: Vec<(&String, &f64)> = counts.iter().collect();
    words.sort_by(|a, b| a.0.cmp(b.0));
    let mut digest = Sha256::new();
    for (word, count) in words {
        digest.update(format!("{word}\t{count}\n"));
    }
    digest.update(format!("{}\n{:?}", facts.category, facts.published_at));
    digest.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The score of two articles from their similarity and facts.
pub fn score(similarity: f64, a: Facts, b: Facts) -> f64 {
    let boost = if a.category == b.category {
        1.0 + CATEGORY_BOOST
    } else {
        1.0
    };
    let days = match (a.published_at, b.published_at) {
        (Some(a), Some(b)) => (a - b).num_seconds().unsigned_abs() as f64 / 86_400.0,
        _ => 0.0,
    };
    similarity * boost * (-days / DECAY_DAYS).exp()
}

/// Similarities of `article` (its vector `terms`) to the articles sharing its words, as
/// `postings` visits them (each word's strongest articles), best first, without `article`
/// itself; at most [`CANDIDATES`].
pub fn similar<T>(
    article: Id,
    terms: &[(T, f64)],
    rarity: impl Fn(&T) -> f64,
    mut postings: impl FnMut(&T, &mut dyn FnMut(Id, f64)),
) -> Vec<(Id, f64)> {
    let mut similarity: HashMap<Id, f64> = HashMap::new();
    for (term, weight) in terms {
        let weight = weight * rarity(term);
        postings(term, &mut |other, other_weight| {
            if other != article {
                *similarity.entry(other).or_default() += weight * other_weight;
            }
        });
    }
    let mut ranked: Vec<(Id, f64)> = similarity.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    ranked.truncate(CANDIDATES);
    ranked
}

/// The list of an article with `facts`: its `similar` candidates scored with theirs (those
/// without facts, not public, left out), best first, [`KEPT`] at most.
pub fn list(facts: Facts, similar: &[(Id, f64)], facts_of: impl Fn(Id) -> Option<Facts>) -> Vec<(Id, f64)> {
    let mut scored: Vec<(Id, f64)> = similar
        .iter()
        .filter_map(|(id, similarity)| facts_of(*id).map(|other| (*id, score(*similarity, facts, other))))
        .filter(|(_, score)| *score > 0.0)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
    scored.truncate(KEPT);
    scored
}

/// An entry of a list as it is read: its score after [`rerank`], and how many of the
/// article's [`NEIGHBOURS`] list it too.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub id: Id,
    pub score: f64,
    pub vouched_by: u32,
}

/// An article's stored `list` (best first) ranked again with the lists of its [`NEIGHBOURS`]
/// first entries (`lists` holds those it has): each candidate (an entry of any of them, never
/// `article`) scores its own score plus [`VOUCHING_WEIGHT`] times its scores in the
/// neighbours' lists, each weighed by that neighbour's share of their scores. Best first.
pub fn rerank(article: Id, list: &[(Id, f64)], lists: &HashMap<Id, Vec<(Id, f64)>>) -> Vec<Ranked> {
    let neighbours = &list[..list.len().min(NEIGHBOURS)];
    let total: f64 = neighbours.iter().map(|(_, score)| score).sum();
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut add = |id: Id, score: f64, vouched: bool| {
        if id == article {
            return;
        }
        match ranked.iter_mut().find(|entry| entry.id == id) {
            Some(entry) => {
                entry.score += score;
                entry.vouched_by += u32::from(vouched);
            }
            None => ranked.push(Ranked {
                id,
                score,
                vouched_by: u32::from(vouched),
            }),
        }
    };
    for (id, score) in list {
        add(*id, *score, false);
    }
    if total > 0.0 {
        for (neighbour, closeness) in neighbours {
            for (id, score) in lists.get(neighbour).into_iter().flatten() {
                if id != neighbour {
                    add(*id, VOUCHING_WEIGHT * closeness / total * score, true);
                }
            }
        }
    }
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_words_weigh_more_and_vectors_are_normalized() {
        let counts = term_counts("Oil prices", "", "Oil and gold and oil");
        let vector = vector(&counts, |term| if term == "and" { 99 } else { 1 }, 100);
        assert_eq!(vector[0].0, "oil");
        assert!(
            idf(1, 100) > idf(99, 100),
            "a rare word weighs more than a common one"
        );
        let norm: f64 = vector.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-3);
    }

    #[test]
    fn the_closest_articles_vouch_for_what_their_lists_hold() {
        let [article, near, other, same_story, stranger] = [(); 5].map(|_| Id::new());
        // `other` shares a few common words with the article, `same_story` fewer, but the
        // article's closest neighbour lists `same_story` high and `other` not at all.
        let list = vec![(near, 0.9), (other, 0.3), (same_story, 0.25)];
        let lists = HashMap::from([(near, vec![(same_story, 0.8), (article, 0.9), (stranger, 0.1)])]);
        let ranked = rerank(article, &list, &lists);
        let order: Vec<Id> = ranked.iter().map(|entry| entry.id).collect();
        assert_eq!(order[..2], [near, same_story]);
        assert!(!order.contains(&article), "never the article itself");
        assert!(
            order.contains(&stranger),
            "a neighbour's entry is a candidate too"
        );
        let vouched = ranked.iter().find(|entry| entry.id == same_story).unwrap();
        assert_eq!(vouched.vouched_by, 1);
        assert!(rerank(article, &[], &HashMap::new()).is_empty());
    }

    #[test]
    fn the_score_is_symmetric_boosted_and_decays() {
        let world = Id::new();
        let at = |day: i64| chrono::DateTime::from_timestamp(day * 86_400, 0).map(|t| t.naive_utc());
        let a = Facts {
            category: world,
            published_at: at(100),
        };
        let b = Facts {
            category: world,
            published_at: at(110),
        };
        let c = Facts {
            category: Id::new(),
            published_at: at(110),
        };
        assert_eq!(score(0.5, a, b), score(0.5, b, a));
        assert!(score(0.5, a, b) > score(0.5, a, c), "same category lifts");
        let far = Facts {
            category: world,
            published_at: at(400),
        };
        assert!(score(0.5, a, b) > score(0.5, a, far), "time apart decays");
    }
}
