//! Which language a response is served in: negotiation (`?locale=`, then `Accept-Language`,
//! then the site's default) and the fallback chains used when content is missing in it.

use std::future::{Ready, ready};
use std::sync::{Arc, RwLock};

use actix_web::http::header::{AcceptLanguage, Header, Preference, Quality};
use actix_web::{FromRequest, HttpRequest, dev::Payload};

use crate::error::ApiError;
use crate::transliteration::memo::{Kind, Memo};
use crate::transliteration::{self, Direction, Exceptions};

/// The memory for transliterated texts unless configured otherwise, in MiB.
pub const DEFAULT_MEMO_MIB: u64 = 8;

/// [`DEFAULT_MEMO_MIB`] in bytes.
pub const DEFAULT_MEMO_BYTES: u64 = DEFAULT_MEMO_MIB * 1024 * 1024;

/// One locale as the catalog knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleEntry {
    /// BCP 47 tag, as spelled in the database (`uz-Cyrl`).
    pub code: String,
    /// The locale's name in its own language.
    pub name: String,
    pub english_name: String,
    pub is_default: bool,
    /// Locales to try, in order, when content is missing in this one.
    pub fallbacks: Vec<String>,
    /// The locale whose text is served transliterated when content has none in this one
    /// (`uz` for `uz-Cyrl`).
    pub transliterate_from: Option<String>,
}

/// The locales this newsroom serves. Small, read often: kept in memory.
#[derive(Debug, Clone)]
pub struct LocaleCatalog {
    locales: Vec<LocaleEntry>,
    default_index: usize,
    /// Each locale served by transliteration, with how.
    transliterated: Arc<Vec<(String, Transliteration)>>,
    /// The words transliteration spells otherwise than its letter rules.
    spellings: Arc<Exceptions>,
}

impl LocaleCatalog {
    /// Builds the catalog, transliterating with the standard exceptions; `None` when no
    /// locale is marked as the default.
    pub fn new(locales: Vec<LocaleEntry>) -> Option<Self> {
        Self::with_spellings(locales, Arc::new(Exceptions::standard()))
    }

    /// Builds the catalog, transliterating with `spellings` (the standard exceptions and the
    /// publisher's words); `None` when no locale is marked as the default.
    pub fn with_spellings(locales: Vec<LocaleEntry>, spellings: Arc<Exceptions>) -> Option<Self> {
        let default_index = locales.iter().position(|locale| locale.is_default)?;
        let transliterated = locales
            .iter()
            .filter_map(|locale| {
                let from = locale.transliterate_from.as_ref()?;
                let direction = transliteration::between(from, &locale.code)?;
                Some((
                    locale.code.clone(),
                    Transliteration {
                        from: from.clone(),
                        direction,
                        spellings: Arc::clone(&spellings),
                        memo: Arc::new(Memo::off()),
                    },
                ))
            })
            .collect();
        Some(Self {
            locales,
            default_index,
            transliterated: Arc::new(transliterated),
            spellings,
        })
    }

    /// The catalog with a memo of `capacity_bytes` for the texts it transliterates (0 keeps
    /// none), shared by every locale it serves by transliteration.
    pub fn memoized(mut self, capacity_bytes: u64) -> Self {
        let memo = Arc::new(Memo::new(capacity_bytes));
        self.transliterated = Arc::new(
            self.transliterated
                .iter()
                .map(|(code, transliteration)| {
                    let mut transliteration = transliteration.clone();
                    transliteration.memo = Arc::clone(&memo);
                    (code.clone(), transliteration)
                })
                .collect(),
        );
        self
    }

    /// The words transliteration spells otherwise than its letter rules.
    pub fn spellings(&self) -> &Arc<Exceptions> {
        &self.spellings
    }

    pub fn all(&self) -> &[LocaleEntry] {
        &self.locales
    }

    pub fn default_locale(&self) -> &LocaleEntry {
        &self.locales[self.default_index]
    }

    /// The codes served, for error messages.
    pub fn codes(&self) -> Vec<String> {
        self.locales.iter().map(|locale| locale.code.clone()).collect()
    }

    /// The locale with this tag, compared case-insensitively (`uz-cyrl` is `uz-Cyrl`).
    pub fn find(&self, tag: &str) -> Option<&LocaleEntry> {
        self.locales
            .iter()
            .find(|locale| locale.code.eq_ignore_ascii_case(tag))
    }

    /// The locale for a language range of `Accept-Language`, by RFC 4647 lookup: the range
    /// itself, then with its last subtag dropped (`uz-Cyrl-UZ`, `uz-Cyrl`, `uz`).
    fn lookup(&self, range: &str) -> Option<&LocaleEntry> {
        let mut range = range;
        loop {
            if let Some(locale) = self.find(range) {
                return Some(locale);
            }
            let cut = range.rfind('-')?;
            range = &range[..cut];
            // A single-letter subtag (`x`, `u`) cannot stand at the end of a tag.
            if range.len() >= 2 && range.as_bytes()[range.len() - 2] == b'-' {
                range = &range[..range.len() - 2];
            }
        }
    }

