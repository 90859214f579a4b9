//! Response shapes shared by handlers.

use actix_web::HttpResponse;
use actix_web::http::header;
use serde::Serialize;

/// A 200 whose body depends on the negotiated locale: it names the language it is in and tells
/// caches that `Accept-Language` changes it.
pub fn localized<T: Serialize>(content_language: &str, body: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_LANGUAGE, content_language))
        .insert_header((header::VARY, "Accept-Language"))
        .json(body)
}
