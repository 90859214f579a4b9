//! HTTP handlers for messages and their keys.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, put, web};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::extract::{Admin, Editor};
use crate::caching::Dependencies;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::locale::AcceptedLanguages;
use crate::messages::input::{MessageBody, MessageKeyBody, MessagesPatch};
use crate::messages::views::{
    FormattedMessage, Message, MessageCatalog, MessageKey, MessageKeyList, RelativeTime,
};
use crate::messages::{relative_time, service, writes};
use crate::params::{FromQuery, NoParams, Query};
use crate::preconditions;
use crate::responses;
use crate::state::AppState;

/// Query parameters of the catalog.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogParams {
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "uz-Cyrl")]
    locale: Option<String>,
}

/// List a locale's messages
///
/// The interface's strings for a locale, as a flat map of key to message: a string, or for
/// a plural key its CLDR forms (`{n}` stands for the number). A key with no text in the locale
/// is served from its fallback chain, as content is (Uzbek transliterated from the other
/// script first, when the locale says so), and listed in `fallbacks` with where it comes from.
#[utoipa::path(
    operation_id = "listMessages",
    tag = "messages",
    params(CatalogParams),
    responses(
        (status = 200, description = "The locale's catalog", body = MessageCatalog,
            headers(("Content-Language" = String, description = "The locale asked for"))),
        (status = 400, description = "Unknown parameter or locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/messages")]
pub async fn list(
    state: web::Data<AppState>,
    web::Query(params): web::Query<CatalogParams>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let catalog = service::catalog(&state.db, negotiated.clone()).await?;
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &catalog),
        Dependencies::reference(),
    ))
}

/// Query parameters of a formatted message.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FormatParams {
    /// The message's key.
    #[param(required = true, example = "hours_ago")]
    key: Option<String>,
    /// The number to write it with; required for a plural key.
    #[param(value_type = Option<u64>, minimum = 0, maximum = 999999999999u64, example = 5)]
    n: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// The largest number a message is formatted with.
const MAX_N: u64 = 999_999_999_999;

/// A formatted message's parameters, typed.
#[derive(Debug)]
pub struct Format {
    key: String,
    n: Option<u64>,
    locale: Option<String>,
}

impl FromQuery for Format {
    type Raw = FormatParams;

    fn from_query(raw: FormatParams) -> Result<Self, ApiError> {
        let key = raw.key.filter(|key| !key.is_empty()).ok_or_else(|| {
            ApiError::invalid_parameter("`key` is required: the message's key, such as `hours_ago`.")
        })?;
        let n = match raw.n.as_deref() {
            None => None,
            Some(text) => Some(text.parse::<u64>().ok().filter(|n| *n <= MAX_N).ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "`n` must be a whole number from 0 to {MAX_N}; `{text}` is not."
                ))
            })?),
        };
        Ok(Self {
            key,
            n,
            locale: raw.locale,
        })
    }
}

