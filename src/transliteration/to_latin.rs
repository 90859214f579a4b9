//! Cyrillic Uzbek to Latin, a letter at a time, each by the letters around it.

//!
//! The marks written are those Uzbek news sites write: `‘` (U+2018) in `o‘` and `g‘`, `’`
//! (U+2019) for `ъ` and between an `s` and an `h` that are two letters. Any of the marks
//! people type is read back ([`super::is_apostrophe`]).

fn is_vowel(c: char) -> bool {
    matches!(c, 'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'э' | 'ю' | 'я' | 'ў')
}

/// The Latin of the lowercase letter `c`, `previous` and `next` the lowercase letters beside
/// it in its word (`None` at its edges); `None` for what is not a Cyrillic letter.
fn letter(c: char, previous: Option<char>, next: Option<char>) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        // `ye` at the start of a word, after a vowel and after the signs; else `e`.
        'е' => match previous {
            None => "ye",
            Some(p) if is_vowel(p) || p == 'ь' || p == 'ъ' => "ye",
            Some(_) => "e",
        },
        'ё' => "yo",
        'ж' => "j",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        // `сҳ` are two letters, which `sh` would make one.
        'с' if next == Some('ҳ') => "s’",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "x",
        // `ts` after a vowel; `s` at the start of a word and after a consonant.
        'ц' => match previous {
            Some(p) if is_vowel(p) => "ts",
            _ => "s",
        },
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        // Before `е`, `ё`, `ю`, `я` it only says they begin with `y` (`объект`, `obyekt`).
        'ъ' if next.is_some_and(|n| matches!(n, 'е' | 'ё' | 'ю' | 'я')) => "",
        'ъ' => "’",
        'ы' => "i",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ў' => "o‘",
        'қ' => "q",
        'ғ' => "g‘",
        'ҳ' => "h",
        _ => return None,
    })
}

/// Writes the Latin of the Cyrillic `word` to `out`; what is not Cyrillic is copied.
pub fn word(word: &str, out: &mut String) {
    let chars: Vec<char> = compose(word);
    let (lower, all_capitals) = super::lowercase(&chars);
    for (index, c) in chars.iter().enumerate() {
        // A hyphen starts a word of its own (`бир-ер`).
        let previous = index
            .checked_sub(1)
            .map(|at| lower[at])
            .filter(|p| *p != '-' && p.is_alphabetic());
        let next = lower.get(index + 1).copied();
        let Some(latin) = letter(lower[index], previous, next) else {
            out.push(*c);
            continue;
        };
        if !c.is_uppercase() {
            out.push_str(latin);
            continue;
        }
        // A capital: all of its letters in capitals in a word in capitals, or before another
        // capital (`ШКОЛА`, `ЎзМУ`); else the first only (`Шаҳар`, `Shahar`).
        let next_capital = chars.get(index + 1).is_some_and(|n| n.is_uppercase());
        if all_capitals || next_capital {
            out.push_str(&latin.to_uppercase());
        } else {
            let mut letters = latin.chars();
            if let Some(first) = letters.next() {
                out.extend(first.to_uppercase());
                out.push_str(letters.as_str());
            }
        }
    }
}

/// The word with a letter and its combining breve or diaeresis as one (`у` + U+0306 is `ў`).
fn compose(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = Vec::with_capacity(word.len());
    for c in word.chars() {
        let composed = match (chars.last(), c) {
            (Some('у'), '\u{0306}') => Some('ў'),
            (Some('У'), '\u{0306}') => Some('Ў'),
            (Some('и'), '\u{0306}') => Some('й'),
            (Some('И'), '\u{0306}') => Some('Й'),
            (Some('е'), '\u{0308}') => Some('ё'),
            (Some('Е'), '\u{0308}') => Some('Ё'),
            _ => None,
        };
        match composed {
            Some(letter) => {
                chars.pop();
                chars.push(letter);
            }
            None => chars.push(c),
        }
    }
    chars
}
