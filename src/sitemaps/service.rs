//! What the sitemaps list: every public page of the site (an article in each locale it is
//! served in, a category in each locale), each with its alternates in the other locales, split
//! into sitemaps small enough for search engines; and the articles of the last 48 hours for
//! Google News.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

use crate::articles::queries::{self as articles, ArticleRow, TranslationSummaryRow};
use crate::articles::service as article_service;
use crate::categories;
use crate::db::{self, Database, DbConnection, Id};
use crate::error::ApiError;
use crate::locale::{AcceptedLanguages, LocaleCatalog, Negotiated, Transliteration};
use crate::site::{ArticlePage, Site};
use crate::sitemaps::queries;

/// The most URLs one sitemap may list (the sitemaps protocol's limit).
pub const MAX_URLS: usize = 50_000;
/// The most articles one monthly sitemap lists, however few locales there are: with a page in
/// each locale and an alternate link to each, a sitemap of 5,000 articles in four locales is
/// about 20 MB, well under the protocol's 50 MB.
pub const MAX_ARTICLES: usize = 5_000;
/// The most `<news:news>` entries one news sitemap may hold (Google News' limit).
pub const MAX_NEWS: usize = 1_000;
/// How far back the news sitemap reaches.
pub const NEWS_WINDOW_HOURS: i64 = 48;

/// A month (`2026-03`), as the monthly sitemaps are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(at: NaiveDateTime) -> Self {
        Self {
            year: at.year(),
            month: at.month(),
        }
    }

    /// `2026-03`: four digits, a dash, two digits, a month that exists.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4
            || month.len() != 2
            || !(year.bytes().chain(month.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let parsed = Self {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
        };
        parsed.start()?;
        Some(parsed)
    }

    fn start(self) -> Option<NaiveDateTime> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)?.and_hms_opt(0, 0, 0)
    }

    fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How many articles one sitemap holds with `locales` locales served: each article is a URL
/// a locale.
fn articles_per_sitemap(locales: usize, most_urls: usize, most_articles: usize) -> usize {
    (most_urls / locales.max(1)).clamp(1, most_articles)
}

/// One sitemap the index lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SitemapRef {
    Categories,
    /// A page of the news sitemap (from 1).
    News {
        page: usize,
        lastmod: Option<DateTime<Utc>>,
    },
    /// A page (from 1) of a month's articles.
    Month {
        month: Month,
        page: usize,
        lastmod: DateTime<Utc>,
    },
}

/// One page of the site, as a sitemap lists it.
#[derive(Debug)]
pub struct PageUrl {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// The same page in every locale it is served in, this one included: (hreflang, URL),
    /// then `x-default` for the original's. One list shared by all of them.
    pub alternates: Arc<Vec<(String, String)>>,
    /// What the news sitemap says of it.
    pub news: Option<NewsEntry>,
}

/// A news sitemap's data of one page.
#[derive(Debug)]
pub struct NewsEntry {
    /// The language as Google News names it (ISO 639: `uz` for both of Uzbek's scripts).
    pub language: String,
    pub title: String,
    pub published: DateTime<Utc>,
}

/// The language of `locale` as Google News takes it: its primary subtag.
fn news_language(locale: &str) -> String {
    locale.split('-').next().unwrap_or(locale).to_ascii_lowercase()
}

/// The sitemaps the index lists: the categories', each page of the news sitemap, and each
/// page of each month with public articles, newest month first. A month's pages share its
/// `lastmod`: when the latest of its articles changed.
pub async fn index(db: &Database, catalog: Arc<LocaleCatalog>) -> Result<Vec<SitemapRef>, ApiError> {
    let locales = catalog.all().len();
    db.read(move |connection| {
        let now = db::now();
        let (recent, recent_lastmod) = queries::count_between(
            connection,
            now,
            now - Duration::hours(NEWS_WINDOW_HOURS),
            now + Duration::seconds(1),
        )?;
        let per_news = articles_per_sitemap(locales, MAX_NEWS, MAX_NEWS);
        let mut sitemaps = vec![SitemapRef::Categories];
        let news_pages = usize::try_from(recent).unwrap_or(0).div_ceil(per_news).max(1);
        for page in 1..=news_pages {
            sitemaps.push(SitemapRef::News {
                page,
                lastmod: recent_lastmod.map(|at| at.and_utc()),
            });
        }
        let per_month = articles_per_sitemap(locales, MAX_URLS, MAX_ARTICLES);
        // Month by month, newest first, each counted on the index of public articles.
        if let Some((first, last)) = queries::published_range(connection, now)? {
            let first = Month::of(first);
            let mut month = Month::of(last);
            while month >= first {
                let (Some(from), Some(until)) = (month.start(), month.next().start()) else {
                    break;
                };
                let (articles, lastmod) = queries::count_between(connection, now, from, until)?;
                let articles = usize::try_from(articles).unwrap_or(0);
                if let Some(lastmod) = lastmod {
                    for page in 1..=articles.div_ceil(per_month) {
                        sitemaps.push(SitemapRef::Month {
                            month,
                            page,
                            lastmod: lastmod.and_utc(),
                        });
                    }
                }
                month = month.previous();
            }
        }
        Ok(sitemaps)
    })
    .await
}

