//! The public site the API feeds: where its pages are, and what it is called. Feeds and
//! sitemaps link to the site's pages, not to the API.

use std::str::FromStr;

/// The site's base URL, the path of an article's page in it, and the publication's name.
///
/// Links are made from configuration alone, never from a request's `Host` or `X-Forwarded-*`
/// headers: an answer is kept and served to everyone, so a request must not choose its links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// `https://example.uz`, without a trailing slash; `None` links to [`Site::origin`].
    pub url: Option<SiteUrl>,
    /// This server's own address (`http://` and where it listens): where feeds say they are,
    /// and where links go when no site URL is set.
    pub origin: String,
    pub pattern: UrlPattern,
    /// The path of a category's page.
    pub category_pattern: CategoryPattern,
    pub publication: String,
}

impl Default for Site {
    fn default() -> Self {
        Self {
            url: None,
            origin: "http://127.0.0.1:8080".to_owned(),
            pattern: UrlPattern::default(),
            category_pattern: CategoryPattern::default(),
            publication: "newsroom".to_owned(),
        }
    }
}

impl Site {
    /// The site's base: its configured URL, else this server's own address.
    fn base(&self) -> &str {
        self.url
            .as_ref()
            .map_or(self.origin.as_str(), |url| url.0.as_str())
    }

    /// The absolute URL of an article's page.
    pub fn article_url(&self, page: &ArticlePage<'_>) -> String {
        format!("{}{}", self.base(), self.pattern.path(page))
    }

    /// The absolute URL of a category's page.
    pub fn category_url(&self, locale: &str, category: &str) -> String {
        format!("{}{}", self.base(), self.category_pattern.path(locale, category))
    }

    /// The absolute URL of the site's front page in `locale`.
    pub fn home_url(&self, locale: &str) -> String {
        format!("{}/{locale}", self.base())
    }

    /// The absolute URL of `path_and_query` on this server.
    pub fn own_url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.origin)
    }
}

/// An `http` or `https` URL with no trailing slash, no query and no fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(String);

impl SiteUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for SiteUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"))
            .ok_or_else(|| format!("`{text}` is not an http or https URL (`https://example.uz`)"))?;
        if rest.is_empty() || rest.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{text}` must be the site's base URL alone (`https://example.uz`, or with a path)"
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

/// What an article's page is made of.
pub struct ArticlePage<'a> {
    pub locale: &'a str,
    pub category: &'a str,
    pub slug: &'a str,
    pub id: &'a str,
}

/// The path of an article's page: `/{locale}/{category}/{slug}` by default; `{id}` is the
/// article's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern(String);

const PLACEHOLDERS: [&str; 4] = ["{locale}", "{category}", "{slug}", "{id}"];

impl Default for UrlPattern {
    fn default() -> Self {
        Self("/{locale}/{category}/{slug}".to_owned())
    }
}

impl UrlPattern {
    fn path(&self, page: &ArticlePage<'_>) -> String {
        self.0
            .replace("{locale}", page.locale)
            .replace("{category}", page.category)
            .replace("{slug}", page.slug)
            .replace("{id}", page.id)
    }
}

impl FromStr for UrlPattern {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if !text.starts_with('/') {
            return Err(format!(
                "`{text}` must start with `/` (`/{{locale}}/{{category}}/{{slug}}`)"
            ));
        }
        let mut rest = text.to_owned();
        for placeholder in PLACEHOLDERS {
            rest = rest.replace(placeholder, "");
        }
        if rest.contains(['{', '}', ' ', '?', '#']) {
            return Err(format!(
                "`{text}` may hold only {} as placeholders, and no spaces, `?` or `#`",
                PLACEHOLDERS.join(", ")
            ));
        }
        if !text.contains("{slug}") && !text.contains("{id}") {
            return Err(format!(
                "`{text}` must name the article, with `{{slug}}` or `{{id}}`"
            ));
        }
        Ok(Self(text.to_owned()))
    }
}

/// The path of a category's page: `/{locale}/{category}` by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryPattern(String);

impl Default for CategoryPattern {
    fn default() -> Self {
        Self("/{locale}/{category}".to_owned())
    }
}

impl CategoryPattern {
    fn path(&self, locale: &str, category: &str) -> String {
        self.0.replace("{locale}", locale).replace("{category}", category)
    }
}

impl FromStr for CategoryPattern {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let rest = text.replace("{locale}", "").replace("{category}", "");
        if !text.starts_with('/') || rest.contains(['{', '}', ' ', '?', '#']) {
            return Err(format!(
                "`{text}` must start with `/` and may hold only {{locale}} and {{category}} as placeholders (`/{{locale}}/{{category}}`)"
            ));
        }
        if !text.contains("{category}") {
            return Err(format!("`{text}` must name the category, with `{{category}}`"));
        }
        Ok(Self(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_pages_follow_the_pattern() {
        let site = Site {
            url: Some("https://example.uz/".parse().unwrap()),
            ..Site::default()
        };
        let page = ArticlePage {
            locale: "uz-Cyrl",
            category: "dunyo",
            slug: "neft-narxi",
            id: "01",
        };
        assert_eq!(
            site.article_url(&page),
            "https://example.uz/uz-Cyrl/dunyo/neft-narxi"
        );
        let by_id = Site {
            pattern: "/news/{id}".parse().unwrap(),
            origin: "http://api".into(),
            ..Site::default()
        };
        assert_eq!(by_id.article_url(&page), "http://api/news/01");
    }

    #[test]
    fn settings_that_make_no_url_are_refused() {
        assert!("example.uz".parse::<SiteUrl>().is_err());
        assert!("https://example.uz/?a=1".parse::<SiteUrl>().is_err());
        assert!("{locale}/{slug}".parse::<UrlPattern>().is_err());
        assert!("/{lang}/{slug}".parse::<UrlPattern>().is_err());
        assert!("/{locale}/{category}".parse::<UrlPattern>().is_err());
        assert!("/{locale}/rubric".parse::<CategoryPattern>().is_err());
        assert!("/{locale}/{slug}".parse::<CategoryPattern>().is_err());
        assert_eq!(
            Site::default().category_url("ru", "mir"),
            "http://127.0.0.1:8080/ru/mir"
        );
    }
}
