//! HTTP caching of public reads, in one middleware: every successful GET of the API gets a
//! strong `ETag` (a digest of its bytes), answers `If-None-Match` (and `If-Modified-Since`
//! where it sends `Last-Modified`) with 304, and, unless the handler made it private, a
//! `Cache-Control` with the ages configured for its kind of resource. A public response whose
//! handler named its [`Dependencies`] (the cache tags it shows) is kept in the
//! [`ResponseStore`](crate::caching::ResponseStore) and answered from there until a write
//! changes one of them: a successful write applies the [`Invalidation`] its handler gives (of
//! everything, if the handler gives none) before its answer leaves.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::caching::{Dependencies, Invalidation, Stored};
use crate::compression::{self, Coding};
use crate::locale::AcceptedLanguages;
use crate::preconditions;
use crate::routes;
use crate::state::AppState;
use crate::xml::XmlMedia;

/// The middleware: see the module's documentation.
pub async fn conditional_get(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let ages = (request.method() == Method::GET)
        .then(|| state.as_ref()?.caching.ages_for(&routes::route_of(&request)?))
        .flatten();
    let validators = Validators::of(request.headers());
    let coding = Coding::negotiate(request.request());
    // Before the key, which depends on the locales served: a locale write from here on
    // refuses what this request computes.
    let ticket = state.as_ref().map(|state| state.responses.ticket());
    // Only what anyone may see is kept: a key holder's reads are their own.
    let kept = match (&state, ages) {
        (Some(state), Some(_))
            if state.responses.is_on() && !request.headers().contains_key(header::AUTHORIZATION) =>
        {
            Some((state, key_of(request.request(), state)))
        }
        _ => None,
    };
    // Held while this request computes an answer others wait for.
    let mut _lead = None;
    if let Some((state, key)) = &kept {
        let mut hit = state.responses.get(key);
        // A request that waited and still misses (the answer was not kept) leads or waits
        // again, rather than every waiter computing at once; a few rounds at most.
        for _ in 0..3 {
            if hit.is_some() {
                break;
            }
            _lead = state.responses.lead_or_wait(key).await;
            if _lead.is_some() {
                break;
            }
            hit = state.responses.get(key);
        }
        state.metrics.response_cache(hit.is_some());
        if let Some(stored) = hit {
            let (request, _) = request.into_parts();
            let (headers, body) = representation(&stored, coding);
            return Ok(validators.answer(request, headers, body));
        }
    }
    let is_write = !matches!(*request.method(), Method::GET | Method::OPTIONS);
    let response = next.call(request).await?.map_into_boxed_body();
    if is_write && response.status().is_success() {
        if let Some(state) = &state {
            let changed = response
                .response()
                .extensions()
                .get::<Invalidation>()
                .cloned()
                .unwrap_or_else(Invalidation::everything);
            // A write that changes what lists (and so search) show is answered once search
            // finds it, and the answers kept meanwhile are cleared after that.
            if changed.everything || changed.tags.contains(&crate::caching::CacheTag::Lists) {
                state.search.refreshed().await;
            }
            state.responses.invalidate(&changed);
            state.views.public().invalidate(&changed);
            state
                .broadcast
                .publish(crate::caching::broadcast::Kind::Write, &changed);
        }
        return Ok(response);
    }
    let Some(ages) = ages else {
        return Ok(response);
    };
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    let shows = response.response().extensions().get::<Dependencies>().cloned();
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
    let public = headers
        .get(header::CACHE_CONTROL)
        .is_some_and(|value| value.as_bytes().starts_with(b"public"));
    if let (Some((state, key)), Some(ticket), Some(shows), true) = (kept, ticket, shows, public)
        && let Some(stored) = state
            .responses
            .put(ticket, key, headers.clone(), bytes.clone(), &shows)
    {
        let (headers, body) = representation(&stored, coding);
        return Ok(validators.answer(request, headers, body));
    }
    let headers = std::mem::take(head.headers_mut());
    Ok(validators.answer(request, headers, bytes))
}

/// The headers and body of `stored` in `coding`: a body worth compressing is compressed once
/// a coding and kept compressed (`Compress`, outside, leaves an encoded body alone).
fn representation(stored: &Stored, coding: Option<Coding>) -> (HeaderMap, Bytes) {
    let mut headers = stored.headers.clone();
    if stored.body.len() as u64 >= compression::MIN_COMPRESSED_BYTES {
        // One `Vary` value: the CORS middleware, outside, keeps only the first.
        let vary = match headers.get(header::VARY).and_then(|value| value.to_str().ok()) {
            Some(vary) => format!("{vary}, Accept-Encoding"),
            None => "Accept-Encoding".to_owned(),
        };
        if let Ok(value) = HeaderValue::from_str(&vary) {
            headers.insert(header::VARY, value);
        }
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, coding.header_value());
            return (headers, stored.encoded(coding).clone());
        }
    }
    (headers, stored.body.clone())
}

/// Where a response is kept: method and path with query (as sent: the same URL is the same
/// key), the media type an XML answer is negotiated to, and the locale `Accept-Language`
/// negotiates to, so that the many ways browsers write
/// that header share the few entries of the locales served.
fn key_of(request: &HttpRequest, state: &AppState) -> String {
    let locale = if request.headers().contains_key(header::ACCEPT_LANGUAGE) {
        let accepted = AcceptedLanguages::of(request);
        state
            .locales()
            .negotiate(None, &accepted)
            .map(|negotiated| negotiated.locale().to_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    // An XML answer comes in the media type `Accept` prefers (the same for the many ways of
    // asking for it).
    let media = if request.path().ends_with(".xml") {
        XmlMedia::negotiate(request).key()
    } else {
        ""
    };
    format!(
        "{} {}?{} {locale} {media}",
        request.method(),
        request.path(),
        request.query_string()
    )
}

/// The conditional headers of a GET.
struct Validators {
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

impl Validators {
    fn of(headers: &HeaderMap) -> Self {
        Self {
            if_none_match: header_text(headers, &header::IF_NONE_MATCH),
            if_modified_since: header_text(headers, &header::IF_MODIFIED_SINCE),
        }
    }

    /// A 200 with `body`, or a 304 without it when the client's copy is current.
    fn answer(&self, request: HttpRequest, headers: HeaderMap, body: Bytes) -> ServiceResponse<BoxBody> {
        let etag = headers
            .get(header::ETAG)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let not_modified = match &self.if_none_match {
            Some(tags) => matches_any(tags, etag),
            None => self
                .if_modified_since
                .as_ref()
                .is_some_and(|since| unchanged_since(&headers, since)),
        };
        let mut response = if not_modified {
            HttpResponse::NotModified().finish()
        } else {
            HttpResponse::with_body(StatusCode::OK, BoxBody::new(body))
        };
        let kept = response.headers_mut();
        for (name, value) in &headers {
            let content = [
                header::CONTENT_TYPE,
                header::CONTENT_LENGTH,
                header::CONTENT_ENCODING,
            ];
            if !not_modified || !content.contains(name) {
                kept.append(name.clone(), value.clone());
            }
        }
        ServiceResponse::new(request, response)
    }
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
