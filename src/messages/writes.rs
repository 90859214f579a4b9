//! The rules of writing messages and their keys: a message is written for a key that exists,
//! in a locale that is served, in the shape the key takes (one string, or exactly the plural
//! forms the locale's CLDR rules use); a locale's patch is checked whole before any of it is
//! written. Built-in keys (relative times) stay, with their shape.

use crate::audit::{self, Action};
use crate::auth::Caller;
use crate::checks::{Checked, Checks};
use crate::db::DbConnection;
use crate::db::{self, Database};
use crate::error::{ApiError, FieldError, FieldFault};
use crate::locale::LocaleCatalog;
use crate::messages::input::{MessageBody, MessageKeyBody, MessagesPatch};
use crate::messages::queries::{self, KeyRow};
use crate::messages::service::{self, key_of_path};
use crate::messages::value::MessageValue;
use crate::messages::views::{Message, MessageKey};
use crate::messages::{plurals, relative_time};

/// What is wrong with `value` as the message of `key` in `locale`, reported at `field`.
fn check_value(checks: &mut Checks, field: &str, key: &KeyRow, locale: &str, value: &MessageValue) {
    let forms = plurals::categories(locale);
    let listed = forms
        .iter()
        .map(|form| format!("`{form}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match (value, key.plural) {
        (MessageValue::Text(_), true) => checks.fail(
            field,
            format!(
                "`{}` has forms by number: give an object with the forms {locale} uses, {listed}",
                key.key
            ),
        ),
        (MessageValue::Forms(_), false) => checks.fail(
            field,
            format!("`{}` has no forms by number: give one string", key.key),
        ),
        (MessageValue::Text(_), false) => {}
        (MessageValue::Forms(given), true) => {
            let given = given.given();
            for (form, _) in &given {
                if !forms.contains(form) {
                    checks.fail(
                        format!("{field}.{form}"),
                        format!("{locale} has no `{form}` form; its forms are {listed}"),
                    );
                }
            }
            for form in &forms {
                if !given.iter().any(|(name, _)| name == form) {
                    checks.push(FieldError::of(
                        FieldFault::Missing,
                        format!("{field}.{form}"),
                        format!("is required: {locale} uses the forms {listed}"),
                    ));
                }
            }
        }
    }
}

fn stored(value: &MessageValue) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(ApiError::internal)
}

/// The message as written in `locale`, read back inside its write.
fn written(connection: &mut DbConnection, key: &KeyRow, locale: &str) -> Result<Message, ApiError> {
    let row = queries::find(connection, locale, &key.key)?
        .ok_or_else(|| ApiError::internal("a message vanished inside its write"))?;
    Ok(Message {
        key: key.key.clone(),
        locale: locale.to_owned(),
        value: service::parse(&row)?,
        plural: key.plural,
        is_fallback: false,
        transliterated_from: None,
        updated_at: row.updated_at.and_utc(),
    })
}

/// Writes `key`'s message in `locale`; `true` when it had none there.
pub async fn put(
    db: &Database,
    locales: &LocaleCatalog,
    caller: Caller,
    locale: &str,
    key: &str,
    body: Checked<MessageBody>,
) -> Result<(Message, bool), ApiError> {
    let locale = service::locale_of_path(locales, locale)?;
    let key = key_of_path(key)?.to_owned();
    let body = body.checks.finish(body.value)?;
    let write = move |connection: &mut DbConnection| {
        let found = queries::find_key(connection, &key)?.ok_or_else(|| service::no_key(&key))?;
        let mut checks = Checks::new();
        check_value(&mut checks, "value", &found, &locale, &body.value);
        checks.finish(Some(()))?;
        let created = queries::put(connection, &locale, &key, &stored(&body.value)?, db::now())?;
        let action = if created { Action::Create } else { Action::Update };
        audit::record(connection, &caller, action, "message", &format!("{locale}/{key}"))?;
        Ok((written(connection, &found, &locale)?, created))
    };
    db.write(write).await
}

