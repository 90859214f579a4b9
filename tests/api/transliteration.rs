//! The transliteration between Uzbek's scripts, measured on a corpus of published pairs (CLDR's
//! Uzbek locale data and an Uzbek text published in both scripts; see
//! `tests/fixtures/transliteration/SOURCES.md`).

use newsroom::transliteration::{self, Direction};

/// A pair of the same text in both scripts.
struct Pair {
    cyrillic: String,
    latin: String,
}

fn corpus(file: &str) -> Vec<Pair> {
    let path = format!(
        "{}/tests/fixtures/transliteration/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut columns = line.split('\t');
            Pair {
                cyrillic: columns.next().unwrap().to_owned(),
                latin: columns.next().expect("a latin column").to_owned(),
            }
        })
        .collect()
}

/// The text in lower case, with every apostrophe people type for `o‘`, `g‘` and `ъ` as one
/// mark: the sources use four of them, and a reader does not tell them apart. Case is kept by
/// the transliteration, letter for letter; CLDR's two files capitalise some names differently
/// (`Arab` and `arab`), which is not a spelling.
fn same_marks(text: &str) -> String {
    text.chars()
        .map(|c| {
            if transliteration::is_apostrophe(c) {
                '‘'
            } else {
                c
            }
        })
        .collect::<String>()
        .to_lowercase()
}

/// The words of a text (what is between spaces and hyphens, punctuation trimmed).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric() && !transliteration::is_apostrophe(c))
                .to_owned()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// How many words of `expected` the transliteration of `source` spells the same, of how many.
#[derive(Default)]
struct Tally {
    right: usize,
    all: usize,
    wrong: Vec<(String, String)>,
}

impl Tally {
    fn count(&mut self, written: &str, expected: &str) {
        let written = words(&same_marks(written));
        let expected = words(&same_marks(expected));
        if written.len() != expected.len() {
            // The sources split this name differently: every word of it counts as wrong.
            self.all += expected.len();
            self.wrong.push((written.join(" "), expected.join(" ")));
            return;
        }
        for (got, want) in written.into_iter().zip(expected) {
            self.all += 1;
            if got == want {
                self.right += 1;
            } else {
                self.wrong.push((got, want));
            }
        }
    }

    fn accuracy(&self) -> f64 {
        self.right as f64 / self.all as f64
    }
}

fn measure(direction: Direction) -> (Tally, Tally) {
    let exceptions = transliteration::standard();
    let mut tallies = (Tally::default(), Tally::default());
    for (file, tally) in [("words.tsv", &mut tallies.0), ("sentences.tsv", &mut tallies.1)] {
        for pair in corpus(file) {
            let (from, to) = match direction {
                Direction::ToLatin => (&pair.cyrillic, &pair.latin),
                Direction::ToCyrillic => (&pair.latin, &pair.cyrillic),
            };
            tally.count(&transliteration::transliterate(from, direction, exceptions), to);
        }
    }
    tallies
}

fn report(name: &str, (words, sentences): &(Tally, Tally)) {
    println!(
        "{name}: word list {}/{} ({:.2}%), words of sentences {}/{} ({:.2}%)",
        words.right,
        words.all,
        100.0 * words.accuracy(),
        sentences.right,
        sentences.all,
        100.0 * sentences.accuracy()
    );
    for (got, want) in words.wrong.iter().chain(&sentences.wrong).take(200) {
        println!("  {got} (expected {want})");
    }
}

#[test]
fn cyrillic_to_latin_spells_at_least_99_percent_of_words_right() {
    let measured = measure(Direction::ToLatin);
    report("Cyrillic to Latin", &measured);
    assert!(
        measured.0.all >= 300 && measured.1.all >= 50 * 5,
        "the corpus is there"
    );
    assert!(
        measured.0.accuracy() >= 0.99,
        "word list: {:.4}",
        measured.0.accuracy()
    );
    assert!(
        measured.1.accuracy() >= 0.99,
        "sentences: {:.4}",
        measured.1.accuracy()
    );
}

#[test]
fn latin_to_cyrillic_spells_at_least_97_percent_of_words_right() {
    let measured = measure(Direction::ToCyrillic);
    report("Latin to Cyrillic", &measured);
    assert!(
        measured.0.accuracy() >= 0.97,
        "word list: {:.4}",
        measured.0.accuracy()
    );
    assert!(
        measured.1.accuracy() >= 0.97,
        "sentences: {:.4}",
        measured.1.accuracy()
    );
}
