//! Uzbek in both of its scripts: Cyrillic to Latin and back, word by word, with the rules of
//! CLDR's `uz_Cyrl-uz_Latn` transform and of the official Latin spelling (1995), and the words
//! that letter rules get wrong one way or the other ([`Exceptions`], which a publisher can
//! extend).
//!
//! Latin to Cyrillic can't be exact: Latin spelling drops the soft sign (`октябрь`, `oktabr`)
//! and writes `ц` as `s` after a consonant or at the start of a word (`концерт`, `konsert`).
//! The exceptions hold the common words where that matters; the rules guess the rest.
//!
//! What is not Uzbek is left as it is: URLs and e-mail addresses, words in capitals only in a
//! Latin text (acronyms, brands), words with letters the Uzbek Latin alphabet does not use
//! (`c` other than in `ch`, `w`, letters with diacritics) or with a capital inside
//! (`iPhone`), and text in backticks (code).

mod exceptions;
pub mod memo;
mod to_cyrillic;
mod to_latin;

pub use exceptions::{Exceptions, canonical as canonical_latin};

use std::sync::OnceLock;

/// The standard exceptions, made once.
pub fn standard() -> &'static Exceptions {
    static STANDARD: OnceLock<Exceptions> = OnceLock::new();
    STANDARD.get_or_init(Exceptions::standard)
}

/// Which way a text is written anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Cyrillic Uzbek to Latin Uzbek.
    ToLatin,
    /// Latin Uzbek to Cyrillic Uzbek.
    ToCyrillic,
}

impl Direction {
    /// The other way.
    pub fn reverse(self) -> Self {
        match self {
            Self::ToLatin => Self::ToCyrillic,
            Self::ToCyrillic => Self::ToLatin,
        }
    }
}

/// Which way text of the locale `from` is written anew to serve the locale `to`: only between
/// Uzbek in Latin (`uz`, `uz-Latn`) and in Cyrillic (`uz-Cyrl`), regions aside.
pub fn between(from: &str, to: &str) -> Option<Direction> {
    let script = |code: &str| -> Option<bool> {
        let mut subtags = code.split('-');
        if !subtags.next()?.eq_ignore_ascii_case("uz") {
            return None;
        }
        // `true` for Cyrillic; no script subtag is Latin, as `uz` is written now.
        Some(subtags.any(|subtag| subtag.eq_ignore_ascii_case("Cyrl")))
    };
    match (script(from)?, script(to)?) {
        (false, true) => Some(Direction::ToCyrillic),
        (true, false) => Some(Direction::ToLatin),
        _ => None,
    }
}

/// `text` written in the other script, as `direction` says.
pub fn transliterate(text: &str, direction: Direction, exceptions: &Exceptions) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for piece in pieces(text) {
        match piece {
            Piece::Kept(kept) => out.push_str(kept),
            Piece::Word(word) => match exceptions.lookup(word, direction) {
                Some(written) => out.push_str(&written),
                None if direction == Direction::ToCyrillic && is_foreign_latin(word) => out.push_str(word),
                None if !word.contains('-') => match direction {
                    Direction::ToLatin => to_latin::word(word, &mut out),
                    Direction::ToCyrillic => to_cyrillic::word(word, &mut out),
                },
                // The parts of a word with hyphens are words of their own (`Premyer-ministr`).
                None => {
                    for (index, part) in word.split('-').enumerate() {
                        if index > 0 {
                            out.push('-');
                        }
                        match exceptions.lookup(part, direction) {
                            Some(written) => out.push_str(&written),
                            None => match direction {
                                Direction::ToLatin => to_latin::word(part, &mut out),
                                Direction::ToCyrillic => to_cyrillic::word(part, &mut out),
                            },
                        }
                    }
                }
            },
        }
    }
    out
}

