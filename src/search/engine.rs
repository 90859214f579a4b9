//! The search index itself: a tantivy index of published translations (title, excerpt and
//! body as words, with their article, locale, category and time of publication beside them),
//! and the one kind of query search makes of it. It knows nothing of the database: what to
//! index is given to it ([`Engine::replace`]), and it answers with articles' ids.
//!
//! Words are split and folded here as everywhere in search ([`crate::search::text`]): Uzbek's
//! apostrophes removed, lowercased, Latin letters without their diacritics; no stemming and no
//! stop words, so a word is found as written in every language.

use std::collections::{BinaryHeap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use chrono::NaiveDateTime;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, ColumnIndex, ColumnValues};
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, SearcherGeneration,
    SegmentOrdinal, SegmentReader, TantivyDocument, Term, Warmer,
};

use crate::db::Id;
use crate::search::text;

/// The index's layout; an index on disk of another layout is built again.
pub const FORMAT: u32 = 2;

/// How much a word in the title, the excerpt and the body weighs.
const WEIGHTS: [Score; 3] = [10.0, 4.0, 1.0];

/// The tokenizer's name in the index's settings.
const WORDS: &str = "newsroom_words";

/// The longest word indexed, in bytes; longer runs of letters are not words anyone searches.
const LONGEST_WORD: usize = 120;

/// Memory the writer may fill before it writes a segment.
const WRITER_BYTES: usize = 48 * 1024 * 1024;

/// An error of the index: its files, or its settings.
pub type EngineError = tantivy::TantivyError;

/// One published translation, as it is indexed.
pub struct Document<'a> {
    pub article: Id,
    pub locale: &'a str,
    pub category: Id,
    pub published_at: Option<NaiveDateTime>,
    pub title: &'a str,
    pub excerpt: &'a str,
    /// The body as plain text.
    pub body: &'a str,
}

/// What a search asks for.
pub struct Wanted<'a> {
    /// The query's words, each in the spellings it may have: every word must match, in one of
    /// its spellings, in any field.
    pub terms: &'a [Vec<String>],
    /// The locales searched.
    pub locales: &'a [String],
    pub category: Option<Id>,
    /// Texts published after this are not found yet.
    pub now: NaiveDateTime,
    /// How many of the best matches to give.
    pub best: usize,
    /// How much recency lifts relevance, and over how many days it fades by `e`.
    pub recency_boost: f64,
    pub recency_days: f64,
}

/// One matching translation.
#[derive(Debug, Clone)]
pub struct Hit {
    pub article: Id,
    pub locale: String,
    /// Relevance lifted for recency: higher is better.
    pub score: f64,
}

/// The best matches, and how many texts matched in all.
#[derive(Debug, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub matched: usize,
}

#[derive(Clone, Copy)]
struct Fields {
    article: Field,
    article_high: Field,
    article_low: Field,
    locale: Field,
    category: Field,
    published: Field,
    texts: [Field; 3],
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(WORDS)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        article: builder.add_text_field("article", STRING),
        article_high: builder.add_u64_field("article_high", FAST),
        article_low: builder.add_u64_field("article_low", FAST),
        locale: builder.add_u64_field("locale", FAST),
        category: builder.add_u64_field("category", FAST),
        published: builder.add_i64_field("published", FAST),
        texts: [
            builder.add_text_field("title", words.clone()),
            builder.add_text_field("excerpt", words.clone()),
            builder.add_text_field("body", words),
        ],
    };
    (builder.build(), fields)
}

