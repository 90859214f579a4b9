//! Response shapes shared by handlers.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::Serialize;

use crate::caching::{Dependencies, Invalidation};
use crate::preconditions;

/// A 200 whose body depends on the negotiated locale: it names the language it is in and tells
/// caches that `Accept-Language` changes it.
pub fn localized<T: Serialize>(content_language: &str, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, content_language))
        .insert_header((header::VARY, "Accept-Language"))
        .json(body)
}

/// The start of a write's answer: its status, the `ETag` of what was written, the language it
/// is in (if it has one), never cached.
pub fn written(status: StatusCode, content_language: Option<&str>, etag: &str) -> HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(language) = content_language {
        response.insert_header((header::CONTENT_LANGUAGE, language));
    }
    response
}

/// The answer to a PUT that creates or replaces what `location` names: 201 with `Location`
/// when it created it, else 200; the body's `ETag` a digest of it.
pub fn put<T: Serialize>(
    created: bool,
    content_language: Option<&str>,
    location: &str,
    body: &T,
) -> HttpResponse {
    let etag = preconditions::content_etag(body);
    if !created {
        return written(StatusCode::OK, content_language, &etag).json(body);
    }
    written(StatusCode::CREATED, content_language, &etag)
        .insert_header((header::LOCATION, location))
        .json(body)
}

/// `Last-Modified`: when the content last changed (its view count aside).
pub fn set_last_modified(response: &mut HttpResponse, at: chrono::DateTime<chrono::Utc>) {
    let date = header::HttpDate::from(std::time::SystemTime::from(at));
    if let Ok(value) = header::HeaderValue::from_str(&date.to_string()) {
        response.headers_mut().insert(header::LAST_MODIFIED, value);
    }
}

pub fn set_etag(response: &mut HttpResponse, version: i32) {
    if let Ok(value) = header::HeaderValue::from_str(&preconditions::etag(version)) {
        response.headers_mut().insert(header::ETAG, value);
    }
}

/// Says what a public response shows, so that the response cache keeps it until a write
/// changes that.
pub fn depends_on(mut response: HttpResponse, dependencies: Dependencies) -> HttpResponse {
    response.extensions_mut().insert(dependencies);
    response
}

/// Says what a write changed, so that the response cache clears what showed it. A write that
/// says nothing clears everything.
pub fn invalidates(mut response: HttpResponse, invalidation: Invalidation) -> HttpResponse {
    response.extensions_mut().insert(invalidation);
    response
}

/// Marks what only a key holder may see as private to them: no shared cache keeps it.
pub fn private_if(private: bool, mut response: HttpResponse) -> HttpResponse {
    if private {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    response
}
