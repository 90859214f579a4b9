//! Feeds: the latest articles of a locale as JSON Feed 1.1, linking to the public site.

use newsroom::site::Site;
use serde_json::Value;

use crate::helpers::TestApp;

async fn site_app() -> TestApp {
    TestApp::builder()
        .demo()
        .with_state(|state| {
            state.site = Site {
                origin: state.site.origin.clone(),
                url: Some("https://example.uz".parse().unwrap()),
                pattern: "/{locale}/{category}/{slug}".parse().unwrap(),
                category_pattern: Default::default(),
                publication: "Zamin".into(),
            };
        })
        .build()
        .await
}

fn items(feed: &Value) -> &Vec<Value> {
    feed["items"].as_array().unwrap()
}

#[actix_web::test]
async fn a_locales_feed_holds_its_latest_articles_whole_linking_to_the_site() {
    let app = site_app().await;
    let feed = app.get("/api/v1/feeds/ru/feed.json").await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert_eq!(feed.header("content-type"), Some("application/feed+json"));
    assert_eq!(feed.header("content-language"), Some("ru"));
    assert!(feed.header("etag").is_some());
    assert_eq!(feed.body["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed.body["title"], "Zamin");
    assert_eq!(feed.body["home_page_url"], "https://example.uz/ru");
    assert!(
        feed.body["feed_url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/feeds/ru/feed.json")
    );

    let list = app.get("/api/v1/articles?locale=ru&limit=50").await;
    let listed: Vec<&str> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let fed: Vec<&str> = items(&feed.body)
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(fed, listed, "the public feed's articles, newest first");
    let first = &items(&feed.body)[0];
    let article = &list.body["data"][0];
    assert_eq!(
        first["url"],
        format!(
            "https://example.uz/ru/{}/{}",
            article["category"]["slug"].as_str().unwrap(),
            article["slug"].as_str().unwrap()
        )
    );
    assert_eq!(
        first["id"],
        format!("urn:newsroom:article:{}:ru", article["id"].as_str().unwrap())
    );
    assert!(first["content_html"].as_str().unwrap().starts_with('<'));
    assert_eq!(first["tags"][0], article["category"]["name"]);
    assert!(first["date_published"].as_str().unwrap().ends_with('Z'));

    // Revalidated, and kept.
    let etag = feed.header("etag").unwrap().to_owned();
    let again = app
        .get_with("/api/v1/feeds/ru/feed.json", &[("If-None-Match", &etag)])
        .await;
    assert_eq!(again.status, 304);
}

#[actix_web::test]
async fn a_categorys_feed_and_a_transliterated_locale() {
    let app = site_app().await;
    let feed = app.get("/api/v1/feeds/en/feed.json?category=economy").await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert_eq!(feed.body["title"], "Zamin: Economy");
    assert!(!items(&feed.body).is_empty());
    assert!(items(&feed.body).iter().all(|item| item["tags"][0] == "Economy"));

    // Uzbek in Cyrillic, served from the Latin text where there is no Cyrillic one.
    let cyrillic = app.get("/api/v1/feeds/uz-Cyrl/feed.json").await;
    assert_eq!(cyrillic.status, 200);
    assert!(items(&cyrillic.body).iter().any(|item| {
        item["title"]
            .as_str()
            .unwrap()
            .chars()
            .any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
    }));
}

#[actix_web::test]
async fn feeds_refuse_what_they_do_not_serve() {
    let app = site_app().await;
    app.get("/api/v1/feeds/fr/feed.json").await.assert_problem(404);
    app.get("/api/v1/feeds/en/feed.json?category=nothing-here")
        .await
        .assert_problem(400);
    app.get("/api/v1/feeds/en/feed.json?limit=5")
        .await
        .assert_problem(400);
    app.get("/api/v1/feeds/en/feed.json?category=")
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn drafts_and_scheduled_articles_stay_out_of_feeds() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Public story").create();
    app.article(world, "Draft story").draft().create();
    app.article(world, "Embargoed story")
        .published_at(chrono::Utc::now() + chrono::Duration::hours(1))
        .create();
    let feed = app.get("/api/v1/feeds/en/feed.json").await;
    let titles: Vec<&str> = items(&feed.body)
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Public story"]);
}

#[actix_web::test]
async fn a_request_does_not_choose_the_links_everyone_is_served() {
    let app = TestApp::builder().demo().build().await;
    let forged = app
        .get_with(
            "/api/v1/feeds/en/feed.json",
            &[
                ("X-Forwarded-Host", "evil.example"),
                ("Forwarded", "host=evil.example;proto=https"),
            ],
        )
        .await;
    let honest = app.get("/api/v1/feeds/en/feed.json").await;
    assert_eq!(forged.status, 200);
    for feed in [&forged.body, &honest.body] {
        assert!(!feed.to_string().contains("evil.example"), "{feed}");
        assert!(feed["feed_url"].as_str().unwrap().starts_with(&app.address));
        assert!(items(feed)[0]["url"].as_str().unwrap().starts_with(&app.address));
    }
}

/// The RSS and Atom documents at `path` (`…/rss.xml`, `…/atom.xml` with the same query), read
/// by the crates' own readers after a strict XML parser took them.
async fn rss_and_atom(app: &TestApp, locale: &str, query: &str) -> (rss::Channel, atom_syndication::Feed) {
    let rss = app.get(&format!("/api/v1/feeds/{locale}/rss.xml{query}")).await;
    assert_eq!(rss.status, 200, "{}", String::from_utf8_lossy(&rss.raw));
    assert_eq!(
        rss.header("content-type"),
        Some("application/rss+xml; charset=utf-8")
    );
    let atom = app.get(&format!("/api/v1/feeds/{locale}/atom.xml{query}")).await;
    assert_eq!(atom.status, 200, "{}", String::from_utf8_lossy(&atom.raw));
    assert_eq!(
        atom.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    for answer in [&rss, &atom] {
        let text = std::str::from_utf8(&answer.raw).expect("UTF-8");
        roxmltree::Document::parse(text).unwrap_or_else(|error| panic!("{error}: {text}"));
        assert_eq!(answer.header("content-language"), Some(locale));
        assert!(answer.header("etag").is_some());
    }
    (
        rss::Channel::read_from(&rss.raw[..]).expect("RSS 2.0"),
        atom_syndication::Feed::read_from(&atom.raw[..]).expect("Atom 1.0"),
    )
}

#[actix_web::test]
async fn rss_and_atom_tell_the_same_articles_as_the_json_feed() {
    let app = site_app().await;
    for (locale, query) in [("ru", ""), ("en", "?category=economy"), ("uz-Cyrl", "")] {
        let json = app.get(&format!("/api/v1/feeds/{locale}/feed.json{query}")).await;
        let (channel, atom) = rss_and_atom(&app, locale, query).await;
        let items = items(&json.body);
        assert!(!items.is_empty());
        assert_eq!(channel.items.len(), items.len());
        assert_eq!(atom.entries.len(), items.len());

        assert_eq!(channel.title, json.body["title"]);
        assert_eq!(channel.link, json.body["home_page_url"]);
        assert_eq!(channel.language.as_deref(), Some(locale));
        let own = format!("/api/v1/feeds/{locale}/rss.xml{query}");
        let self_link = &channel.atom_ext.as_ref().expect("atom:link").links[0];
        assert_eq!(self_link.rel, "self");
        assert!(self_link.href.ends_with(&own), "{}", self_link.href);
        assert_eq!(atom.title.value, json.body["title"]);
        assert_eq!(atom.lang.as_deref(), Some(locale));
        assert_eq!(atom.authors[0].name, "Zamin");
        assert!(
            atom.links
                .iter()
                .any(|link| link.rel == "self" && link.href.ends_with(&own.replace("rss.xml", "atom.xml")))
        );

        for ((item, entry), json) in channel.items.iter().zip(&atom.entries).zip(items) {
            assert_eq!(item.title.as_deref(), json["title"].as_str());
            assert_eq!(entry.title.value, json["title"].as_str().unwrap());
            assert_eq!(item.link.as_deref(), json["url"].as_str());
            assert_eq!(entry.links[0].href, json["url"].as_str().unwrap());
            assert_eq!(entry.links[0].rel, "alternate");
            let guid = item.guid.as_ref().unwrap();
            assert!(!guid.permalink);
            assert_eq!(guid.value, json["id"].as_str().unwrap());
            assert_eq!(entry.id, json["id"].as_str().unwrap());
            assert_eq!(item.description.as_deref(), json["summary"].as_str());
            // (The readers trim the text they read.)
            let html = json["content_html"].as_str().unwrap().trim();
            assert_eq!(item.content.as_deref().map(str::trim), Some(html));
            assert_eq!(
                entry.content.as_ref().unwrap().value.as_deref().map(str::trim),
                Some(html)
            );
            assert_eq!(item.categories[0].name, json["tags"][0].as_str().unwrap());
            assert_eq!(entry.categories[0].label.as_deref(), json["tags"][0].as_str());
            let published =
                chrono::DateTime::parse_from_rfc3339(json["date_published"].as_str().unwrap()).unwrap();
            let rss_date = chrono::DateTime::parse_from_rfc2822(item.pub_date.as_deref().unwrap()).unwrap();
            assert_eq!(rss_date, published);
            assert_eq!(entry.published, Some(published));
            assert_eq!(
                entry.updated,
                chrono::DateTime::parse_from_rfc3339(json["date_modified"].as_str().unwrap()).unwrap()
            );
            if let Some(source) = json["_source"].as_object() {
                let dc = item.dublin_core_ext.as_ref().unwrap();
                assert_eq!(dc.sources, [source["name"].as_str().unwrap()]);
                if let Some(url) = source.get("url").and_then(Value::as_str) {
                    assert_eq!(item.source.as_ref().unwrap().url, url);
                    assert!(
                        entry
                            .links
                            .iter()
                            .any(|link| link.rel == "via" && link.href == url)
                    );
                }
            }
            match json["image"].as_str() {
                Some(image) => {
                    let enclosure = item.enclosure.as_ref().expect("an enclosure");
                    assert_eq!(enclosure.url, image);
                    assert!(enclosure.mime_type.starts_with("image/"));
                    assert_eq!(item.extensions["media"]["content"][0].attrs["url"], image);
                    assert!(
                        entry
                            .links
                            .iter()
                            .any(|link| link.rel == "enclosure" && link.href == image)
                    );
                }
                None => assert!(item.enclosure.is_none()),
            }
        }
    }
}

#[actix_web::test]
async fn xml_feeds_come_in_the_media_type_asked_for_and_revalidate() {
    let app = site_app().await;
    let path = "/api/v1/feeds/ru/rss.xml";
    // Asked for as generic XML first, so that a kept answer of the wrong type would show.
    for (accept, expected) in [
        ("text/xml", "text/xml; charset=utf-8"),
        ("application/xml", "application/xml; charset=utf-8"),
        (
            "application/rss+xml, */*;q=0.1",
            "application/rss+xml; charset=utf-8",
        ),
        ("*/*", "application/rss+xml; charset=utf-8"),
    ] {
        let answer = app.get_with(path, &[("Accept", accept)]).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("content-type"), Some(expected), "Accept: {accept}");
        assert!(answer.header("vary").unwrap().contains("Accept"));
    }
    let first = app.get(path).await;
    let etag = first.header("etag").unwrap().to_owned();
    let again = app.get_with(path, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, 304);
    app.get("/api/v1/feeds/fr/atom.xml").await.assert_problem(404);
    app.get("/api/v1/feeds/en/rss.xml?category=nothing-here")
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn hostile_text_keeps_every_feed_well_formed() {
    let app = TestApp::builder().build().await;
    let world = app.category("World & <Region>", "Мир ]]>", "mir");
    let title = "Oil & gas <b>up</b> ]]> 🛢️🇺🇿 النفط \u{202E}reversed\u{1b}[31m\u{8}";
    let kept = "Oil & gas <b>up</b> ]]> 🛢️🇺🇿 النفط \u{202E}reversed[31m";
    app.article(world, title)
        .body("Prices <script>alert(1)</script> & ]]> rose\u{7}. <![CDATA[ x ]]>")
        .create();
    let (channel, atom) = rss_and_atom(&app, "en", "").await;
    assert_eq!(channel.items[0].title.as_deref(), Some(kept));
    assert_eq!(atom.entries[0].title.value, kept);
    assert_eq!(channel.items[0].categories[0].name, "World & <Region>");
    let content = channel.items[0].content.as_deref().unwrap();
    assert!(content.contains("]]&gt;") || content.contains("]]>"), "{content}");
    assert!(!content.contains("<script"), "{content}");
    let json = app.get("/api/v1/feeds/en/feed.json").await;
    assert_eq!(json.status, 200);
    assert_eq!(
        items(&json.body)[0]["title"],
        title,
        "JSON carries every character"
    );
}