/// The pages of the articles published in `month`, page `page` of them.
pub async fn month(
    db: &Database,
    catalog: Arc<LocaleCatalog>,
    site: Site,
    month: Month,
    page: usize,
) -> Result<Vec<PageUrl>, ApiError> {
    let per_page = articles_per_sitemap(catalog.all().len(), MAX_URLS, MAX_ARTICLES);
    db.read(move |connection| {
        let now = db::now();
        let (Some(from), Some(until)) = (month.start(), month.next().start()) else {
            return Err(ApiError::not_found(format!("No articles were published in {month}.")));
        };
        let rows = queries::published_between(
            connection,
            now,
            from,
            until,
            i64::try_from((page - 1) * per_page).unwrap_or(i64::MAX),
            i64::try_from(per_page).unwrap_or(i64::MAX),
        )?;
        if rows.is_empty() {
            return Err(ApiError::not_found(format!(
                "No articles published in {month} are listed on sitemap page {page}; `GET /sitemap.xml` lists the pages there are."
            )));
        }
        article_pages(connection, &catalog, &site, &rows, false)
    })
    .await
}

/// The pages of the articles published in the last 48 hours, page `page` of them, with their
/// news data. An empty first page when there are none.
pub async fn news(
    db: &Database,
    catalog: Arc<LocaleCatalog>,
    site: Site,
    page: usize,
) -> Result<Vec<PageUrl>, ApiError> {
    let per_page = articles_per_sitemap(catalog.all().len(), MAX_NEWS, MAX_NEWS);
    db.read(move |connection| {
        let now = db::now();
        let rows = queries::published_between(
            connection,
            now,
            now - Duration::hours(NEWS_WINDOW_HOURS),
            now + Duration::seconds(1),
            i64::try_from((page - 1) * per_page).unwrap_or(i64::MAX),
            i64::try_from(per_page).unwrap_or(i64::MAX),
        )?;
        if rows.is_empty() && page > 1 {
            return Err(ApiError::not_found(format!(
                "The news sitemap has no page {page}; `GET /sitemap.xml` lists the pages there are."
            )));
        }
        article_pages(connection, &catalog, &site, &rows, true)
    })
    .await
}

/// Every category's page in every locale served.
pub async fn categories(
    db: &Database,
    catalog: Arc<LocaleCatalog>,
    site: Site,
) -> Result<Vec<PageUrl>, ApiError> {
    db.read(move |connection| {
        let rows = categories::queries::page(connection, None, i64::try_from(MAX_URLS).unwrap_or(i64::MAX))?;
        let ids: Vec<Id> = rows.iter().map(|row| row.id).collect();
        let slugs = slugs_in_each_locale(connection, &catalog, &ids)?;
        let default = &catalog.default_locale().code;
        let mut urls = Vec::new();
        for id in &ids {
            let mut alternates: Vec<(String, String)> = catalog
                .all()
                .iter()
                .filter_map(|locale| {
                    let slug = slugs.get(&(locale.code.clone(), *id))?;
                    Some((locale.code.clone(), site.category_url(&locale.code, slug)))
                })
                .collect();
            if let Some((_, href)) = alternates.iter().find(|(code, _)| code == default) {
                alternates.push(("x-default".to_owned(), href.clone()));
            }
            let alternates = Arc::new(alternates);
            for (_, href) in alternates.iter().filter(|(code, _)| code != "x-default") {
                urls.push(PageUrl {
                    loc: href.clone(),
                    lastmod: None,
                    alternates: Arc::clone(&alternates),
                    news: None,
                });
            }
        }
        urls.truncate(MAX_URLS);
        Ok(urls)
    })
    .await
}

/// Each category's slug in each locale served (its own, or its fallback's), by (locale, id),
/// from one read of their translations.
fn slugs_in_each_locale(
    connection: &mut DbConnection,
    catalog: &LocaleCatalog,
    ids: &[Id],
) -> Result<HashMap<(String, Id), String>, ApiError> {
    let locales = catalog
        .all()
        .iter()
        .map(|locale| catalog.negotiate(Some(&locale.code), &AcceptedLanguages::default()))
        .collect::<Result<Vec<_>, _>>()?;
    let each = categories::service::references_in_each(connection, ids, &locales)?;
    Ok(catalog
        .all()
        .iter()
        .zip(each)
        .flat_map(|(locale, references)| {
            references
                .into_iter()
                .map(|(id, reference)| ((locale.code.clone(), id), reference.slug))
        })
        .collect())
}

