//! API keys and roles: who may write. Keys are made and revoked from the command line
//! (`newsroom keys ...`) and presented as `Authorization: Bearer <key>`.

pub mod extract;
pub mod keys;
pub mod queries;
pub mod service;

use crate::db::Id;

/// What a key may do. An admin may do everything an editor may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Writes content: articles, their translations, categories.
    Editor,
    /// Also manages locales and deletes categories.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "editor" => Some(Self::Editor),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// The key a request was made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub key_id: Id,
    pub name: String,
    pub role: Role,
}
