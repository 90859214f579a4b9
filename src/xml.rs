//! What every XML answer (RSS, Atom, sitemaps) shares: text that XML 1.0 can hold, and the
//! media type a client asked for.
//!
//! The XML writers (`rss`, `atom_syndication`, `quick-xml`) escape `&`, `<`, `>` and quotes,
//! and split `]]>` out of CDATA, but they write control characters as given, and XML 1.0 has no
//! way to hold most of them, escaped or not: one in a title would make the whole document
//! unreadable. [`text`] drops them first.

use std::borrow::Cow;

use actix_web::HttpRequest;
use actix_web::http::header::{self, Header};

/// Whether XML 1.0 can hold `c` (its `Char` production).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `value` without the characters XML 1.0 cannot hold (C0 controls but tab and line breaks,
/// U+FFFE and U+FFFF); borrowed when there are none, which is almost always.
pub fn text(value: &str) -> Cow<'_, str> {
    if value.chars().all(is_xml_char) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(value.chars().filter(|c| is_xml_char(*c)).collect())
    }
}

/// The owned form of [`text`].
pub fn owned(value: &str) -> String {
    text(value).into_owned()
}

/// The media types an XML answer is offered in: its own (`application/rss+xml`,
/// `application/atom+xml`, or `application/xml` for sitemaps) by default, or the generic XML
/// types for clients that ask for them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlMedia {
    /// The answer's own media type.
    Own,
    /// `application/xml`.
    Application,
    /// `text/xml`.
    Text,
}

impl XmlMedia {
    /// The type `Accept` prefers: the first of its ranked entries that names one (`*/*`,
    /// `application/*` and any `application/…+xml` take the answer's own type); the own type
    /// when it names none. Never a 406: a feed reader that asks oddly still gets the feed.
    pub fn negotiate(request: &HttpRequest) -> Self {
        if !request.headers().contains_key(header::ACCEPT) {
            return Self::Own;
        }
        let Ok(accept) = header::Accept::parse(request) else {
            return Self::Own;
        };
        for mime in accept.ranked() {
            let (kind, subtype) = (mime.type_().as_str(), mime.subtype().as_str());
            let suffix_xml = mime.suffix().is_some_and(|suffix| suffix.as_str() == "xml");
            match (kind, subtype) {
                ("*", _) | ("application", "*") => return Self::Own,
                ("application", "xml") => return Self::Application,
                ("application", _) if suffix_xml => return Self::Own,
                ("text", "xml" | "*") => return Self::Text,
                _ => {}
            }
        }
        Self::Own
    }

    /// The `Content-Type` of an answer whose own media type is `own`.
    pub fn content_type(self, own: &'static str) -> &'static str {
        match self {
            Self::Own => own,
            Self::Application => "application/xml; charset=utf-8",
            Self::Text => "text/xml; charset=utf-8",
        }
    }

    /// A short name for the response cache's key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Own => "",
            Self::Application => "application/xml",
            Self::Text => "text/xml",
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_dropped_and_the_rest_kept() {
        assert!(matches!(text("Oltin & <narx> ]]> 🇺🇿"), Cow::Borrowed(_)));
        assert_eq!(text("a\u{0}b\u{1b}c\td\u{FFFF}e\u{202E}f"), "abc\tde\u{202E}f");
    }

    fn negotiated(accept: &str) -> XmlMedia {
        XmlMedia::negotiate(
            &TestRequest::default()
                .insert_header(("Accept", accept))
                .to_http_request(),
        )
    }

    #[test]
    fn a_feed_is_served_as_its_own_type_unless_generic_xml_is_preferred() {
        assert_eq!(
            XmlMedia::negotiate(&TestRequest::default().to_http_request()),
            XmlMedia::Own
        );
        assert_eq!(negotiated("*/*"), XmlMedia::Own);
        assert_eq!(negotiated("application/rss+xml, text/xml;q=0.9"), XmlMedia::Own);
        assert_eq!(negotiated("text/xml"), XmlMedia::Text);
        assert_eq!(negotiated("text/xml, application/rss+xml;q=0.5"), XmlMedia::Text);
        assert_eq!(negotiated("application/xml"), XmlMedia::Application);
        assert_eq!(negotiated("text/html, */*;q=0.1"), XmlMedia::Own);
        assert_eq!(negotiated("image/png"), XmlMedia::Own);
        assert_eq!(negotiated("not a media type"), XmlMedia::Own);
    }
}