/// A locale's code as a number the index holds (FNV-1a): stable across builds and machines.
fn locale_key(code: &str) -> u64 {
    code.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A category's id as a number the index holds.
fn category_key(id: Id) -> u64 {
    let (high, low) = id.0.as_u64_pair();
    high ^ low
}

fn seconds(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp()
}

/// The index, its one writer and its reader.
pub struct Engine {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    fields: Fields,
    /// Held here; the reader keeps it warm, weakly.
    locales: Arc<Locales>,
}

impl Engine {
    /// The index in `directory` (made when missing; made again, empty, when it was written
    /// with another layout or can't be read), or in memory.
    pub fn open(directory: Option<&Path>) -> Result<Self, EngineError> {
        let (schema, fields) = schema();
        let index = match directory {
            None => Index::create_in_ram(schema),
            Some(directory) => {
                std::fs::create_dir_all(directory)?;
                let opened = tantivy::directory::MmapDirectory::open(directory)
                    .map_err(EngineError::from)
                    .and_then(|dir| Index::open_or_create(dir, schema.clone()));
                match opened {
                    Ok(index) => index,
                    Err(error) => {
                        tracing::warn!(%error, "the search index can't be read; it is built again");
                        std::fs::remove_dir_all(directory)?;
                        std::fs::create_dir_all(directory)?;
                        Index::create_in_dir(directory, schema)?
                    }
                }
            }
        };
        index.tokenizers().register(WORDS, TextAnalyzer::from(Words));
        let writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let locales = Arc::new(Locales::default());
        let warmer: Arc<dyn Warmer> = locales.clone();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            locales,
        })
    }

    /// What the last commit recorded with it ([`Engine::commit`]).
    pub fn payload(&self) -> Result<Option<String>, EngineError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Takes every text of `articles` out of the index and puts `documents` in (uncommitted).
    pub fn replace<'a>(
        &self,
        articles: impl IntoIterator<Item = Id>,
        documents: impl IntoIterator<Item = Document<'a>>,
    ) -> Result<(), EngineError> {
        let writer = self.writer();
        for article in articles {
            writer.delete_term(Term::from_field_text(self.fields.article, &article.to_string()));
        }
        for document in documents {
            writer.add_document(self.document(&document))?;
        }
        Ok(())
    }

    /// Empties the index (uncommitted).
    pub fn clear(&self) -> Result<(), EngineError> {
        let writer = self.writer();
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes what was written since the last commit durable and searchable, with `payload`.
    pub fn commit(&self, payload: &str) -> Result<(), EngineError> {
        let mut writer = self.writer();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(payload);
        prepared.commit()?;
        drop(writer);
        self.reader.reload()
    }

    fn writer(&self) -> MutexGuard<'_, IndexWriter<TantivyDocument>> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn document(&self, document: &Document) -> TantivyDocument {
        let fields = &self.fields;
        let mut indexed = TantivyDocument::default();
        let (high, low) = document.article.0.as_u64_pair();
        indexed.add_text(fields.article, document.article.to_string());
        indexed.add_u64(fields.article_high, high);
        indexed.add_u64(fields.article_low, low);
        indexed.add_u64(fields.locale, locale_key(document.locale));
        indexed.add_u64(fields.category, category_key(document.category));
        indexed.add_i64(fields.published, document.published_at.map_or(i64::MAX, seconds));
        for (field, text) in fields
            .texts
            .iter()
            .zip([document.title, document.excerpt, document.body])
        {
            indexed.add_text(*field, text);
        }
        indexed
    }

    /// The words of the index that start with `prefix` (folded as the index folds words), at
    /// most `most` of them: those in the most texts.
    pub fn completions(&self, prefix: &str, most: usize) -> Result<Vec<String>, EngineError> {
        /// How many words starting with a prefix are weighed, in each field of each segment.
        const SCANNED: usize = 2000;
        let prefix = text::index_form(prefix);
        let mut upper = prefix.clone();
        upper.push(char::MAX);
        let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            for field in self.fields.texts {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .lt(upper.as_bytes())
                    .into_stream()?;
                let mut scanned = 0;
                while scanned < SCANNED && stream.advance() {
                    let found = u64::from(stream.value().doc_freq);
                    // Most words are met again in the other fields and segments: their key is
                    // copied once.
                    match counts.get_mut(stream.key()) {
                        Some(count) => *count += found,
                        None => {
                            counts.insert(stream.key().to_vec(), found);
                        }
                    }
                    scanned += 1;
                }
            }
        }
        let mut words: Vec<(u64, String)> = counts
            .into_iter()
            .filter_map(|(word, count)| String::from_utf8(word).ok().map(|word| (count, word)))
            .collect();
        words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        Ok(words.into_iter().take(most).map(|(_, word)| word).collect())
    }

    /// The best `wanted.best` texts matching every term, in the locales (and category) asked
    /// for, published by `wanted.now`: BM25 over the three fields (the title weighing most),
    /// lifted for recency; and how many texts matched.
    pub fn search(&self, wanted: &Wanted) -> Result<Found, EngineError> {
        if wanted.terms.is_empty() || wanted.locales.is_empty() || wanted.best == 0 {
            return Ok(Found::default());
        }
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(wanted.terms.len());
        for spellings in wanted.terms {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for spelling in spellings {
                let word = text::index_form(spelling);
                if word.is_empty() || word.len() > LONGEST_WORD {
                    continue;
                }
                for (field, weight) in self.fields.texts.iter().zip(WEIGHTS) {
                    let term =
                        TermQuery::new(Term::from_field_text(*field, &word), IndexRecordOption::WithFreqs);
                    any.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term), weight))));
                }
            }
            if any.is_empty() {
                return Ok(Found::default());
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        let query = BooleanQuery::new(must);
        let collector = Best {
            of_segment: self.locales.clone(),
            locales: wanted.locales.iter().map(|code| locale_key(code)).collect(),
            category: wanted.category.map(category_key),
            now: seconds(wanted.now),
            best: wanted.best,
            recency_boost: wanted.recency_boost,
            recency_seconds: wanted.recency_days * 86_400.0,
        };
        let searcher = self.reader.searcher();
        let (ranked, matched) = searcher.search(&query, &collector)?;
        let hits = ranked
            .into_iter()
            .map(|found| Hit {
                article: Id(uuid::Uuid::from_u64_pair(found.article.0, found.article.1)),
                locale: wanted
                    .locales
                    .iter()
                    .find(|code| locale_key(code) == found.locale)
                    .cloned()
                    .unwrap_or_default(),
                score: found.score,
            })
            .collect();
        Ok(Found { hits, matched })
    }
}

