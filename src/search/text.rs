//! Search text: folding (what makes spellings of one word the same word), the terms a user's
//! words become, and highlighted snippets cut from the original text. The index's tokenizer
//! ([`crate::search::engine`]) splits and folds words with these functions; the tests hold them
//! to SQLite FTS5's `unicode61 remove_diacritics 2` tokenizer, a well-known reference.

/// Apostrophes Uzbek is written with (o‘, g‘, the tutuq belgisi) and their look-alikes.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | 'ʻ' | 'ʼ' | '`' | '´' | 'ʹ' | '′')
}

/// Whether `c` is a letter or a digit (`char::is_alphanumeric`), answered without Unicode's
/// tables for the scripts news here is written in: ASCII, and Cyrillic (whose block holds
/// letters but for a sign and combining marks, U+0482 to U+0489).
pub fn is_letter_or_digit(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\u{7F}' => false,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        '\u{0482}'..='\u{0489}' => false,
        other => other.is_alphanumeric(),
    }
}

/// `text` with apostrophes removed, as it is indexed and searched.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| !is_apostrophe(*c)).collect()
}

/// The words of `text` as typed: letters and digits of any script, with the apostrophes
/// inside them.
fn typed_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c))
        .map(|word| word.trim_matches(is_apostrophe))
        .filter(|word| word.chars().any(char::is_alphanumeric))
}

/// A word folded and lowercased, as the index holds it: `O‘zbek` is `ozbek`.
fn folded(word: &str) -> String {
    let mut into = String::with_capacity(word.len());
    fold_into(word, &mut into);
    into
}

/// [`folded`] into a buffer of the caller's, in place of what it held: the letters are
/// lowercased one by one, as FTS5's tokenizer lowercases them.
fn fold_into(word: &str, into: &mut String) {
    into.clear();
    into.extend(
        word.chars()
            .filter(|c| !is_apostrophe(*c))
            .flat_map(char::to_lowercase),
    );
}

/// A word as the index's vocabulary holds it: lowercased, and Latin letters without their
/// diacritics (`Café` is `cafe`), as FTS5's `unicode61` tokenizer with `remove_diacritics`
/// folds them; other scripts' letters keep theirs (`йил`, `ўзбек`, `ёлка`), as it keeps them.
pub fn index_form(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(without_diacritics)
        .collect()
}

/// A Latin letter whose canonical decomposition is an ASCII letter and marks, as that letter.
fn without_diacritics(c: char) -> char {
    if !matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
        return c;
    }
    let mut parts = Vec::with_capacity(4);
    unicode_normalization::char::decompose_canonical(c, |part| parts.push(part));
    match parts.split_first() {
        Some((base, marks))
            if base.is_ascii_alphabetic()
                && !marks.is_empty()
                && marks
                    .iter()
                    .all(|mark| unicode_normalization::char::is_combining_mark(*mark)) =>
        {
            *base
        }
        _ => c,
    }
}

/// The distinct words of an (already folded) text, as the index's vocabulary holds them.
#[cfg(test)]
pub(crate) fn index_words<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> std::collections::BTreeSet<String> {
    texts
        .into_iter()
        .flat_map(|text| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(index_form)
        .collect()
}

/// The most words a query is made of; the rest are ignored.
pub const MAX_TERMS: usize = 16;

/// One word of a query: the spellings it is found by (folded and lowercased; its own first,
/// then the same word in another script), and whether a word that starts with one matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub spellings: Vec<String>,
    pub prefix: bool,
}

impl Term {
    /// Whether the (folded, lowercased) `word` of a text is this term.
    fn matches(&self, word: &str) -> bool {
        self.spellings
            .iter()
            .any(|spelling| word == spelling || (self.prefix && word.starts_with(spelling.as_str())))
    }
}