/// Format a message
///
/// A message written with a number, in the plural form the number takes by the CLDR rules of
/// the text's language (`hours_ago`, `n=5`, `ru`: "5 часов назад").
#[utoipa::path(
    operation_id = "formatMessage",
    tag = "messages",
    params(FormatParams),
    responses(
        (status = 200, description = "The formatted message", body = FormattedMessage,
            headers(("Content-Language" = String, description = "The locale asked for"))),
        (status = 400, description = "Unknown parameter or locale, no `key`, `n` missing for a plural key or not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key, or no text for it in the locale nor its fallbacks", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/messages/format")]
pub async fn format(
    state: web::Data<AppState>,
    Query(params): Query<Format>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let formatted = service::format(&state.db, negotiated.clone(), &params.key, params.n).await?;
    Ok(responses::depends_on(
        responses::localized(negotiated.locale(), &formatted),
        Dependencies::reference(),
    ))
}

/// Query parameters of a relative time.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RelativeParams {
    /// The time to describe, RFC 3339 (an article's `published_at`).
    #[param(required = true, value_type = Option<DateTime<Utc>>, example = "2026-03-02T18:32:00Z")]
    at: Option<String>,
    /// The time to describe it from, RFC 3339; now when left out.
    #[param(value_type = Option<DateTime<Utc>>, example = "2026-03-03T09:00:00Z")]
    now: Option<String>,
    /// The UTC offset whose calendar days tell "yesterday" from "5 hours ago": `+05:00`
    /// (Tashkent), `Z`; UTC when left out. Percent-encode the `+` (`%2B05:00`).
    #[param(example = "+05:00", pattern = "^([Zz]|[+ -](0[0-9]|1[0-4]):?[0-5][0-9])$")]
    utc_offset: Option<String>,
    /// The locale to serve, one of `GET /api/v1/locales`; overrides `Accept-Language`.
    #[param(example = "ru")]
    locale: Option<String>,
}

/// A relative time's parameters, typed.
#[derive(Debug)]
pub struct Relative {
    at: DateTime<Utc>,
    now: Option<DateTime<Utc>>,
    offset: FixedOffset,
    locale: Option<String>,
}

fn time(name: &str, text: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|time| time.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::invalid_parameter(format!(
                "`{name}` must be an RFC 3339 date-time, such as 2026-03-02T18:32:00Z; `{text}` is not."
            ))
        })
}

impl FromQuery for Relative {
    type Raw = RelativeParams;

    fn from_query(raw: RelativeParams) -> Result<Self, ApiError> {
        let at = raw.at.as_deref().ok_or_else(|| {
            ApiError::invalid_parameter(
                "`at` is required: the time to describe, such as 2026-03-02T18:32:00Z.",
            )
        })?;
        let offset = match raw.utc_offset.as_deref() {
            None => FixedOffset::east_opt(0).expect("UTC is an offset"),
            Some(text) => relative_time::parse_offset(text).ok_or_else(|| {
                ApiError::invalid_parameter(format!(
                    "`utc_offset` must be `Z` or an offset such as +05:00 (percent-encode the `+`: \
                     %2B05:00), at most 14 hours; `{text}` is not."
                ))
            })?,
        };
        Ok(Self {
            at: time("at", at)?,
            now: raw.now.as_deref().map(|now| time("now", now)).transpose()?,
            offset,
            locale: raw.locale,
        })
    }
}

/// Describe a time
///
/// How long ago a time was, in words of the locale ("5 часов назад", "Kecha"), written with
/// the built-in keys (`just_now`, `minutes_ago`, `hours_ago`, `yesterday`, `days_ago`,
/// `months_ago`, `years_ago`), which editors word like any other message. Under a minute
/// (or ahead of `now`) is `just_now`; under an hour `minutes_ago`; earlier the same calendar
/// day `hours_ago`; the day before `yesterday`; then days, months (of 30 days) and years.
#[utoipa::path(
    operation_id = "describeTime",
    tag = "messages",
    params(RelativeParams),
    responses(
        (status = 200, description = "The time, in words", body = RelativeTime,
            headers(("Content-Language" = String, description = "The locale asked for"))),
        (status = 400, description = "Unknown parameter or locale, no `at`, a time or offset that cannot be read", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The message it takes has no text in the locale nor its fallbacks", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/messages/relative-time")]
pub async fn relative(
    state: web::Data<AppState>,
    Query(params): Query<Relative>,
    accepted: AcceptedLanguages,
) -> Result<HttpResponse, ApiError> {
    let negotiated = state.locales().negotiate(params.locale.as_deref(), &accepted)?;
    let now = params.now.unwrap_or_else(Utc::now);
    let described = service::relative(&state.db, negotiated.clone(), params.at, now, params.offset).await?;
    // Not kept in the response cache: without `now`, the answer changes as time passes.
    Ok(responses::localized(negotiated.locale(), &described))
}

