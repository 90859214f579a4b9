//! Words that the letter rules get wrong, each with its spelling in both scripts: Latin
//! spelling drops the soft sign and writes `ц` as `s` after a consonant, so `oktabr` can't tell
//! it is `октябрь`, nor `konsert` that it is `концерт`; and the official Latin spelling of a
//! few words is not what the letters give (`сентябрь` is `sentabr`, not `sentyabr`).
//!
//! A word is found in any case (and written in the case it came in), and with an ending
//! (`konsertlar`, `октябрда`): the ending is written by the letter rules.

use std::collections::{HashMap, HashSet};

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
    // The soft sign, which Latin spelling drops.
    ("рубль", "rubl"),
    ("кремль", "kreml"),
    ("польша", "polsha"),
    ("бельгия", "belgiya"),
    ("мальта", "malta"),
    ("мальдив", "maldiv"),
    ("финляндия", "finlandiya"),
    ("альянс", "alyans"),
    ("альтернатив", "alternativ"),
    ("альпинист", "alpinist"),
    ("апельсин", "apelsin"),
    ("асфальт", "asfalt"),
    ("ансамбль", "ansambl"),
    ("батальон", "batalon"),
    ("павильон", "pavilon"),
    ("бульвар", "bulvar"),
    ("вексель", "veksel"),
    ("вольт", "volt"),
    ("гольф", "golf"),
    ("дизель", "dizel"),
    ("календарь", "kalendar"),
    ("секретарь", "sekretar"),
    ("модуль", "modul"),
    ("отель", "otel"),
    ("пульт", "pult"),
    ("рельс", "rels"),
    ("сальдо", "saldo"),
    ("стиль", "stil"),
    ("фольклор", "folklor"),
    ("бюллетень", "byulleten"),
    ("коньяк", "konyak"),
    // `ье` and `ью` after a consonant, which the letter rules write `ъе` and `ю`.
    ("премьер", "premyer"),
    ("пьеса", "pyesa"),
    ("барьер", "baryer"),
    ("карьера", "karyera"),
    ("курьер", "kuryer"),
    ("интервью", "intervyu"),
    // `ц`, which Latin spelling writes `s` at the start of a word and after a consonant, and
    // `ts` before other letters than the `iya` and `io` the rules know.
    ("француз", "fransuz"),
    ("швейцария", "shveytsariya"),
    ("герцеговина", "gertsegovina"),
    ("вице", "vitse"),
    ("процесс", "protsess"),
    ("специал", "spetsial"),
    ("медицина", "meditsina"),
    ("офицер", "ofitser"),
    ("официант", "ofitsiant"),
    ("официал", "ofitsial"),
    ("рецепт", "retsept"),
    ("шприц", "shprits"),
    ("потенциал", "potensial"),
    ("вакцина", "vaksina"),
    ("концепция", "konsepsiya"),
    ("концерн", "konsern"),
    ("акциз", "aksiz"),
    ("абзац", "abzas"),
    ("цельсий", "selsiy"),
    ("цунами", "sunami"),
    ("цитата", "sitata"),
    ("цикл", "sikl"),
    ("санкция", "sanksiya"),
    ("фракция", "fraksiya"),
    ("реакция", "reaksiya"),
    ("инспекция", "inspeksiya"),
    ("дирекция", "direksiya"),
    ("коллекция", "kolleksiya"),
    ("инфекция", "infeksiya"),
    ("секция", "seksiya"),
    ("продукция", "produksiya"),
    ("конструкция", "konstruksiya"),
    ("инструкция", "instruksiya"),
    ("конкуренция", "konkurensiya"),
    ("тенденция", "tendensiya"),
    ("резиденция", "rezidensiya"),
    ("компетенция", "kompetensiya"),
    ("провинция", "provinsiya"),
    ("дистанция", "distansiya"),
    // `э` after a consonant.
    ("мэр", "mer"),
    ("мэрия", "meriya"),
    // Uzbek abbreviations, which are written in both scripts (unlike foreign ones).
    ("ақш", "aqsh"),
    ("бмт", "bmt"),
    ("мдҳ", "mdh"),
    ("иив", "iiv"),
    ("дхх", "dxx"),
    ("фвв", "fvv"),
    ("оав", "oav"),
    ("отм", "otm"),
    ("шҳт", "shht"),
];