/// Splits text into words as search does: runs of letters and digits (Uzbek's apostrophes
/// inside a word taken out, so `o‘zbek` is `ozbek`), each folded to the index's form.
#[derive(Clone, Default)]
struct Words;

struct WordStream<'a> {
    text: &'a str,
    at: usize,
    position: usize,
    token: Token,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            at: 0,
            position: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let in_word = |c: char| text::is_letter_or_digit(c) || text::is_apostrophe(c);
        while self.at < self.text.len() {
            let rest = &self.text[self.at..];
            let Some(start) = rest.find(in_word) else {
                self.at = self.text.len();
                return false;
            };
            let end = rest[start..]
                .find(|c: char| !in_word(c))
                .map_or(rest.len(), |end| start + end);
            let (from, to) = (self.at + start, self.at + end);
            self.at = to;
            let word = text::index_form(&text::fold(&self.text[from..to]));
            if word.is_empty() || word.len() > LONGEST_WORD {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.position;
            self.token.position_length = 1;
            self.token.text = word;
            self.position += 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// One of the best texts of a segment, or of them all.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: f64,
    article: (u64, u64),
    locale: u64,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
/// Better first: sorted, the best lead; in a (max-)heap, the worst is on top.
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then_with(|| other.article.cmp(&self.article))
            .then_with(|| other.locale.cmp(&self.locale))
    }
}

