//! Keyset pagination: the page size a client asks for, the opaque cursor that points into a
//! listing, and the `page` object of every list response.
//!
//! A cursor names the last item of a page by its sort key and id, so the next page starts right
//! after it whatever was published meanwhile. It is signed with a key of this database and bound
//! to the listing it came from (its filters), so an edited, forged or misplaced cursor is refused
//! rather than silently walking somewhere else.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::Id;
use crate::error::ApiError;

/// How many items a page holds: 1 to 100, 20 unless asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(u32);

impl Limit {
    pub const DEFAULT: Self = Self(20);
    pub const MAX: Self = Self(100);

    /// Parses `?limit=`; absent means the default.
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        crate::params::limit(raw, Self::DEFAULT.0, Self::MAX.0).map(Self)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// Where a page ends in a listing: the sort key and id of its last item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub key: i64,
    pub id: Id,
}

const VERSION: u8 = 1;
const SCOPE_LEN: usize = 8;
const TAG_LEN: usize = 16;
const PAYLOAD_LEN: usize = 1 + SCOPE_LEN + 8 + 16;

/// Seals positions into cursors and opens them again.
#[derive(Clone)]
pub struct Cursors {
    key: Vec<u8>,
}

impl std::fmt::Debug for Cursors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cursors { key: <secret> }")
    }
}

impl Cursors {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC accepts keys of any length")
    }

    /// The cursor for the page after `position` in `listing` (a description of the listing's
    /// filters and order, such as `articles?category=...`).
    pub fn seal(&self, listing: &str, position: Position) -> String {
        let mut token = Vec::with_capacity(PAYLOAD_LEN + TAG_LEN);
        token.push(VERSION);
        token.extend_from_slice(&scope_of(listing));
        token.extend_from_slice(&position.key.to_be_bytes());
        token.extend_from_slice(position.id.0.as_bytes());
        let tag = self.mac().chain_update(&token).finalize().into_bytes();
        token.extend_from_slice(&tag[..TAG_LEN]);
        URL_SAFE_NO_PAD.encode(token)
    }

    /// Checks a cursor given back by a client: that this API issued it, unchanged. Which
    /// listing it belongs to is checked when it is used ([`Cursor::position_in`]).
    pub fn open(&self, cursor: &str) -> Result<Cursor, ApiError> {
        let forged = || {
            ApiError::invalid_cursor(
                "`cursor` is not one this API issued: it was edited, cut short or comes from \
                 another server. Use `page.next_cursor` exactly as received, or leave `cursor` \
                 out to start from the first page.",
            )
        };
        let token = URL_SAFE_NO_PAD.decode(cursor.as_bytes()).map_err(|_| forged())?;
        if token.len() != PAYLOAD_LEN + TAG_LEN {
            return Err(forged());
        }
        let (payload, tag) = token.split_at(PAYLOAD_LEN);
        self.mac()
            .chain_update(payload)
            .verify_truncated_left(tag)
            .map_err(|_| forged())?;
        if payload[0] != VERSION {
            return Err(ApiError::invalid_cursor(
                "`cursor` comes from an older version of this API. Leave it out to start from \
                 the first page.",
            ));
        }
        let key = i64::from_be_bytes(payload[1 + SCOPE_LEN..9 + SCOPE_LEN].try_into().unwrap());
        let id = Uuid::from_slice(&payload[9 + SCOPE_LEN..]).map_err(|_| forged())?;
        Ok(Cursor {
            scope: payload[1..1 + SCOPE_LEN].try_into().unwrap(),
            position: Position { key, id: Id(id) },
        })
    }
}

/// A cursor this API issued, not yet matched to the listing it is used with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    scope: [u8; SCOPE_LEN],
    position: Position,
}

impl Cursor {
    /// The position this cursor points to in `listing`, if it was issued for that listing.
    pub fn position_in(&self, listing: &str) -> Result<Position, ApiError> {
        if self.scope != scope_of(listing) {
            return Err(ApiError::invalid_cursor(
                "`cursor` belongs to another listing: the filters or the order differ from the \
                 request that returned it. Repeat that request's filters with it, or leave it out \
                 to start from the first page.",
            ));
        }
        Ok(self.position)
    }
}

