//! A realistic multilingual database for benchmarks (`newsroom bench-data`): articles in
//! English, Russian and Uzbek, in topic clusters that cut across 20 categories, over a year of
//! publishing, with views. The same seed gives the same database.

use std::time::Instant;

use chrono::{Duration, DurationRound, TimeDelta, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::articles::store::{self as articles, NewArticle, NewSource, NewTranslation, Status};
use crate::categories::writes::{self as categories, NewCategory, NewCategoryTranslation};
use crate::db::schema::{article_views_daily, article_views_hourly};
use crate::db::{Database, Id};
use crate::error::ApiError;
use crate::{related, slugs};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub articles: usize,
    pub seed: u64,
}

const LOCALES: [&str; 3] = ["en", "ru", "uz"];
const CATEGORIES: usize = 20;
const TOPICS: usize = 400;
const TOPIC_WORDS: usize = 15;
const GENERIC_WORDS: usize = 4000;
const BATCH: usize = 500;

/// One language's words.
struct Language {
    function: &'static [&'static str],
    generic: Vec<String>,
    topics: Vec<Vec<String>>,
}

fn make_word(rng: &mut StdRng, syllables: &[&str]) -> String {
    let count = rng.random_range(2..=4);
    (0..count)
        .map(|_| syllables[rng.random_range(0..syllables.len())])
        .collect()
}

fn language(rng: &mut StdRng, locale: &str) -> Language {
    let (syllables, function): (&[&str], &'static [&'static str]) = match locale {
        "ru" => (
            &[
                "ка",
                "ро",
                "ти",
                "бан",
                "сел",
                "мор",
                "да",
                "ви",
                "лу",
                "не",
                "пра",
                "го",
                "ша",
                "чи",
                "тор",
                "мин",
                "ел",
                "ар",
                "ус",
                "он",
                "же",
                "зы",
                "ность",
                "ств",
            ],
            &[
                "и",
                "в",
                "на",
                "с",
                "по",
                "что",
                "не",
                "для",
                "от",
                "как",
                "это",
                "также",
                "его",
                "их",
                "было",
            ],
        ),
        "uz" => (
            &[
                "ka", "ro", "ti", "bon", "sel", "mor", "da", "vi", "lu", "ne", "o‘", "g‘o", "sha", "chi",
                "tor", "min", "el", "ar", "ush", "on", "lar", "dagi", "ni", "qa",
            ],
            &[
                "va",
                "bilan",
                "uchun",
                "bu",
                "ham",
                "esa",
                "bo‘yicha",
                "haqida",
                "keyin",
                "yil",
                "ekan",
                "edi",
                "shu",
                "bir",
                "ular",
            ],
        ),
        _ => (
            &[
                "ka", "ro", "ti", "ban", "sel", "mor", "da", "vi", "lu", "ne", "pra", "go", "sha", "chi",
                "tor", "min", "el", "ar", "us", "on", "ing", "ter", "ly", "tion",
            ],
            &[
                "the", "of", "and", "in", "to", "a", "on", "for", "with", "said", "was", "that", "by", "as",
                "at",
            ],
        ),
    };
    let generic = (0..GENERIC_WORDS).map(|_| make_word(rng, syllables)).collect();
    let topics = (0..TOPICS)
        .map(|_| (0..TOPIC_WORDS).map(|_| make_word(rng, syllables)).collect())
        .collect();
    Language {
        function,
        generic,
        topics,
    }
}

impl Language {
    /// A generic word, common ones more often (a skewed, Zipf-like draw).
    fn generic_word(&self, rng: &mut StdRng) -> &str {
        let skew: f64 = rng.random::<f64>().powi(3);
        &self.generic[(skew * self.generic.len() as f64) as usize]
    }

    fn word(&self, rng: &mut StdRng, topic: usize) -> &str {
        match rng.random_range(0..100) {
            0..25 => &self.topics[topic][rng.random_range(0..TOPIC_WORDS)],
            25..50 => self.function[rng.random_range(0..self.function.len())],
            _ => self.generic_word(rng),
        }
    }

    fn title(&self, rng: &mut StdRng, topic: usize) -> String {
        let mut words: Vec<&str> = (0..4)
            .map(|_| self.topics[topic][rng.random_range(0..TOPIC_WORDS)].as_str())
            .collect();
        words.extend((0..rng.random_range(2..5)).map(|_| self.generic_word(rng)));
        let title = words.join(" ");
        let mut chars = title.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    }

