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
