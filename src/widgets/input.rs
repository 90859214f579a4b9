//! The JSON an ingest job sends to replace a widget's data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The sky, as a code; its words in each locale are the message `weather.{code}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    Clear,
    PartlyCloudy,
    Cloudy,
    Fog,
    Drizzle,
    Rain,
    Sleet,
    Snow,
    Thunderstorm,
}

impl Condition {
    pub fn code(self) -> &'static str {
        match self {
            Self::Clear => "clear",
            Self::PartlyCloudy => "partly_cloudy",
            Self::Cloudy => "cloudy",
            Self::Fog => "fog",
            Self::Drizzle => "drizzle",
            Self::Rain => "rain",
            Self::Sleet => "sleet",
            Self::Snow => "snow",
            Self::Thunderstorm => "thunderstorm",
        }
    }
}

/// Where the wind blows from, as a compass point; its words in each locale are the message
/// `weather.wind_{code}` (lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum WindDirection {
    N,
    NE,
    E,
    SE,
    S,
    SW,
    W,
    NW,
}

impl WindDirection {
    pub fn code(self) -> &'static str {
        match self {
            Self::N => "N",
            Self::NE => "NE",
            Self::E => "E",
            Self::SE => "SE",
            Self::S => "S",
            Self::SW => "SW",
            Self::W => "W",
            Self::NW => "NW",
        }
    }
}

/// The weather in a city, as observed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "city": "tashkent", "temperature_c": 3, "condition": "clear", "wind_speed_ms": 2,
    "wind_direction": "NE", "observed_at": "2026-03-03T07:00:00Z"
}))]
pub struct WeatherBody {
    /// The city's code: lowercase letters, digits and hyphens (`tashkent`); its name in each
    /// locale is the message `city.{code}`.
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = "^[a-z][a-z0-9-]*$",
        example = "tashkent"
    )]
    pub city: String,
    /// The air temperature in degrees Celsius.
    #[schema(minimum = -100, maximum = 70, example = 3)]
    pub temperature_c: f64,
    pub condition: Condition,
    /// The wind's speed in metres a second.
    #[schema(minimum = 0, maximum = 120, example = 2)]
    pub wind_speed_ms: f64,
    /// Where the wind blows from; `null` when it is calm.
    #[schema(required = true)]
    pub wind_direction: Option<WindDirection>,
    /// When the weather was observed; not in the future.
    #[schema(format = "date-time", example = "2026-03-03T07:00:00Z")]
    pub observed_at: DateTime<Utc>,
}

/// One rate against the base currency.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "USD", "rate": 12650.5, "change": -12.3}))]
pub struct RateBody {
    /// An ISO 4217 code: a currency (`USD`), or a metal (`XAU` for gold); its name in each
    /// locale is the message `currency.{code}` (lowercase).
    #[schema(min_length = 3, max_length = 3, pattern = "^[A-Z]{3}$", example = "USD")]
    pub code: String,
    /// What `amount` of it costs in the base currency.
    #[schema(exclusive_minimum = 0, maximum = 1_000_000_000_000.0_f64, example = 12650.5)]
    pub rate: f64,
    /// How many units the rate is for (`1` dollar; `10` roubles; `1` gram of gold).
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 1_000_000, default = 1, example = 1)]
    pub amount: u32,
    /// The unit of a metal's amount; none for a currency.
    #[serde(default)]
    pub unit: Option<MetalUnit>,
    /// The change since the previous rate, in the base currency; `null` when not known.
    #[serde(default)]
    #[schema(minimum = -1_000_000_000_000.0_f64, maximum = 1_000_000_000_000.0_f64, example = -12.3)]
    pub change: Option<f64>,
}

fn one() -> u32 {
    1
}

/// The unit a metal is priced in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetalUnit {
    Gram,
    TroyOunce,
}

/// The rates, as published at one time.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "base": "UZS", "observed_at": "2026-03-03T06:00:00Z",
    "rates": [
        {"code": "USD", "rate": 12650.5, "change": -12.3},
        {"code": "RUB", "rate": 1425.1, "amount": 10, "change": 3.2},
        {"code": "XAU", "rate": 1315000, "unit": "gram", "change": 15000}
    ]
}))]
pub struct RatesBody {
    /// The currency the rates are in (ISO 4217).
    #[schema(min_length = 3, max_length = 3, pattern = "^[A-Z]{3}$", example = "UZS")]
    pub base: String,
    /// When the rates were published; not in the future.
    #[schema(format = "date-time", example = "2026-03-03T06:00:00Z")]
    pub observed_at: DateTime<Utc>,
    /// Each rate, in the order the page shows them; each code once.
    #[schema(min_items = 1, max_items = 100)]
    pub rates: Vec<RateBody>,
}