    fn body(&self, rng: &mut StdRng, topic: usize) -> String {
        (0..3)
            .map(|_| {
                let words: Vec<&str> = (0..rng.random_range(35..70))
                    .map(|_| self.word(rng, topic))
                    .collect();
                let mut sentence = words.join(" ");
                sentence.push('.');
                let mut chars = sentence.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// What was generated, and how long it took.
#[derive(Debug, Default)]
pub struct Generated {
    pub articles: usize,
    pub translations: usize,
    pub related_lists: usize,
    pub seconds: f64,
}

/// Generates `plan.articles` articles into an empty database.
pub fn generate(db: &Database, plan: Plan, progress: impl Fn(&str)) -> Result<Generated, ApiError> {
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let languages: Vec<Language> = LOCALES.iter().map(|locale| language(&mut rng, locale)).collect();
    let holds_content = db.read_blocking(|connection| {
        use crate::db::schema::articles;
        Ok(crate::on_backend!(connection, |connection| {
            diesel::select(diesel::dsl::exists(articles::table.select(articles::id)))
                .get_result::<bool>(connection)?
        }))
    })?;
    if holds_content {
        return Err(ApiError::conflict(
            "the database already holds articles; generate into a new one",
        ));
    }
    // A bulk load reads back what it just wrote while merging indexes: a page cache of 2 GiB
    // (for this process's writer only) keeps that off the disk.
    if db.backend() == crate::db::Backend::Sqlite {
        db.write_blocking(|connection| Ok(connection.batch_execute("PRAGMA cache_size = -2000000")?))?;
    }
    let sections = db.write_blocking(|connection| {
        (0..CATEGORIES)
            .map(|n| {
                let names = [
                    format!("Section {}", n + 1),
                    format!("Раздел {}", n + 1),
                    format!("Bo‘lim {}", n + 1),
                ];
                let category = NewCategory {
                    position: n as i32 + 1,
                    translations: LOCALES
                        .iter()
                        .zip(&names)
                        .map(|(locale, name)| NewCategoryTranslation {
                            locale: (*locale).to_owned(),
                            slug: slugs::derive(locale, name),
                            name: name.clone(),
                            description: None,
                        })
                        .collect(),
                };
                categories::create(connection, &category, None)
            })
            .collect::<Result<Vec<Id>, ApiError>>()
    })?;
    let now = Utc::now();
    let mut ids = Vec::with_capacity(plan.articles);
    let mut done = 0;
    while done < plan.articles {
        let batch = BATCH.min(plan.articles - done);
        let articles: Vec<NewArticle> = (done..done + batch)
            .map(|index| {
                let topic = rng.random_range(0..TOPICS);
                let status = match rng.random_range(0..100) {
                    0..2 => Status::Draft,
                    2 => Status::Archived,
                    _ => Status::Published,
                };
                let original = match rng.random_range(0..10) {
                    0..5 => "en",
                    5..8 => "ru",
                    _ => "uz",
                };
                NewArticle {
                    category_id: sections[(topic + rng.random_range(0..3)) % CATEGORIES],
                    status,
                    published_at: Some(now - Duration::seconds(rng.random_range(60..365 * 86_400))),
                    featured: rng.random_range(0..200) == 0,
                    original_locale: original.to_owned(),
                    cover_image: None,
                    source: Some(NewSource {
                        name: "Zamin.uz".to_owned(),
                        url: Some("https://zamin.uz".to_owned()),
                    }),
                    views: (rng.random::<f64>().powi(4) * 20_000.0) as i64,
                    translations: LOCALES
                        .iter()
                        .zip(&languages)
                        .map(|(locale, language)| {
                            let title = language.title(&mut rng, topic);
                            let slug = format!("{}-{}", slugs::derive(locale, &title), index + 1);
                            NewTranslation {
                                locale: (*locale).to_owned(),
                                slug,
                                title,
                                excerpt: None,
                                body: language.body(&mut rng, topic),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        let created = db.write_blocking(|connection| {
            articles
                .iter()
                .map(|article| articles::create(connection, article, None))
                .collect::<Result<Vec<Id>, ApiError>>()
        })?;
        ids.extend(created);
        done += batch;
        if done % 10_000 < BATCH || done == plan.articles {
            progress(&format!(
                "{done} articles ({:.0} s)",
                started.elapsed().as_secs_f64()
            ));
        }
    }
    progress("views by hour and day");
    let hour = now
        .naive_utc()
        .duration_trunc(TimeDelta::hours(1))
        .unwrap_or(now.naive_utc());
    let read: Vec<Id> = ids.iter().step_by(7).copied().collect();
    db.write_blocking(|connection| {
        crate::on_backend!(connection, |connection| for id in &read {
            for back in 0..rng.random_range(1..48) {
                diesel::insert_into(article_views_hourly::table)
                    .values((
                        article_views_hourly::article_id.eq(id),
                        article_views_hourly::hour.eq(hour - TimeDelta::hours(back)),
                        article_views_hourly::views.eq(rng.random_range(1..200)),
                    ))
                    .on_conflict_do_nothing()
                    .execute(connection)?;
            }
            for back in 0..rng.random_range(1..30) {
                diesel::insert_into(article_views_daily::table)
                    .values((
                        article_views_daily::article_id.eq(id),
                        article_views_daily::day.eq(hour.date() - TimeDelta::days(back)),
                        article_views_daily::views.eq(rng.random_range(1..2000)),
                    ))
                    .on_conflict_do_nothing()
                    .execute(connection)?;
            }
        });
        Ok(())
    })?;
    // The load's changes need no replaying: every search index is built afresh from it.
    db.write_blocking(|connection| Ok(crate::search::queries::renew_lineage(connection)?))?;
    progress("related lists");
    let rebuilt = related::bulk::rebuild(db)?;
    progress("statistics");
    db.write_blocking(|connection| Ok(connection.batch_execute("ANALYZE")?))?;
    Ok(Generated {
        articles: ids.len(),
        translations: ids.len() * LOCALES.len(),
        related_lists: rebuilt.lists,
        seconds: started.elapsed().as_secs_f64(),
    })
}