/// Keeps the best texts that may be found (in a locale searched, of the category asked for,
/// published by now), scored with the recency lift, and counts them.
#[derive(Clone)]
struct Best {
    of_segment: Arc<Locales>,
    locales: Vec<u64>,
    category: Option<u64>,
    now: i64,
    best: usize,
    recency_boost: f64,
    recency_seconds: f64,
}

struct BestOfSegment {
    rules: Best,
    /// Each text's locale, as an index into `keys`, and whether it is searched; read from the
    /// column when the segment has no such table.
    of_text: Option<Arc<SegmentLocales>>,
    searched: Vec<bool>,
    locale: Arc<dyn ColumnValues<u64>>,
    category_column: Arc<dyn ColumnValues<u64>>,
    published: Arc<dyn ColumnValues<i64>>,
    article_high: Arc<dyn ColumnValues<u64>>,
    article_low: Arc<dyn ColumnValues<u64>>,
    kept: BinaryHeap<Ranked>,
    matched: usize,
}

impl Collector for Best {
    type Fruit = (Vec<Ranked>, usize);
    type Child = BestOfSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<BestOfSegment> {
        let fast = segment.fast_fields();
        let of_text = self.of_segment.of(segment.segment_id());
        let searched = of_text
            .as_ref()
            .map(|table| table.keys.iter().map(|key| self.locales.contains(key)).collect())
            .unwrap_or_default();
        Ok(BestOfSegment {
            rules: self.clone(),
            of_text,
            searched,
            locale: values(fast.u64("locale")?, 0),
            category_column: values(fast.u64("category")?, 0),
            published: values(fast.i64("published")?, i64::MAX),
            article_high: values(fast.u64("article_high")?, 0),
            article_low: values(fast.u64("article_low")?, 0),
            kept: BinaryHeap::with_capacity(self.best + 1),
            matched: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<Ranked>, usize)>) -> tantivy::Result<(Vec<Ranked>, usize)> {
        let matched = fruits.iter().map(|(_, matched)| matched).sum();
        let mut all: Vec<Ranked> = fruits.into_iter().flat_map(|(ranked, _)| ranked).collect();
        all.sort();
        all.truncate(self.best);
        Ok((all, matched))
    }
}

/// Each segment's texts' locales, one byte a text: most texts a search meets are only
/// counted, after their locale is looked up, and a byte is the cheapest way to look it up.
#[derive(Default)]
struct Locales {
    of_segment: RwLock<HashMap<SegmentId, Arc<SegmentLocales>>>,
}

struct SegmentLocales {
    /// The segment's locales' keys, in the order first met.
    keys: Vec<u64>,
    /// Each text's locale: an index into `keys`.
    of_text: Vec<u8>,
}

impl Locales {
    fn of(&self, segment: SegmentId) -> Option<Arc<SegmentLocales>> {
        self.of_segment.read().ok()?.get(&segment).cloned()
    }

    /// The segment's table, or none when it has more locales than a byte tells apart.
    fn read(segment: &SegmentReader) -> tantivy::Result<Option<SegmentLocales>> {
        let column = segment.fast_fields().u64("locale")?;
        let mut keys = Vec::new();
        let mut of_text = Vec::with_capacity(segment.max_doc() as usize);
        for doc in 0..segment.max_doc() {
            let key = column.first(doc).unwrap_or_default();
            let at = match keys.iter().position(|known| *known == key) {
                Some(at) => at,
                None => {
                    keys.push(key);
                    keys.len() - 1
                }
            };
            let Ok(at) = u8::try_from(at) else {
                return Ok(None);
            };
            of_text.push(at);
        }
        Ok(Some(SegmentLocales { keys, of_text }))
    }
}

impl Warmer for Locales {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            let id = segment.segment_id();
            if self.of(id).is_some() {
                continue;
            }
            if let Some(table) = Self::read(segment)?
                && let Ok(mut of_segment) = self.of_segment.write()
            {
                of_segment.insert(id, Arc::new(table));
            }
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        if let Ok(mut of_segment) = self.of_segment.write() {
            of_segment.retain(|id, _| {
                live.iter()
                    .any(|generation| generation.segments().contains_key(id))
            });
        }
    }
}

