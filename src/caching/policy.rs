//! How long shared caches (browsers, CDNs) may keep each kind of public response.

use std::fmt;
use std::str::FromStr;

/// How long caches may keep a response, and serve it stale while they revalidate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ages {
    pub max_age: u32,
    pub stale_while_revalidate: u32,
}

impl Ages {
    pub const fn new(max_age: u32, stale_while_revalidate: u32) -> Self {
        Self {
            max_age,
            stale_while_revalidate,
        }
    }

    pub fn header(self) -> String {
        format!(
            "public, max-age={}, stale-while-revalidate={}",
            self.max_age, self.stale_while_revalidate
        )
    }
}

/// `MAX_AGE,STALE` in seconds, as flags and variables give it (`60,300`).
impl FromStr for Ages {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let number = |part: &str| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{raw}`: give MAX_AGE,STALE in whole seconds, such as 60,300"))
        };
        match raw.split_once(',') {
            Some((max_age, stale)) => Ok(Self::new(number(max_age)?, number(stale)?)),
            None => Ok(Self::new(number(raw)?, 0)),
        }
    }
}

impl fmt::Display for Ages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.max_age, self.stale_while_revalidate)
    }
}

/// The ages of each kind of public response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CachePolicy {
    /// One article.
    pub article: Ages,
    /// Feeds, category pages, headlines, related items, translations, relative times.
    pub list: Ages,
    /// Search results.
    pub search: Ages,
    /// Locales, categories and the OpenAPI document: what changes seldom.
    pub reference: Ages,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            article: Ages::new(60, 300),
            list: Ages::new(30, 120),
            search: Ages::new(30, 60),
            reference: Ages::new(300, 3600),
        }
    }
}

impl CachePolicy {
    /// The ages for the route `pattern` (`/api/v1/articles/{article}`), or `None` for what
    /// is not the API's.
    pub fn ages_for(&self, pattern: &str) -> Option<Ages> {
        match pattern {
            "/sitemap.xml" | "/sitemap-news.xml" | "/sitemaps/articles/{month}.xml" => {
                return Some(self.list);
            }
            "/sitemaps/categories.xml" | "/robots.txt" => return Some(self.reference),
            _ => {}
        }
        let route = pattern.strip_prefix("/api/v1")?;
        Some(match route {
            "/articles/{article}" => self.article,
            "/search" => self.search,
            "/articles"
            | "/headlines"
            | "/articles/{article}/related"
            | "/articles/{article}/translations"
            | "/feeds/{locale}/feed.json"
            | "/feeds/{locale}/rss.xml"
            | "/feeds/{locale}/atom.xml"
            | "/widgets/weather"
            | "/widgets/rates"
            // Without `now`, it changes as time passes.
            | "/messages/relative-time" => self.list,
            _ => self.reference,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_flags_give_them() {
        assert_eq!("60,300".parse::<Ages>(), Ok(Ages::new(60, 300)));
        assert_eq!(" 5 ".parse::<Ages>(), Ok(Ages::new(5, 0)));
        assert!("60,soon".parse::<Ages>().is_err());
        assert_eq!(Ages::new(60, 300).to_string(), "60,300");
    }
}
