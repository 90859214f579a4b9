//! Widgets' rules: what an ingest job may push, and how a read words it in a locale.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::de::DeserializeOwned;

use crate::audit::{self, Action};
use crate::auth::Caller;
use crate::checks::Checked;
use crate::db::{self, Database, DbConnection};
use crate::error::{ApiError, FieldError};
use crate::locale::Negotiated;
use crate::messages;
use crate::messages::value::MessageValue;
use crate::widgets::input::{RatesBody, WeatherBody};
use crate::widgets::queries::{self, WidgetRow};
use crate::widgets::views::{Freshness, Named, Rate, Rates, Trend, Weather, Wind};

const WEATHER: &str = "weather";
const RATES: &str = "rates";
/// How far ahead of this server's clock an observation may be dated (the ingest job's clock
/// may run a little fast).
const CLOCK_SKEW_MINUTES: i64 = 5;

/// How old each widget's data may be, and the city the weather shows when none is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetSettings {
    pub weather_max_age: std::time::Duration,
    pub rates_max_age: std::time::Duration,
    pub default_city: String,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        Self {
            weather_max_age: std::time::Duration::from_secs(3 * 3600),
            rates_max_age: std::time::Duration::from_secs(36 * 3600),
            default_city: "tashkent".to_owned(),
        }
    }
}

/// The words a widget is read in: the locale's messages, and the keys it had none for.
struct Words {
    messages: BTreeMap<String, MessageValue>,
    missing: Vec<String>,
}

impl Words {
    async fn of(db: &Database, negotiated: &Negotiated) -> Result<Self, ApiError> {
        let catalog = messages::service::catalog(db, negotiated.clone()).await?;
        Ok(Self {
            messages: catalog.messages,
            missing: Vec::new(),
        })
    }

    /// The text of `key`, else `otherwise` (and `key` noted as missing).
    fn get(&mut self, key: &str, otherwise: &str) -> String {
        match self.messages.get(key) {
            Some(MessageValue::Text(text)) => text.clone(),
            Some(MessageValue::Forms(forms)) => forms.form("other").to_owned(),
            None => {
                if !self.missing.iter().any(|missing| missing == key) {
                    self.missing.push(key.to_owned());
                }
                otherwise.to_owned()
            }
        }
    }

    fn named(&mut self, key: &str, code: &str) -> Named {
        Named {
            code: code.to_owned(),
            name: self.get(key, code),
        }
    }
}

/// A number as a page shows it: whole when it is, else to one decimal.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// `+3°`, `-5°`, `0°`.
fn temperature(celsius: f64) -> String {
    let whole = celsius.round();
    if whole > 0.0 {
        format!("+{whole:.0}°")
    } else if whole < 0.0 {
        format!("{whole:.0}°")
    } else {
        "0°".to_owned()
    }
}

fn freshness(row: &WidgetRow, max_age: std::time::Duration, now: NaiveDateTime) -> Freshness {
    let max_age_seconds = max_age.as_secs();
    let limit = Duration::seconds(i64::try_from(max_age_seconds).unwrap_or(i64::MAX / 1000));
    Freshness {
        observed_at: row.observed_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        max_age_seconds,
        stale: now - row.observed_at > limit,
    }
}

/// An observation dated in the future is refused: a clock or a field gone wrong.
fn check_observed_at(observed_at: DateTime<Utc>) -> Result<NaiveDateTime, ApiError> {
    if observed_at > Utc::now() + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "observed_at",
            "is in the future; give when the data was observed",
        )]));
    }
    Ok(db::truncate(observed_at.naive_utc()))
}

fn decode<T: DeserializeOwned>(row: &WidgetRow) -> Result<T, ApiError> {
    serde_json::from_str(&row.data)
        .map_err(|error| ApiError::internal(format!("stored {} data unreadable: {error}", row.kind)))
}

/// Stores the weather in a city; `true` when the city had none.
pub async fn put_weather(
    db: &Database,
    caller: Caller,
    body: Checked<WeatherBody>,
) -> Result<(String, bool), ApiError> {
    let body = body.checks.finish(body.value)?;
    let observed_at = check_observed_at(body.observed_at)?;
    let data = serde_json::to_string(&body).map_err(ApiError::internal)?;
    let city = body.city;
    let created = db
        .write(move |connection: &mut DbConnection| {
            let created = queries::put(connection, WEATHER, &city, &data, observed_at, db::now())?;
            let action = if created { Action::Create } else { Action::Update };
            audit::record(connection, &caller, action, "widget", &format!("weather/{city}"))?;
            Ok((city, created))
        })
        .await?;
    Ok(created)
}

