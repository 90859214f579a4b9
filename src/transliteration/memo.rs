//! Texts already written in the other script: a transliterated read builds the same title,
//! excerpt and body each time its answer is not kept, so each text is transliterated once and
//! then served from memory, up to a bound. A memo belongs to one catalog of locales (one set of
//! spellings): a new catalog starts an empty one.

use std::fmt;
use std::sync::Arc;

use moka::sync::Cache;

use super::Direction;

/// What a text is, for the memo: plain text (or Markdown), or rendered HTML, written anew
/// differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
}

/// Transliterated texts by their original, for each direction and kind; or nothing kept.
pub struct Memo {
    /// Indexed by [`Memo::slot`]; empty when the memo is off.
    texts: Vec<Cache<Arc<str>, Arc<str>>>,
}

impl Memo {
    /// A memo of at most `capacity_bytes` of texts (originals and transliterations); 0 keeps
    /// none.
    pub fn new(capacity_bytes: u64) -> Self {
        let texts = if capacity_bytes == 0 {
            Vec::new()
        } else {
            (0..4)
                .map(|_| {
                    Cache::builder()
                        .max_capacity(capacity_bytes / 4)
                        .weigher(|original: &Arc<str>, written: &Arc<str>| {
                            // The two texts, and what the entry costs besides.
                            u32::try_from(original.len() + written.len() + 64).unwrap_or(u32::MAX)
                        })
                        .build()
                })
                .collect()
        };
        Self { texts }
    }

    /// A memo that keeps nothing.
    pub fn off() -> Self {
        Self { texts: Vec::new() }
    }

    fn slot(direction: Direction, kind: Kind) -> usize {
        let direction = match direction {
            Direction::ToLatin => 0,
            Direction::ToCyrillic => 2,
        };
        direction
            + match kind {
                Kind::Text => 0,
                Kind::Html => 1,
            }
    }

    /// `text` written anew by `write`, or as it was the last time.
    pub fn get_or(
        &self,
        direction: Direction,
        kind: Kind,
        text: &str,
        write: impl FnOnce(&str) -> String,
    ) -> String {
        let Some(texts) = self.texts.get(Self::slot(direction, kind)) else {
            return write(text);
        };
        if let Some(written) = texts.get(text) {
            return written.to_string();
        }
        let written = write(text);
        texts.insert(Arc::from(text), Arc::from(written.as_str()));
        written
    }
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entries: u64 = self.texts.iter().map(Cache::entry_count).sum();
        f.debug_struct("Memo").field("entries", &entries).finish()
    }
}

/// Memos are the same only when they are one: what each holds is a matter of timing.
impl PartialEq for Memo {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Memo {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_written_once_and_then_remembered() {
        let memo = Memo::new(1024 * 1024);
        let calls = std::cell::Cell::new(0);
        let write = |text: &str| {
            calls.set(calls.get() + 1);
            text.to_uppercase()
        };
        for _ in 0..3 {
            assert_eq!(
                memo.get_or(Direction::ToCyrillic, Kind::Text, "oltin", write),
                "OLTIN"
            );
        }
        assert_eq!(calls.get(), 1);
        // Another kind or direction is another text.
        memo.get_or(Direction::ToCyrillic, Kind::Html, "oltin", write);
        memo.get_or(Direction::ToLatin, Kind::Text, "oltin", write);
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn an_off_memo_writes_every_time() {
        let memo = Memo::off();
        let calls = std::cell::Cell::new(0);
        for _ in 0..2 {
            memo.get_or(Direction::ToLatin, Kind::Text, "олтин", |text| {
                calls.set(calls.get() + 1);
                text.to_owned()
            });
        }
        assert_eq!(calls.get(), 2);
    }
}
