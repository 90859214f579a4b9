//! The widgets as reads show them: the data as pushed, with its words in the locale asked for.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::widgets::input::MetalUnit;

/// A code and its words in the locale served (the code itself when the messages catalog has
/// none for it: `missing_messages` names the key).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// Whether a widget's data is fresh.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Freshness {
    /// When the data was observed (as pushed).
    #[schema(format = "date-time")]
    pub observed_at: DateTime<Utc>,
    /// When it was pushed.
    #[schema(format = "date-time")]
    pub updated_at: DateTime<Utc>,
    /// How old the data may be before it is stale, in seconds (`--weather-max-age`,
    /// `--rates-max-age`).
    pub max_age_seconds: u64,
    /// `true` when `observed_at` is older than that: the ingest job has not pushed in time,
    /// and a page may say so or hide the widget.
    pub stale: bool,
}

/// The weather in a city, in the locale asked for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "locale": "ru",
    "city": {"code": "tashkent", "name": "Ташкент"},
    "temperature_c": 3.0, "temperature": "+3°",
    "condition": {"code": "clear", "name": "Ясно"},
    "wind": {"speed_ms": 2.0, "speed": "2 м/с", "direction": {"code": "NE", "name": "СВ"}, "text": "ветер 2 м/с, СВ"},
    "text": "Ташкент +3°, ясно, ветер 2 м/с, СВ",
    "freshness": {"observed_at": "2026-03-03T07:00:00Z", "updated_at": "2026-03-03T07:01:00Z", "max_age_seconds": 10800, "stale": false},
    "missing_messages": []
}))]
pub struct Weather {
    /// The locale the words are in.
    pub locale: String,
    /// The city: its code, and its name (message `city.{code}`).
    pub city: Named,
    pub temperature_c: f64,
    /// The temperature as a page shows it: rounded, signed, with a degree sign (`+3°`, `-5°`,
    /// `0°`).
    pub temperature: String,
    /// The sky: its code, and its words (message `weather.{code}`).
    pub condition: Named,
    pub wind: Wind,
    /// The whole line: city, temperature, sky and wind.
    pub text: String,
    pub freshness: Freshness,
    /// The message keys the catalog has no text for in this locale (their codes are shown).
    pub missing_messages: Vec<String>,
}

/// The wind.
#[derive(Debug, Serialize, ToSchema)]
pub struct Wind {
    pub speed_ms: f64,
    /// The speed with its unit (message `weather.metres_per_second`): `2 м/с`.
    pub speed: String,
    /// Where it blows from (message `weather.wind_{code}`); `null` when calm.
    #[schema(required = true)]
    pub direction: Option<Named>,
    /// `ветер 2 м/с, СВ` (message `weather.wind`, the speed, the direction).
    pub text: String,
}

/// The rates, in the locale asked for.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "locale": "ru",
    "base": {"code": "UZS", "name": "сум"},
    "rates": [
        {"code": "USD", "name": "Доллар США", "rate": 12650.5, "amount": 1, "unit": null, "change": -12.3, "trend": "down"},
        {"code": "XAU", "name": "Золото", "rate": 1315000.0, "amount": 1, "unit": "gram", "change": 15000.0, "trend": "up"}
    ],
    "freshness": {"observed_at": "2026-03-03T06:00:00Z", "updated_at": "2026-03-03T06:01:00Z", "max_age_seconds": 129600, "stale": false},
    "missing_messages": []
}))]
pub struct Rates {
    pub locale: String,
    /// The currency the rates are in: its code and name (message `currency.{code}`).
    pub base: Named,
    /// In the order pushed.
    pub rates: Vec<Rate>,
    pub freshness: Freshness,
    /// The message keys the catalog has no text for in this locale (their codes are shown).
    pub missing_messages: Vec<String>,
}

/// One rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rate {
    pub code: String,
    /// Message `currency.{code}` (lowercase code).
    pub name: String,
    /// What `amount` of it costs in the base currency.
    pub rate: f64,
    pub amount: u32,
    /// A metal's unit; `null` for a currency.
    #[schema(required = true)]
    pub unit: Option<MetalUnit>,
    /// The change since the previous rate; `null` when not known.
    #[schema(required = true)]
    pub change: Option<f64>,
    /// `up`, `down` or `unchanged`, from `change`; `null` when it is not known.
    #[schema(required = true)]
    pub trend: Option<Trend>,
}

/// Which way a rate moved.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Up,
    Down,
    Unchanged,
}
