//! Timestamps as stored: UTC, to the microsecond, so that a timestamp survives the round trip
//! through SQLite's text and through a pagination cursor unchanged.

use chrono::{DateTime, DurationRound, NaiveDateTime, TimeDelta, Utc};

/// The current time, as it will be stored.
pub fn now() -> NaiveDateTime {
    truncate(Utc::now().naive_utc())
}

/// `at` cut to whole microseconds.
pub fn truncate(at: NaiveDateTime) -> NaiveDateTime {
    at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at)
}

/// Microseconds since the Unix epoch.
pub fn micros(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp_micros()
}

/// The inverse of [`micros`]; out-of-range values clamp to the earliest time.
pub fn from_micros(micros: i64) -> NaiveDateTime {
    DateTime::from_timestamp_micros(micros)
        .map(|at| at.naive_utc())
        .unwrap_or(NaiveDateTime::MIN)
}