/// Latin spellings that people write besides the official one, read to Cyrillic only (the
/// Cyrillic is written in Latin the official way). Latin, then Cyrillic.
const LATIN_VARIANTS: &[(&str, &str)] = &[
    ("sentyabr", "сентябрь"),
    ("oktyabr", "октябрь"),
    ("senariy", "сценарий"),
];

/// Words spelt otherwise than the letter rules would, in both scripts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exceptions {
    /// Lowercase Cyrillic to lowercase Latin (apostrophes as `‘`).
    to_latin: HashMap<String, String>,
    /// Lowercase Latin (apostrophes as `‘`) to lowercase Cyrillic.
    to_cyrillic: HashMap<String, String>,
    /// The first letters of the keys of `to_latin` and `to_cyrillic` (stale ones may stay).
    latin_prefixes: HashSet<String>,
    cyrillic_prefixes: HashSet<String>,
}

impl Exceptions {
    /// The standard list.
    pub fn standard() -> Self {
        let mut exceptions = Self::default();
        for (cyrillic, latin) in STANDARD {
            exceptions.add(cyrillic, latin);
        }
        for (latin, cyrillic) in LATIN_VARIANTS {
            exceptions.add_reading(latin, cyrillic);
        }
        exceptions
    }

    /// The standard list and the publisher's `words` (Cyrillic, Latin), which win over it.
    pub fn with_words<'a>(words: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut exceptions = Self::standard();
        for (cyrillic, latin) in words {
            exceptions.set(cyrillic, latin);
        }
        exceptions
    }

    /// The standard list's words, Cyrillic then Latin.
    pub fn standard_words() -> impl Iterator<Item = (&'static str, &'static str)> {
        STANDARD.iter().copied()
    }

    /// Sets a word's spelling in both scripts, over any it had.
    pub fn set(&mut self, cyrillic: &str, latin: &str) {
        let (cyrillic, latin) = (cyrillic.to_lowercase(), canonical(latin));
        self.insert_cyrillic(latin.clone(), cyrillic.clone());
        self.insert_latin(cyrillic, latin);
    }

    /// Adds a Latin spelling that is read as `cyrillic`, leaving the way `cyrillic` is written
    /// in Latin as it was.
    pub fn add_reading(&mut self, latin: &str, cyrillic: &str) {
        self.insert_cyrillic(canonical(latin), cyrillic.to_lowercase());
    }

    /// Adds a word, spelt in both scripts (in any case).
    pub fn add(&mut self, cyrillic: &str, latin: &str) {
        let (cyrillic, latin) = (cyrillic.to_lowercase(), canonical(latin));
        // Where two Cyrillic words share a Latin spelling, the first one added answers.
        if !self.to_cyrillic.contains_key(&latin) {
            self.insert_cyrillic(latin.clone(), cyrillic.clone());
        }
        self.insert_latin(cyrillic, latin);
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.to_latin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.to_latin.is_empty()
    }

    /// `word` written in the other script if it is (or begins with) an exception.
    ///
    /// Called for every word of every transliterated text, so it does little for the words
    /// that are not exceptions (most): the word is folded once, and its stems are looked up
    /// only when an exception begins with the word's first [`PREFIX_CHARS`] letters.
    pub(super) fn lookup(&self, word: &str, direction: Direction) -> Option<String> {
        let (table, prefixes) = match direction {
            Direction::ToLatin => (&self.to_latin, &self.latin_prefixes),
            Direction::ToCyrillic => (&self.to_cyrillic, &self.cyrillic_prefixes),
        };
        if table.is_empty() {
            return None;
        }
        // The word's key, folded char for char: where each char starts in the word and in
        // the key.
        let mut key = String::with_capacity(word.len());
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(word.len());
        for (at, c) in word.char_indices() {
            starts.push((at, key.len()));
            key.push(fold(c, direction));
        }
        if let Some(written) = table.get(key.as_str()) {
            return Some(in_case_of(word, written));
        }
        // A word and its ending: the longest exception the word begins with, of four letters
        // or more (or an abbreviation in capitals, `AQSHda`), leaving an ending of at most
        // eight letters.
        let chars = starts.len();
        let may_be_abbreviation = word.chars().take(2).filter(|c| c.is_uppercase()).count() == 2;
        let begins_one = chars > PREFIX_CHARS && prefixes.contains(&key[..starts[PREFIX_CHARS].1]);
        if !begins_one && !may_be_abbreviation {
            return None;
        }
        for split in (2.max(chars.saturating_sub(MAX_ENDING_CHARS))..chars).rev() {
            let (stem, ending) = word.split_at(starts[split].0);
            if !ending.chars().all(char::is_alphabetic)
                || (split < PREFIX_CHARS && !(in_capitals(stem) && ending.chars().all(char::is_lowercase)))
                || (split >= PREFIX_CHARS && !begins_one)
            {
                continue;
            }
            let stem_key = &key[..starts[split].1];
            let found = table.get(stem_key).or_else(|| match direction {
                // `октябрда`: the soft sign is dropped before an ending.
                Direction::ToLatin => self.to_latin.get(&format!("{stem_key}ь")),
                Direction::ToCyrillic => None,
            });
            if let Some(written) = found {
                let written = match direction {
                    Direction::ToCyrillic => written.trim_end_matches('ь'),
                    Direction::ToLatin => written.as_str(),
                };
                let mut whole = in_case_of(stem, written);
                match direction {
                    Direction::ToLatin => to_latin::word(ending, &mut whole),
                    Direction::ToCyrillic => to_cyrillic::word(ending, &mut whole),
                }
                return Some(whole);
            }
        }
        None
    }

    fn insert_latin(&mut self, cyrillic: String, latin: String) {
        self.latin_prefixes.insert(prefix(&cyrillic).to_owned());
        self.to_latin.insert(cyrillic, latin);
    }

    fn insert_cyrillic(&mut self, latin: String, cyrillic: String) {
        self.cyrillic_prefixes.insert(prefix(&latin).to_owned());
        self.to_cyrillic.insert(latin, cyrillic);
    }
}

