//! The demo content is the seed news page, servable block by block in three languages.

use crate::helpers::TestApp;

const DEEPFAKE: &str = "deepfakes-and-fake-subscribers-banned-in-kazakhstan";

#[actix_web::test]
async fn the_seed_article_is_served_in_full() {
    let app = TestApp::builder().demo().build().await;

    let answer = app.get(&format!("/api/v1/articles/{DEEPFAKE}")).await;

    assert_eq!(answer.status, 200);
    let article = &answer.body;
    assert_eq!(
        article["title"],
        "Deepfake and fake followers banned in Kazakhstan"
    );
    assert_eq!(article["category"]["name"], "World");
    assert_eq!(article["views"], 6);
    assert_eq!(article["source"]["name"], "Zamin.uz");
    assert_eq!(article["published_at"], "2026-03-03T07:20:00Z");
    let body = article["body"].as_str().unwrap();
    assert!(body.starts_with("The Spiritual Administration of Muslims of Kazakhstan has issued a fatwa"));
    assert!(body.ends_with("that appear real."));
    assert_eq!(body.split("\n\n").count(), 5, "the page's five paragraphs");
    assert_eq!(article["body_html"].as_str().unwrap().matches("<p>").count(), 5);
    assert!(
        article["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("The Spiritual Administration")
    );
    let locales: Vec<&str> = article["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["locale"].as_str().unwrap())
        .collect();
    assert_eq!(locales, ["en", "ru", "uz", "uz-Cyrl"]);
    let written: Vec<bool> = article["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["transliterated_from"].is_null())
        .collect();
    assert_eq!(written, [true, true, true, false], "uz-Cyrl is read from uz");
}

#[actix_web::test]
async fn the_seed_article_reads_in_russian_and_uzbek() {
    let app = TestApp::builder().demo().build().await;

    let russian = app.get(&format!("/api/v1/articles/{DEEPFAKE}?locale=ru")).await;
    let uzbek = app.get(&format!("/api/v1/articles/{DEEPFAKE}?locale=uz")).await;
    let cyrillic = app
        .get(&format!("/api/v1/articles/{DEEPFAKE}?locale=uz-Cyrl"))
        .await;

    assert_eq!(russian.body["category"]["name"], "Мир");
    assert!(russian.body["body"].as_str().unwrap().contains("Zamin.uz"));
    assert_eq!(russian.body["is_fallback"], false);
    assert_eq!(uzbek.body["category"]["name"], "Dunyo");
    assert!(uzbek.body["title"].as_str().unwrap().contains("Qozog‘iston"));
    // No Cyrillic Uzbek article text: the Latin one is served in Cyrillic letters.
    assert_eq!(cyrillic.body["locale"], "uz-Cyrl");
    assert_eq!(cyrillic.body["is_fallback"], true);
    assert_eq!(cyrillic.body["transliterated_from"], "uz");
    assert_eq!(cyrillic.header("content-language"), Some("uz-Cyrl"));
    assert!(
        cyrillic.body["title"].as_str().unwrap().contains("Қозоғистон"),
        "{}",
        cyrillic.body["title"]
    );
    assert_eq!(cyrillic.body["slug"], uzbek.body["slug"], "one slug per article");
    assert_eq!(cyrillic.body["category"]["name"], "Дунё");
}

#[actix_web::test]
async fn the_feed_holds_the_page_newest_first() {
    let app = TestApp::builder().demo().build().await;

    let answer = app.get("/api/v1/articles").await;

    assert_eq!(answer.body["page"]["total"], 8);
    let published: Vec<&str> = answer.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["published_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        published,
        [
            "2026-03-03T07:20:00Z",
            "2026-03-03T04:30:00Z",
            "2026-03-02T18:45:00Z",
            "2026-03-02T18:25:00Z",
            "2026-03-02T17:37:00Z",
            "2026-03-02T17:37:00Z",
            "2026-03-02T16:35:00Z",
            "2026-03-02T13:32:00Z",
        ]
    );
    for item in answer.body["data"].as_array().unwrap() {
        let excerpt = item["excerpt"].as_str().unwrap();
        assert!(!excerpt.is_empty() && excerpt.chars().count() <= 201, "{excerpt}");
        assert_eq!(item["translations"].as_array().unwrap().len(), 4);
    }
}

#[actix_web::test]
async fn the_gold_price_headline_is_featured_in_economy() {
    let app = TestApp::builder().demo().build().await;

    let featured = app.get("/api/v1/articles?featured=true").await;
    let economy = app.get("/api/v1/articles?category=economy").await;
    let world = app.get("/api/v1/articles?category=world").await;

    assert_eq!(
        featured.slugs(),
        ["gold-prices-increased-in-uzbekistan-high-demand-in-banks"]
    );
    assert_eq!(featured.body["data"][0]["category"]["slug"], "economy");
    assert_eq!(economy.slugs(), featured.slugs());
    assert_eq!(world.body["page"]["total"], 7);
}

#[actix_web::test]
async fn categories_have_names_in_every_locale() {
    let app = TestApp::builder().demo().build().await;

    for (locale, names) in [
        ("en", ["World", "Economy"]),
        ("ru", ["Мир", "Экономика"]),
        ("uz", ["Dunyo", "Iqtisodiyot"]),
        ("uz-Cyrl", ["Дунё", "Иқтисодиёт"]),
    ] {
        let answer = app.get(&format!("/api/v1/categories?locale={locale}")).await;
        let served: Vec<&str> = answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(served, names, "{locale}");
    }
}

#[actix_web::test]
async fn demo_content_is_loaded_only_into_an_empty_database() {
    let app = TestApp::builder().demo().build().await;

    let loaded_again = newsroom::demo::load_if_empty(&app.db).unwrap();

    assert!(!loaded_again);
    assert_eq!(app.get("/api/v1/articles").await.body["page"]["total"], 8);
}