/// A column's value of each text, read straight from its values: every text has one (a
/// text without, in an index written otherwise, reads as `default`).
fn values<T>(column: Column<T>, default: T) -> Arc<dyn ColumnValues<T>>
where
    T: PartialOrd + Copy + std::fmt::Debug + Send + Sync + 'static,
{
    match column.index {
        ColumnIndex::Full => column.values,
        _ => column.first_or_default_col(default),
    }
}

impl SegmentCollector for BestOfSegment {
    type Fruit = (Vec<Ranked>, usize);

    fn collect(&mut self, doc: DocId, score: Score) {
        let locale = match &self.of_text {
            Some(table) => {
                let at = usize::from(table.of_text[doc as usize]);
                if !self.searched[at] {
                    return;
                }
                table.keys[at]
            }
            None => {
                let locale = self.locale.get_val(doc);
                if !self.rules.locales.contains(&locale) {
                    return;
                }
                locale
            }
        };
        if let Some(category) = self.rules.category
            && self.category_column.get_val(doc) != category
        {
            return;
        }
        // Once the best are found, a text that can't join them even lifted the most is only
        // counted (a count that is an estimate then, as scheduled texts are among it).
        let full = self.kept.len() == self.rules.best;
        if full
            && let Some(worst) = self.kept.peek()
            && f64::from(score) * (1.0 + self.rules.recency_boost) <= worst.score
        {
            self.matched += 1;
            return;
        }
        let published = self.published.get_val(doc);
        if published > self.rules.now {
            return;
        }
        self.matched += 1;
        let age = (self.rules.now - published) as f64;
        let score =
            f64::from(score) * (1.0 + self.rules.recency_boost * (-age / self.rules.recency_seconds).exp());
        if full
            && let Some(worst) = self.kept.peek()
            && score <= worst.score
        {
            return;
        }
        self.kept.push(Ranked {
            score,
            article: (self.article_high.get_val(doc), self.article_low.get_val(doc)),
            locale,
        });
        if self.kept.len() > self.rules.best {
            self.kept.pop();
        }
    }