/// How many letters of a word are looked up before its stems are: a stem is four letters
/// or more (but in abbreviations).
const PREFIX_CHARS: usize = 4;

/// The longest ending after an exception's stem (`-laridagilar`'s like are not).
const MAX_ENDING_CHARS: usize = 8;

/// The first [`PREFIX_CHARS`] letters of a key (all of a shorter one).
fn prefix(key: &str) -> &str {
    key.char_indices()
        .nth(PREFIX_CHARS)
        .map_or(key, |(at, _)| &key[..at])
}

/// A letter as keys are written: lowercase, and in Latin every mark for `‘` as `‘`.
fn fold(c: char, direction: Direction) -> char {
    match direction {
        Direction::ToCyrillic if super::is_apostrophe(c) => '‘',
        _ => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(single), None) => single,
                _ => c,
            }
        }
    }
}

/// A Latin word in lowercase, with every mark for `‘` written as `‘`.
pub fn canonical(latin: &str) -> String {
    latin
        .chars()
        .map(|c| if super::is_apostrophe(c) { '‘' } else { c })
        .collect::<String>()
        .to_lowercase()
}

/// Whether `word` is written in capitals (two letters or more): `AQSH`, and `AQSh` too, as
/// Latin abbreviations write the second letter of `sh` and `ch` small.
fn in_capitals(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.iter().filter(|c| c.is_uppercase()).count() >= 2
        && letters.iter().enumerate().all(|(index, c)| {
            c.is_uppercase() || (*c == 'h' && index > 0 && matches!(letters[index - 1], 'S' | 'C'))
        })
}

/// `written` (lowercase) in the case of `word`: capitals, a capital first, or lowercase.
fn in_case_of(word: &str, written: &str) -> String {
    if in_capitals(word) {
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
