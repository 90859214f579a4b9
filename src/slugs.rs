//! Slugs derived from titles: ASCII, lowercase, words joined by hyphens.
//!
//! The `slug` crate (on deunicode) transliterates any script; before it, each locale's own
//! conventions are applied where they differ from its generic mapping: Russian as in common
//! Russian URLs (`х` is `h`, `й` is `j`, `я` is `ya`), Uzbek Cyrillic as the official Uzbek Latin alphabet
//! (`ў` is `o‘`, `қ` is `q`, `х` is `x`), and the Uzbek apostrophes of `o‘`, `g‘` and the tutuq
//! belgisi dropped rather than turned into word breaks.

/// The longest slug derived from a title; longer titles are cut at a word boundary.
pub const DERIVED_MAX: usize = 80;

/// Lowercase ASCII letters and digits, in words joined by single hyphens.
pub const PATTERN: &str = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

/// A slug for `title` written in `locale`.
pub fn derive(locale: &str, title: &str) -> String {
    let language = locale.split('-').next().unwrap_or(locale);
    let cyrillic_uzbek = locale.eq_ignore_ascii_case("uz-Cyrl");
    let mut prepared = String::with_capacity(title.len() * 2);
    for c in title.chars() {
        if is_apostrophe(c) {
            // `o‘zbek`, `ma’lumot`: the apostrophe belongs to the word.
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        let mapped = if cyrillic_uzbek {
            uzbek_cyrillic(lower)
        } else if language == "ru" {
            russian(lower)
        } else {
            None
        };
        match mapped {
            Some(latin) => prepared.push_str(latin),
            None => prepared.push(c),
        }
    }
    let slug = slug::slugify(prepared);
    truncate(&slug, DERIVED_MAX)
}

/// The first of `base`, `base-2`, `base-3`... that `is_free` accepts (`fallback` standing in
/// for a `base` that is empty, as a title of punctuation alone gives).
pub fn first_free<E>(
    base: String,
    fallback: &str,
    mut is_free: impl FnMut(&str) -> Result<bool, E>,
) -> Result<String, E> {
    let base = if base.is_empty() || uuid::Uuid::parse_str(&base).is_ok() {
        fallback.to_owned()
    } else {
        base
    };
    if is_free(&base)? {
        return Ok(base);
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if is_free(&candidate)? {
            return Ok(candidate);
        }
        n += 1;
    }
}

/// `slug` cut to at most `max` bytes at a hyphen (or inside a single overlong word).
fn truncate(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let head = &slug[..max];
    match head.rfind('-') {
        Some(cut) if slug.as_bytes()[max] != b'-' => head[..cut].to_owned(),
        _ => head.trim_end_matches('-').to_owned(),
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | 'ʻ' | 'ʼ' | '`' | '´' | 'ʹ')
}

/// Russian letters whose usual URL spelling differs from deunicode's.
fn russian(c: char) -> Option<&'static str> {
    Some(match c {
        'х' => "h",
        'й' => "j",
        'ц' => "c",
        'щ' => "sch",
        'ё' => "e",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ъ' | 'ь' => "",
        _ => return None,
    })
}

/// Uzbek Cyrillic letters as the official Uzbek Latin alphabet spells them (apostrophes
/// dropped, as in slugs).
fn uzbek_cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'ў' => "o",
        'қ' => "q",
        'ғ' => "g",
        'ҳ' => "h",
        'х' => "x",
        'ж' => "j",
        'й' => "y",
        'ц' => "s",
        'щ' => "sh",
        'ё' => "yo",
        'ю' => "yu",
        'я' => "ya",
        'э' => "e",
        'ъ' | 'ь' => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_titles() {
        assert_eq!(
            derive("en", "Gold Prices Increased in Uzbekistan: High Demand in Banks"),
            "gold-prices-increased-in-uzbekistan-high-demand-in-banks"
        );
        assert_eq!(
            derive("en", "Iran launched \"Khaybar\" missiles"),
            "iran-launched-khaybar-missiles"
        );
        assert_eq!(derive("en", "Trump's statement"), "trumps-statement");
    }

    #[test]
    fn russian_titles() {
        assert_eq!(
            derive("ru", "В Казахстане запретили дипфейки и фейковых подписчиков"),
            "v-kazahstane-zapretili-dipfejki-i-fejkovyh-podpischikov"
        );
        assert_eq!(derive("ru", "Цены на нефть выросли"), "ceny-na-neft-vyrosli");
        assert_eq!(
            derive("ru", "Иран запустил ракеты «Хайбар» по Израилю"),
            "iran-zapustil-rakety-hajbar-po-izrailyu"
        );
        assert_eq!(derive("ru", "Щука, ёж и объявление"), "schuka-ezh-i-obyavlenie");
    }

    #[test]
    fn uzbek_latin_titles() {
        assert_eq!(
            derive("uz", "O‘zbekistonda oltin narxi oshdi: banklarda talab yuqori"),
            "ozbekistonda-oltin-narxi-oshdi-banklarda-talab-yuqori"
        );
        // Every apostrophe Uzbek is typed with: ‘ ’ ʻ ʼ ' `
        for title in [
            "G‘alaba va ma’lumot",
            "Gʻalaba va maʼlumot",
            "G'alaba va ma'lumot",
            "G`alaba va ma`lumot",
        ] {
            assert_eq!(derive("uz", title), "galaba-va-malumot", "{title}");
        }
        assert_eq!(derive("uz", "Choy va shakar"), "choy-va-shakar");
    }

    #[test]
    fn uzbek_cyrillic_titles() {
        assert_eq!(
            derive("uz-Cyrl", "Ўзбекистонда олтин нархи ошди"),
            "ozbekistonda-oltin-narxi-oshdi"
        );
        assert_eq!(derive("uz-Cyrl", "Қозоғистонда ҳаёт"), "qozogistonda-hayot");
        assert_eq!(derive("uz-Cyrl", "Хабар: маъмурият"), "xabar-mamuriyat");
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let slug = derive("en", &"word ".repeat(40));
        assert!(slug.len() <= DERIVED_MAX);
        assert!(slug.ends_with("word"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_derived_slug_is_always_a_valid_slug_or_empty(
            locale in prop_oneof![Just("en"), Just("ru"), Just("uz"), Just("uz-Cyrl")],
            title in "\\PC{0,200}",
        ) {
            let slug = super::derive(locale, &title);
            prop_assert!(slug.len() <= super::DERIVED_MAX, "{} bytes", slug.len());
            if !slug.is_empty() {
                let words_ok = slug.split('-').all(|word| {
                    !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                });
                prop_assert!(words_ok, "{slug:?} from {title:?}");
                // A slug is its own slug.
                prop_assert_eq!(super::derive(locale, &slug), slug);
            }
        }

        #[test]
        fn path_tricks_never_survive(
            parts in proptest::collection::vec(prop_oneof![Just("../".to_owned()), Just("/".to_owned()), Just("\\".to_owned()), Just("%2e".to_owned()), Just("\u{0}".to_owned()), Just("\n".to_owned()), Just("?#&".to_owned()), "[a-zA-Zа-яА-Я]{1,8}"], 1..10),
        ) {
            let slug = super::derive("en", &parts.concat());
            prop_assert!(!slug.contains(['.', '/', '\\', '%', '?', '#', '&', '\0', '\n']), "{slug:?}");
        }
    }
}
