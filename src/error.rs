//! The one error type of the API, and the one place it becomes an HTTP response: an RFC 9457
//! `application/problem+json` body that tells the client what to change.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::StorageFault;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The realm named in `WWW-Authenticate`.
const REALM: &str = "newsroom";

/// Everything that can go wrong while answering a request.
///
/// Modules return `Result<T, ApiError>` and build errors with the small constructors below;
/// only [`ApiError::error_response`] decides the status code and the body.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    NotFound { detail: String },
    #[error("{detail}")]
    BadRequest { kind: BadRequestKind, detail: String },
    /// The path exists, but not with this method; `allowed` are the ones it takes.
    #[error("method not allowed")]
    MethodNotAllowed { allowed: Vec<String> },
    #[error("unknown locale `{requested}`")]
    UnknownLocale {
        requested: String,
        supported: Vec<String>,
    },
    /// No key, or one that is malformed, unknown or revoked (`invalid_token`).
    #[error("{detail}")]
    Unauthorized { detail: String, invalid_token: bool },
    /// A valid key whose role does not allow this.
    #[error("{detail}")]
    Forbidden { detail: String },
    /// The request body is well-formed JSON but its content is not acceptable.
    #[error("the request has {} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// The request clashes with what is stored (a slug taken, a category in use).
    #[error("{detail}")]
    Conflict { detail: String },
    /// `If-Match` names a version that is no longer current.
    #[error("{detail}")]
    PreconditionFailed { detail: String },
    /// The client took longer than allowed to send its request's body.
    #[error("the request body was not sent within {seconds} s")]
    RequestTimeout { seconds: f64 },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("{detail}")]
    UnsupportedMediaType { detail: String },
    /// A read took longer than the server's time budget for one.
    #[error("the read ran out of time")]
    OverBudget,
    /// The client made more requests of a kind than its rate limit allows.
    #[error("rate limit of {kind} reached")]
    TooManyRequests {
        kind: &'static str,
        limit: u32,
        window: u64,
        retry_after: u64,
    },
    /// The server can't serve yet (its readiness probe failed): what failed.
    #[error("{detail}")]
    NotReady { detail: String },
    /// The database's storage refuses writes (full, read-only, failing, unreachable): nothing
    /// was stored, and a retry after a while may succeed.
    #[error("{}", .0.as_str())]
    StorageUnavailable(crate::db::StorageFault),
    /// The database could not be reached in time (pool exhausted or busy): worth a retry.
    #[error("the database is busy")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A fault on our side. Its cause is logged, never sent.
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Which part of a request was wrong, for the problem's `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRequestKind {
    /// A query parameter or header is unknown or malformed, or its value is not one it takes.
    InvalidParameter,
    /// A pagination cursor was edited, forged, or belongs to another listing.
    InvalidCursor,
    /// The request body is not JSON.
    MalformedJson,
}

/// One field of a request body that is not acceptable, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"field": "translations.ru.title", "message": "must not be empty"}))]
pub struct FieldError {
    /// Where the field is, as dotted path (`translations.ru.title`); empty for the body itself.
    pub field: String,
    pub message: String,
    /// What kind of fault it is, for the code that reads it; not sent.
    #[serde(skip)]
    pub fault: FieldFault,
}

/// What kind of fault a [`FieldError`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FieldFault {
    /// The value is not acceptable.
    #[default]
    Invalid,
    /// The field is required and missing.
    Missing,
    /// The body has a field its object does not.
    Unknown,
}