/// Removes `key`'s message in `locale`: its fallback is served from then on.
pub async fn delete(
    db: &Database,
    locales: &LocaleCatalog,
    caller: Caller,
    locale: &str,
    key: &str,
) -> Result<(), ApiError> {
    let locale = service::locale_of_path(locales, locale)?;
    let key = key_of_path(key)?.to_owned();
    db.write(move |connection| {
        if !queries::delete(connection, &locale, &key)? {
            return Err(match queries::find_key(connection, &key)? {
                None => service::no_key(&key),
                Some(_) => ApiError::not_found(format!("`{key}` has no message written in {locale}.")),
            });
        }
        audit::record(
            connection,
            &caller,
            Action::Delete,
            "message",
            &format!("{locale}/{key}"),
        )?;
        Ok(())
    })
    .await
}

/// Applies a merge patch to `locale`'s messages, all of it or none: a key given a message is
/// written, one given `null` loses its message there.
pub async fn patch(
    db: &Database,
    locales: &LocaleCatalog,
    caller: Caller,
    locale: &str,
    body: Checked<MessagesPatch>,
) -> Result<String, ApiError> {
    let locale = service::locale_of_path(locales, locale)?;
    let body = body.checks.finish(body.value)?;
    let code = locale.clone();
    db.write(move |connection| {
        let keys = queries::keys(connection)?;
        let mut checks = Checks::new();
        let mut changes = Vec::new();
        for (name, value) in &body.0 {
            let Some(key) = keys.iter().find(|key| key.key == *name) else {
                checks.fail(
                    name.clone(),
                    "is not a message key; GET /api/v1/message-keys lists them, and an admin adds one",
                );
                continue;
            };
            if let Some(value) = value {
                check_value(&mut checks, name, key, &locale, value);
            }
            changes.push((name, value));
        }
        checks.finish(Some(()))?;
        let now = db::now();
        for (key, value) in changes {
            let target = format!("{locale}/{key}");
            match value {
                Some(value) => {
                    let created = queries::put(connection, &locale, key, &stored(value)?, now)?;
                    let action = if created { Action::Create } else { Action::Update };
                    audit::record(connection, &caller, action, "message", &target)?;
                }
                None => {
                    if queries::delete(connection, &locale, key)? {
                        audit::record(connection, &caller, Action::Delete, "message", &target)?;
                    }
                }
            }
        }
        Ok(())
    })
    .await?;
    Ok(code)
}

/// Adds a key, or changes its description; `true` when it is new. Whether it is plural
/// changes only while it has no message, and never for a built-in key.
pub async fn put_key(
    db: &Database,
    caller: Caller,
    key: &str,
    body: Checked<MessageKeyBody>,
) -> Result<(MessageKey, bool), ApiError> {
    let key = key_of_path(key)?.to_owned();
    let body = body.checks.finish(body.value)?;
    db.write(move |connection| {
        if let Some(existing) = queries::find_key(connection, &key)?
            && existing.plural != body.plural
        {
            if relative_time::is_built_in(&key) {
                return Err(ApiError::conflict(format!(
                    "`{key}` is built in (relative times are written with it): its `plural` stays {}.",
                    existing.plural
                )));
            }
            let written: Vec<String> = queries::of_key(connection, &key)?
                .into_iter()
                .map(|message| message.locale)
                .collect();
            if !written.is_empty() {
                return Err(ApiError::conflict(format!(
                    "`{key}` has messages in {}: remove them (DELETE /api/v1/messages/{{locale}}/{key}) \
                     before changing `plural`.",
                    written.join(", ")
                )));
            }
        }
        let created = queries::put_key(connection, &key, body.description.trim(), body.plural, db::now())?;
        let action = if created { Action::Create } else { Action::Update };
        audit::record(connection, &caller, action, "message_key", &key)?;
        let view = service::key_with_locales(connection, &key)?
            .ok_or_else(|| ApiError::internal("a message key vanished inside its write"))?;
        Ok((view, created))
    })
    .await
}

/// Removes a key with its messages in every locale; built-in keys stay.
pub async fn delete_key(db: &Database, caller: Caller, key: &str) -> Result<(), ApiError> {
    let key = key_of_path(key)?.to_owned();
    if relative_time::is_built_in(&key) {
        return Err(ApiError::conflict(format!(
            "`{key}` is built in (relative times are written with it) and stays; its messages can \
             be rewritten with PUT /api/v1/messages/{{locale}}/{key}."
        )));
    }
    db.write(move |connection| {
        if !queries::delete_key(connection, &key)? {
            return Err(service::no_key(&key));
        }
        audit::record(connection, &caller, Action::Delete, "message_key", &key)?;
        Ok(())
    })
    .await
}
