//! The rules of search: which texts are searched (the negotiated locale and its fallbacks),
//! how a query's words are spelt (in both scripts, the last completed), how hits rank
//! (relevance, with a boost for recent articles), and the page of hits with their snippets.

use std::collections::HashMap;

use crate::articles::body;
use crate::articles::queries::{self as articles, Audience};
use crate::articles::service::summaries;
use crate::categories;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::{Cursor, Cursors, Limit, Page, Position};
use crate::params::SlugOrId;
use crate::search::engine::{Hit, Wanted};
use crate::search::index::SearchIndex;
use crate::search::text::{self, Term};
use crate::search::views::{SearchHit, SearchList, SearchPage};
use crate::transliteration::Direction;

/// The most relevant this many texts, in the locales searched, of public articles (of the
/// category asked for), are the hits, one an article, that a search pages through.
pub const CANDIDATES: usize = 200;

/// How much recency lifts relevance: a hit published now counts `1 + RECENCY_BOOST` times its
/// relevance, one published `RECENCY_DAYS` ago `1 + RECENCY_BOOST / e`, an old one about once.
pub const RECENCY_BOOST: f64 = 0.5;
pub const RECENCY_DAYS: f64 = 30.0;

/// The longest query taken, in characters; longer ones are a 400. Only the first 16 words
/// are searched for, and this many characters, percent-encoded, stay well inside the longest
/// request line servers and proxies take.
pub const MAX_QUERY_CHARS: usize = 1000;

/// A last word typed so far is searched for as the words of the index it starts that are in
/// the most texts, this many of them (and itself).
pub const COMPLETIONS: usize = 64;

pub struct SearchRequest {
    pub q: String,
    pub category: Option<SlugOrId>,
    pub limit: Limit,
    pub cursor: Option<Cursor>,
}

pub async fn search(
    db: &Database,
    index: &SearchIndex,
    cursors: &Cursors,
    request: SearchRequest,
    negotiated: Negotiated,
) -> Result<SearchList, ApiError> {
    if request.q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::invalid_parameter(format!(
            "`q` is longer than {MAX_QUERY_CHARS} characters; search for fewer words."
        )));
    }
    // A query of punctuation alone (`?`, `«»`) matches nothing, as a search box would show.
    let across = scripts_searched(&negotiated);
    let words = text::query_terms(&request.q, |word| other_script(word, &across, &negotiated));
    let cursors = cursors.clone();
    let index = index.clone();
    db.read_expensive(move |connection| {
        let now = db::now();
        let category = request
            .category
            .as_ref()
            .map(|slug| {
                categories::service::resolve(connection, slug, &negotiated)?.ok_or_else(|| {
                    ApiError::invalid_parameter(format!(
                        "`category`: no category has the slug or id `{slug}`."
                    ))
                })
            })
            .transpose()?;
        let listing = format!(
            "search?q={}&locale={}&category={}",
            words.as_ref().map_or("", |(query, _)| query.as_str()),
            negotiated.locale(),
            category.map(|id| id.to_string()).unwrap_or_default()
        );
        let offset = match request.cursor {
            Some(cursor) => cursor.position_in(&listing)?.key.max(0) as usize,
            None => 0,
        };
        let Some((_, terms)) = words else {
            return Ok(SearchList {
                data: Vec::new(),
                page: SearchPage {
                    page: Page {
                        limit: request.limit.get(),
                        next_cursor: None,
                        total: 0,
                    },
                    total_is_estimate: false,
                },
            });
        };
        let chain = negotiated.chain().to_vec();
        // An index being built (a new server, a restored database) is waited for a while.
        index.ensure_built(connection)?;
        let spellings = spellings(&index, &terms)?;
        let found = index.find(&Wanted {
            terms: &spellings,
            locales: &chain,
            category,
            now,
            best: CANDIDATES,
            recency_boost: RECENCY_BOOST,
            recency_days: RECENCY_DAYS,
        })?;
        // One hit an article: its translation earliest on the chain.
        let rank_of = |locale: &str| chain.iter().position(|code| code == locale).unwrap_or(usize::MAX);
        let mut best: HashMap<Id, &Hit> = HashMap::new();
        for hit in &found.hits {
            match best.get(&hit.article) {
                Some(kept) if rank_of(&kept.locale) <= rank_of(&hit.locale) => {}
                _ => {
                    best.insert(hit.article, hit);
                }
            }
        }
        let mut hits: Vec<&Hit> = best.into_values().collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.article.cmp(&a.article)));
        // Every matching text was a candidate: the count is exact. Otherwise it is the count
        // of matching texts (an article found in two locales counts twice).
        let (total, total_is_estimate) = match found.matched <= CANDIDATES {
            true => (hits.len() as i64, false),
            false => (found.matched as i64, true),
        };

        let limit = request.limit.get() as usize;
        let page: Vec<&Hit> = hits.iter().skip(offset).take(limit).copied().collect();
        let has_more = offset + page.len() < hits.len();
        let ids: Vec<Id> = page.iter().map(|hit| hit.article).collect();
        let mut rows = articles::find_many(connection, Audience::Public, now, &ids)?;
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
        let matched: Vec<(Id, String)> = page.iter().map(|hit| (hit.article, hit.locale.clone())).collect();
        let texts: HashMap<(Id, String), (String, String)> = articles::texts_of(connection, &matched)?
            .into_iter()
            .map(|(article, locale, title, body)| ((article, locale), (title, body)))
            .collect();
        let mut data = Vec::with_capacity(rows.len());
        for (article, row) in summaries(connection, &rows, &negotiated, now)?
            .into_iter()
            .zip(&rows)
        {
            let Some(hit) = page.iter().find(|hit| hit.article == row.id) else {
                continue;
            };
            let (title, body) = texts
                .get(&(hit.article, hit.locale.clone()))
                .map_or(("", ""), |(title, body)| (title.as_str(), body.as_str()));
            data.push(SearchHit {
                snippet: snippet(hit, title, body, &terms, &negotiated),
                matched_locale: hit.locale.clone(),
                article,
            });
        }
        let next_cursor = (has_more && !page.is_empty()).then(|| {
            let last = page.last().map_or(Id(uuid::Uuid::nil()), |hit| hit.article);
            cursors.seal(
                &listing,
                Position {
                    key: (offset + page.len()) as i64,
                    id: last,
                },
            )
        });
        Ok(SearchList {
            data,
            page: SearchPage {
                page: Page {
                    limit: request.limit.get(),
                    next_cursor,
                    total,
                },
                total_is_estimate,
            },
        })
    })
    .await
}