impl FieldError {
    /// A value that is not acceptable.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::of(FieldFault::Invalid, field, message)
    }

    pub fn of(fault: FieldFault, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            fault,
        }
    }
}

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::NotFound {
            detail: detail.into(),
        }
    }

    pub fn invalid_parameter(detail: impl Into<String>) -> Self {
        Self::BadRequest {
            kind: BadRequestKind::InvalidParameter,
            detail: detail.into(),
        }
    }

    pub fn invalid_cursor(detail: impl Into<String>) -> Self {
        Self::BadRequest {
            kind: BadRequestKind::InvalidCursor,
            detail: detail.into(),
        }
    }

    pub fn malformed_json(detail: impl Into<String>) -> Self {
        Self::BadRequest {
            kind: BadRequestKind::MalformedJson,
            detail: detail.into(),
        }
    }

    /// A key was presented but is not one that works.
    pub fn invalid_key(detail: impl Into<String>) -> Self {
        Self::Unauthorized {
            detail: detail.into(),
            invalid_token: true,
        }
    }

    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::Conflict {
            detail: detail.into(),
        }
    }

    pub fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(cause.into())
    }

    /// The problem document sent for this error.
    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let mut problem = Problem::new(status, "", "", String::new());
        let (slug, title, detail) = match self {
            Self::NotFound { detail } => ("not-found", "Not found", detail.clone()),
            Self::BadRequest { kind, detail } => {
                let (slug, title) = match kind {
                    BadRequestKind::InvalidParameter => ("invalid-parameter", "Invalid parameter"),
                    BadRequestKind::InvalidCursor => ("invalid-cursor", "Invalid cursor"),
                    BadRequestKind::MalformedJson => ("malformed-json", "Malformed JSON"),
                };
                (slug, title, detail.clone())
            }
            Self::MethodNotAllowed { allowed } => (
                "method-not-allowed",
                "Method not allowed",
                format!("This path takes only {}.", allowed.join(", ")),
            ),
            Self::UnknownLocale { requested, supported } => {
                problem.supported_locales = Some(supported.clone());
                (
                    "unknown-locale",
                    "Unknown locale",
                    format!(
                        "The locale `{requested}` is not served here. Use one of: {}.",
                        supported.join(", ")
                    ),
                )
            }
            Self::Unauthorized { detail, .. } => ("unauthorized", "Unauthorized", detail.clone()),
            Self::Forbidden { detail } => ("forbidden", "Forbidden", detail.clone()),
            Self::Validation(errors) => {
                problem.errors = Some(errors.clone());
                (
                    "validation",
                    "Invalid request body",
                    format!(
                        "{} field(s) of the request body are not acceptable; `errors` lists each one. \
                         Nothing was changed.",
                        errors.len()
                    ),
                )
            }
            Self::Conflict { detail } => ("conflict", "Conflict", detail.clone()),
            Self::PreconditionFailed { detail } => {
                ("precondition-failed", "Precondition failed", detail.clone())
            }
            Self::RequestTimeout { seconds } => (
                "request-timeout",
                "Request timeout",
                format!(
                    "The request body did not arrive within the {seconds} s this server waits for it. \
                     Nothing was changed; send it again, whole."
                ),
            ),
            Self::PayloadTooLarge { limit } => (
                "payload-too-large",
                "Request body too large",
                format!("The request body is larger than the {limit} bytes this server accepts."),
            ),
            Self::UnsupportedMediaType { detail } => {
                ("unsupported-media-type", "Unsupported media type", detail.clone())
            }
            Self::NotReady { detail } => ("not-ready", "Not ready", detail.clone()),
            Self::OverBudget => (
                "over-budget",
                "Out of time",
                "The server could not answer this read within the time it gives one, being busy. \
                 Retry after `Retry-After` seconds."
                    .to_owned(),
            ),
            Self::TooManyRequests {
                kind,
                limit,
                window,
                retry_after,
            } => (
                "too-many-requests",
                "Too many requests",
                format!(
                    "This client made more than the {limit} requests of the kind `{kind}` this server \
                     takes in {window} s. Retry after {retry_after} s (`Retry-After`); `RateLimit` \
                     says how many remain."
                ),
            ),
            Self::StorageUnavailable(fault) => (
                "storage-unavailable",
                "Storage unavailable",
                fault.detail().to_owned(),
            ),
            Self::Unavailable(_) => (
                "unavailable",
                "Service unavailable",
                "The database is busy. Retry the request in a moment.".to_owned(),
            ),
            Self::Internal(_) => (
                "internal",
                "Internal server error",
                "The server failed to answer this request. The fault is logged on our side.".to_owned(),
            ),
        };
        problem.problem_type = format!("/problems/{slug}");
        problem.title = title.to_owned();
        problem.detail = shorten_quoted(&detail);
        problem
    }
}

/// The longest a value of the request is quoted back in a problem's detail, in characters.
const QUOTED_CHARS: usize = 100;

/// `detail` with each value it quotes (between backticks) cut to [`QUOTED_CHARS`]: a 10 KB
/// locale or slug is named, not sent back whole.
fn shorten_quoted(detail: &str) -> String {
    detail
        .split('`')
        .enumerate()
        .map(|(n, part)| match part.char_indices().nth(QUOTED_CHARS) {
            Some((cut, _)) if n % 2 == 1 => format!("{}…", &part[..cut]),
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "/problems/unknown-locale",
    "title": "Unknown locale",
    "status": 400,
    "detail": "The locale `fr` is not served here. Use one of: en, ru, uz, uz-Cyrl.",
    "supported_locales": ["en", "ru", "uz", "uz-Cyrl"]
}))]
pub struct Problem {
    /// Identifies the kind of problem; stable, so clients can branch on it.
    #[serde(rename = "type")]
    #[schema(format = "uri-reference")]
    pub problem_type: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, and what to change.
    pub detail: String,
    /// For an unknown locale: the locales that are served.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub supported_locales: Option<Vec<String>>,
    /// For an invalid request body: every field that is not acceptable.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub errors: Option<Vec<FieldError>>,
}

impl Problem {
    fn new(status: StatusCode, slug: &str, title: &str, detail: String) -> Self {
        Self {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            supported_locales: None,
            errors: None,
        }
    }
}