    /// Chooses the locale to serve: the `explicit` one (`?locale=`), which must be served here,
    /// else the first `accepted` range that matches one, else the default.
    pub fn negotiate(
        &self,
        explicit: Option<&str>,
        accepted: &AcceptedLanguages,
    ) -> Result<Negotiated, ApiError> {
        let chosen = match explicit {
            Some(tag) => self.find(tag).ok_or_else(|| ApiError::UnknownLocale {
                requested: tag.to_owned(),
                supported: self.codes(),
            })?,
            None => accepted
                .0
                .iter()
                .find_map(|range| match range {
                    Some(range) => self.lookup(range),
                    None => Some(self.default_locale()),
                })
                .unwrap_or_else(|| self.default_locale()),
        };
        Ok(self.chain_for(chosen))
    }

    /// The locale with its fallback chain, ending with the default locale. A locale served
    /// by transliteration comes right after the locale asked for.
    fn chain_for(&self, locale: &LocaleEntry) -> Negotiated {
        let mut chain = vec![locale.code.clone()];
        let transliteration = self
            .transliterated
            .iter()
            .find(|(code, _)| *code == locale.code)
            .map(|(_, transliteration)| transliteration.clone());
        let default = &self.default_locale().code;
        let source = transliteration.as_ref().map(|t| &t.from);
        for code in source
            .into_iter()
            .chain(locale.fallbacks.iter())
            .chain(std::iter::once(default))
        {
            if !chain.contains(code) {
                chain.push(code.clone());
            }
        }
        Negotiated {
            chain,
            transliteration,
            transliterated: Arc::clone(&self.transliterated),
            spellings: Arc::clone(&self.spellings),
        }
    }
}

/// The catalog the server answers with, shared by every worker; replaced after a locale or
/// spelling write, with an empty memo of transliterated texts.
#[derive(Debug, Clone)]
pub struct LocaleStore {
    catalog: Arc<RwLock<Arc<LocaleCatalog>>>,
    memo_bytes: u64,
}

impl LocaleStore {
    /// The store of `catalog`, with [`DEFAULT_MEMO_BYTES`] for transliterated texts.
    pub fn new(catalog: LocaleCatalog) -> Self {
        Self::with_memo(catalog, DEFAULT_MEMO_BYTES)
    }

    /// The store of `catalog`, with `memo_bytes` for transliterated texts (0 keeps none).
    pub fn with_memo(catalog: LocaleCatalog, memo_bytes: u64) -> Self {
        Self {
            catalog: Arc::new(RwLock::new(Arc::new(catalog.memoized(memo_bytes)))),
            memo_bytes,
        }
    }

    /// The locales served, as of now.
    pub fn get(&self) -> Arc<LocaleCatalog> {
        Arc::clone(
            &self
                .catalog
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    pub fn replace(&self, catalog: LocaleCatalog) {
        let catalog = Arc::new(catalog.memoized(self.memo_bytes));
        *self
            .catalog
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = catalog;
    }
}

/// The outcome of negotiation: the locale asked for, and where to look when content is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// The requested locale first, then its fallbacks in order; never empty.
    chain: Vec<String>,
    /// The locale whose text is served transliterated, when content has none in the locale
    /// asked for.
    transliteration: Option<Transliteration>,
    /// Every locale served by transliteration, for the links to an article's translations.
    transliterated: Arc<Vec<(String, Transliteration)>>,
    /// The words transliteration spells otherwise than its letter rules.
    spellings: Arc<Exceptions>,
}

/// Text of one locale served in another by transliteration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transliteration {
    /// The locale the text is written in.
    pub from: String,
    pub direction: Direction,
    /// The words spelt otherwise than the letter rules.
    spellings: Arc<Exceptions>,
    /// The texts written anew already.
    memo: Arc<Memo>,
}

impl Transliteration {
    /// Plain text (or Markdown) written anew.
    pub fn text(&self, text: &str) -> String {
        self.memo.get_or(self.direction, Kind::Text, text, |text| {
            transliteration::transliterate(text, self.direction, &self.spellings)
        })
    }

    /// Rendered HTML written anew, its markup as it is.
    pub fn html(&self, html: &str) -> String {
        self.memo.get_or(self.direction, Kind::Html, html, |html| {
            transliteration::transliterate_html(html, self.direction, &self.spellings)
        })
    }
}

impl Negotiated {
    /// The locale that was asked for.
    pub fn locale(&self) -> &str {
        &self.chain[0]
    }

    /// The locale asked for, then its fallbacks in order.
    pub fn chain(&self) -> &[String] {
        &self.chain
    }

    /// Each locale served by transliteration (its code, and how).
    pub fn transliterated(&self) -> &[(String, Transliteration)] {
        &self.transliterated
    }

    /// `text` written anew in `direction`, with the words spelt as this newsroom spells them.
    pub fn transliterate(&self, text: &str, direction: Direction) -> String {
        transliteration::transliterate(text, direction, &self.spellings)
    }

