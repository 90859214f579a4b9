//! CORS for browsers: which origins may read the API and which may write to it, answered on
//! preflights and on every request that carries an `Origin`.

use std::str::FromStr;

use actix_cors::Cors;
use actix_web::dev::RequestHead;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};

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
    /// The middleware. A request from an origin not allowed gets no CORS headers (the browser
    /// then refuses the answer to the page); clients that are not browsers are not affected.
    pub fn middleware(&self) -> Cors {
        let policy = self.clone();
        Cors::default()
            .allowed_origin_fn(move |origin, head| {
                let origins = if is_read(head) {
                    &policy.read
                } else {
                    &policy.write
                };
                origins.allows(origin)
            })
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
                header::HeaderName::from_static("x-request-id"),
            ])
            .max_age(3600)
            .block_on_origin_mismatch(false)
    }
}

/// Whether the request (or, for a preflight, the request it asks about) only reads.
fn is_read(head: &RequestHead) -> bool {
    let method = if head.method == Method::OPTIONS {
        head.headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|value| value.to_str().ok())
            .and_then(|method| method.parse::<Method>().ok())
            .unwrap_or(Method::OPTIONS)
    } else {
        head.method.clone()
    };
    method == Method::GET || method == Method::HEAD
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
}