/// HTML (as the body's rendering makes it) written in the other script: the text between the
/// tags, not the tags, their attributes, nor character references (`&amp;`).
pub fn transliterate_html(html: &str, direction: Direction, exceptions: &Exceptions) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html;
    while !rest.is_empty() {
        let markup = rest.find(['<', '&']).unwrap_or(rest.len());
        out.push_str(&transliterate(&rest[..markup], direction, exceptions));
        rest = &rest[markup..];
        let end = match rest.chars().next() {
            Some('<') => rest.find('>').map_or(rest.len(), |end| end + 1),
            Some('&') => rest
                .find(';')
                .filter(|end| *end <= 10 && !rest[1..*end].contains(char::is_whitespace))
                .map_or(1, |end| end + 1),
            _ => 0,
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// A word's letters in lowercase, one for one, and whether it is written in capitals (two
/// letters or more).
fn lowercase(chars: &[char]) -> (Vec<char>, bool) {
    let lower = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    let capitals = chars.iter().filter(|c| c.is_uppercase()).count();
    (lower, letters >= 2 && capitals == letters)
}

/// The marks people type for the `‘` of `o‘` and `g‘` (U+02BB, U+2018, U+2019, U+0027,
/// U+0060), and for `ъ` (those, and U+02BC).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, 'ʻ' | 'ʼ' | '‘' | '’' | '\'' | '`')
}

/// A piece of a text: a word to transliterate, or what is kept as it is (spaces, punctuation,
/// digits, URLs, code).
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Word(&'a str),
    Kept(&'a str),
}

/// Splits `text` into words (letters, with the apostrophes and hyphens between them) and the
/// rest. A whitespace-separated token that looks like a URL, an e-mail address or a path is
/// kept whole, and so is text between backticks on one line.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let token_start = at == 0 || text[..at].ends_with(char::is_whitespace);
        let first = rest.chars().next().unwrap_or(' ');
        let piece_end = if first == '`'
            && let Some(close) = rest[1..].find(['`', '\n'])
            && rest.as_bytes()[1 + close] == b'`'
            && close > 0
        {
            // Code: from one backtick to the next on the line.
            let end = at + close + 2;
            pieces.push(Piece::Kept(&text[at..end]));
            end
        } else if let Some(token) = token_start
            .then(|| &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())])
            .filter(|token| is_address(token))
        {
            pieces.push(Piece::Kept(token));
            at + token.len()
        } else if first.is_alphabetic() {
            let end = at + word_end(rest);
            pieces.push(Piece::Word(&text[at..end]));
            end
        } else {
            // Up to a letter, a backtick, or the start of the next whitespace-separated token.
            let mut end = rest.len();
            let mut previous = first;
            for (offset, c) in rest.char_indices().skip(1) {
                if c.is_alphabetic() || c == '`' || (previous.is_whitespace() && !c.is_whitespace()) {
                    end = offset;
                    break;
                }
                previous = c;
            }
            pieces.push(Piece::Kept(&rest[..end]));
            at + end
        };
        at = piece_end;
    }
    pieces
}

/// Where the word at the start of `text` ends: letters, and an apostrophe or hyphen only
/// between letters (or an apostrophe after `o`/`g`, which is a letter's part).
fn word_end(text: &str) -> usize {
    // Lazily: `text` is the rest of the whole text, and only the word is read.
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    let mut end = 0;
    while let Some((at, c)) = chars.next() {
        if c.is_alphabetic() || c == '\u{0306}' || c == '\u{0308}' {
            end = at + c.len_utf8();
            previous = Some(c);
            continue;
        }
        let joins = (is_apostrophe(c) || c == '-')
            && previous.is_some_and(char::is_alphabetic)
            && (chars.peek().is_some_and(|(_, next)| next.is_alphabetic())
                || (is_apostrophe(c) && matches!(previous, Some('o' | 'O' | 'g' | 'G'))));
        if !joins {
            break;
        }
        end = at + c.len_utf8();
        previous = Some(c);
    }
    end
}

/// The top-level domains that make `name.tld` an address (`Zamin.uz`, `kun.uz`) rather than
/// two words with no space between them.
const TOP_LEVEL_DOMAINS: &[&str] = &[
    "uz", "ru", "kz", "kg", "tj", "tm", "az", "ua", "by", "tr", "de", "uk", "us", "com", "org", "net", "io",
    "info", "gov", "edu", "int", "tv", "me", "co", "ai", "app", "dev", "news", "online", "media",
];