/// The problem document for an error that actix raised itself, where only the status is known.
pub fn problem_for_status(status: StatusCode) -> Problem {
    match status {
        StatusCode::NOT_FOUND => ApiError::not_found("No endpoint answers at this path.").problem(),
        status if status.is_server_error() => Problem {
            status: status.as_u16(),
            ..ApiError::internal("raised by the framework").problem()
        },
        status => Problem::new(
            status,
            "http-error",
            status.canonical_reason().unwrap_or("Error"),
            "The request could not be answered as it was sent.".to_owned(),
        ),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound { .. } => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest { .. } | Self::UnknownLocale { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) | Self::NotReady { .. } | Self::StorageUnavailable(_) | Self::OverBudget => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(error = %cause, source = ?cause, "request failed"),
            Self::Unavailable(cause) => tracing::warn!(error = %cause, "database unavailable"),
            Self::StorageUnavailable(fault) => tracing::warn!(fault = fault.as_str(), "write refused"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        match self {
            Self::Unavailable(_) | Self::NotReady { .. } | Self::OverBudget => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
            }
            Self::TooManyRequests { retry_after, .. } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            // Storage comes back in minutes (space freed, a server restarted), not at once.
            Self::StorageUnavailable(_) => {
                response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("10")));
            }
            Self::MethodNotAllowed { allowed } => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            // The rest of the body may still be on its way: the connection can't be reused.
            Self::RequestTimeout { .. } => {
                response.insert_header((header::CONNECTION, HeaderValue::from_static("close")));
            }
            // RFC 6750: say how to authenticate, and whether the key given was the trouble.
            Self::Unauthorized { invalid_token, .. } => {
                let challenge = if *invalid_token {
                    format!("Bearer realm=\"{REALM}\", error=\"invalid_token\"")
                } else {
                    format!("Bearer realm=\"{REALM}\"")
                };
                response.insert_header((header::WWW_AUTHENTICATE, challenge));
            }
            Self::Forbidden { .. } => {
                response.insert_header((
                    header::WWW_AUTHENTICATE,
                    format!("Bearer realm=\"{REALM}\", error=\"insufficient_scope\""),
                ));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => Self::not_found("The requested resource does not exist."),
            diesel::result::Error::DatabaseError(_, ref info) if is_busy(info.message()) => {
                Self::Unavailable(Box::new(error))
            }
            // PostgreSQL's text can't hold U+0000, which SQLite's can: refused as input.
            diesel::result::Error::DatabaseError(_, ref info)
                if info.message().contains("invalid byte sequence") && info.message().contains("0x00") =>
            {
                Self::invalid_parameter(
                    "Text may not contain the NUL character (U+0000, `%00` in a URL); remove it.",
                )
            }
            // A PostgreSQL server that went away, or restarted: the next try gets a new
            // connection.
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::ClosedConnection, _) => {
                Self::StorageUnavailable(StorageFault::Unreachable)
            }
            diesel::result::Error::DatabaseError(_, ref info)
                if let Some(fault) = StorageFault::of_message(info.message()) =>
            {
                Self::StorageUnavailable(fault)
            }
            other => Self::internal(other),
        }
    }
}

/// SQLite's `SQLITE_BUSY` and `SQLITE_LOCKED`, which Diesel reports by their message only.
fn is_busy(message: &str) -> bool {
    message.contains("database is locked")
        || message.contains("database table is locked")
        || message.contains("database is busy")
}

/// No connection in time: the pool was busy, or (as its last error says) the database is not
/// there.
impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        match StorageFault::of_message(&error.to_string()) {
            Some(fault) => Self::StorageUnavailable(fault),
            None => Self::Unavailable(Box::new(error)),
        }
    }
}

/// A connection that could not be opened or set up.
impl From<diesel::r2d2::Error> for ApiError {
    fn from(error: diesel::r2d2::Error) -> Self {
        match error {
            diesel::r2d2::Error::ConnectionError(error) => {
                let message = error.to_string();
                Self::StorageUnavailable(
                    StorageFault::of_message(&message).unwrap_or(StorageFault::Unreachable),
                )
            }
            diesel::r2d2::Error::QueryError(error) => error.into(),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_quoted_back_cut_short() {
        let long = "a".repeat(10_000);
        let problem = ApiError::UnknownLocale {
            requested: long.clone(),
            supported: vec!["en".to_owned()],
        }
        .problem();
        assert!(problem.detail.len() < 300, "{}", problem.detail.len());
        assert!(problem.detail.contains(&format!("`{}…`", &long[..100])));
        assert!(problem.detail.ends_with("Use one of: en."));
        assert_eq!(
            shorten_quoted("`short` and `Кириллица`"),
            "`short` and `Кириллица`"
        );
    }
}
