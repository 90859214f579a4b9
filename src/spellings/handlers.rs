//! HTTP handlers for spellings.

use actix_web::{HttpResponse, delete, get, put, web};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::auth::extract::Editor;
use crate::caching::Dependencies;
use crate::error::{ApiError, Problem};
use crate::json_body::JsonBody;
use crate::params::NoParams;
use crate::responses;
use crate::spellings::input::SpellingBody;
use crate::spellings::views::{Spelling, SpellingList};
use crate::spellings::{service, writes};
use crate::state::AppState;

/// List the spellings
///
/// The words that transliteration between Uzbek's Latin and Cyrillic scripts (a locale's
/// `transliterate_from`) writes as listed here rather than by its letter rules: the standard
/// list, and the publisher's words, which win over it. The whole list always fits in one page.
#[utoipa::path(
    operation_id = "listSpellings",
    tag = "spellings",
    responses(
        (status = 200, description = "All spellings, by their Cyrillic", body = SpellingList),
        (status = 400, description = "A query parameter was given; this endpoint takes none", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/spellings")]
pub async fn list(state: web::Data<AppState>, _: web::Query<NoParams>) -> Result<HttpResponse, ApiError> {
    let list = service::list(&state.db).await?;
    Ok(responses::depends_on(
        HttpResponse::Ok().json(list),
        Dependencies::reference(),
    ))
}

/// Get a spelling
///
/// One word's spelling, by the word in Cyrillic (any case).
#[utoipa::path(
    operation_id = "getSpelling",
    tag = "spellings",
    params(("word" = String, Path, description = "The word in Cyrillic", example = "концерт")),
    responses(
        (status = 200, description = "The word's spelling", body = Spelling),
        (status = 400, description = "The word is not in Cyrillic letters, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The letter rules write this word: it has no spelling of its own", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/spellings/{word}")]
pub async fn get(
    state: web::Data<AppState>,
    word: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let spelling = service::get(&state.db, &word).await?;
    Ok(responses::depends_on(
        HttpResponse::Ok().json(spelling),
        Dependencies::reference(),
    ))
}

/// Spell a word
///
/// Sets how a word is written in Latin, and read back to Cyrillic, by transliteration
/// (`дзюдо` and `dzyudo`, `Ёшлар` and `Yoshlar`), over the letter rules and the standard
/// list; endings follow it (`дзюдочи`, `dzyudochi`). Served in every transliterated read
/// from the moment it is written. Editors and admins.
#[utoipa::path(
    operation_id = "putSpelling",
    tag = "spellings",
    params(("word" = String, Path, description = "The word in Cyrillic", example = "дзюдо")),
    request_body = SpellingBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The word's spelling was changed", body = Spelling),
        (status = 201, description = "The word was given a spelling", body = Spelling,
            headers(("Location" = String, description = "The spelling's URL"))),
        (status = 400, description = "The word is not in Cyrillic letters, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/spellings/{word}")]
pub async fn put(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    word: web::Path<String>,
    _: web::Query<NoParams>,
    body: JsonBody<SpellingBody>,
) -> Result<HttpResponse, ApiError> {
    let store = state.locale_store.clone();
    let (spelling, created) = writes::put(&state.db, store, caller, &word, body.into_checked()?).await?;
    let location = format!(
        "/api/v1/spellings/{}",
        utf8_percent_encode(&spelling.cyrillic, NON_ALPHANUMERIC)
    );
    Ok(responses::put(created, None, &location, &spelling))
}

/// Remove a spelling
///
/// Removes the publisher's spelling of a word: the standard list (if it has the word) or the
/// letter rules write it from then on. Editors and admins.
#[utoipa::path(
    operation_id = "deleteSpelling",
    tag = "spellings",
    params(("word" = String, Path, description = "The word in Cyrillic", example = "дзюдо")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The spelling was removed"),
        (status = 400, description = "The word is not in Cyrillic letters, or a query parameter was given", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The publisher has no spelling of this word", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/spellings/{word}")]
pub async fn remove(
    state: web::Data<AppState>,
    Editor(caller): Editor,
    word: web::Path<String>,
    _: web::Query<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let store = state.locale_store.clone();
    writes::delete(&state.db, store, caller, &word).await?;
    Ok(HttpResponse::NoContent().finish())
}
