//! Sitemaps and robots.txt: from robots.txt down through the index to every page, each with
//! its alternates in the other locales, read as XML with namespaces.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Utc};
use newsroom::site::Site;

use crate::helpers::{Answer, TestApp};

const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

async fn site_app() -> TestApp {
    TestApp::builder()
        .demo()
        .with_state(|state| {
            state.site = Site {
                url: Some("https://example.uz".parse().unwrap()),
                publication: "Zamin".into(),
                origin: state.site.origin.clone(),
                ..Site::default()
            };
        })
        .build()
        .await
}

/// One `<url>` of a sitemap, as read.
#[derive(Debug, Clone)]
struct Url {
    loc: String,
    lastmod: Option<String>,
    alternates: BTreeMap<String, String>,
    news: Option<BTreeMap<String, String>>,
}

fn text<'a>(node: roxmltree::Node<'a, 'a>, namespace: &str, name: &str) -> Option<String> {
    node.children()
        .find(|child| child.has_tag_name((namespace, name)))
        .map(|child| child.text().unwrap_or_default().to_owned())
}

/// A sitemap as XML: its size under the protocol's limits, then each `<url>`.
fn urls(answer: &Answer) -> Vec<Url> {
    assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.raw));
    assert_eq!(
        answer.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert!(answer.raw.len() < 50 * 1024 * 1024);
    let xml = std::str::from_utf8(&answer.raw).expect("UTF-8");
    let document = roxmltree::Document::parse(xml).unwrap_or_else(|error| panic!("{error}: {xml}"));
    let root = document.root_element();
    assert!(root.has_tag_name((SITEMAP, "urlset")), "{xml}");
    let urls: Vec<Url> = root
        .children()
        .filter(|node| node.has_tag_name((SITEMAP, "url")))
        .map(|url| Url {
            loc: text(url, SITEMAP, "loc").expect("loc"),
            lastmod: text(url, SITEMAP, "lastmod"),
            alternates: url
                .children()
                .filter(|node| node.has_tag_name((XHTML, "link")))
                .map(|link| {
                    assert_eq!(link.attribute("rel"), Some("alternate"));
                    (
                        link.attribute("hreflang").unwrap().to_owned(),
                        link.attribute("href").unwrap().to_owned(),
                    )
                })
                .collect(),
            news: url
                .children()
                .find(|node| node.has_tag_name((NEWS, "news")))
                .map(|news| {
                    let publication = news
                        .children()
                        .find(|node| node.has_tag_name((NEWS, "publication")))
                        .expect("news:publication");
                    BTreeMap::from([
                        ("name".to_owned(), text(publication, NEWS, "name").unwrap()),
                        (
                            "language".to_owned(),
                            text(publication, NEWS, "language").unwrap(),
                        ),
                        (
                            "publication_date".to_owned(),
                            text(news, NEWS, "publication_date").unwrap(),
                        ),
                        ("title".to_owned(), text(news, NEWS, "title").unwrap()),
                    ])
                }),
        })
        .collect();
    assert!(urls.len() <= 50_000);
    urls
}

/// The sitemaps the index lists, as paths on this server, with their `lastmod`.
async fn index(app: &TestApp) -> Vec<(String, Option<String>)> {
    let answer = app.get("/sitemap.xml").await;
    assert_eq!(answer.status, 200);
    let xml = std::str::from_utf8(&answer.raw).unwrap();
    let document = roxmltree::Document::parse(xml).unwrap();
    assert!(document.root_element().has_tag_name((SITEMAP, "sitemapindex")));
    document
        .root_element()
        .children()
        .filter(|node| node.has_tag_name((SITEMAP, "sitemap")))
        .map(|sitemap| {
            let loc = text(sitemap, SITEMAP, "loc").unwrap();
            let path = loc
                .strip_prefix(&app.address)
                .unwrap_or_else(|| panic!("{loc} is not on this server"));
            (path.to_owned(), text(sitemap, SITEMAP, "lastmod"))
        })
        .collect()
}

