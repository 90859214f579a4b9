//! Every related list computed at once, in memory: after a bulk load (the demo content, a
//! benchmark's database) or to bring every list in line with the current word frequencies.
//! The same scoring as an update's, on an inverted index held in memory, on every core.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::articles::body;
use crate::articles::queries::PUBLISHED;
use crate::db::schema::{article_translations, articles, related_computed, related_terms, related_vectors};
use crate::db::{Database, Id};
use crate::error::ApiError;
use crate::related::queries;
use crate::related::scoring::{self, Facts, POSTINGS_PER_TERM};

/// What a rebuild made.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rebuilt {
    /// Translations given a word vector.
    pub vectors: usize,
    /// Lists computed.
    pub lists: usize,
}

/// A translation's vector: its article, locale and weighted words.
type Vector = (Id, String, Vec<(String, f64)>);

/// A computed list: its article, locale (as a number) and items with their scores.
type List = (Id, u32, Vec<(Id, f64)>);

/// A translation's words, each once and in order, with their counts.
struct Counted {
    article: Id,
    locale: String,
    /// Space-separated.
    words: String,
    counts: Vec<f64>,
    fingerprint: String,
}

impl Counted {
    fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split(' ').filter(|word| !word.is_empty())
    }
}

/// A translation's vector, words as numbers.
struct Document {
    article: Id,
    locale: u32,
    terms: Vec<(u32, f64)>,
}

