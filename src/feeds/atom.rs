//! Atom 1.0 (RFC 4287), written by the `atom_syndication` crate: the body as HTML content,
//! the cover image as an enclosure link, the source as a `via` link, and the publication as
//! the feed's author (Atom asks for one; articles name no author of their own).

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use chrono::{DateTime, Utc};

use crate::error::ApiError;
use crate::feeds::entries;
use crate::xml;

/// The media type of Atom.
pub const MEDIA_TYPE: &str = "application/atom+xml; charset=utf-8";

fn fixed(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, mime_type: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime_type.map(str::to_owned),
        ..Link::default()
    }
}

/// The feed as an Atom 1.0 document.
pub fn render(feed: entries::Feed, site_name: &str) -> Result<Vec<u8>, ApiError> {
    let document = Feed {
        title: Text::plain(xml::owned(&feed.title)),
        id: feed.feed_url.clone(),
        updated: fixed(feed.updated),
        authors: vec![Person {
            name: xml::owned(site_name),
            ..Person::default()
        }],
        generator: Some(Generator {
            value: "newsroom".to_owned(),
            ..Generator::default()
        }),
        links: vec![
            link(feed.home_page_url, "alternate", Some("text/html")),
            link(feed.feed_url, "self", Some("application/atom+xml")),
        ],
        lang: Some(feed.language),
        entries: feed.entries.into_iter().map(entry).collect(),
        ..Feed::default()
    };
    document
        .write_to(Vec::new())
        .map_err(|error| ApiError::internal(format!("writing an Atom feed: {error}")))
}

fn entry(entry: entries::Entry) -> Entry {
    let mut links = vec![link(entry.url, "alternate", Some("text/html"))];
    if let Some(cover) = entry.cover {
        let mime_type = crate::feeds::image_type(&cover.url);
        let mut enclosure = link(cover.url, "enclosure", Some(mime_type));
        enclosure.title = cover.alt.as_deref().map(xml::owned);
        links.push(enclosure);
    }
    if let Some(source) = entry.source
        && let Some(url) = source.url
    {
        let mut via = link(url, "via", None);
        via.title = Some(xml::owned(&source.name));
        links.push(via);
    }
    Entry {
        title: Text::plain(xml::owned(&entry.title)),
        id: entry.id,
        updated: fixed(entry.modified),
        published: Some(fixed(entry.published)),
        links,
        categories: vec![Category {
            term: xml::owned(&entry.category_slug),
            scheme: None,
            label: Some(xml::owned(&entry.category)),
        }],
        summary: Some(Text::plain(xml::owned(&entry.summary))),
        content: Some(Content {
            content_type: Some("html".to_owned()),
            value: Some(xml::owned(&entry.content_html)),
            lang: Some(entry.language),
            ..Content::default()
        }),
        ..Entry::default()
    }
}