    /// How to serve text of the locale `served` (what [`Negotiated::pick`] chose): written
    /// anew when it is the locale this one transliterates from.
    pub fn transliteration_of(&self, served: &str) -> Option<&Transliteration> {
        self.transliteration
            .as_ref()
            .filter(|transliteration| transliteration.from == served && served != self.locale())
    }

    /// Picks the version to serve among `versions` (translations of one thing): the first
    /// on the fallback chain, else the one in `original` locale, else the first. Returns it
    /// and whether it is a fallback (not in the requested locale).
    pub fn pick<'a, T>(
        &self,
        versions: &'a [T],
        locale_of: impl Fn(&T) -> &str,
        original: Option<&str>,
    ) -> Option<(&'a T, bool)> {
        let find = |code: &str| versions.iter().find(|version| locale_of(version) == code);
        let picked = self
            .chain
            .iter()
            .find_map(|code| find(code))
            .or_else(|| original.and_then(find))
            .or_else(|| versions.first())?;
        Some((picked, locale_of(picked) != self.locale()))
    }
}

/// The language ranges of `Accept-Language`, best first, without those refused (`q=0`).
/// `None` stands for `*`. A malformed header counts as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptedLanguages(pub Vec<Option<String>>);

impl AcceptedLanguages {
    /// The ranges of `request`'s `Accept-Language`.
    pub fn of(request: &HttpRequest) -> Self {
        let Ok(AcceptLanguage(mut items)) = AcceptLanguage::parse(request) else {
            return Self::default();
        };
        // Stable: ranges of equal quality keep the client's order.
        items.sort_by_key(|item| std::cmp::Reverse(item.quality));
        Self(
            items
                .into_iter()
                .filter(|item| item.quality > Quality::ZERO)
                .map(|item| match item.item {
                    Preference::Any => None,
                    Preference::Specific(tag) => Some(tag.to_string()),
                })
                .collect(),
        )
    }
}

impl FromRequest for AcceptedLanguages {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(request)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> LocaleCatalog {
        let entry = |code: &str, is_default, fallbacks: &[&str]| LocaleEntry {
            code: code.into(),
            name: code.into(),
            english_name: code.into(),
            is_default,
            fallbacks: fallbacks.iter().map(|f| f.to_string()).collect(),
            transliterate_from: None,
        };
        LocaleCatalog::new(vec![
            entry("en", true, &[]),
            entry("ru", false, &["en"]),
            entry("uz", false, &["ru", "en"]),
            entry("uz-Cyrl", false, &["uz", "ru", "en"]),
        ])
        .unwrap()
    }

    fn accepted(ranges: &[&str]) -> AcceptedLanguages {
        AcceptedLanguages(
            ranges
                .iter()
                .map(|r| (*r != "*").then(|| r.to_string()))
                .collect(),
        )
    }

    #[test]
    fn explicit_locale_wins_and_is_case_insensitive() {
        let negotiated = catalog().negotiate(Some("UZ-cyrl"), &accepted(&["ru"])).unwrap();
        assert_eq!(negotiated.chain, ["uz-Cyrl", "uz", "ru", "en"]);
    }

    #[test]
    fn unknown_explicit_locale_lists_the_supported_ones() {
        match catalog().negotiate(Some("fr"), &accepted(&[])) {
            Err(ApiError::UnknownLocale { supported, .. }) => {
                assert_eq!(supported, ["en", "ru", "uz", "uz-Cyrl"])
            }
            other => panic!("expected UnknownLocale, got {other:?}"),
        }
    }

    #[test]
    fn accept_language_ranges_are_looked_up_by_truncation() {
        let catalog = catalog();
        let locale = |ranges: &[&str]| {
            catalog
                .negotiate(None, &accepted(ranges))
                .unwrap()
                .locale()
                .to_owned()
        };
        assert_eq!(locale(&["uz-Cyrl-UZ"]), "uz-Cyrl");
        assert_eq!(locale(&["ru-RU"]), "ru");
        assert_eq!(locale(&["fr-CH", "fr", "uz-UZ"]), "uz");
        assert_eq!(locale(&["fr", "*"]), "en");
        assert_eq!(locale(&["de"]), "en");
        assert_eq!(locale(&["zh-Hant-x-private"]), "en");
    }

    #[test]
    fn pick_follows_the_chain_then_the_original() {
        let negotiated = catalog().negotiate(Some("uz-Cyrl"), &accepted(&[])).unwrap();
        let versions = ["en", "ru"];
        assert_eq!(negotiated.pick(&versions, |v| v, None), Some((&"ru", true)));
        let only_de = ["de"];
        assert_eq!(negotiated.pick(&only_de, |v| v, Some("de")), Some((&"de", true)));
        let exact = ["uz-Cyrl", "en"];
        assert_eq!(
            negotiated.pick(&exact, |v| v, Some("en")),
            Some((&"uz-Cyrl", false))
        );
    }
}