/// Stores the rates; `true` when there were none.
pub async fn put_rates(db: &Database, caller: Caller, body: Checked<RatesBody>) -> Result<bool, ApiError> {
    let body = body.checks.finish(body.value)?;
    let observed_at = check_observed_at(body.observed_at)?;
    let mut seen = std::collections::BTreeSet::new();
    let repeated: Vec<FieldError> = body
        .rates
        .iter()
        .enumerate()
        .filter(|(_, rate)| !seen.insert(rate.code.clone()))
        .map(|(index, rate)| {
            FieldError::new(
                format!("rates.{index}.code"),
                format!("`{}` is given twice", rate.code),
            )
        })
        .collect();
    if !repeated.is_empty() {
        return Err(ApiError::Validation(repeated));
    }
    let data = serde_json::to_string(&body).map_err(ApiError::internal)?;
    db.write(move |connection: &mut DbConnection| {
        let created = queries::put(connection, RATES, "", &data, observed_at, db::now())?;
        let action = if created { Action::Create } else { Action::Update };
        audit::record(connection, &caller, action, "widget", "rates")?;
        Ok(created)
    })
    .await
}

/// The weather in `city`, in the words of the locale `negotiated` asks for.
pub async fn weather(
    db: &Database,
    negotiated: Negotiated,
    city: String,
    settings: &WidgetSettings,
) -> Result<Weather, ApiError> {
    let row = {
        let city = city.clone();
        db.read(move |connection| Ok(queries::find(connection, WEATHER, &city)?))
            .await?
    }
    .ok_or_else(|| ApiError::not_found(format!("No weather has been pushed for the city `{city}`.")))?;
    let data: WeatherBody = decode(&row)?;
    let mut words = Words::of(db, &negotiated).await?;
    let city = words.named(&format!("city.{}", data.city), &data.city);
    let condition = words.named(
        &format!("weather.{}", data.condition.code()),
        data.condition.code(),
    );
    let unit = words.get("weather.metres_per_second", "m/s");
    let wind_word = words.get("weather.wind", "wind");
    let direction = data.wind_direction.map(|direction| {
        words.named(
            &format!("weather.wind_{}", direction.code().to_lowercase()),
            direction.code(),
        )
    });
    let speed = format!("{} {unit}", number(data.wind_speed_ms));
    let wind_text = match &direction {
        Some(direction) => format!("{} {speed}, {}", wind_word.to_lowercase(), direction.name),
        None => format!("{} {speed}", wind_word.to_lowercase()),
    };
    let shown = temperature(data.temperature_c);
    let text = format!(
        "{} {shown}, {}, {wind_text}",
        city.name,
        condition.name.to_lowercase()
    );
    Ok(Weather {
        locale: negotiated.locale().to_owned(),
        city,
        temperature_c: data.temperature_c,
        temperature: shown,
        condition,
        wind: Wind {
            speed_ms: data.wind_speed_ms,
            speed,
            direction,
            text: wind_text,
        },
        text,
        freshness: freshness(&row, settings.weather_max_age, db::now()),
        missing_messages: words.missing,
    })
}

/// The rates, in the words of the locale `negotiated` asks for.
pub async fn rates(
    db: &Database,
    negotiated: Negotiated,
    settings: &WidgetSettings,
) -> Result<Rates, ApiError> {
    let row = db
        .read(move |connection| Ok(queries::find(connection, RATES, "")?))
        .await?
        .ok_or_else(|| ApiError::not_found("No rates have been pushed yet."))?;
    let data: RatesBody = decode(&row)?;
    let mut words = Words::of(db, &negotiated).await?;
    let base = words.named(&format!("currency.{}", data.base.to_lowercase()), &data.base);
    let rates = data
        .rates
        .into_iter()
        .map(|rate| Rate {
            name: words.get(&format!("currency.{}", rate.code.to_lowercase()), &rate.code),
            trend: rate.change.map(|change| {
                if change > 0.0 {
                    Trend::Up
                } else if change < 0.0 {
                    Trend::Down
                } else {
                    Trend::Unchanged
                }
            }),
            code: rate.code,
            rate: rate.rate,
            amount: rate.amount,
            unit: rate.unit,
            change: rate.change,
        })
        .collect();
    Ok(Rates {
        locale: negotiated.locale().to_owned(),
        base,
        rates,
        freshness: freshness(&row, settings.rates_max_age, db::now()),
        missing_messages: words.missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_a_page_shows_them() {
        assert_eq!(temperature(3.2), "+3°");
        assert_eq!(temperature(-4.6), "-5°");
        assert_eq!(temperature(-0.3), "0°");
        assert_eq!(number(0.4), "0.4");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(2.04), "2");
    }
}
