//! HTTP caching of public reads, in one middleware: every successful GET of the API gets a
//! strong `ETag` (a digest of its bytes), answers `If-None-Match` (and `If-Modified-Since`
//! where it sends `Last-Modified`) with 304, and, unless the handler made it private, a
//! `Cache-Control` with the ages configured for its kind of resource.

use std::fmt;
use std::str::FromStr;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

use crate::app::AppState;
use crate::compression;
use crate::preconditions;

/// How long caches may keep a response, and serve it stale while they revalidate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ages {
    pub max_age: u32,
    pub stale_while_revalidate: u32,
}

impl Ages {
    pub const fn new(max_age: u32, stale_while_revalidate: u32) -> Self {
        Self {
            max_age,
            stale_while_revalidate,
        }
    }

    fn header(self) -> String {
        format!(
            "public, max-age={}, stale-while-revalidate={}",
            self.max_age, self.stale_while_revalidate
        )
    }
}

/// `MAX_AGE,STALE` in seconds, as flags and variables give it (`60,300`).
impl FromStr for Ages {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let number = |part: &str| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{raw}`: give MAX_AGE,STALE in whole seconds, such as 60,300"))
        };
        match raw.split_once(',') {
            Some((max_age, stale)) => Ok(Self::new(number(max_age)?, number(stale)?)),
            None => Ok(Self::new(number(raw)?, 0)),
        }
    }
}

impl fmt::Display for Ages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.max_age, self.stale_while_revalidate)
    }
}

/// The ages of each kind of public response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// One article.
    pub article: Ages,
    /// Feeds, category pages, headlines, related items, translations.
    pub list: Ages,
    /// Search results.
    pub search: Ages,
    /// Locales, categories and the OpenAPI document: what changes seldom.
    pub reference: Ages,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            article: Ages::new(60, 300),
            list: Ages::new(30, 120),
            search: Ages::new(30, 60),
            reference: Ages::new(300, 3600),
        }
    }
}

impl CachePolicy {
    /// The ages for the route `pattern` (`/api/v1/articles/{article}`), or `None` for what
    /// is not the API's.
    fn ages_for(&self, pattern: &str) -> Option<Ages> {
        let route = pattern.strip_prefix("/api/v1")?;
        Some(match route {
            "/articles/{article}" => self.article,
            "/search" => self.search,
            "/articles"
            | "/headlines"
            | "/articles/{article}/related"
            | "/articles/{article}/translations" => self.list,
            _ => self.reference,
        })
    }
}

/// The middleware: see the module's documentation.
pub async fn conditional_get(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let ages = (request.method() == Method::GET)
        .then(|| {
            let policy = request.app_data::<web::Data<AppState>>()?.caching;
            policy.ages_for(&request.match_pattern()?)
        })
        .flatten();
    let if_none_match = header_text(request.headers(), &header::IF_NONE_MATCH);
    let if_modified_since = header_text(request.headers(), &header::IF_MODIFIED_SINCE);
    let response = next.call(request).await?.map_into_boxed_body();
    let Some(ages) = ages else {
        return Ok(response);
    };
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        // A streamed body (none of the API's): passed on as it is.
        Err(body) => return Ok(ServiceResponse::new(request, head.set_body(body))),
    };
    let etag = representation_tag(head.headers().get(header::ETAG), &bytes);
    let headers = head.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if !headers.contains_key(header::CACHE_CONTROL)
        && let Ok(value) = HeaderValue::from_str(&ages.header())
    {
        headers.insert(header::CACHE_CONTROL, value);
    }
    let not_modified = match &if_none_match {
        Some(tags) => matches_any(tags, &etag),
        None => if_modified_since.is_some_and(|since| unchanged_since(headers, &since)),
    };
    if not_modified {
        let mut answer = HttpResponse::NotModified();
        for (name, value) in headers.iter() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                answer.append_header((name.clone(), value.clone()));
            }
        }
        return Ok(ServiceResponse::new(request, answer.finish()));
    }
    Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(bytes))))
}

fn header_text(headers: &HeaderMap, name: &header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// A strong tag for these bytes. Where the handler tagged the resource's version (`"v3"`, for
/// `If-Match` on writes), the version stays in front (`"v3.1a2b..."`), so that the one tag
/// serves both a cache's revalidation and an editor's write.
fn representation_tag(version: Option<&HeaderValue>, bytes: &[u8]) -> String {
    let hex = preconditions::digest(bytes);
    match version
        .and_then(|value| value.to_str().ok())
        .and_then(|tag| tag.strip_suffix('"'))
    {
        Some(version) => format!("{version}.{hex}\""),
        None => format!("\"{hex}\""),
    }
}

/// `If-None-Match` compares weakly: `W/"x"` matches `"x"`; `*` matches anything.
fn matches_any(list: &str, etag: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || compression::without_coding(tag.strip_prefix("W/").unwrap_or(tag)) == etag)
}

/// Whether `Last-Modified` is no later than `If-Modified-Since`.
fn unchanged_since(headers: &HeaderMap, since: &str) -> bool {
    let parse = |text: &str| {
        text.parse::<header::HttpDate>()
            .ok()
            .map(std::time::SystemTime::from)
    };
    let last_modified = headers
        .get(header::LAST_MODIFIED)
        .and_then(|value| value.to_str().ok())
        .and_then(parse);
    matches!((last_modified, parse(since)), (Some(modified), Some(since)) if modified <= since)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_flags_give_them() {
        assert_eq!("60,300".parse::<Ages>(), Ok(Ages::new(60, 300)));
        assert_eq!(" 5 ".parse::<Ages>(), Ok(Ages::new(5, 0)));
        assert!("60,soon".parse::<Ages>().is_err());
        assert_eq!(Ages::new(60, 300).to_string(), "60,300");
    }

    #[test]
    fn a_version_tag_keeps_its_version_in_front() {
        let versioned = representation_tag(Some(&HeaderValue::from_static("\"v3\"")), b"{}");
        assert!(
            versioned.starts_with("\"v3.") && versioned.ends_with('"'),
            "{versioned}"
        );
        let plain = representation_tag(None, b"{}");
        assert_eq!(plain.len(), 18, "{plain}");
        assert_ne!(plain, representation_tag(None, b"[]"));
        assert!(matches_any(&format!("\"x\", W/{plain}"), &plain));
        assert!(matches_any("*", &plain));
        assert!(!matches_any("\"x\"", &plain));
        // The tag of a compressed copy revalidates the same bytes.
        let gzipped = format!("{}-gzip\"", plain.trim_end_matches('"'));
        assert!(matches_any(&gzipped, &plain));
    }
}
