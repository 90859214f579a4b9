//! Relative times ("5 hours ago", "Yesterday"): which message describes a time, seen from
//! another, on the calendar of a UTC offset.

use chrono::{DateTime, FixedOffset, Utc};

/// The keys relative times are written with; newsroom ships their text in its first
/// locales, and they cannot be removed.
pub const KEYS: [&str; 7] = [
    "just_now",
    "minutes_ago",
    "hours_ago",
    "yesterday",
    "days_ago",
    "months_ago",
    "years_ago",
];

/// Whether newsroom writes with `key` itself: it stays, and stays plural or not.
pub fn is_built_in(key: &str) -> bool {
    KEYS.contains(&key)
}

/// The message that describes `at` seen from `now`, with its number: under a minute (or
/// ahead of `now`) `just_now`; under an hour `minutes_ago`; earlier the same calendar day
/// `hours_ago`; the calendar day before `yesterday`; then `days_ago` under 30 days,
/// `months_ago` (of 30 days) under 365, `years_ago`. Calendar days are those of `offset`.
pub fn describe(at: DateTime<Utc>, now: DateTime<Utc>, offset: FixedOffset) -> (&'static str, Option<u64>) {
    let seconds = (now - at).num_seconds();
    if seconds < 60 {
        return ("just_now", None);
    }
    let seconds = seconds as u64;
    if seconds < 3600 {
        return ("minutes_ago", Some(seconds / 60));
    }
    let day = |time: DateTime<Utc>| time.with_timezone(&offset).date_naive();
    let days = (day(now) - day(at)).num_days().max(0) as u64;
    match days {
        0 => ("hours_ago", Some(seconds / 3600)),
        1 => ("yesterday", None),
        2..30 => ("days_ago", Some(days)),
        30..365 => ("months_ago", Some(days / 30)),
        _ => ("years_ago", Some(days / 365)),
    }
}

/// A UTC offset as a query gives it: `Z`, `+05:00`, `-03:30`, `+0500`; a leading space is the
/// `+` of a query string that was not percent-encoded.
pub fn parse_offset(raw: &str) -> Option<FixedOffset> {
    let raw = raw.trim_end();
    if raw.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match raw.chars().next()? {
        '+' | ' ' => (1, &raw[1..]),
        '-' => (-1, &raw[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4
        || !digits.chars().all(|c| c.is_ascii_digit())
        || (rest.len() == 5 && rest.as_bytes()[2] != b':')
    {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn each_span_has_its_message() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let now = at("2026-03-03T09:00:00Z");
        let cases = [
            ("2026-03-03T09:00:30Z", ("just_now", None)),
            ("2026-03-03T08:59:30Z", ("just_now", None)),
            ("2026-03-03T08:55:00Z", ("minutes_ago", Some(5))),
            ("2026-03-03T04:00:00Z", ("hours_ago", Some(5))),
            ("2026-03-02T23:45:00Z", ("yesterday", None)),
            ("2026-03-02T01:00:00Z", ("yesterday", None)),
            ("2026-03-01T23:00:00Z", ("days_ago", Some(2))),
            ("2026-01-01T00:00:00Z", ("months_ago", Some(2))),
            ("2024-03-01T00:00:00Z", ("years_ago", Some(2))),
        ];
        for (time, expected) in cases {
            assert_eq!(describe(at(time), now, utc), expected, "{time}");
        }
    }

    #[test]
    fn calendar_days_are_the_offsets() {
        // 23:45 UTC is 04:45 the next day in Tashkent (UTC+5): the same day as 09:00 there.
        let tashkent = FixedOffset::east_opt(5 * 3600).unwrap();
        let (key, n) = describe(at("2026-03-02T23:45:00Z"), at("2026-03-03T09:00:00Z"), tashkent);
        assert_eq!((key, n), ("hours_ago", Some(9)));
    }

    #[test]
    fn offsets_are_read_as_written() {
        assert_eq!(parse_offset("+05:00"), FixedOffset::east_opt(18000));
        assert_eq!(parse_offset(" 05:00"), FixedOffset::east_opt(18000));
        assert_eq!(parse_offset("-0330"), FixedOffset::east_opt(-12600));
        assert_eq!(parse_offset("Z"), FixedOffset::east_opt(0));
        for wrong in ["5", "+5:00", "+25:00", "+05:60", "Tashkent", "", "+05-00"] {
            assert_eq!(parse_offset(wrong), None, "{wrong}");
        }
    }
}
