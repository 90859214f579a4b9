//! HTTP handlers for widgets: extract, call the service, shape the response.

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::extract::Editor;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::locale::AcceptedLanguages;
use crate::params::NoParams;
use crate::responses;
use crate::state::AppState;
use crate::widgets::input::{RatesBody, WeatherBody};
use crate::widgets::service;
use crate::widgets::views::{Rates, Weather};

/// Query parameters of the weather.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WeatherParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
    /// The city's code; the configured city (`--weather-city`, `tashkent` by default) when
    /// not given.
    #[param(example = "tashkent", pattern = "^[a-z][a-z0-9-]*$", max_length = 64)]
    city: Option<String>,
}

/// Query parameters of the rates.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RatesParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// The weather line
///
/// The weather in a city as an ingest job last pushed it, in the words of the locale asked
/// for: the city's name, the sky and the wind's direction and unit come from the messages
/// catalog (`city.{code}`, `weather.{condition}`, `weather.wind_{direction}`, `weather.wind`,
/// `weather.metres_per_second`), and `text` is the whole line ("Ташкент +3°, ясно, ветер 2
/// м/с, СВ"). A key the catalog lacks shows its code and is listed in `missing_messages`.
/// `freshness.stale` is `true` once the observation is older than `--weather-max-age`.
#[utoipa::path(
    operation_id = "getWeather",
    tag = "widgets",
    params(WeatherParams),
    responses(
        (status = 200, description = "The weather", body = Weather),
        (status = 400, description = "The city is not a code, the locale is not served, or a query parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No weather was pushed for that city", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/widgets/weather")]
pub async fn weather(
    state: web::Data<AppState>,
    web::Query(params): web::Query<WeatherParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let city = match params.city {
        Some(city) => city_code(&city)?,
        None => state.widgets.default_city.clone(),
    };
    let weather = service::weather(&state.db, negotiated.clone(), city, &state.widgets).await?;
    Ok(responses::localized(negotiated.locale(), &weather))
}

fn city_code(city: &str) -> Result<String, ApiError> {
    let valid = city.len() <= 64
        && city.starts_with(|c: char| c.is_ascii_lowercase())
        && city
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(city.to_owned())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`city`: `{city}` is not a city's code; codes are lowercase letters, digits and hyphens (`tashkent`)."
        )))
    }
}

/// Replace a city's weather
///
/// An ingest job pushes the weather in a city as observed: the temperature in °C, the sky
/// and the wind's direction as codes, the wind's speed in m/s, and when it was observed (not
/// in the future). It replaces what the city had. Editors and admins.
#[utoipa::path(
    operation_id = "putWeather",
    tag = "widgets",
    request_body(content = WeatherBody, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The city's weather was replaced; the body is what was stored", body = WeatherBody,
            headers(("ETag" = String, description = "A digest of what was stored"))),
        (status = 201, description = "The city had no weather; the body is what was stored", body = WeatherBody,
            headers(
                ("ETag" = String, description = "A digest of what was stored"),
                ("Location" = String, description = "Where the weather is read"),
            )),
        (status = 400, description = "A query parameter was given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/widgets/weather")]
pub async fn put_weather(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    _: web::Query<NoParams>,
    body: JsonBody<WeatherBody>,
) -> Result<HttpResponse, ApiError> {
    let checked = body.into_checked()?;
    let stored = checked.value.clone();
    let (city, created) = service::put_weather(&state.db, caller, checked).await?;
    let location = format!("/api/v1/widgets/weather?city={city}");
    Ok(responses::invalidates(
        responses::put(created, None, &location, &stored),
        crate::caching::Invalidation::nothing(),
    ))
}

/// The currency and gold rates
///
/// The rates as an ingest job last pushed them, in the order pushed, each with its name in the
/// locale asked for (`currency.{code}` in the messages catalog, `currency.xau` for gold) and
/// its trend from its change. `freshness.stale` is `true` once the rates are older than
/// `--rates-max-age`.
#[utoipa::path(
    operation_id = "getRates",
    tag = "widgets",
    params(RatesParams),
    responses(
        (status = 200, description = "The rates", body = Rates),
        (status = 400, description = "The locale is not served, or a query parameter is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No rates were pushed yet", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/widgets/rates")]
pub async fn rates(
    state: web::Data<AppState>,
    web::Query(params): web::Query<RatesParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let rates = service::rates(&state.db, negotiated.clone(), &state.widgets).await?;
    Ok(responses::localized(negotiated.locale(), &rates))
}

/// Replace the rates
///
/// An ingest job pushes the rates as published: the base currency, when, and each rate (an
/// ISO 4217 code, once each: `XAU` for gold, with its unit) with its change. It replaces the
/// rates there were. Editors and admins.
#[utoipa::path(
    operation_id = "putRates",
    tag = "widgets",
    request_body(content = RatesBody, content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rates were replaced; the body is what was stored", body = RatesBody,
            headers(("ETag" = String, description = "A digest of what was stored"))),
        (status = 201, description = "There were no rates; the body is what was stored", body = RatesBody,
            headers(
                ("ETag" = String, description = "A digest of what was stored"),
                ("Location" = String, description = "Where the rates are read"),
            )),
        (status = 400, description = "A query parameter was given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/widgets/rates")]
pub async fn put_rates(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    _: web::Query<NoParams>,
    body: JsonBody<RatesBody>,
) -> Result<HttpResponse, ApiError> {
    let checked = body.into_checked()?;
    let stored = checked.value.clone();
    let created = service::put_rates(&state.db, caller, checked).await?;
    Ok(responses::invalidates(
        responses::put(created, None, "/api/v1/widgets/rates", &stored),
        crate::caching::Invalidation::nothing(),
    ))
}