/// The passage of the matching translation to show: from its body, else its title; in the
/// script asked for when the translation is served transliterated. The passage is cut from
/// the text as written (the terms hold their spellings in both scripts), and only the passage
/// is written in the other script.
fn snippet(hit: &Hit, title: &str, body_markdown: &str, terms: &[Term], negotiated: &Negotiated) -> String {
    let in_script = |snippet: String| match negotiated.transliteration_of(&hit.locale) {
        Some(transliteration) => transliteration.html(&snippet),
        None => snippet,
    };
    let from_body = text::snippet(&body::plain_text(body_markdown), terms);
    if from_body.contains("<mark>") {
        return in_script(from_body);
    }
    in_script(text::snippet(title, terms))
}

/// The ways between scripts that a search in the negotiated locale goes: those of the
/// locales it reads by transliteration whose source it also searches (`uz-Cyrl` and `uz`).
fn scripts_searched(negotiated: &Negotiated) -> Vec<Direction> {
    let chain = negotiated.chain();
    let mut directions = Vec::new();
    for (code, transliteration) in negotiated.transliterated() {
        if chain.contains(code) && chain.contains(&transliteration.from) {
            // Words of the source found in the transliterated locale's script, and back.
            for direction in [transliteration.direction, transliteration.direction.reverse()] {
                if !directions.contains(&direction) {
                    directions.push(direction);
                }
            }
        }
    }
    directions
}

/// A query word in the other script, when a search goes between scripts and the word is
/// written in one of them.
fn other_script(word: &str, directions: &[Direction], negotiated: &Negotiated) -> Option<String> {
    let direction = if word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}')) {
        Direction::ToLatin
    } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
        Direction::ToCyrillic
    } else {
        return None;
    };
    directions
        .contains(&direction)
        .then(|| negotiated.transliterate(word, direction))
}

/// Each term's spellings to search for: a last word typed so far also as the words it starts
/// that the index holds (the most used of them).
fn spellings(index: &SearchIndex, terms: &[Term]) -> Result<Vec<Vec<String>>, ApiError> {
    let mut all = Vec::with_capacity(terms.len());
    for term in terms {
        let mut spellings = term.spellings.clone();
        if term.prefix {
            for spelling in &term.spellings {
                for word in index.completions(spelling, COMPLETIONS)? {
                    if !spellings.contains(&word) {
                        spellings.push(word);
                    }
                }
            }
        }
        all.push(spellings);
    }
    Ok(all)
}