/// Every URL lists the same set of alternates, itself included, and each alternate is a URL
/// of the same sitemap: the links are reciprocal.
fn assert_reciprocal(urls: &[Url], served: &[&str]) {
    let by_loc: BTreeMap<&str, &Url> = urls.iter().map(|url| (url.loc.as_str(), url)).collect();
    for url in urls {
        assert!(
            url.alternates.values().any(|href| *href == url.loc),
            "{url:?} lists itself"
        );
        let default = url.alternates.get("x-default").expect("x-default");
        assert!(
            url.alternates
                .iter()
                .any(|(lang, href)| lang != "x-default" && href == default)
        );
        for (hreflang, href) in &url.alternates {
            if hreflang == "x-default" {
                continue;
            }
            assert!(served.contains(&hreflang.as_str()), "{hreflang}");
            let other = by_loc
                .get(href.as_str())
                .unwrap_or_else(|| panic!("{href} is listed too"));
            assert_eq!(other.alternates, url.alternates, "reciprocal");
        }
    }
}

#[actix_web::test]
async fn from_robots_txt_down_to_every_page_with_its_alternates() {
    let app = site_app().await;
    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status, 200);
    let robots_txt = String::from_utf8(robots.raw.clone()).unwrap();
    assert!(
        robots_txt.contains(&format!("Sitemap: {}/sitemap.xml", app.address)),
        "{robots_txt}"
    );

    let sitemaps = index(&app).await;
    let paths: Vec<&str> = sitemaps.iter().map(|(path, _)| path.as_str()).collect();
    assert!(paths.contains(&"/sitemaps/categories.xml"));
    assert!(paths.contains(&"/sitemap-news.xml"));
    let months: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|path| path.starts_with("/sitemaps/articles/"))
        .collect();
    assert!(!months.is_empty());

    let served = ["en", "ru", "uz", "uz-Cyrl"];
    let mut article_pages = BTreeSet::new();
    for month in &months {
        let urls = urls(&app.get(month).await);
        assert!(!urls.is_empty());
        assert_reciprocal(&urls, &served);
        for url in &urls {
            assert!(url.loc.starts_with("https://example.uz/"), "{}", url.loc);
            assert!(url.lastmod.is_some());
            assert!(url.news.is_none());
            article_pages.insert(url.loc.clone());
        }
    }
    // Every public article's page in every locale it is served in (written or transliterated,
    // not a fallback's text), and nothing else.
    let mut expected = BTreeSet::new();
    for locale in served {
        let list = app
            .get(&format!("/api/v1/articles?locale={locale}&limit=100"))
            .await;
        for article in list.body["data"].as_array().unwrap() {
            if article["locale"] == locale {
                expected.insert(format!(
                    "https://example.uz/{locale}/{}/{}",
                    article["category"]["slug"].as_str().unwrap(),
                    article["slug"].as_str().unwrap()
                ));
            }
        }
    }
    assert_eq!(article_pages, expected);
    assert!(
        article_pages
            .iter()
            .any(|loc| loc.starts_with("https://example.uz/uz-Cyrl/"))
    );

    let categories = urls(&app.get("/sitemaps/categories.xml").await);
    assert_reciprocal(&categories, &served);
    let list = app.get("/api/v1/categories?locale=ru").await;
    let first = &list.body["data"][0];
    assert!(
        categories
            .iter()
            .any(|url| url.loc == format!("https://example.uz/ru/{}", first["slug"].as_str().unwrap()))
    );
    assert_eq!(
        categories.len(),
        list.body["data"].as_array().unwrap().len() * served.len()
    );

    // Conditional requests and the generic XML type, as for feeds.
    let first = app.get(months[0]).await;
    let etag = first.header("etag").unwrap().to_owned();
    assert_eq!(
        app.get_with(months[0], &[("If-None-Match", &etag)]).await.status,
        304
    );
    let text = app.get_with("/sitemap.xml", &[("Accept", "text/xml")]).await;
    assert_eq!(text.header("content-type"), Some("text/xml; charset=utf-8"));
}

