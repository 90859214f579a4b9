//! Words that the letter rules get wrong, each with its spelling in both scripts: Latin
//! spelling drops the soft sign and writes `ц` as `s` after a consonant, so `oktabr` can't tell
//! it is `октябрь`, nor `konsert` that it is `концерт`; and the official Latin spelling of a
//! few words is not what the letters give (`сентябрь` is `sentabr`, not `sentyabr`).
//!
//! A word is found in any case (and written in the case it came in), and with an ending
//! (`konsertlar`, `октябрда`): the ending is written by the letter rules.

use std::collections::HashMap;

use super::Direction;
use super::to_cyrillic;
use super::to_latin;

/// The standard list: common words of Russian origin, months, and the official spellings the
/// letter rules miss. Cyrillic, then Latin.
const STANDARD: &[(&str, &str)] = &[
    ("январь", "yanvar"),
    ("февраль", "fevral"),
    ("апрель", "aprel"),
    ("июнь", "iyun"),
    ("июль", "iyul"),
    ("сентябрь", "sentabr"),
    ("октябрь", "oktabr"),
    ("ноябрь", "noyabr"),
    ("декабрь", "dekabr"),
    ("концерт", "konsert"),
    ("цирк", "sirk"),
    ("цех", "sex"),
    ("цемент", "sement"),
    ("центр", "sentr"),
    ("центнер", "sentner"),
    ("цензура", "senzura"),
    ("цилиндр", "silindr"),
    ("цинк", "sink"),
    ("цитрус", "sitrus"),
    ("цивилизация", "sivilizatsiya"),
    ("принцип", "prinsip"),
    ("функция", "funksiya"),
    ("акция", "aksiya"),
    ("станция", "stansiya"),
    ("франция", "fransiya"),
    ("конференция", "konferensiya"),
    ("лицей", "litsey"),
    ("компьютер", "kompyuter"),
    ("автомобиль", "avtomobil"),
    ("мебель", "mebel"),
    ("модель", "model"),
    ("медаль", "medal"),
    ("портфель", "portfel"),
    ("спектакль", "spektakl"),
    ("фильм", "film"),
    ("роль", "rol"),
    ("пароль", "parol"),
    ("область", "oblast"),
    ("бюджет", "budjet"),
    ("объект", "obyekt"),
    ("субъект", "subyekt"),
    ("подъезд", "podyezd"),
    ("съезд", "syezd"),
    ("кальций", "kalsiy"),
    ("калий", "kaliy"),
    ("альбом", "albom"),
    ("сценарий", "ssenariy"),
    ("ассоциация", "assotsiatsiya"),
    ("социал", "sotsial"),
    ("пациент", "patsiyent"),
    ("инцидент", "insident"),
    ("революция", "revolyutsiya"),
    ("процент", "prosent"),
    ("лицензия", "litsenziya"),
    ("полиция", "politsiya"),
    ("милиция", "militsiya"),
    ("нефть", "neft"),
    ("ньютон", "nyuton"),
    ("вьетнам", "vyetnam"),
];

/// Words spelt otherwise than the letter rules would, in both scripts.
#[derive(Debug, Clone, Default)]
pub struct Exceptions {
    /// Lowercase Cyrillic to lowercase Latin (apostrophes as `‘`).
    to_latin: HashMap<String, String>,
    /// Lowercase Latin (apostrophes as `‘`) to lowercase Cyrillic.
    to_cyrillic: HashMap<String, String>,
}

impl Exceptions {
    /// The standard list.
    pub fn standard() -> Self {
        let mut exceptions = Self::default();
        for (cyrillic, latin) in STANDARD {
            exceptions.add(cyrillic, latin);
        }
        exceptions
    }

    /// Adds a word, spelt in both scripts (in any case).
    pub fn add(&mut self, cyrillic: &str, latin: &str) {
        let (cyrillic, latin) = (cyrillic.to_lowercase(), canonical(latin));
        // Where two Cyrillic words share a Latin spelling, the first one added answers.
        self.to_cyrillic
            .entry(latin.clone())
            .or_insert_with(|| cyrillic.clone());
        self.to_latin.insert(cyrillic, latin);
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.to_latin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.to_latin.is_empty()
    }

    /// `word` written in the other script if it is (or begins with) an exception.
    pub(super) fn lookup(&self, word: &str, direction: Direction) -> Option<String> {
        let (table, key) = match direction {
            Direction::ToLatin => (&self.to_latin, word.to_lowercase()),
            Direction::ToCyrillic => (&self.to_cyrillic, canonical(word)),
        };
        if table.is_empty() {
            return None;
        }
        if let Some(written) = table.get(&key) {
            return Some(in_case_of(word, written));
        }
        // A word and its ending: the longest exception the word begins with, of four letters
        // or more, leaving an ending of letters only.
        let chars: Vec<(usize, char)> = key.char_indices().collect();
        for split in (4..chars.len()).rev() {
            let (at, _) = chars[split];
            let (stem, ending) = key.split_at(at);
            if ending.chars().count() > 8 || !ending.chars().all(char::is_alphabetic) {
                continue;
            }
            let found = table.get(stem).or_else(|| match direction {
                // `октябрда`: the soft sign is dropped before an ending.
                Direction::ToLatin => self.to_latin.get(&format!("{stem}ь")),
                Direction::ToCyrillic => None,
            });
            if let Some(written) = found {
                let mut whole = match direction {
                    Direction::ToCyrillic => written.trim_end_matches('ь').to_owned(),
                    Direction::ToLatin => written.clone(),
                };
                match direction {
                    Direction::ToLatin => to_latin::word(ending, &mut whole),
                    Direction::ToCyrillic => to_cyrillic::word(ending, &mut whole),
                }
                return Some(in_case_of(word, &whole));
            }
        }
        None
    }
}

/// A Latin word in lowercase, with every mark for `‘` written as `‘`.
fn canonical(latin: &str) -> String {
    latin
        .chars()
        .map(|c| if super::is_apostrophe(c) { '‘' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// `written` (lowercase) in the case of `word`: capitals, a capital first, or lowercase.
fn in_case_of(word: &str, written: &str) -> String {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return written.to_uppercase();
    }
    if word.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = written.chars();
        return chars
            .next()
            .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default();
    }
    written.to_owned()
}
