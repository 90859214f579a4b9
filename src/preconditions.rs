//! Optimistic concurrency: an editable resource's `ETag` names its version, and a write that
//! sends `If-Match` with an older one is refused with 412, changing nothing.

use actix_web::HttpRequest;
use actix_web::http::header;

use crate::error::ApiError;

/// A representation and the version of what it shows, for `ETag` and `If-Match`.
#[derive(Debug)]
pub struct Versioned<T> {
    pub value: T,
    pub version: i32,
}

/// The `ETag` of version `version` of an editable resource.
pub fn etag(version: i32) -> String {
    format!("\"v{version}\"")
}

/// The `ETag` of a resource that keeps no version: a digest of its representation.
pub fn content_etag(representation: &impl serde::Serialize) -> String {
    let bytes = serde_json::to_vec(representation).unwrap_or_default();
    format!("\"c{}\"", digest(&bytes))
}

/// 16 hex digits of the SHA-256 of `bytes`: what tells one representation from another.
pub fn digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What `If-Match` asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IfMatch {
    /// `If-Match: *`: any current version will do.
    any: bool,
    /// The entity tags listed, as sent.
    tags: Vec<String>,
}

impl IfMatch {
    /// Reads `If-Match`; `None` when the request has none. A value that is neither `*` nor a
    /// list of entity tags (`"v3"`, `W/"v3"`) is refused: a client that sends one has a bug
    /// that a silent 412 would hide.
    pub fn from_request(request: &HttpRequest) -> Result<Option<Self>, ApiError> {
        let mut found = None::<Self>;
        for value in request.headers().get_all(header::IF_MATCH) {
            let condition = found.get_or_insert_with(Self::default);
            let value = value.to_str().map_err(|_| malformed_if_match())?;
            condition.read(value).ok_or_else(malformed_if_match)?;
        }
        Ok(found)
    }

    /// Adds the tags of one `If-Match` line: `*`, or entity tags separated by commas (which
    /// may appear inside a tag). `None` when the line is not that.
    fn read(&mut self, line: &str) -> Option<()> {
        let line = line.trim_matches(is_space);
        if line == "*" {
            self.any = true;
            return Some(());
        }
        let mut rest = line;
        loop {
            let after_weak = rest.strip_prefix("W/").unwrap_or(rest);
            let opaque = after_weak.strip_prefix('"')?;
            let end = opaque.find('"')?;
            if !opaque[..end].chars().all(is_etag_char) {
                return None;
            }
            let tag_length = rest.len() - opaque.len() + end + 1;
            self.tags.push(rest[..tag_length].to_owned());
            rest = rest[tag_length..].trim_start_matches(is_space);
            if rest.is_empty() {
                return Some(());
            }
            rest = rest.strip_prefix(',')?.trim_start_matches(is_space);
        }
    }

    /// Passes when `version` is the one asked for. Weak tags (`W/"..."`) never match: If-Match
    /// compares strongly.
    pub fn check(&self, version: i32, what: &str) -> Result<(), ApiError> {
        self.check_tag(&etag(version), what)
    }

    /// Passes when `current` (the resource's `ETag` now) is the one asked for.
    pub fn check_tag(&self, current: &str, what: &str) -> Result<(), ApiError> {
        if self.any || self.tags.iter().any(|tag| names_version(tag, current)) {
            return Ok(());
        }
        Err(ApiError::PreconditionFailed {
            detail: format!(
                "The {what} changed since the version you sent in If-Match; it is now {current}. \
                 Read it again, apply your change to that, and send its ETag."
            ),
        })
    }
}

/// Whether `tag` names the version `current` (`"v3"`): as it is, or as the `ETag` of one of
/// its representations, which adds a digest of the bytes after a dot (`"v3.1a2b..."`), and a
/// content coding when compressed.
fn names_version(tag: &str, current: &str) -> bool {
    // The tag of a compressed answer has its coding added (`"v3-gzip"`): the same version.
    let tag = &crate::compression::without_coding(tag);
    tag == current
        || current.strip_suffix('"').is_some_and(|open| {
            tag.strip_prefix(open)
                .is_some_and(|rest| rest.starts_with('.') && rest.ends_with('"'))
        })
}

