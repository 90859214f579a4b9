//! Making, listing, revoking and checking API keys.

use chrono::{NaiveDateTime, TimeDelta};

use crate::auth::queries::{self, KeyRow, NewKeyRow};
use crate::auth::{Caller, Role, keys};
use crate::db::DbConnection;
use crate::db::{self, Database, Id};
use crate::error::ApiError;

/// A key as `newsroom keys list` shows it: never the key itself.
#[derive(Debug)]
pub struct KeySummary {
    pub name: String,
    pub role: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Why a key can't be made.
#[derive(Debug, thiserror::Error)]
pub enum CreateKeyError {
    #[error("a live key is already named `{0}`; revoke it first or pick another name")]
    NameTaken(String),
    #[error("a key's name is 1 to 100 characters")]
    BadName,
    #[error("no randomness from the operating system: {0}")]
    Randomness(getrandom::Error),
    #[error(transparent)]
    Storage(#[from] ApiError),
}

/// Makes a key named `name` with `role`; returns the key itself, which is not stored.
pub fn create(db: &Database, name: &str, role: Role) -> Result<String, CreateKeyError> {
    if name.trim().is_empty() || name.chars().count() > 100 {
        return Err(CreateKeyError::BadName);
    }
    let key = keys::generate().map_err(CreateKeyError::Randomness)?;
    db.write_blocking(|connection| {
        if queries::live_name_taken(connection, name)? {
            return Ok(Err(CreateKeyError::NameTaken(name.to_owned())));
        }
        queries::insert(
            connection,
            &NewKeyRow {
                id: Id::new(),
                name,
                role: role.as_str(),
                prefix: &key.prefix,
                secret_hash: &key.hash,
                created_at: db::now(),
            },
        )?;
        Ok(Ok(()))
    })??;
    Ok(key.plaintext)
}

pub fn list(db: &Database) -> Result<Vec<KeySummary>, ApiError> {
    let rows = db.read_blocking(|connection| Ok(queries::all(connection)?))?;
    Ok(rows
        .into_iter()
        .map(|row| KeySummary {
            name: row.name,
            role: row.role,
            prefix: row.prefix,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            revoked_at: row.revoked_at,
        })
        .collect())
}

/// Revokes the live key named `name`; `false` when there is none.
pub fn revoke(db: &Database, name: &str) -> Result<bool, ApiError> {
    db.write_blocking(|connection| Ok(queries::revoke(connection, name, db::now())? > 0))
}

/// How often `last_used_at` is brought up to date: often enough to tell a key in use from an
/// idle one, rarely enough that reads with a key don't each become a write.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// When this server last recorded each key's use, in memory: a key many requests use at once
/// is written once a minute, not once for every request that read an old `last_used_at`.
#[derive(Debug, Default)]
pub struct Touches {
    last: std::sync::Mutex<std::collections::HashMap<Id, std::time::Instant>>,
}

impl Touches {
    /// Whether `key`'s use is due to be recorded now; if so, it counts as recorded.
    pub fn due(&self, key: Id) -> bool {
        let every = TOUCH_EVERY.to_std().unwrap_or_default();
        let now = std::time::Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match last.get(&key) {
            Some(at) if now.duration_since(*at) < every => false,
            _ => {
                last.insert(key, now);
                true
            }
        }
    }
}

/// A key that was recognised, and whether its `last_used_at` is due to be brought up to date.
pub struct Authenticated {
    pub caller: Caller,
    pub touch_due: bool,
}

/// Checks a presented key.
pub fn authenticate(connection: &mut DbConnection, presented: &str) -> Result<Authenticated, ApiError> {
    let unknown = || ApiError::invalid_key("The API key is not one this server issued.");
    let prefix = keys::prefix_of(presented).ok_or_else(unknown)?;
    let row: KeyRow = queries::find_by_prefix(connection, prefix)?.ok_or_else(unknown)?;
    if !keys::matches(presented, &row.secret_hash) {
        return Err(unknown());
    }
    if row.revoked_at.is_some() {
        return Err(ApiError::invalid_key(
            "The API key was revoked. Ask an admin for a new one.",
        ));
    }
    let role = Role::parse(&row.role)
        .ok_or_else(|| ApiError::internal(format!("key {} has an unknown role", row.id)))?;
    let touch_due = row.last_used_at.is_none_or(|at| db::now() - at >= TOUCH_EVERY);
    Ok(Authenticated {
        caller: Caller {
            key_id: row.id,
            name: row.name,
            role,
        },
        touch_due,
    })
}

/// Records that the key was used now.
pub fn touch(connection: &mut DbConnection, key_id: Id) -> Result<(), ApiError> {
    Ok(queries::touch(connection, key_id, db::now())?)
}