/// Get a message
///
/// One key's message in a locale: written there, or served from its fallback chain
/// (`is_fallback`, `transliterated_from`), as the catalog serves it.
#[utoipa::path(
    operation_id = "getMessage",
    tag = "messages",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "uz-Cyrl"),
        ("key" = String, Path, description = "The message's key", example = "similar_news"),
    ),
    responses(
        (status = 200, description = "The message", body = Message,
            headers(("Content-Language" = String, description = "The locale asked for"))),
        (status = 400, description = "The key is not one a message can have, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such locale or key, or no text for the key in the locale nor its fallbacks", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/messages/{locale}/{key}")]
pub async fn get(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let (locale, key) = path.into_inner();
    let locales = state.locales();
    let code = service::locale_of_path(&locales, &locale)?;
    let negotiated = locales.negotiate(Some(&code), &AcceptedLanguages::default())?;
    let message = service::message(&state.db, negotiated, &key).await?;
    Ok(responses::depends_on(
        responses::localized(&code, &message),
        Dependencies::reference(),
    ))
}

/// Write a message
///
/// Sets a key's message in a locale: a string, or for a plural key exactly the forms the
/// locale's CLDR plural rules use (Russian `one`, `few`, `many`, `other`; English and Uzbek
/// `one`, `other`). Served from the next read on. Editors and admins.
#[utoipa::path(
    operation_id = "putMessage",
    tag = "messages",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru"),
        ("key" = String, Path, description = "The message's key", example = "hours_ago"),
    ),
    request_body = MessageBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The message was changed", body = Message),
        (status = 201, description = "The key was given a message in the locale", body = Message,
            headers(("Location" = String, description = "The message's URL"))),
        (status = 400, description = "The key is not one a message can have, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such locale or key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/messages/{locale}/{key}")]
pub async fn put(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    path: web::Path<(String, String)>,
    _: web::Query<NoParams>,
    body: JsonBody<MessageBody>,
) -> Result<HttpResponse, ApiError> {
    let (locale, key) = path.into_inner();
    let locales = state.locales();
    let (message, created) =
        writes::put(&state.db, &locales, caller, &locale, &key, body.into_checked()?).await?;
    let location = format!("/api/v1/messages/{}/{}", message.locale, message.key);
    Ok(responses::put(
        created,
        Some(&message.locale),
        &location,
        &message,
    ))
}

