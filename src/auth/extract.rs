//! The callers of the editorial API, taken from `Authorization: Bearer <key>`: [`Editor`] for
//! content writes, [`Admin`] for locales and deleting categories, and [`require`] for reads
//! that show more to a key holder (`preview=true`).

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::auth::{Caller, Role, service};
use crate::error::ApiError;
use crate::state::AppState;

/// A request made with an editor's or an admin's key.
pub struct Editor(pub Caller);

/// A request made with an admin's key.
pub struct Admin(pub Caller);

type Authenticating<T> = Pin<Box<dyn Future<Output = Result<T, actix_web::Error>>>>;

/// The key of `Authorization: Bearer <key>`; `None` when there is no such header.
pub fn presented_key(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || ApiError::invalid_key("Send the key as `Authorization: Bearer <key>`.");
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, key) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("bearer") || key.trim().is_empty() {
        return Err(malformed());
    }
    Ok(Some(key.trim().to_owned()))
}

/// Checks the request's key, if any, off the async workers, and brings its `last_used_at` up
/// to date in the background when that is due.
async fn caller(state: web::Data<AppState>, key: Option<String>) -> Result<Option<Caller>, ApiError> {
    let Some(key) = key else { return Ok(None) };
    let authenticated = state
        .db
        .read(move |connection| service::authenticate(connection, &key))
        .await?;
    if authenticated.touch_due && state.key_touches.due(authenticated.caller.key_id) {
        let key_id = authenticated.caller.key_id;
        let db = state.db.clone();
        actix_web::rt::spawn(async move {
            if let Err(error) = db
                .write(move |connection| service::touch(connection, key_id))
                .await
            {
                tracing::warn!(%error, "could not record a key's last use");
            }
        });
    }
    Ok(Some(authenticated.caller))
}

fn required(caller: Option<Caller>, role: Role) -> Result<Caller, ApiError> {
    let caller = caller.ok_or(ApiError::Unauthorized {
        detail: "This endpoint needs an API key: send `Authorization: Bearer <key>`.".to_owned(),
        invalid_token: false,
    })?;
    if caller.role < role {
        return Err(ApiError::Forbidden {
            detail: format!(
                "The key `{}` is an {} key; this needs an {} key.",
                caller.name,
                caller.role.as_str(),
                role.as_str()
            ),
        });
    }
    Ok(caller)
}

/// The caller of a request that needs at least `role`, for handlers that need a key only
/// sometimes (a read with `preview=true`).
pub async fn require(request: &HttpRequest, role: Role) -> Result<Caller, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("the app has no state"))?;
    required(caller(state, presented_key(request)?).await?, role)
}

fn authenticate<T: 'static>(
    request: &HttpRequest,
    finish: fn(Option<Caller>) -> Result<T, ApiError>,
) -> Authenticating<T> {
    let state = request.app_data::<web::Data<AppState>>().cloned();
    let key = presented_key(request);
    Box::pin(async move {
        let state = state.ok_or_else(|| ApiError::internal("the app has no state"))?;
        let caller = caller(state, key?).await?;
        Ok(finish(caller)?)
    })
}

impl FromRequest for Editor {
    type Error = actix_web::Error;
    type Future = Authenticating<Self>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        authenticate(request, |caller| required(caller, Role::Editor).map(Self))
    }
}

impl FromRequest for Admin {
    type Error = actix_web::Error;
    type Future = Authenticating<Self>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        authenticate(request, |caller| required(caller, Role::Admin).map(Self))
    }
}