fn scope_of(listing: &str) -> [u8; SCOPE_LEN] {
    let digest = Sha256::digest(listing.as_bytes());
    digest[..SCOPE_LEN].try_into().unwrap()
}

/// Where a list response stands in its listing.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page {
    /// The page size that was applied.
    #[schema(minimum = 1, maximum = 100, example = 20)]
    pub limit: u32,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    /// How many items the whole listing holds right now.
    #[schema(minimum = 0, example = 7)]
    pub total: i64,
}

impl Page {
    /// A listing that always fits on one page.
    pub fn whole(total: usize) -> Self {
        Self {
            limit: Limit::MAX.get(),
            next_cursor: None,
            total: total as i64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursors() -> Cursors {
        Cursors::new(b"0123456789abcdef0123456789abcdef".to_vec())
    }

    #[test]
    fn a_sealed_cursor_opens_to_its_position() {
        let position = Position {
            key: 1_772_476_320_000_000_000,
            id: Id::new(),
        };
        let cursor = cursors().seal("articles", position);
        assert_eq!(
            cursors().open(&cursor).unwrap().position_in("articles").unwrap(),
            position
        );
    }

    #[test]
    fn an_edited_cursor_is_refused() {
        let cursor = cursors().seal(
            "articles",
            Position {
                key: 7,
                id: Id::new(),
            },
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        bytes[12] ^= 1;
        let edited = URL_SAFE_NO_PAD.encode(bytes);
        assert!(cursors().open(&edited).is_err());
        assert!(cursors().open("not-a-cursor!").is_err());
        let other_key = Cursors::new(b"another key of thirty-two bytes!".to_vec());
        assert!(other_key.open(&cursor).is_err());
    }

    #[test]
    fn a_cursor_of_another_listing_is_refused() {
        let cursor = cursors().seal(
            "articles?featured=true",
            Position {
                key: 7,
                id: Id::new(),
            },
        );
        let error = cursors()
            .open(&cursor)
            .unwrap()
            .position_in("articles")
            .unwrap_err();
        assert!(error.to_string().contains("another listing"), "{error}");
    }

    #[test]
    fn limit_is_bounded() {
        assert_eq!(Limit::parse(None).unwrap(), Limit::DEFAULT);
        assert_eq!(Limit::parse(Some("100")).unwrap().get(), 100);
        for bad in ["0", "101", "-1", "ten", ""] {
            assert!(Limit::parse(Some(bad)).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::{Cursors, Position};
    use crate::db::Id;

    proptest! {
        #[test]
        fn a_sealed_cursor_opens_to_its_position_in_its_listing_only(
            secret in proptest::collection::vec(any::<u8>(), 1..64),
            listing in "[a-z?=&/,-]{1,60}",
            other in "[a-z?=&/,-]{1,60}",
            key in any::<i64>(),
            id in any::<u128>(),
        ) {
            let cursors = Cursors::new(secret);
            let position = Position { key, id: Id(uuid::Uuid::from_u128(id)) };
            let cursor = cursors.seal(&listing, position);
            let opened = cursors.open(&cursor).unwrap();
            prop_assert_eq!(opened.position_in(&listing).unwrap(), position);
            if other != listing {
                prop_assert!(opened.position_in(&other).is_err());
            }
        }

        #[test]
        fn any_change_to_a_cursor_is_refused(
            key in any::<i64>(),
            at in any::<prop::sample::Index>(),
            replacement in "[A-Za-z0-9_-]",
            cut in any::<prop::sample::Index>(),
        ) {
            let cursors = Cursors::new(b"the instance's secret".to_vec());
            let cursor = cursors.seal("articles", Position { key, id: Id(uuid::Uuid::nil()) });
            let index = at.index(cursor.len());
            let mut edited = cursor.clone();
            edited.replace_range(index..index + 1, &replacement);
            if edited != cursor {
                prop_assert!(cursors.open(&edited).is_err(), "{cursor} -> {edited}");
            }
            prop_assert!(cursors.open(&cursor[..cut.index(cursor.len())]).is_err());
            // Another server's secret refuses it too.
            prop_assert!(Cursors::new(b"another".to_vec()).open(&cursor).is_err());
        }

        #[test]
        fn opening_any_text_never_panics(text in "\\PC{0,120}") {
            let _ = Cursors::new(b"k".to_vec()).open(&text);
        }
    }
}