/// Computes every word vector and list again, replacing what was stored, in one transaction.
pub fn rebuild(db: &Database) -> Result<Rebuilt, ApiError> {
    db.write_blocking(|connection| {
        let published: Vec<(Id, Id, Option<NaiveDateTime>)> =
            crate::on_backend!(&mut *connection, |connection| {
                articles::table
                    .filter(articles::status.eq(PUBLISHED))
                    .select((articles::id, articles::category_id, articles::published_at))
                    .load(connection)
            })?;
        let facts: HashMap<Id, Facts> = published
            .into_iter()
            .map(|(id, category, published_at)| {
                (
                    id,
                    Facts {
                        category,
                        published_at,
                    },
                )
            })
            .collect();
        let texts: Vec<(Id, String, String, String, String)> =
            crate::on_backend!(&mut *connection, |connection| {
                article_translations::table
                    .select((
                        article_translations::article_id,
                        article_translations::locale,
                        article_translations::title,
                        article_translations::excerpt,
                        article_translations::body,
                    ))
                    .load(connection)
            })?;
        let texts: Vec<_> = texts
            .into_iter()
            .filter(|(id, ..)| facts.contains_key(id))
            .collect();

        // Each text's words with their counts, and its fingerprint, on every core.
        let counted: Vec<Counted> = on_every_core(&texts, |(id, locale, title, excerpt, markdown)| {
            let counts = scoring::term_counts(title, excerpt, &body::plain_text(markdown));
            let fingerprint = scoring::fingerprint(&counts, facts[id]);
            let mut counts: Vec<(String, f64)> = counts.into_iter().collect();
            counts.sort_by(|a, b| a.0.cmp(&b.0));
            Counted {
                article: *id,
                locale: locale.clone(),
                words: counts
                    .iter()
                    .map(|(word, _)| word.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                counts: counts.into_iter().map(|(_, count)| count).collect(),
                fingerprint,
            }
        });
        drop(texts);

        // How many texts of each locale hold each word.
        let mut frequencies: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
        let mut corpus: HashMap<&str, u64> = HashMap::new();
        for text in &counted {
            *corpus.entry(&text.locale).or_default() += 1;
            let words = frequencies.entry(&text.locale).or_default();
            for word in text.words() {
                *words.entry(word).or_default() += 1;
            }
        }

        // Word vectors, on every core.
        let vectors: Vec<Vector> = on_every_core(&counted, |text| {
            let counts: HashMap<String, f64> = text
                .words()
                .map(str::to_owned)
                .zip(text.counts.iter().copied())
                .collect();
            let of_locale = &frequencies[text.locale.as_str()];
            let vector = scoring::vector(
                &counts,
                |term| of_locale.get(term).copied().unwrap_or(0),
                corpus[text.locale.as_str()],
            );
            (text.article, text.locale.clone(), vector)
        });

        // Words (of a locale) and locales as numbers, and the inverted index.
        let mut words: HashMap<(u32, String), u32> = HashMap::new();
        let mut locales: Vec<String> = Vec::new();
        let mut documents = Vec::with_capacity(vectors.len());
        for (article, locale, vector) in &vectors {
            let locale = match locales.iter().position(|l| l == locale) {
                Some(index) => index as u32,
                None => {
                    locales.push(locale.clone());
                    locales.len() as u32 - 1
                }
            };
            let terms = vector
                .iter()
                .map(|(term, weight)| {
                    let next = words.len() as u32;
                    (*words.entry((locale, term.clone())).or_insert(next), *weight)
                })
                .collect();
            documents.push(Document {
                article: *article,
                locale,
                terms,
            });
        }
        let mut rarities = vec![0.0; words.len()];
        for ((locale, word), index) in &words {
            let locale = locales[*locale as usize].as_str();
            let df = frequencies[locale].get(word.as_str()).copied().unwrap_or(0);
            rarities[*index as usize] = scoring::rarity(df, corpus[locale]);
        }
        let mut postings: HashMap<(u32, u32), Vec<(Id, f64)>> = HashMap::new();
        for document in &documents {
            for (term, weight) in &document.terms {
                postings
                    .entry((document.locale, *term))
                    .or_default()
                    .push((document.article, *weight));
            }
        }
        for list in postings.values_mut() {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
            list.truncate(POSTINGS_PER_TERM as usize);
        }

        // Lists, on every core.
        let lists: Vec<List> = on_every_core(&documents, |document| {
            let rarity = |term: &u32| rarities[*term as usize];
            let similar = scoring::similar(document.article, &document.terms, rarity, |term, visit| {
                for (id, weight) in postings.get(&(document.locale, *term)).into_iter().flatten() {
                    visit(*id, *weight);
                }
            });
            let own = facts[&document.article];
            let list = scoring::list(own, &similar, |id| facts.get(&id).copied());
            (document.article, document.locale, list)
        });

        let rows: Vec<_> = vectors
            .iter()
            .zip(&counted)
            .map(|((article, locale, vector), text)| {
                (
                    related_vectors::article_id.eq(*article),
                    related_vectors::locale.eq(locale),
                    related_vectors::vector
                        .eq(serde_json::to_string(vector).unwrap_or_else(|_| "[]".to_owned())),
                    related_vectors::words.eq(&text.words),
                    related_vectors::fingerprint.eq(&text.fingerprint),
                )
            })
            .collect();
        crate::on_backend!(&mut *connection, |connection| {
            diesel::delete(related_terms::table).execute(connection)?;
            diesel::delete(related_vectors::table).execute(connection)?;
            diesel::delete(related_computed::table).execute(connection)?;
            for batch in rows.chunks(2000) {
                diesel::insert_into(related_vectors::table)
                    .values(batch)
                    .execute(connection)?;
            }
            QueryResult::Ok(())
        })?;
        let counts: Vec<(&str, &str, i64)> = frequencies
            .iter()
            .flat_map(|(locale, words)| {
                words
                    .iter()
                    .map(move |(word, documents)| (*locale, *word, *documents as i64))
            })
            .collect();
        let sizes: Vec<(&str, i64)> = corpus
            .iter()
            .map(|(locale, documents)| (*locale, *documents as i64))
            .collect();
        queries::replace_word_counts(connection, &counts, &sizes)?;
        let rows: Vec<_> = vectors
            .iter()
            .flat_map(|(article, locale, vector)| {
                vector.iter().map(move |(term, weight)| {
                    (
                        related_terms::locale.eq(locale),
                        related_terms::term.eq(term),
                        related_terms::weight.eq(*weight),
                        related_terms::article_id.eq(*article),
                    )
                })
            })
            .collect();
        crate::on_backend!(&mut *connection, |connection| {
            for batch in rows.chunks(2000) {
                diesel::insert_into(related_terms::table)
                    .values(batch)
                    .execute(connection)?;
            }
            QueryResult::Ok(())
        })?;
        let rows: Vec<_> = lists
            .iter()
            .flat_map(|(article, locale, list)| {
                let locale = &locales[*locale as usize];
                list.iter().enumerate().map(move |(index, (related, score))| {
                    (
                        related_computed::article_id.eq(*article),
                        related_computed::locale.eq(locale),
                        related_computed::rank.eq(index as i32 + 1),
                        related_computed::related_id.eq(*related),
                        related_computed::score.eq(*score),
                    )
                })
            })
            .collect();
        crate::on_backend!(&mut *connection, |connection| {
            for batch in rows.chunks(2000) {
                diesel::insert_into(related_computed::table)
                    .values(batch)
                    .execute(connection)?;
            }
            QueryResult::Ok(())
        })?;
        Ok(Rebuilt {
            vectors: vectors.len(),
            lists: lists.len(),
        })
    })
}

/// `work` on each of `items`, in order, the items shared out between a thread a core.
fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(work).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    })
}