/// A page of an article: the locale, the text it shows, and how that text is transliterated
/// when it is.
struct ServedPage<'a> {
    locale: &'a str,
    text: &'a TranslationSummaryRow,
    transliteration: Option<&'a Transliteration>,
}

/// The locales served that an article has a page in: each it is written in, then each served
/// by transliteration from one of those (as the article's translations list them).
fn served_pages<'a>(
    catalog: &'a LocaleCatalog,
    negotiated: &'a Negotiated,
    written: &[&'a TranslationSummaryRow],
) -> Vec<ServedPage<'a>> {
    let mut pages: Vec<ServedPage<'a>> = catalog
        .all()
        .iter()
        .filter_map(|locale| {
            let text = written.iter().find(|t| t.locale == locale.code)?;
            Some(ServedPage {
                locale: &locale.code,
                text,
                transliteration: None,
            })
        })
        .collect();
    for (locale, transliteration) in negotiated.transliterated() {
        if written.iter().any(|t| t.locale == *locale) || catalog.find(locale).is_none() {
            continue;
        }
        if let Some(text) = written.iter().find(|t| t.locale == transliteration.from) {
            pages.push(ServedPage {
                locale,
                text,
                transliteration: Some(transliteration),
            });
        }
    }
    pages
}

/// The pages of `rows`: one for each locale an article is served in (written, or
/// transliterated from a written text), each listing all of them.
fn article_pages(
    connection: &mut DbConnection,
    catalog: &LocaleCatalog,
    site: &Site,
    rows: &[ArticleRow],
    with_news: bool,
) -> Result<Vec<PageUrl>, ApiError> {
    let translations = articles::translations_of(connection, &article_service::ids_of(rows))?;
    let by_article = article_service::by_article(&translations);
    let category_slugs = slugs_in_each_locale(connection, catalog, &article_service::category_ids_of(rows))?;
    let negotiated = catalog.negotiate(None, &AcceptedLanguages::default())?;
    let mut urls = Vec::new();
    for row in rows {
        let written = by_article.get(&row.id).map_or(&[][..], Vec::as_slice);
        let pages = served_pages(catalog, &negotiated, written);
        let id = row.id.0.to_string();
        let hrefs: Vec<(String, String)> = pages
            .iter()
            .filter_map(|page| {
                let category = category_slugs.get(&(page.locale.to_owned(), row.category_id))?;
                let href = site.article_url(&ArticlePage {
                    locale: page.locale,
                    category,
                    slug: &page.text.slug,
                    id: &id,
                });
                Some((page.locale.to_owned(), href))
            })
            .collect();
        let mut alternates = hrefs.clone();
        if let Some((_, href)) = hrefs.iter().find(|(code, _)| *code == row.original_locale) {
            alternates.push(("x-default".to_owned(), href.clone()));
        }
        let alternates = Arc::new(alternates);
        let published = row.published_at.unwrap_or(row.updated_at).and_utc();
        for ((locale, href), page) in hrefs.iter().zip(&pages) {
            urls.push(PageUrl {
                loc: href.clone(),
                lastmod: Some(row.updated_at.max(page.text.updated_at).and_utc()),
                alternates: Arc::clone(&alternates),
                // Only the news sitemap shows titles: only it transliterates them.
                news: with_news.then(|| NewsEntry {
                    language: news_language(locale),
                    title: match page.transliteration {
                        Some(transliteration) => transliteration.text(&page.text.title),
                        None => page.text.title.clone(),
                    },
                    published,
                }),
            });
        }
    }
    Ok(urls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_four_digits_a_dash_and_a_month_that_exists() {
        assert_eq!(Month::parse("2026-03"), Some(Month { year: 2026, month: 3 }));
        assert_eq!(Month::parse("2026-03").unwrap().to_string(), "2026-03");
        for wrong in [
            "2026-13",
            "2026-00",
            "2026-3",
            "26-03",
            "2026-03-01",
            "abcd-ef",
            "+026-03",
            "",
        ] {
            assert_eq!(Month::parse(wrong), None, "{wrong}");
        }
        assert_eq!(
            Month {
                year: 2026,
                month: 12
            }
            .next(),
            Month { year: 2027, month: 1 }
        );
    }

    #[test]
    fn a_sitemap_holds_at_most_its_limit_of_urls() {
        assert_eq!(articles_per_sitemap(4, MAX_URLS, MAX_ARTICLES), 5_000);
        assert_eq!(articles_per_sitemap(20, MAX_URLS, MAX_ARTICLES), 2_500);
        assert_eq!(articles_per_sitemap(4, MAX_NEWS, MAX_NEWS), 250);
        assert_eq!(articles_per_sitemap(0, MAX_NEWS, MAX_NEWS), 1_000);
        assert_eq!(news_language("uz-Cyrl"), "uz");
    }
}
