//! CLDR plural rules: which forms a message takes in a locale, and which of them a number
//! takes (Russian `one`, `few`, `many`, `other`; English and Uzbek `one`, `other`), from the
//! rules ICU4X compiles in.

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

/// CLDR's order of the categories.
const ORDER: [PluralCategory; 6] = [
    PluralCategory::Zero,
    PluralCategory::One,
    PluralCategory::Two,
    PluralCategory::Few,
    PluralCategory::Many,
    PluralCategory::Other,
];

/// The plural rules of `locale` (a BCP 47 tag); a language CLDR does not know takes the root
/// rules, whose only form is `other`. CLDR gives plural rules by language (and region): the
/// script is left out, or `uz-Cyrl` would fall back to the root rather than to `uz`.
fn rules(locale: &str) -> Option<PluralRules> {
    let mut locale = Locale::try_from_str(locale).unwrap_or(Locale::UNKNOWN);
    locale.id.script = None;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// A category's name as CLDR writes it (`few`).
pub fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The forms a plural message has in `locale`, in CLDR's order (`zero` to `other`).
pub fn categories(locale: &str) -> Vec<&'static str> {
    let Some(rules) = rules(locale) else {
        return vec!["other"];
    };
    let used: Vec<PluralCategory> = rules.categories().collect();
    ORDER
        .into_iter()
        .filter(|category| used.contains(category))
        .map(name)
        .collect()
}

/// The form the number `n` takes in `locale` (`5` in Russian: `many`).
pub fn category_for(locale: &str, n: u64) -> &'static str {
    rules(locale).map_or("other", |rules| name(rules.category_for(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cldr_rules_of_the_demo_locales() {
        assert_eq!(categories("ru"), ["one", "few", "many", "other"]);
        assert_eq!(categories("en"), ["one", "other"]);
        assert_eq!(categories("uz"), ["one", "other"]);
        assert_eq!(categories("uz-Cyrl"), ["one", "other"]);
        let russian: Vec<&str> = [1, 2, 5, 11, 21, 22, 25, 101, 0]
            .into_iter()
            .map(|n| category_for("ru", n))
            .collect();
        assert_eq!(
            russian,
            ["one", "few", "many", "many", "one", "few", "many", "one", "many"]
        );
        assert_eq!(category_for("en", 1), "one");
        assert_eq!(category_for("en", 0), "other");
        assert_eq!(category_for("uz-Cyrl", 1), "one");
        assert_eq!(category_for("uz", 7), "other");
    }

    #[test]
    fn a_language_cldr_does_not_know_has_only_other() {
        assert_eq!(categories("tlh"), ["other"]);
        assert_eq!(category_for("tlh", 1), "other");
    }
}
