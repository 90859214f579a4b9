//! CORS for browsers: which origins may read the API and which may write to it, answered on
//! preflights and on every request that carries an `Origin`.
//!
//! What anyone may have is answered `Access-Control-Allow-Origin: *` whatever the origin (or
//! none), and so without `Vary: Origin`: one copy in a CDN serves the pages of every site. That
//! is every read while any origin may read, and the view beacon always. Everything else
//! (writes, and reads when the origins that may read are listed) echoes an allowed origin and
//! varies on it. actix-cors answers preflights and checks origins; [`open_answers`] gives the
//! public answers their wildcard.

use std::str::FromStr;

use actix_cors::Cors;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{RequestHead, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::ApiError;

/// A list of origins (`https://news.example.com`), or every origin (`*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origins {
    Any,
    Listed(Vec<String>),
}

impl Origins {
    fn allows(&self, origin: &HeaderValue) -> bool {
        match self {
            Self::Any => true,
            Self::Listed(origins) => origins
                .iter()
                .any(|allowed| allowed.as_bytes() == origin.as_bytes()),
        }
    }
}

/// `*`, or origins separated by commas; empty for none.
impl FromStr for Origins {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        if raw.trim() == "*" {
            return Ok(Self::Any);
        }
        let origins: Vec<String> = raw
            .split(',')
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
            .map(str::to_owned)
            .collect();
        for origin in &origins {
            let valid = (origin.starts_with("https://") || origin.starts_with("http://"))
                && !origin.trim_end_matches('/').contains(['?', '#', ' '])
                && !origin.ends_with('/');
            if !valid {
                return Err(format!(
                    "`{origin}` is not an origin: give scheme and host (and port), such as https://news.example.com"
                ));
            }
        }
        Ok(Self::Listed(origins))
    }
}

/// Who may call the API from a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsPolicy {
    /// Origins that may read (`GET`, `HEAD`): any, unless configured.
    pub read: Origins,
    /// Origins that may write (`POST`, `PUT`, `PATCH`, `DELETE`): none, unless configured.
    pub write: Origins,
}

impl Default for CorsPolicy {
    fn default() -> Self {
        Self {
            read: Origins::Any,
            write: Origins::Listed(Vec::new()),
        }
    }
}

impl CorsPolicy {
    /// The origins that may make the request `head` (or, for a preflight, the request it asks
    /// about).
    fn origins_for(&self, head: &RequestHead) -> &Origins {
        match kind(head) {
            Kind::Beacon => &Origins::Any,
            Kind::Read => &self.read,
            Kind::Write => &self.write,
        }
    }

    /// Whether any origin may make the request `head`, and so its answer is the same for all.
    fn is_open(&self, head: &RequestHead) -> bool {
        *self.origins_for(head) == Origins::Any
    }