    fn harvest(self) -> (Vec<Ranked>, usize) {
        (self.kept.into_vec(), self.matched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn indexed_words(text: &str) -> std::collections::BTreeSet<String> {
        let mut tokenizer = Words;
        let mut stream = tokenizer.token_stream(text);
        let mut words = std::collections::BTreeSet::new();
        while stream.advance() {
            let token = stream.token();
            assert!(token.offset_from < token.offset_to && token.offset_to <= text.len());
            words.insert(token.text.clone());
        }
        words
    }

    proptest! {
        /// The index holds a text's words as search folds them everywhere else (snippets, the
        /// words a query is made of), whatever the text.
        #[test]
        fn the_tokenizer_folds_as_search_does(text in "(\\PC|[‘’ʻʼ'`.,-]){0,60}") {
            let expected: std::collections::BTreeSet<String> = text::index_words([text::fold(&text).as_str()])
                .into_iter()
                .filter(|word| word.len() <= LONGEST_WORD)
                .collect();
            prop_assert_eq!(indexed_words(&text), expected);
        }
    }

    fn wanted<'a>(terms: &'a [Vec<String>], locales: &'a [String]) -> Wanted<'a> {
        Wanted {
            terms,
            locales,
            category: None,
            now: chrono::Utc::now().naive_utc(),
            best: 10,
            recency_boost: 0.5,
            recency_days: 30.0,
        }
    }

    #[test]
    fn words_are_found_folded_and_completed_from_the_dictionary() {
        let engine = Engine::open(None).unwrap();
        let article = Id::new();
        engine
            .replace(
                [article],
                [Document {
                    article,
                    locale: "uz",
                    category: Id::new(),
                    published_at: Some(chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(1)),
                    title: "O‘zbekiston Café",
                    excerpt: "",
                    body: "The Qoraqalpog‘istonliklar came.",
                }],
            )
            .unwrap();
        engine.commit("{}").unwrap();
        assert_eq!(
            engine.completions("qoraqalp", 64).unwrap(),
            ["qoraqalpogistonliklar"]
        );
        let locales = ["uz".to_owned()];
        for word in ["ozbekiston", "cafe", "qoraqalpogistonliklar"] {
            let terms = [vec![word.to_owned()]];
            let found = engine.search(&wanted(&terms, &locales)).unwrap();
            assert_eq!(found.matched, 1, "{word}");
            assert_eq!(found.hits[0].article, article);
            assert_eq!(found.hits[0].locale, "uz");
        }
        let elsewhere = ["ru".to_owned()];
        let terms = [vec!["cafe".to_owned()]];
        assert_eq!(engine.search(&wanted(&terms, &elsewhere)).unwrap().matched, 0);
        engine.replace([article], []).unwrap();
        engine.commit("{}").unwrap();
        assert_eq!(engine.search(&wanted(&terms, &locales)).unwrap().matched, 0);
    }

    #[test]
    fn each_segment_tells_its_texts_locales_from_a_table_kept_warm() {
        let engine = Engine::open(None).unwrap();
        let article = Id::new();
        let locales = ["uz", "ru", "en", "uz-Cyrl"];
        let documents = locales.map(|locale| Document {
            article,
            locale,
            category: Id::new(),
            published_at: Some(chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(1)),
            title: "Toshkent",
            excerpt: "",
            body: "",
        });
        engine.replace([article], documents).unwrap();
        engine.commit("{}").unwrap();
        let searcher = engine.reader.searcher();
        for segment in searcher.segment_readers() {
            let table = engine
                .locales
                .of(segment.segment_id())
                .expect("a table for every segment");
            assert_eq!(table.keys.len(), locales.len());
            assert_eq!(table.of_text.len(), segment.max_doc() as usize);
        }
        let terms = [vec!["toshkent".to_owned()]];
        for chain in [&["ru"][..], &["uz-Cyrl", "uz"], &["en", "ru", "uz"]] {
            let chain: Vec<String> = chain.iter().map(|code| (*code).to_owned()).collect();
            let found = engine.search(&wanted(&terms, &chain)).unwrap();
            assert_eq!(found.matched, chain.len(), "{chain:?}");
            let mut found: Vec<String> = found.hits.into_iter().map(|hit| hit.locale).collect();
            found.sort();
            let mut expected = chain.clone();
            expected.sort();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn a_segment_of_more_locales_than_a_byte_tells_apart_is_read_from_its_column() {
        let engine = Engine::open(None).unwrap();
        let codes: Vec<String> = (0..300).map(|n| format!("x{n}")).collect();
        let article = Id::new();
        let documents = codes.iter().map(|code| Document {
            article,
            locale: code,
            category: Id::new(),
            published_at: Some(chrono::Utc::now().naive_utc() - chrono::TimeDelta::hours(1)),
            title: "Toshkent",
            excerpt: "",
            body: "",
        });
        engine.replace([article], documents).unwrap();
        engine.commit("{}").unwrap();
        let searcher = engine.reader.searcher();
        assert!(
            searcher
                .segment_readers()
                .iter()
                .all(|segment| engine.locales.of(segment.segment_id()).is_none())
        );
        let terms = [vec!["toshkent".to_owned()]];
        let chain = vec!["x7".to_owned(), "x299".to_owned()];
        let found = engine.search(&wanted(&terms, &chain)).unwrap();
        assert_eq!(found.matched, 2);
        let mut locales: Vec<String> = found.hits.into_iter().map(|hit| hit.locale).collect();
        locales.sort();
        assert_eq!(locales, ["x299", "x7"]);
    }
}
