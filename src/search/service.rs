//! The rules of search: which texts are searched (the negotiated locale and its fallbacks),
//! how hits rank (relevance, with a boost for recent articles), and keeping the index in step
//! with the content.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::articles::body;
use crate::articles::queries::{self as articles, Audience};
use crate::articles::service::summaries;
use crate::categories;
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::error::ApiError;
use crate::locale::Negotiated;
use crate::pagination::{Cursor, Cursors, Limit, Page, Position};
use crate::params::SlugOrId;
use crate::search::queries::{self, Match};
use crate::search::text::{self, Term};
use crate::search::views::{SearchHit, SearchList, SearchPage};
use crate::transliteration::Direction;

/// A query matching more texts (in any locale) than this is ranked among the newest this many
/// of them (by when each translation was first written): relevance is worked out for a
/// bounded number of texts, and news search favours the recent. More words narrow it down.
/// Matching texts are counted up to this many: `page.total` goes no higher.
pub const WINDOW: i64 = 500;

/// The most relevant this many texts of the window, in the locales searched, of public
/// articles (of the category asked for), are the hits, lifted for recency, that a search
/// pages through.
pub const CANDIDATES: i64 = 200;

/// How much recency lifts relevance: a hit published now counts `1 + RECENCY_BOOST` times its
/// relevance, one published `RECENCY_DAYS` ago `1 + RECENCY_BOOST / e`, an old one about once.
pub const RECENCY_BOOST: f64 = 0.5;
pub const RECENCY_DAYS: f64 = 30.0;

/// The longest query taken, in characters; longer ones are a 400. Only the first 16 words
/// are searched for, and this many characters, percent-encoded, stay well inside the longest
/// request line servers and proxies take.
pub const MAX_QUERY_CHARS: usize = 1000;

pub struct SearchRequest {
    pub q: String,
    pub category: Option<SlugOrId>,
    pub limit: Limit,
    pub cursor: Option<Cursor>,
}

fn score(hit: &Match, now: NaiveDateTime) -> f64 {
    let relevance = -hit.rank;
    let age_days = hit
        .published_at
        .map_or(f64::MAX, |at| (now - at).num_seconds().max(0) as f64 / 86_400.0);
    relevance * (1.0 + RECENCY_BOOST * (-age_days / RECENCY_DAYS).exp())
}

pub async fn search(
    db: &Database,
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
    let words = text::fts_query(&request.q, |word| other_script(word, &across, &negotiated));
    let cursors = cursors.clone();
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
        // One pass over the index finds the window and ranks it.
        let window = queries::window(connection, &terms, WINDOW, &chain, category, now)?;
        let texts = window.len() as i64;
        let mut matches: Vec<Match> = window.into_iter().filter(|hit| hit.eligible).collect();
        matches.sort_by(|a, b| a.rank.total_cmp(&b.rank));
        matches.truncate(CANDIDATES as usize);
        // One hit an article: its translation earliest on the chain.
        let mut best: HashMap<Id, Match> = HashMap::new();
        for hit in matches {
            let rank_of = |locale: &str| chain.iter().position(|code| code == locale).unwrap_or(usize::MAX);
            match best.get(&hit.article_id) {
                Some(kept) if rank_of(&kept.locale) <= rank_of(&hit.locale) => {}
                _ => {
                    best.insert(hit.article_id, hit);
                }
            }
        }
        let mut hits: Vec<(f64, Match)> = best.into_values().map(|hit| (score(&hit, now), hit)).collect();
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.article_id.cmp(&a.1.article_id)));
        // Every matching text was a candidate: the count is exact. Otherwise it is the count
        // of matching texts in every locale, articles not public included, up to the window.
        let (total, total_is_estimate) = match texts <= CANDIDATES {
            true => (hits.len() as i64, false),
            false => (texts, true),
        };

        let limit = request.limit.get() as usize;
        let page: Vec<&Match> = hits.iter().skip(offset).take(limit).map(|(_, hit)| hit).collect();
        let has_more = offset + page.len() < hits.len();
        let ids: Vec<Id> = page.iter().map(|hit| hit.article_id).collect();
        let mut rows = articles::find_many(connection, Audience::Public, now, &ids)?;
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
        let matched: Vec<(Id, String)> = page
            .iter()
            .map(|hit| (hit.article_id, hit.locale.clone()))
            .collect();
        let texts: HashMap<(Id, String), (String, String)> = articles::texts_of(connection, &matched)?
            .into_iter()
            .map(|(article, locale, title, body)| ((article, locale), (title, body)))
            .collect();
        let mut data = Vec::with_capacity(rows.len());
        for (article, row) in summaries(connection, &rows, &negotiated, now)?
            .into_iter()
            .zip(&rows)
        {
            let Some(hit) = page.iter().find(|hit| hit.article_id == row.id) else {
                continue;
            };
            let (title, body) = texts
                .get(&(hit.article_id, hit.locale.clone()))
                .map_or(("", ""), |(title, body)| (title.as_str(), body.as_str()));
            data.push(SearchHit {
                snippet: snippet(hit, title, body, &terms, &negotiated),
                matched_locale: hit.locale.clone(),
                article,
            });
        }
        let next_cursor = (has_more && !page.is_empty()).then(|| {
            let last = page.last().map_or(Id(uuid::Uuid::nil()), |hit| hit.article_id);
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
fn snippet(hit: &Match, title: &str, body_markdown: &str, terms: &[Term], negotiated: &Negotiated) -> String {
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

/// Puts a translation in the search index, as it is now; in the write's transaction.
pub fn index(
    connection: &mut DbConnection,
    article: Id,
    locale: &str,
    title: &str,
    excerpt: &str,
    body_markdown: &str,
) -> Result<(), ApiError> {
    let body_text = body::plain_text(body_markdown);
    Ok(queries::index(
        connection,
        article,
        locale,
        &text::fold(title),
        &text::fold(excerpt),
        &text::fold(&body_text),
    )?)
}

/// Builds the index from every translation when it is empty (a database from before search).
pub fn ensure_indexed(db: &Database) -> Result<(), ApiError> {
    if db.read_blocking(|connection| Ok(queries::needs_rebuild(connection)?))? {
        index_all(db)?;
    }
    Ok(())
}

/// Indexes every translation again, in big statements, in one transaction.
pub fn index_all(db: &Database) -> Result<usize, ApiError> {
    db.write_blocking(|connection| {
        queries::clear(connection)?;
        let mut after = 0;
        let mut indexed = 0;
        loop {
            let texts = queries::texts_after(connection, after, 8000)?;
            let Some(last) = texts.last() else { break };
            after = last.rowid;
            let rows: Vec<queries::Row> = texts
                .iter()
                .map(|t| {
                    (
                        t.rowid,
                        text::fold(&t.title),
                        text::fold(&t.excerpt),
                        text::fold(&body::plain_text(&t.body)),
                    )
                })
                .collect();
            queries::insert_rows(connection, &rows)?;
            indexed += rows.len();
        }
        queries::optimize(connection)?;
        Ok(indexed)
    })
}
