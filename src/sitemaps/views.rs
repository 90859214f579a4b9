//! Sitemaps as XML (<https://www.sitemaps.org/protocol.html>), with hreflang alternates
//! (`xhtml:link`) and Google News' `news:news`, written by `quick-xml`, which escapes text
//! and attribute values.

use std::io;

use chrono::{DateTime, SecondsFormat, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::error::ApiError;
use crate::sitemaps::service::{PageUrl, SitemapRef};
use crate::xml;

const SITEMAP_NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
const NEWS_NAMESPACE: &str = "http://www.google.com/schemas/sitemap-news/0.9";

/// The media type of sitemaps.
pub const MEDIA_TYPE: &str = "application/xml; charset=utf-8";

fn w3c(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn written(result: io::Result<Vec<u8>>) -> Result<Vec<u8>, ApiError> {
    result.map_err(|error| ApiError::internal(format!("writing a sitemap: {error}")))
}

fn text_element(writer: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    writer
        .create_element(name)
        .write_text_content(BytesText::new(&xml::text(text)))?;
    Ok(())
}

/// The sitemap index: each sitemap's absolute URL (`own_url` of its path) and last change.
pub fn index(sitemaps: &[SitemapRef], own_url: impl Fn(&str) -> String) -> Result<Vec<u8>, ApiError> {
    let mut writer = Writer::new(Vec::new());
    let result = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer
            .create_element("sitemapindex")
            .with_attribute(("xmlns", SITEMAP_NAMESPACE))
            .write_inner_content(|writer| {
                for sitemap in sitemaps {
                    let (path, lastmod) = match sitemap {
                        SitemapRef::Categories => ("/sitemaps/categories.xml".to_owned(), None),
                        SitemapRef::News { page: 1, lastmod } => ("/sitemap-news.xml".to_owned(), *lastmod),
                        SitemapRef::News { page, lastmod } => {
                            (format!("/sitemap-news.xml?page={page}"), *lastmod)
                        }
                        SitemapRef::Month {
                            month,
                            page: 1,
                            lastmod,
                        } => (format!("/sitemaps/articles/{month}.xml"), Some(*lastmod)),
                        SitemapRef::Month { month, page, lastmod } => (
                            format!("/sitemaps/articles/{month}.xml?page={page}"),
                            Some(*lastmod),
                        ),
                    };
                    writer.create_element("sitemap").write_inner_content(|writer| {
                        text_element(writer, "loc", &own_url(&path))?;
                        if let Some(lastmod) = lastmod {
                            text_element(writer, "lastmod", &w3c(lastmod))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    written(result.map(|()| writer.into_inner()))
}

/// A sitemap of `urls`, with their alternates, and the news data of those that have it
/// (with `publication`'s name).
pub fn urlset(urls: &[PageUrl], publication: &str) -> Result<Vec<u8>, ApiError> {
    let mut writer = Writer::new(Vec::new());
    let with_news = urls.iter().any(|url| url.news.is_some());
    let result = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let mut urlset = writer
            .create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NAMESPACE))
            .with_attribute(("xmlns:xhtml", XHTML_NAMESPACE));
        if with_news {
            urlset = urlset.with_attribute(("xmlns:news", NEWS_NAMESPACE));
        }
        urlset.write_inner_content(|writer| {
            for url in urls {
                writer.create_element("url").write_inner_content(|writer| {
                    text_element(writer, "loc", &url.loc)?;
                    if let Some(lastmod) = url.lastmod {
                        text_element(writer, "lastmod", &w3c(lastmod))?;
                    }
                    for (hreflang, href) in url.alternates.iter() {
                        writer
                            .create_element("xhtml:link")
                            .with_attribute(("rel", "alternate"))
                            .with_attribute(("hreflang", hreflang.as_str()))
                            .with_attribute(("href", href.as_str()))
                            .write_empty()?;
                    }
                    if let Some(news) = &url.news {
                        writer.create_element("news:news").write_inner_content(|writer| {
                            writer
                                .create_element("news:publication")
                                .write_inner_content(|writer| {
                                    text_element(writer, "news:name", publication)?;
                                    text_element(writer, "news:language", &news.language)
                                })?;
                            text_element(writer, "news:publication_date", &w3c(news.published))?;
                            text_element(writer, "news:title", &news.title)
                        })?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(())
    })();
    written(result.map(|()| writer.into_inner()))
}