#[actix_web::test]
async fn the_news_sitemap_holds_the_last_two_days_in_pages_of_at_most_a_thousand() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Old story")
        .published_at(Utc::now() - Duration::hours(49))
        .create();
    app.article(world, "Draft story").draft().create();
    app.article(world, "Embargoed story")
        .published_at(Utc::now() + Duration::hours(1))
        .create();
    // Four locales served: a page holds 250 articles (1,000 entries, were each in every
    // locale); one more needs a second page.
    app.article(world, "Fresh story")
        .translation(
            "ru",
            "svezhaya-novost",
            "Свежая новость & <эмбарго> ]]>\u{1b} 🇺🇿 \u{202E}",
            "Текст.",
        )
        .create_many(251, |n, article| {
            article.translations[0].slug = format!("fresh-story-{n}");
            article.translations[1].slug = format!("svezhaya-novost-{n}");
            article.published_at = Some(Utc::now() - Duration::minutes(n as i64 + 1));
        });

    let sitemaps = index(&app).await;
    let news: Vec<&str> = sitemaps
        .iter()
        .map(|(path, _)| path.as_str())
        .filter(|path| path.starts_with("/sitemap-news.xml"))
        .collect();
    assert_eq!(news, ["/sitemap-news.xml", "/sitemap-news.xml?page=2"]);

    let mut all = Vec::new();
    for page in &news {
        let urls = urls(&app.get(page).await);
        assert!(urls.len() <= 1_000);
        assert!(urls.iter().all(|url| url.news.is_some()));
        all.extend(urls);
    }
    // Each fresh article in English and Russian; transliteration serves no Uzbek text.
    assert_eq!(all.len(), 251 * 2);
    for url in &all {
        let news = url.news.as_ref().unwrap();
        assert_eq!(news["name"], "newsroom");
        let published = chrono::DateTime::parse_from_rfc3339(&news["publication_date"]).unwrap();
        assert!(published > Utc::now() - Duration::hours(48));
        match news["language"].as_str() {
            "en" => assert!(news["title"].starts_with("Fresh story")),
            // Whole but for the control character, which XML cannot hold.
            "ru" => assert_eq!(news["title"], "Свежая новость & <эмбарго> ]]> 🇺🇿 \u{202E}"),
            other => panic!("{other}"),
        }
    }
    assert!(all.iter().all(|url| !url.loc.contains("old-story")
        && !url.loc.contains("draft")
        && !url.loc.contains("embargoed")));
    app.get("/sitemap-news.xml?page=3").await.assert_problem(404);
}

#[actix_web::test]
async fn sitemaps_refuse_what_they_do_not_list() {
    let app = site_app().await;
    app.get("/sitemaps/articles/2026-13.xml")
        .await
        .assert_problem(400);
    app.get("/sitemaps/articles/march.xml").await.assert_problem(400);
    app.get("/sitemaps/articles/1999-01.xml")
        .await
        .assert_problem(404);
    app.get("/sitemap-news.xml?page=0").await.assert_problem(400);
    app.get("/sitemap-news.xml?page=x").await.assert_problem(400);
    app.get("/sitemap.xml?limit=5").await.assert_problem(400);
}

#[actix_web::test]
async fn a_new_article_shows_in_the_sitemaps_at_once() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "First story").create();
    let before = index(&app).await;
    let month = before
        .iter()
        .find(|(path, _)| path.starts_with("/sitemaps/articles/"))
        .unwrap()
        .0
        .clone();
    assert_eq!(urls(&app.get(&month).await).len(), 1);

    let editor = app.key("editor", newsroom::auth::Role::Editor);
    let written = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&editor),
            Some(&serde_json::json!({
                "category": world.0,
                "status": "published",
                "original_locale": "en",
                "translations": {"en": {"slug": "second-story", "title": "Second story", "body": "Text."}},
            })),
        )
        .await;
    assert_eq!(written.status, 201, "{}", written.body);
    // The first story was published an hour ago: in the month before, when this runs in the
    // first hour of a month.
    let month = format!("/sitemaps/articles/{}.xml", Utc::now().format("%Y-%m"));
    let this_month = urls(&app.get(&month).await);
    assert!(this_month.iter().any(|url| url.loc.ends_with("/second-story")));
    let mut listed = 0;
    for (path, _) in index(&app).await {
        if path.starts_with("/sitemaps/articles/") {
            listed += urls(&app.get(&path).await).len();
        }
    }
    assert_eq!(listed, 2);
    let news = urls(&app.get("/sitemap-news.xml").await);
    assert!(news.iter().any(|url| url.loc.ends_with("/second-story")));
}