    /// The middleware that checks origins and answers preflights. A request from an origin not
    /// allowed gets no CORS headers (the browser then refuses the answer to the page); clients
    /// that are not browsers are not affected. `Vary` is left to [`open_answers`].
    pub fn middleware(&self) -> Cors {
        let policy = self.clone();
        Cors::default()
            .allowed_origin_fn(move |origin, head| policy.origins_for(head).allows(origin))
            .allowed_methods([
                Method::GET,
                Method::HEAD,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allowed_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                header::IF_MATCH,
                header::IF_NONE_MATCH,
                header::IF_MODIFIED_SINCE,
                header::HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([
                header::ETAG,
                header::LAST_MODIFIED,
                header::CONTENT_LANGUAGE,
                header::LOCATION,
                header::RETRY_AFTER,
                header::WWW_AUTHENTICATE,
                crate::rate_limits::RATELIMIT,
                crate::rate_limits::RATELIMIT_POLICY,
                header::HeaderName::from_static("x-request-id"),
            ])
            .max_age(3600)
            .block_on_origin_mismatch(false)
            .disable_vary_header()
    }
}

/// The middleware outside [`CorsPolicy::middleware`]: an answer that any origin may have says
/// so with `*` and does not vary on the origin; any other answer varies on it (and a
/// preflight's on what it asks). A preflight from a page that may not write allows it only
/// the methods it may use, since a browser keeps that answer for the URL (an hour) and would
/// send a write there unasked; and a write that a page of such an origin sends anyway is
/// refused before it is made. A page of the server's own origin (Swagger UI) may write.
pub async fn open_answers(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(policy) = request.app_data::<web::Data<CorsPolicy>>().cloned() else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let open = policy.is_open(request.head());
    let preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let may_write = request.headers().get(header::ORIGIN).is_none_or(|origin| {
        policy.write.allows(origin) || same_authority(origin, request.connection_info().host())
    });
    if !preflight && !may_write && kind(request.head()) == Kind::Write {
        return Err(ApiError::invalid_parameter(format!(
            "`Origin`: pages of {} may not write here; the server's `--cors-write-origins` lists the origins that may.",
            request
                .headers()
                .get(header::ORIGIN)
                .and_then(|origin| origin.to_str().ok())
                .unwrap_or_default()
        ))
        .into());
    }
    let beacon = is_beacon(request.path());
    let mut response = next.call(request).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    if preflight {
        add_vary(
            headers,
            "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        );
        if !may_write && headers.contains_key(header::ACCESS_CONTROL_ALLOW_METHODS) {
            let methods = if beacon { "GET, HEAD, POST" } else { "GET, HEAD" };
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static(methods),
            );
        }
    } else if open {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    } else {
        add_vary(headers, "Origin");
    }
    Ok(response)
}

/// Whether `origin` (`https://news.example:8443`) names the host a request was sent to.
fn same_authority(origin: &HeaderValue, host: &str) -> bool {
    origin
        .to_str()
        .ok()
        .and_then(|origin| origin.split_once("://"))
        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
}

/// Adds `names` to the one `Vary` header of `headers`.
fn add_vary(headers: &mut HeaderMap, names: &str) {
    let value = match headers.get(header::VARY).and_then(|value| value.to_str().ok()) {
        Some(vary) if !vary.is_empty() => format!("{vary}, {names}"),
        _ => names.to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&value) {
        headers.insert(header::VARY, value);
    }
}

/// What a request does, as far as origins go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `GET` or `HEAD`.
    Read,
    /// The view beacon (`POST /api/v1/articles/{id}/views`), which pages on any site send.
    Beacon,
    /// Any other method.
    Write,
}

/// What the request (or, for a preflight, the request it asks about) does.
fn kind(head: &RequestHead) -> Kind {
    let method = if head.method == Method::OPTIONS {
        head.headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|value| value.to_str().ok())
            .and_then(|method| method.parse::<Method>().ok())
            .unwrap_or(Method::OPTIONS)
    } else {
        head.method.clone()
    };
    if method == Method::GET || method == Method::HEAD {
        Kind::Read
    } else if method == Method::POST && is_beacon(head.uri.path()) {
        Kind::Beacon
    } else {
        Kind::Write
    }
}

/// Whether `path` is an article's view beacon.
fn is_beacon(path: &str) -> bool {
    path.strip_prefix("/api/v1/articles/")
        .and_then(|rest| rest.strip_suffix("/views"))
        .is_some_and(|article| !article.is_empty() && !article.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_read_as_flags_give_them() {
        assert_eq!("*".parse::<Origins>(), Ok(Origins::Any));
        assert_eq!("".parse::<Origins>(), Ok(Origins::Listed(Vec::new())));
        assert_eq!(
            "https://a.example, http://localhost:3000".parse::<Origins>(),
            Ok(Origins::Listed(vec![
                "https://a.example".to_owned(),
                "http://localhost:3000".to_owned()
            ]))
        );
        assert!("a.example".parse::<Origins>().is_err());
        assert!("https://a.example/".parse::<Origins>().is_err());
    }

    #[test]
    fn only_an_articles_views_are_its_beacon() {
        assert!(is_beacon(
            "/api/v1/articles/01a22587-4e0c-711a-8ec4-c96d05456b52/views"
        ));
        assert!(!is_beacon("/api/v1/articles/views"));
        assert!(!is_beacon("/api/v1/articles//views"));
        assert!(!is_beacon("/api/v1/articles/a/b/views"));
        assert!(!is_beacon("/api/v1/articles/a/related"));
    }

    #[test]
    fn a_page_of_the_servers_own_origin_is_told_apart() {
        let origin = HeaderValue::from_static("http://127.0.0.1:8080");
        assert!(same_authority(&origin, "127.0.0.1:8080"));
        assert!(!same_authority(&origin, "127.0.0.1:8081"));
        assert!(!same_authority(
            &HeaderValue::from_static("null"),
            "127.0.0.1:8080"
        ));
    }

    #[test]
    fn vary_stays_one_header() {
        let mut headers = HeaderMap::new();
        add_vary(&mut headers, "Origin");
        assert_eq!(headers.get(header::VARY).unwrap(), "Origin");
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
        add_vary(&mut headers, "Origin");
        assert_eq!(headers.get_all(header::VARY).count(), 1);
        assert_eq!(headers.get(header::VARY).unwrap(), "Accept-Language, Origin");
    }
}