/// The search terms of a user's query: its words, each matched as a word, the last also as
/// the start of one (so results come while typing), each in its own spelling and the ones
/// `also_spelt` gives it (a Cyrillic word in Latin letters, say). `None` when it has no word
/// at all. Operators, quotes and `*` of FTS5 syntax are never passed through: every spelling
/// is quoted.
pub fn query_terms(q: &str, also_spelt: impl Fn(&str) -> Option<String>) -> Option<(String, Vec<Term>)> {
    let mut terms: Vec<Term> = typed_words(q)
        .flat_map(|typed| {
            // A word with apostrophes is one word (`o‘zbek`), split where the index splits it
            // (on other marks) after its other spelling is found.
            let other = also_spelt(typed);
            let own: Vec<String> = folded(typed)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect();
            let others: Vec<String> = other
                .map(|other| {
                    folded(&other)
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|part| !part.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let paired = others.len() == own.len();
            own.into_iter()
                .enumerate()
                .map(move |(index, word)| {
                    let mut spellings = vec![word];
                    if paired && others[index] != spellings[0] {
                        spellings.push(others[index].clone());
                    }
                    Term {
                        spellings,
                        prefix: false,
                    }
                })
                .collect::<Vec<_>>()
        })
        .take(MAX_TERMS)
        .collect();
    let last = terms.last_mut()?;
    last.prefix = last
        .spellings
        .iter()
        .all(|spelling| spelling.chars().count() >= 2);
    Some((canonical_query(&terms), terms))
}

/// The canonical text of `terms`, which names the listing a search's cursor belongs to: each
/// spelling quoted, a term's spellings joined by OR, the terms by AND (FTS5's query syntax, a
/// form that quotes whatever was typed).
pub fn canonical_query(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|term| {
            let quoted: Vec<String> = term
                .spellings
                .iter()
                .map(|spelling| {
                    let star = if term.prefix { "*" } else { "" };
                    format!("\"{}\"{star}", spelling.replace('"', "\"\""))
                })
                .collect();
            match quoted.len() {
                1 => quoted.into_iter().next().unwrap_or_default(),
                _ => format!("({})", quoted.join(" OR ")),
            }
        })
        .collect::<Vec<_>>()
        // FTS5 reads juxtaposed phrases as AND, but not juxtaposed groups: AND is written.
        .join(" AND ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, HTML-escaped.
fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// Where `text`'s words are, as byte ranges: runs of letters, digits and apostrophes. Bytes
/// of ASCII are told apart as bytes; only other characters are decoded.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::with_capacity(text.len() / 6);
    let mut start = None;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let (part_of_word, length) = if byte.is_ascii() {
            (byte.is_ascii_alphanumeric() || matches!(byte, b'\'' | b'`'), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or_default();
            (is_letter_or_digit(c) || is_apostrophe(c), c.len_utf8())
        };
        match (part_of_word, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                spans.push((from, at));
                start = None;
            }
            _ => {}
        }
        at += length;
    }
    if let Some(from) = start {
        spans.push((from, text.len()));
    }
    spans
}

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 24;

/// A snippet of `text` around the most query `terms`, HTML-escaped, with every matching word
/// in `<mark>`; `…` where it is cut. A word matches a term it equals or (the last term)
/// starts with, once folded.
pub fn snippet(text: &str, terms: &[Term]) -> String {
    let spans = word_spans(text);
    // A word is folded to be compared (in one buffer, not a string each) only when it starts
    // as a spelling does: most words of a body do not.
    let initials: Vec<char> = terms
        .iter()
        .flat_map(|term| &term.spellings)
        .filter_map(|spelling| spelling.chars().next())
        .collect();
    let mut word_folded = String::new();
    let mut matches = |word: &str| {
        let initial = word
            .chars()
            .find(|c| !is_apostrophe(*c))
            .and_then(|c| match c.is_ascii() {
                true => Some(c.to_ascii_lowercase()),
                false => c.to_lowercase().next(),
            });
        if !initial.is_some_and(|initial| initials.contains(&initial)) {
            return false;
        }
        fold_into(word, &mut word_folded);
        terms.iter().any(|term| term.matches(&word_folded))
    };
    let hits: Vec<bool> = spans
        .iter()
        .map(|(from, to)| matches(&text[*from..*to]))
        .collect();
    // The window of words with the most hits; the earliest such.
    let window = SNIPPET_WORDS.min(spans.len());
    let mut best = (0, 0);
    let mut count = hits.iter().take(window).filter(|hit| **hit).count();
    best.1 = count;
    for start in 1..=spans.len().saturating_sub(window) {
        count = count + usize::from(hits[start + window - 1]) - usize::from(hits[start - 1]);
        if count > best.1 {
            best = (start, count);
        }
    }
    let (first, last) = (best.0, (best.0 + window).min(spans.len()));
    if first >= last {
        return escape(text);
    }
    let mut out = String::with_capacity(spans[last - 1].1 - spans[first].0 + 64);
    if first > 0 {
        out.push('…');
    }
    let mut cursor = spans[first].0;
    for index in first..last {
        let (from, to) = spans[index];
        escape_into(&mut out, &text[cursor..from]);
        if hits[index] {
            out.push_str("<mark>");
            escape_into(&mut out, &text[from..to]);
            out.push_str("</mark>");
        } else {
            escape_into(&mut out, &text[from..to]);
        }
        cursor = to;
    }
    if last < spans.len() {
        out.push('…');
    } else {
        escape_into(&mut out, &text[cursor..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_are_told_as_unicode_tells_them() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_letter_or_digit(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn words_are_folded_as_the_index_folds_them() {
        // Latin letters lose their diacritics; `ı` and `ß` are letters of their own (a case the
        // property below found); Cyrillic letters keep theirs.
        assert_eq!(index_form("Çağrı"), "cagrı");
        assert_eq!(index_form("Straße"), "straße");
        assert_eq!(index_form("Ñandú"), "nandu");
        assert_eq!(index_form("Ёлка"), "ёлка");
        assert_eq!(index_form("Ўзбекистон"), "ўзбекистон");
        assert_eq!(index_form("йил"), "йил");
    }

    #[test]
    fn apostrophes_fold_away() {
        for spelling in [
            "O‘zbekiston",
            "O'zbekiston",
            "Oʻzbekiston",
            "Ozbekiston",
            "O’zbekiston",
        ] {
            assert_eq!(fold(spelling), "Ozbekiston", "{spelling}");
        }
    }

    #[test]
    fn any_input_becomes_quoted_terms_or_nothing() {
        let query_terms = |q: &str| super::query_terms(q, |_| None);
        assert_eq!(query_terms("oil prices").unwrap().0, "\"oil\" AND \"prices\"*");
        assert_eq!(
            query_terms("NEAR(\"a\" b) OR c*").unwrap().0,
            "\"near\" AND \"a\" AND \"b\" AND \"or\" AND \"c\""
        );
        assert_eq!(query_terms("Нефть").unwrap().0, "\"нефть\"*");
        assert_eq!(query_terms("o‘zbek").unwrap().0, "\"ozbek\"*");
        for nothing in ["", "   ", "\"\"", "*", "-", "(((", "^:"] {
            assert!(query_terms(nothing).is_none(), "{nothing}");
        }
        let long = "word ".repeat(5000);
        assert_eq!(query_terms(&long).unwrap().1.len(), MAX_TERMS);
    }

    #[test]
    fn snippets_mark_the_words_in_the_original_spelling() {
        let text = "Toshkentda O‘zbekiston banklari oltin narxini oshirdi. <b>Talab</b> yuqori.";
        let snippet = snippet(
            text,
            &[
                Term {
                    spellings: vec!["ozbekiston".into()],
                    prefix: false,
                },
                Term {
                    spellings: vec!["olt".into()],
                    prefix: true,
                },
            ],
        );
        assert!(snippet.contains("<mark>O‘zbekiston</mark>"), "{snippet}");
        assert!(snippet.contains("<mark>oltin</mark>"), "{snippet}");
        assert!(snippet.contains("&lt;b&gt;"), "escaped: {snippet}");
    }

    #[test]
    fn a_word_is_also_searched_for_in_its_other_spelling() {
        let (query, terms) = super::query_terms("олтин нархи", |word| {
            Some(if word == "олтин" { "oltin" } else { "narxi" }.to_owned())
        })
        .unwrap();
        assert_eq!(query, "(\"олтин\" OR \"oltin\") AND (\"нархи\"* OR \"narxi\"*)");
        assert_eq!(terms[1].spellings, ["нархи", "narxi"]);
        let (query, _) = super::query_terms("o‘zbek", |_| Some("ўзбек".to_owned())).unwrap();
        assert_eq!(query, "(\"ozbek\"* OR \"ўзбек\"*)");
        let (query, _) = super::query_terms("iPhone", |word| Some(word.to_owned())).unwrap();
        assert_eq!(query, "\"iphone\"*", "a word spelt the same is searched once");
    }

    #[test]
    fn long_texts_are_cut_around_the_match() {
        let text = format!("{} needle {}", "hay ".repeat(100), "hay ".repeat(100));
        let snippet = snippet(
            &text,
            &[Term {
                spellings: vec!["needle".into()],
                prefix: true,
            }],
        );
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("<mark>needle</mark>"));
    }
}

#[cfg(test)]
mod properties {
    use diesel::connection::SimpleConnection;
    use diesel::{Connection, RunQueryDsl, SqliteConnection};
    use proptest::prelude::*;

    /// Queries with FTS5 and tsquery syntax among words in several scripts.
    fn hostile_query() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\"".to_owned()),
            Just("\"\"".to_owned()),
            Just("*".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("AND".to_owned()),
            Just("OR".to_owned()),
            Just("NOT".to_owned()),
            Just("NEAR(".to_owned()),
            Just("^".to_owned()),
            Just(":".to_owned()),
            Just("title:".to_owned()),
            Just("-".to_owned()),
            Just("+".to_owned()),
            Just("&".to_owned()),
            Just("|".to_owned()),
            Just("!".to_owned()),
            Just(":*".to_owned()),
            Just("<->".to_owned()),
            Just("'".to_owned()),
            Just("‘".to_owned()),
            Just("\u{0}".to_owned()),
            Just(" ".to_owned()),
            Just("o‘zbek".to_owned()),
            Just("Ўзбек".to_owned()),
            Just("газ".to_owned()),
            Just("gold".to_owned()),
            Just("Zamin.uz".to_owned()),
            "\\PC{1,6}",
        ];
        proptest::collection::vec(piece, 0..16).prop_map(|pieces| pieces.concat())
    }

    /// Words of the scripts news is written in, with the letters tokenizers treat apart.
    fn vocabulary_text() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-zA-Z]{1,8}",
            "[a-zà-ÿA-ZÀ-ÖØ-Þ]{1,8}",
            "[а-яёА-ЯЁўқғҳЎҚҒҲйЙ]{1,8}",
            "[0-9]{1,4}",
            Just("O‘zbekiston".to_owned()),
            Just("Café".to_owned()),
            Just("Ёлка".to_owned()),
            Just("ǅemal".to_owned()),
            Just("Straße".to_owned()),
            Just("naïve".to_owned()),
            Just("Çağrı".to_owned()),
        ];
        let gap = prop_oneof![
            Just(" "),
            Just(", "),
            Just(". "),
            Just("-"),
            Just("«"),
            Just("» ")
        ];
        proptest::collection::vec((word, gap), 0..24).prop_map(|pieces| {
            pieces
                .into_iter()
                .map(|(word, gap)| format!("{word}{gap}"))
                .collect()
        })
    }

    fn fts5() -> SqliteConnection {
        let mut connection = SqliteConnection::establish(":memory:").unwrap();
        connection
            .batch_execute(
                "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
                 INSERT INTO t (body) VALUES ('gold prices in o‘zbekiston'), ('Ўзбекистон газ');",
            )
            .unwrap();
        connection
    }

    proptest! {
        /// Words are found where a character-by-character reading finds them, in any text.
        #[test]
        fn words_are_found_byte_by_byte_as_char_by_char(text in "(\\PC|[‘’ʻʼ'`´.,-]|\\s){0,80}") {
            let mut expected = Vec::new();
            let mut start = None;
            for (at, c) in text.char_indices() {
                match (super::is_letter_or_digit(c) || super::is_apostrophe(c), start) {
                    (true, None) => start = Some(at),
                    (false, Some(from)) => {
                        expected.push((from, at));
                        start = None;
                    }
                    _ => {}
                }
            }
            if let Some(from) = start {
                expected.push((from, text.len()));
            }
            prop_assert_eq!(super::word_spans(&text), expected);
        }

        #[test]
        fn every_query_reaches_fts5_as_quoted_words_only(q in hostile_query()) {
            let mut connection = fts5();
            if let Some((query, terms)) = super::query_terms(&q, |_| None) {
                prop_assert!(!terms.is_empty() && terms.len() <= super::MAX_TERMS);
                let run = diesel::sql_query("SELECT rowid FROM t WHERE t MATCH ?")
                    .bind::<diesel::sql_types::Text, _>(&query)
                    .execute(&mut connection);
                prop_assert!(run.is_ok(), "{q:?} -> {query:?}: {run:?}");
                for term in &terms {
                    for spelling in &term.spellings {
                        prop_assert!(spelling.chars().all(char::is_alphanumeric), "{spelling:?}");
                    }
                }
            }
        }

        /// The words a prefix is completed with are the words FTS5 indexed, however they are
        /// written: cases, Latin diacritics, Cyrillic letters with theirs, digits, marks.
        #[test]
        fn the_vocabulary_is_the_index_s_own(text in vocabulary_text()) {
            let folded = super::fold(&text);
            let mut connection = SqliteConnection::establish(":memory:").unwrap();
            connection
                .batch_execute(
                    "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
                     CREATE VIRTUAL TABLE v USING fts5vocab(t, row);",
                )
                .unwrap();
            diesel::sql_query("INSERT INTO t (body) VALUES (?)")
                .bind::<diesel::sql_types::Text, _>(&folded)
                .execute(&mut connection)
                .unwrap();
            #[derive(diesel::QueryableByName)]
            struct Term {
                #[diesel(sql_type = diesel::sql_types::Text)]
                term: String,
            }
            let indexed: std::collections::BTreeSet<String> = diesel::sql_query("SELECT term FROM v")
                .load::<Term>(&mut connection)
                .unwrap()
                .into_iter()
                .map(|row| row.term)
                .collect();
            prop_assert_eq!(super::index_words([folded.as_str()]), indexed);
        }

        #[test]
        fn snippets_escape_what_they_quote(text in "\\PC{0,300}", q in hostile_query()) {
            if let Some((_, terms)) = super::query_terms(&q, |_| None) {
                let snippet = super::snippet(&text, &terms);
                let without_marks = snippet.replace("<mark>", "").replace("</mark>", "");
                prop_assert!(!without_marks.contains(['<', '>']), "{snippet}");
            }
        }
    }
}