/// Remove a message
///
/// Removes a key's message in a locale: the key is served from the locale's fallback chain
/// from then on. Editors and admins.
#[utoipa::path(
    operation_id = "deleteMessage",
    tag = "messages",
    params(
        ("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru"),
        ("key" = String, Path, description = "The message's key", example = "today"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The message was removed"),
        (status = 400, description = "The key is not one a message can have, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such locale or key, or the key has no message written in the locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/messages/{locale}/{key}")]
pub async fn remove(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    path: web::Path<(String, String)>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let (locale, key) = path.into_inner();
    let locales = state.locales();
    writes::delete(&state.db, &locales, caller, &locale, &key).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `/messages/{locale}`, and not `/messages/format` nor `/messages/relative-time`.
fn a_locales_messages(context: &actix_web::guard::GuardContext<'_>) -> bool {
    crate::routes::falls_under(context, "/api/v1/messages/{locale}")
}

/// Change a locale's messages
///
/// Writes many of a locale's messages at once, as a JSON merge patch of its map: a key given a
/// message is written, a key given `null` loses its text there, a key left out stays. Checked
/// whole: one key that is wrong and nothing is written. Answers with the locale's catalog.
/// Editors and admins.
#[utoipa::path(
    operation_id = "patchMessages",
    tag = "messages",
    params(("locale" = String, Path, description = "The locale, one of `GET /api/v1/locales`", example = "ru")),
    request_body = MessagesPatch,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The locale's catalog, as written", body = MessageCatalog),
        (status = 400, description = "A query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such locale", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/messages/{locale}", guard = "a_locales_messages")]
pub async fn patch(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    locale: web::Path<String>,
    _: web::Query<NoParams>,
    body: JsonBody<MessagesPatch>,
) -> Result<HttpResponse, ApiError> {
    let locales = state.locales();
    let code = writes::patch(&state.db, &locales, caller, &locale, body.into_checked()?).await?;
    let negotiated = locales.negotiate(Some(&code), &AcceptedLanguages::default())?;
    let catalog = service::catalog(&state.db, negotiated).await?;
    let etag = preconditions::content_etag(&catalog);
    Ok(responses::written(StatusCode::OK, Some(&code), &etag).json(catalog))
}

/// List the message keys
///
/// Every key of the interface's messages, with what it is for, whether it has plural forms and
/// the locales it is written in. The whole list always fits in one page.
#[utoipa::path(
    operation_id = "listMessageKeys",
    tag = "messages",
    responses(
        (status = 200, description = "Every key, alphabetically", body = MessageKeyList),
        (status = 400, description = "A query parameter was given; this endpoint takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/message-keys")]
pub async fn list_keys(
    state: web::Data<AppState>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let keys = service::keys(&state.db).await?;
    Ok(responses::depends_on(
        HttpResponse::Ok().json(keys),
        Dependencies::reference(),
    ))
}

/// Get a message key
///
/// One key: what it is for, whether it has plural forms, the locales it is written in.
#[utoipa::path(
    operation_id = "getMessageKey",
    tag = "messages",
    params(("key" = String, Path, description = "The key", example = "hours_ago")),
    responses(
        (status = 200, description = "The key", body = MessageKey),
        (status = 400, description = "Not a key's form, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/message-keys/{key}")]
pub async fn get_key(
    state: web::Data<AppState>,
    key: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let key = service::key(&state.db, &key).await?;
    Ok(responses::depends_on(
        HttpResponse::Ok().json(key),
        Dependencies::reference(),
    ))
}

/// Add or change a message key
///
/// Adds a key the interface's messages can have, or changes its description. Whether it is
/// plural changes only while it has no message, and never for a built-in key. Admins.
#[utoipa::path(
    operation_id = "putMessageKey",
    tag = "messages",
    params(("key" = String, Path, description = "The key: lowercase letters a-z, digits and underscores, parts joined by dots", example = "most_read")),
    request_body = MessageKeyBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The key was changed", body = MessageKey),
        (status = 201, description = "The key was added", body = MessageKey,
            headers(("Location" = String, description = "The key's URL"))),
        (status = 400, description = "Not a key's form, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key is not an admin's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`plural` cannot change: the key has messages, or is built in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/message-keys/{key}")]
pub async fn put_key(
    state: web::Data<AppState>,
    Admin(caller): Admin,
    key: web::Path<String>,
    _: web::Query<NoParams>,
    body: JsonBody<MessageKeyBody>,
) -> Result<HttpResponse, ApiError> {
    let (key, created) = writes::put_key(&state.db, caller, &key, body.into_checked()?).await?;
    let location = format!("/api/v1/message-keys/{}", key.key);
    Ok(responses::put(created, None, &location, &key))
}

/// Remove a message key
///
/// Removes a key with its messages in every locale. Built-in keys stay. Admins.
#[utoipa::path(
    operation_id = "deleteMessageKey",
    tag = "messages",
    params(("key" = String, Path, description = "The key", example = "most_read")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The key and its messages were removed"),
        (status = 400, description = "Not a key's form, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key is not an admin's", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The key is built in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/message-keys/{key}")]
pub async fn delete_key(
    state: web::Data<AppState>,
    Admin(caller): Admin,
    key: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    writes::delete_key(&state.db, caller, &key).await?;
    Ok(HttpResponse::NoContent().finish())
}
