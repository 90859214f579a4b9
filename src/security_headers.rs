//! The headers every answer carries for browsers' safety: no sniffing of content types, no
//! referrer sent on, a content security policy (none at all for the API's answers, which are
//! data; the Swagger UI's own files for `/docs/`), and HSTS when the server is configured to
//! be reached over HTTPS only (`--hsts-max-age`). The server names no software or version.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::state::AppState;

/// Data never runs: no script, style, frame or anything else, and no page may frame it.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Swagger UI: its scripts, styles (and the inline styles it sets), images and the document,
/// all from this server; nothing framed, nothing posted elsewhere.
const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; \
     base-uri 'none'; form-action 'self'";

/// How long browsers are told to reach this server over HTTPS only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecuritySettings {
    /// `Strict-Transport-Security: max-age=…; includeSubDomains`, in seconds; none when `None`
    /// (the server itself speaks plain HTTP: HSTS is for a deployment behind TLS).
    pub hsts_max_age: Option<u64>,
}

/// Adds the headers to every answer, errors included, unless a handler set them.
pub async fn add(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let docs = request.path().starts_with("/docs");
    let hsts = request
        .app_data::<web::Data<AppState>>()
        .and_then(|state| state.security.hsts_max_age);
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: HeaderValue| {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    };
    set(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    set(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if docs { DOCS_POLICY } else { API_POLICY }),
    );
    if let Some(seconds) = hsts
        && let Ok(value) = HeaderValue::from_str(&format!("max-age={seconds}; includeSubDomains"))
    {
        set(header::STRICT_TRANSPORT_SECURITY, value);
    }
    headers.remove(header::SERVER);
    Ok(response)
}