/// A character of an entity tag's opaque part: visible ASCII but `"` (RFC 9110, 8.8.3).
fn is_etag_char(c: char) -> bool {
    c.is_ascii_graphic() && c != '"'
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The 400 for an `If-Match` that is neither `*` nor entity tags.
pub fn malformed_if_match() -> ApiError {
    ApiError::invalid_parameter(
        "`If-Match` must be `*` or the `ETag` you read, quotes included (`\"v3\"`); \
         several may be given, separated by commas.",
    )
}

/// Checks `condition`, when there is one, against the stored `version`.
pub fn check(condition: Option<&IfMatch>, version: i32, what: &str) -> Result<(), ApiError> {
    condition.map_or(Ok(()), |condition| condition.check(version, what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn condition(value: &str) -> IfMatch {
        IfMatch::from_request(
            &TestRequest::default()
                .insert_header((header::IF_MATCH, value))
                .to_http_request(),
        )
        .unwrap()
        .unwrap()
    }

    #[test]
    fn current_tag_matches_and_others_do_not() {
        assert!(condition("\"v3\"").check(3, "article").is_ok());
        assert!(condition("\"v1\", \"v3\"").check(3, "article").is_ok());
        assert!(condition("\"a,b\" ,\t\"v3\"").check(3, "article").is_ok());
        assert!(condition("\"v3-gzip\"").check(3, "article").is_ok());
        assert!(condition("\"v3.1a2b-br\"").check(3, "article").is_ok());
        assert!(condition("\"v33-gzip\"").check(3, "article").is_err());
        assert!(condition("*").check(3, "article").is_ok());
        assert!(condition("\"v2\"").check(3, "article").is_err());
        assert!(condition("W/\"v3\"").check(3, "article").is_err());
        assert!(
            IfMatch::from_request(&TestRequest::default().to_http_request())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn values_that_are_not_entity_tags_are_refused() {
        for value in [
            "v3",
            "\"v3",
            "",
            "\"v\"3\"",
            "\"v3\", x",
            "W/v3",
            "\"v3\",",
            "*, \"v3\"",
            "\"v 3\"",
        ] {
            let request = TestRequest::default()
                .insert_header((header::IF_MATCH, value))
                .to_http_request();
            assert!(IfMatch::from_request(&request).is_err(), "{value}");
        }
    }
}

#[cfg(test)]
mod properties {
    use actix_web::test::TestRequest;
    use proptest::prelude::*;

    use super::{IfMatch, etag};

    fn if_match(value: &str) -> Result<Option<IfMatch>, crate::error::ApiError> {
        IfMatch::from_request(
            &TestRequest::default()
                .insert_header(("If-Match", value))
                .to_http_request(),
        )
    }

    proptest! {
        #[test]
        fn lists_of_entity_tags_are_read_as_sent(
            tags in proptest::collection::vec(("(W/)?", "[!#-~]{0,12}"), 1..6),
            separator in "[ \t]{0,2},[ \t]{0,2}",
        ) {
            let written: Vec<String> = tags.iter().map(|(weak, opaque)| format!("{weak}\"{opaque}\"")).collect();
            let condition = if_match(&written.join(&separator)).unwrap().unwrap();
            prop_assert_eq!(&condition.tags, &written);
        }

        #[test]
        fn a_version_passes_only_when_a_strong_tag_names_it(version in 1..1000i32, other in 1..1000i32) {
            let strong = if_match(&etag(version)).unwrap().unwrap();
            prop_assert!(strong.check(version, "article").is_ok());
            prop_assert_eq!(strong.check(other, "article").is_ok(), other == version);
            let weak = if_match(&format!("W/{}", etag(version))).unwrap().unwrap();
            prop_assert!(weak.check(version, "article").is_err());
            prop_assert!(if_match("*").unwrap().unwrap().check(other, "article").is_ok());
        }

        #[test]
        fn anything_else_is_refused_never_misread(value in "[ -~]{0,40}") {
            match if_match(&value) {
                Ok(Some(condition)) => {
                    for tag in &condition.tags {
                        let opaque = tag.strip_prefix("W/").unwrap_or(tag);
                        prop_assert!(opaque.len() >= 2 && opaque.starts_with('"') && opaque.ends_with('"'), "{tag}");
                    }
                    prop_assert!(condition.any || !condition.tags.is_empty());
                }
                Ok(None) => prop_assert!(false, "a header was sent"),
                Err(error) => prop_assert_eq!(actix_web::ResponseError::status_code(&error).as_u16(), 400),
            }
        }
    }
}
