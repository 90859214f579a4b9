//! Search text: folding (what makes spellings of one word the same word), the FTS5 query a
//! user's words become, and highlighted snippets cut from the original text.

/// Apostrophes Uzbek is written with (o‘, g‘, the tutuq belgisi) and their look-alikes.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | 'ʻ' | 'ʼ' | '`' | '´' | 'ʹ' | '′')
}

/// `text` with apostrophes removed, as it is indexed and searched.
pub fn fold(text: &str) -> String {
    text.chars().filter(|c| !is_apostrophe(*c)).collect()
}

/// The words of `text`, folded and lowercased: letters and digits of any script.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The most words a query is made of; the rest are ignored.
pub const MAX_TERMS: usize = 16;

/// The search terms of a user's query: its words, each matched as a word, the last also as
/// the start of one (so results come while typing). `None` when it has no word at all.
/// Operators, quotes and `*` of FTS5 syntax are never passed through: every term is quoted.
pub fn fts_query(q: &str) -> Option<(String, Vec<String>)> {
    let terms: Vec<String> = words(q).into_iter().take(MAX_TERMS).collect();
    let last = terms.len().checked_sub(1)?;
    let query = terms
        .iter()
        .enumerate()
        .map(|(index, term)| {
            let quoted = format!("\"{}\"", term.replace('"', "\"\""));
            if index == last && term.chars().count() >= 2 {
                format!("{quoted}*")
            } else {
                quoted
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((query, terms))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// How many words a snippet shows.
const SNIPPET_WORDS: usize = 24;

/// A snippet of `text` around the most query `terms`, HTML-escaped, with every matching word
/// in `<mark>`; `…` where it is cut. A word matches a term it equals or (the last term)
/// starts with, once folded.
pub fn snippet(text: &str, terms: &[String]) -> String {
    let spans: Vec<(usize, usize)> = {
        let mut spans = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices() {
            let part_of_word = c.is_alphanumeric() || is_apostrophe(c);
            match (part_of_word, start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    spans.push((from, at));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(from) = start {
            spans.push((from, text.len()));
        }
        spans
    };
    let matches = |word: &str| {
        let word = fold(word).to_lowercase();
        terms.iter().enumerate().any(|(index, term)| {
            word == *term || (index + 1 == terms.len() && word.starts_with(term.as_str()))
        })
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
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    let mut cursor = spans[first].0;
    for index in first..last {
        let (from, to) = spans[index];
        out.push_str(&escape(&text[cursor..from]));
        if hits[index] {
            out.push_str("<mark>");
            out.push_str(&escape(&text[from..to]));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(&text[from..to]));
        }
        cursor = to;
    }
    if last < spans.len() {
        out.push('…');
    } else {
        out.push_str(&escape(&text[cursor..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(fts_query("oil prices").unwrap().0, "\"oil\" \"prices\"*");
        assert_eq!(
            fts_query("NEAR(\"a\" b) OR c*").unwrap().0,
            "\"near\" \"a\" \"b\" \"or\" \"c\""
        );
        assert_eq!(fts_query("Нефть").unwrap().0, "\"нефть\"*");
        assert_eq!(fts_query("o‘zbek").unwrap().0, "\"ozbek\"*");
        for nothing in ["", "   ", "\"\"", "*", "-", "(((", "^:"] {
            assert!(fts_query(nothing).is_none(), "{nothing}");
        }
        let long = "word ".repeat(5000);
        assert_eq!(fts_query(&long).unwrap().1.len(), MAX_TERMS);
    }

    #[test]
    fn snippets_mark_the_words_in_the_original_spelling() {
        let text = "Toshkentda O‘zbekiston banklari oltin narxini oshirdi. <b>Talab</b> yuqori.";
        let snippet = snippet(text, &["ozbekiston".into(), "olt".into()]);
        assert!(snippet.contains("<mark>O‘zbekiston</mark>"), "{snippet}");
        assert!(snippet.contains("<mark>oltin</mark>"), "{snippet}");
        assert!(snippet.contains("&lt;b&gt;"), "escaped: {snippet}");
    }

    #[test]
    fn long_texts_are_cut_around_the_match() {
        let text = format!("{} needle {}", "hay ".repeat(100), "hay ".repeat(100));
        let snippet = snippet(&text, &["needle".into()]);
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains("<mark>needle</mark>"));
    }
}
