//! RSS 2.0 (<https://www.rssboard.org/rss-specification>), written by the `rss` crate: the
//! body in `content:encoded`, the cover image as an enclosure and a Media RSS
//! `media:content`, the feed's own address as `atom:link rel="self"`.

use std::collections::BTreeMap;

use rss::extension::atom::{AtomExtension, Link};
use rss::extension::dublincore::DublinCoreExtension;
use rss::extension::{Extension, ExtensionMap};
use rss::{Category, Channel, Enclosure, Guid, Item, Source};

use crate::error::ApiError;
use crate::feeds::entries::{Entry, Feed};
use crate::xml;

/// The media type of RSS.
pub const MEDIA_TYPE: &str = "application/rss+xml; charset=utf-8";
/// Media RSS's namespace, for `media:content`.
const MEDIA_NAMESPACE: &str = "http://search.yahoo.com/mrss/";

/// The feed as an RSS 2.0 document.
pub fn render(feed: Feed) -> Result<Vec<u8>, ApiError> {
    let mut channel = Channel {
        title: xml::owned(&feed.title),
        link: feed.home_page_url,
        description: xml::owned(&feed.title),
        language: Some(feed.language),
        last_build_date: Some(feed.updated.to_rfc2822()),
        generator: Some("newsroom".to_owned()),
        atom_ext: Some(AtomExtension {
            links: vec![Link {
                href: feed.feed_url,
                rel: "self".to_owned(),
                mime_type: Some("application/rss+xml".to_owned()),
                ..Link::default()
            }],
        }),
        ..Channel::default()
    };
    if feed.entries.iter().any(|entry| entry.cover.is_some()) {
        channel
            .namespaces
            .insert("media".to_owned(), MEDIA_NAMESPACE.to_owned());
    }
    channel.items = feed.entries.into_iter().map(item).collect();
    channel
        .write_to(Vec::new())
        .map_err(|error| ApiError::internal(format!("writing an RSS feed: {error}")))
}

fn item(entry: Entry) -> Item {
    let mut extensions = ExtensionMap::new();
    let enclosure = entry.cover.map(|cover| {
        let mime_type = crate::feeds::image_type(&cover.url);
        let mut attrs = BTreeMap::from([
            ("url".to_owned(), cover.url.clone()),
            ("medium".to_owned(), "image".to_owned()),
            ("type".to_owned(), mime_type.to_owned()),
        ]);
        if let Some(width) = cover.width {
            attrs.insert("width".to_owned(), width.to_string());
        }
        if let Some(height) = cover.height {
            attrs.insert("height".to_owned(), height.to_string());
        }
        let mut children = BTreeMap::new();
        if let Some(alt) = cover.alt.as_deref().filter(|alt| !alt.is_empty()) {
            children.insert(
                "description".to_owned(),
                vec![Extension {
                    name: "media:description".to_owned(),
                    value: Some(xml::owned(alt)),
                    ..Extension::default()
                }],
            );
        }
        extensions.insert(
            "media".to_owned(),
            BTreeMap::from([(
                "content".to_owned(),
                vec![Extension {
                    name: "media:content".to_owned(),
                    value: None,
                    attrs,
                    children,
                }],
            )]),
        );
        // The size is not known: RSS's best practice asks for 0 then.
        Enclosure {
            url: cover.url,
            length: "0".to_owned(),
            mime_type: mime_type.to_owned(),
        }
    });
    let source_name = entry.source.as_ref().map(|source| xml::owned(&source.name));
    Item {
        title: Some(xml::owned(&entry.title)),
        link: Some(entry.url),
        description: Some(xml::owned(&entry.summary)),
        content: Some(xml::owned(&entry.content_html)),
        categories: vec![Category {
            name: xml::owned(&entry.category),
            domain: None,
        }],
        enclosure,
        guid: Some(Guid {
            value: entry.id,
            permalink: false,
        }),
        pub_date: Some(entry.published.to_rfc2822()),
        // RSS's `source` names a feed by its URL: given when the source has one; Dublin
        // Core's `dc:source` gives its name in any case.
        source: entry.source.and_then(|source| {
            source.url.map(|url| Source {
                url,
                title: source_name.clone(),
            })
        }),
        dublin_core_ext: Some(DublinCoreExtension {
            languages: vec![entry.language],
            sources: source_name.into_iter().collect(),
            ..DublinCoreExtension::default()
        }),
        extensions,
        ..Item::default()
    }
}