/// Whether a whitespace-separated token is an address rather than words: a URL, an e-mail
/// address, a domain or a path.
fn is_address(token: &str) -> bool {
    let token = token
        .trim_start_matches(['(', '<', '[', '"', '«', '“'])
        .trim_end_matches(|c: char| {
            matches!(
                c,
                ')' | '>' | ']' | '"' | '»' | '”' | ',' | ';' | '.' | ':' | '!' | '?' | '…'
            )
        });
    token.contains("://")
        || token.starts_with("www.")
        || (token.contains('@') && token.contains('.'))
        || token.starts_with('/')
        || token.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty()
                && (2..=6).contains(&tld.len())
                && tld.chars().all(|c| c.is_ascii_lowercase())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                && TOP_LEVEL_DOMAINS.contains(&tld)
        })
}

/// Whether a Latin word is not Uzbek, and so is left as it is: in capitals only (two letters
/// or more), with a capital after its first letter, or with a letter the Uzbek Latin
/// alphabet does not use.
fn is_foreign_latin(word: &str) -> bool {
    // In one pass, allocating nothing: it runs on every Latin word.
    let (mut letters, mut capitals, mut ascii, mut foreign_letter) = (0, 0, false, false);
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() {
            letters += 1;
            capitals += usize::from(c.is_uppercase());
            ascii |= c.is_ascii_alphabetic();
        }
        foreign_letter |= match c.to_ascii_lowercase() {
            'w' => true,
            'c' => !chars.peek().is_some_and(|next| next.eq_ignore_ascii_case(&'h')),
            c if c.is_ascii_alphabetic() => false,
            c if is_apostrophe(c) || c == '-' => false,
            // Letters with diacritics, or of another script mixed in.
            _ => true,
        };
    }
    if !ascii {
        return false;
    }
    let all_capitals = letters >= 2 && capitals == letters;
    let capital_inside = word.split(|c: char| c == '-' || is_apostrophe(c)).any(|part| {
        part.chars().skip(1).any(char::is_uppercase)
            && !part.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
    });
    all_capitals || capital_inside || foreign_letter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(text: &str) -> String {
        transliterate(text, Direction::ToLatin, &Exceptions::standard())
    }

    fn cyrillic(text: &str) -> String {
        transliterate(text, Direction::ToCyrillic, &Exceptions::standard())
    }

    #[test]
    fn only_uzbek_goes_between_its_scripts() {
        assert_eq!(between("uz", "uz-Cyrl"), Some(Direction::ToCyrillic));
        assert_eq!(between("uz-Cyrl", "uz"), Some(Direction::ToLatin));
        assert_eq!(between("uz-Latn", "uz-Cyrl-UZ"), Some(Direction::ToCyrillic));
        assert_eq!(between("uz", "uz-UZ"), None, "one script");
        assert_eq!(between("ru", "uz-Cyrl"), None);
        assert_eq!(between("kk", "kk-Latn"), None);
    }

    #[test]
    fn letters_go_both_ways() {
        for (cyrillic_text, latin_text) in [
            ("ўзбек", "o‘zbek"),
            ("ғалла", "g‘alla"),
            ("шаҳар", "shahar"),
            ("чиқиш", "chiqish"),
            ("ёз", "yoz"),
            ("юлдуз", "yulduz"),
            ("ярим", "yarim"),
            ("эртага", "ertaga"),
            ("маъно", "ma’no"),
            ("ер", "yer"),
            ("қаерда", "qayerda"),
            ("келди", "keldi"),
        ] {
            assert_eq!(latin(cyrillic_text), latin_text, "{cyrillic_text}");
            assert_eq!(cyrillic(latin_text), cyrillic_text, "{latin_text}");
        }
    }

    #[test]
    fn every_apostrophe_people_type_is_read() {
        for typed in ["oʻzbek", "o‘zbek", "o’zbek", "o'zbek", "o`zbek"] {
            assert_eq!(cyrillic(typed), "ўзбек", "{typed}");
        }
        assert_eq!(cyrillic("g'alla"), "ғалла");
        assert_eq!(cyrillic("ma'no"), "маъно");
        assert_eq!(cyrillic("mas’ul"), "масъул");
    }

    #[test]
    fn s_h_with_an_apostrophe_is_two_letters() {
        assert_eq!(cyrillic("Is’hoq"), "Исҳоқ");
        assert_eq!(latin("Исҳоқ"), "Is’hoq");
        assert_eq!(cyrillic("ishonch"), "ишонч");
    }

    #[test]
    fn ts_after_a_vowel_s_elsewhere() {
        assert_eq!(latin("цирк"), "sirk");
        assert_eq!(latin("функция"), "funksiya");
        assert_eq!(latin("милиция"), "militsiya");
        assert_eq!(cyrillic("federatsiya"), "федерация");
    }

    #[test]
    fn capitals_keep_their_case() {
        assert_eq!(latin("Шаҳар"), "Shahar");
        assert_eq!(latin("ЧИҚИШ"), "CHIQISH");
        assert_eq!(latin("Ўзбекистон"), "O‘zbekiston");
        assert_eq!(cyrillic("Shahar"), "Шаҳар");
        assert_eq!(cyrillic("O‘zbekiston"), "Ўзбекистон");
    }

    #[test]
    fn what_is_not_uzbek_is_left_alone() {
        assert_eq!(
            cyrillic("Batafsil: https://kun.uz/news/2026 va www.gazeta.uz sahifasida"),
            "Батафсил: https://kun.uz/news/2026 ва www.gazeta.uz саҳифасида"
        );
        assert_eq!(cyrillic("NATO va iPhone, Facebook"), "NATO ва iPhone, Facebook");
        assert_eq!(cyrillic("kod: `cargo run` ishlaydi"), "код: `cargo run` ишлайди");
        assert_eq!(latin("info@gazeta.uz га ёзинг"), "info@gazeta.uz ga yozing");
        assert_eq!(
            cyrillic("Bu haqda Zamin.uz xabar berdi."),
            "Бу ҳақда Zamin.uz хабар берди."
        );
        assert_eq!(cyrillic("(manba: Kun.uz)."), "(манба: Kun.uz).");
    }

    #[test]
    fn html_keeps_its_tags_and_references() {
        assert_eq!(
            transliterate_html(
                "<p>Ўзбекистон &amp; <a href=\"https://kun.uz\">Қозоғистон</a></p>",
                Direction::ToLatin,
                &Exceptions::standard()
            ),
            "<p>O‘zbekiston &amp; <a href=\"https://kun.uz\">Qozog‘iston</a></p>"
        );
    }

    #[test]
    fn exceptions_win_over_the_letter_rules() {
        assert_eq!(cyrillic("oktabr"), "октябрь");
        assert_eq!(cyrillic("Sentabr"), "Сентябрь");
        assert_eq!(cyrillic("konsert"), "концерт");
        assert_eq!(latin("октябрь"), "oktabr");
        assert_eq!(latin("СЕНТЯБРЬ"), "SENTABR");
        assert_eq!(cyrillic("Premyer-ministr"), "Премьер-министр");
        assert_eq!(cyrillic("sanksiyalar"), "санкциялар", "with an ending");
        assert_eq!(cyrillic("oktyabrda"), "октябрда", "a spelling people write");
        assert_eq!(latin("октябрда"), "oktabrda");
        assert_eq!(cyrillic("AQSHda va BMTning"), "АҚШда ва БМТнинг");
        assert_eq!(latin("АҚШда"), "AQSHda");
        assert_eq!(cyrillic("AQSh va AQShga"), "АҚШ ва АҚШга");
        assert_eq!(
            cyrillic("Kot-d‘Ivuar"),
            "Кот-дъИвуар",
            "a capital after a mark is a word's"
        );
        let mut more = Exceptions::standard();
        more.add("Ёшлар", "Yoshlar");
        more.add("дзюдо", "dzyudo");
        assert_eq!(
            transliterate("dzyudo", Direction::ToCyrillic, &more),
            "дзюдо",
            "a publisher's word"
        );
    }
}
