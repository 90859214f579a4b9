//! Latin Uzbek to Cyrillic, a letter (or a pair that is one letter) at a time.

use super::is_apostrophe;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The marks that make `o‘` and `g‘` (U+02BC is the sign that stands for `ъ`).
fn is_turned_comma(c: char) -> bool {
    is_apostrophe(c) && c != 'ʼ'
}

/// One Cyrillic letter (or a few) read from the lowercase Latin at `at`, and how many Latin
/// characters it took.
fn read(lower: &[char], at: usize) -> (&'static str, usize) {
    let c = lower[at];
    let next = lower.get(at + 1).copied();
    let after_next = lower.get(at + 2).copied();
    let previous = at.checked_sub(1).map(|p| lower[p]).filter(|p| p.is_alphabetic());
    let word_start = previous.is_none();
    match (c, next) {
        ('o', Some(mark)) if is_turned_comma(mark) => ("ў", 2),
        ('g', Some(mark)) if is_turned_comma(mark) => ("ғ", 2),
        // `s’h`: two letters, not `sh`.
        ('s', Some(mark)) if is_apostrophe(mark) && after_next == Some('h') => ("сҳ", 3),
        ('s', Some('h')) => ("ш", 2),
        ('c', Some('h')) => ("ч", 2),
        ('y', Some('o')) if !after_next.is_some_and(is_turned_comma) => ("ё", 2),
        ('y', Some('u')) => ("ю", 2),
        ('y', Some('a')) => ("я", 2),
        // `ye` after a consonant is `ъе` (`obyekt`, `объект`); else `е`.
        ('y', Some('e')) if previous.is_some_and(|p| !is_vowel(p)) => ("ъе", 2),
        ('y', Some('e')) => ("е", 2),
        // `ts` before the `iya` and `ion` of loanwords (`militsiya`, `милиция`); else `тс`.
        ('t', Some('s')) if after_next == Some('i') && matches!(lower.get(at + 3), Some('y' | 'o')) => {
            ("ц", 2)
        }
        // `e` is `э` at the start of a word and after a vowel.
        ('e', _) if word_start || previous.is_some_and(is_vowel) => ("э", 1),
        (mark, _) if is_apostrophe(mark) => ("ъ", 1),
        _ => (
            match c {
                'a' => "а",
                'b' => "б",
                'd' => "д",
                'e' => "е",
                'f' => "ф",
                'g' => "г",
                'h' => "ҳ",
                'i' => "и",
                'j' => "ж",
                'k' => "к",
                'l' => "л",
                'm' => "м",
                'n' => "н",
                'o' => "о",
                'p' => "п",
                'q' => "қ",
                'r' => "р",
                's' => "с",
                't' => "т",
                'u' => "у",
                'v' => "в",
                'x' => "х",
                'y' => "й",
                'z' => "з",
                'c' => "ц",
                'w' => "в",
                _ => "",
            },
            1,
        ),
    }
}

/// Writes the Cyrillic of the Latin `word` to `out`; what is not a Latin letter is copied.
pub fn word(word: &str, out: &mut String) {
    let chars: Vec<char> = word.chars().collect();
    let (lower, all_capitals) = super::lowercase(&chars);
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if !c.is_ascii_alphabetic() && !is_apostrophe(c) {
            out.push(c);
            at += 1;
            continue;
        }
        let (cyrillic, taken) = read(&lower, at);
        if cyrillic.is_empty() {
            out.push(c);
            at += 1;
            continue;
        }
        // A capital letter makes a capital; a pair's first letter decides (`Sh`, `SH`).
        if c.is_uppercase() {
            let mut letters = cyrillic.chars();
            if let Some(first) = letters.next() {
                out.extend(first.to_uppercase());
                if all_capitals {
                    out.push_str(&letters.as_str().to_uppercase());
                } else {
                    out.push_str(letters.as_str());
                }
            }
        } else {
            out.push_str(cyrillic);
        }
        at += taken;
    }
}
