//! The public article endpoints: the feed, one article, its translations.

use crate::helpers::{TestApp, slug};
use chrono::Duration;

#[actix_web::test]
async fn feed_lists_published_articles_newest_first() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Oldest story").published_minute(1).create();
    app.article(world, "Newest story").published_minute(3).create();
    app.article(world, "Middle story").published_minute(2).create();

    let answer = app.get("/api/v1/articles").await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.slugs(), ["newest-story", "middle-story", "oldest-story"]);
    assert_eq!(answer.body["page"]["total"], 3);
    assert_eq!(answer.body["page"]["limit"], 20);
    assert!(answer.body["page"]["next_cursor"].is_null());
    let item = &answer.body["data"][0];
    assert_eq!(item["category"]["slug"], "world");
    assert_eq!(item["published_at"], "2026-03-02T00:03:00Z");
    assert!(item.get("body").is_none(), "list items carry no body");
    assert!(item.get("body_html").is_none());
}

#[actix_web::test]
async fn feed_filters_by_category_slug_of_any_locale_and_by_featured() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let economy = app.category("Economy", "Экономика", "ekonomika");
    app.article(world, "Oil prices rise").published_minute(1).create();
    app.article(economy, "Gold prices increased")
        .published_minute(2)
        .featured()
        .create();
    app.article(economy, "Banks report demand")
        .published_minute(3)
        .create();

    let by_english_slug = app.get("/api/v1/articles?category=economy").await;
    let by_russian_slug = app.get("/api/v1/articles?category=ekonomika").await;
    let by_id = app.get(&format!("/api/v1/articles?category={economy}")).await;
    let featured = app.get("/api/v1/articles?featured=true").await;
    let not_featured = app.get("/api/v1/articles?featured=false&category=economy").await;

    assert_eq!(
        by_english_slug.slugs(),
        ["banks-report-demand", "gold-prices-increased"]
    );
    assert_eq!(by_english_slug.body["page"]["total"], 2);
    assert_eq!(by_russian_slug.slugs(), by_english_slug.slugs());
    assert_eq!(by_id.slugs(), by_english_slug.slugs());
    assert_eq!(featured.slugs(), ["gold-prices-increased"]);
    assert_eq!(featured.body["data"][0]["featured"], true);
    assert_eq!(not_featured.slugs(), ["banks-report-demand"]);
}

#[actix_web::test]
async fn unknown_category_filter_is_a_bad_request() {
    let app = TestApp::builder().build().await;
    let answer = app.get("/api/v1/articles?category=sports").await;
    let problem = answer.assert_problem(400);
    assert!(problem["detail"].as_str().unwrap().contains("sports"));
}

#[actix_web::test]
async fn article_is_found_by_the_slug_of_each_locale_and_by_its_id() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let id = app
        .article(world, "Deepfakes banned in Kazakhstan")
        .body("The Spiritual Administration of Muslims of Kazakhstan has issued a *fatwa*.")
        .translation(
            "ru",
            "zapret-dipfejkov-v-kazahstane",
            "В Казахстане запретили дипфейки",
            "Духовное управление мусульман Казахстана издало **фетву**.",
        )
        .translation(
            "uz",
            "qozogistonda-deepfake-taqiqlandi",
            "Qozog‘istonda deepfake taqiqlandi",
            "Qozog‘iston musulmonlari diniy boshqarmasi fatvo chiqardi.",
        )
        .views(6)
        .create();

    for path in [
        "/api/v1/articles/deepfakes-banned-in-kazakhstan".to_owned(),
        "/api/v1/articles/zapret-dipfejkov-v-kazahstane".to_owned(),
        "/api/v1/articles/qozogistonda-deepfake-taqiqlandi".to_owned(),
        format!("/api/v1/articles/{id}"),
        format!("/api/v1/articles/{}", id.to_string().to_uppercase()),
        "/api/v1/articles/Deepfakes-Banned-In-Kazakhstan".to_owned(),
    ] {
        let answer = app.get(&path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        assert_eq!(answer.body["id"], id.to_string(), "{path}");
        // The slug identifies the article; the language is negotiated (here: the default).
        assert_eq!(answer.body["locale"], "en", "{path}");
        assert_eq!(answer.body["slug"], "deepfakes-banned-in-kazakhstan", "{path}");
    }

    let russian = app
        .get("/api/v1/articles/deepfakes-banned-in-kazakhstan?locale=ru")
        .await;
    assert_eq!(russian.body["title"], "В Казахстане запретили дипфейки");
    assert_eq!(russian.body["slug"], "zapret-dipfejkov-v-kazahstane");
    assert_eq!(
        russian.body["body"],
        "Духовное управление мусульман Казахстана издало **фетву**."
    );
    assert_eq!(
        russian.body["body_html"],
        "<p>Духовное управление мусульман Казахстана издало <strong>фетву</strong>.</p>\n"
    );
    assert_eq!(russian.body["views"], 6);
    assert_eq!(russian.body["category"]["name"], "Мир");
    assert_eq!(russian.body["category"]["slug"], "mir");
    assert_eq!(russian.body["source"]["name"], "Zamin.uz");
    assert_eq!(russian.body["reading_time_minutes"], 1);
    assert_eq!(russian.body["original_locale"], "en");
    let translations = russian.body["translations"].as_array().unwrap();
    assert_eq!(translations.len(), 3);
    assert!(translations.iter().any(|t| t["locale"] == "uz"
        && t["slug"] == "qozogistonda-deepfake-taqiqlandi"
        && t["outdated"] == false));
}

#[actix_web::test]
async fn unknown_slug_is_not_found() {
    let app = TestApp::builder().build().await;
    for path in [
        "/api/v1/articles/no-such-article",
        "/api/v1/articles/0192f5c2-0000-7000-8000-000000000000",
        "/api/v1/articles/no-such-article/translations",
    ] {
        let answer = app.get(path).await;
        let problem = answer.assert_problem(404);
        assert_eq!(problem["type"], "/problems/not-found");
    }
}

#[actix_web::test]
async fn body_html_is_rendered_and_sanitized() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Markup test")
        .body("A [link](https://zamin.uz) and <script>alert(1)</script><img src=x onerror=alert(1)> [bad](javascript:alert(1))")
        .create();

    let answer = app.get("/api/v1/articles/markup-test").await;

    let html = answer.body["body_html"].as_str().unwrap();
    assert!(
        html.contains(r#"<a href="https://zamin.uz" rel="noopener noreferrer">link</a>"#),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
}

#[actix_web::test]
async fn excerpt_is_derived_from_the_body() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let body = "The escalation of the situation in the Middle East has caused significant changes \
        in the oil market. This was reported by **Zamin.uz**.\n\nAt the start of trading, the price \
        of Brent crude oil exceeded $80 per barrel, its highest level since the autumn.";
    app.article(world, "Oil prices").body(body).create();

    let answer = app.get("/api/v1/articles/oil-prices").await;

    let excerpt = answer.body["excerpt"].as_str().unwrap();
    assert!(
        excerpt.starts_with("The escalation of the situation"),
        "{excerpt}"
    );
    assert!(
        excerpt.contains("reported by Zamin.uz. At the start"),
        "markup stripped: {excerpt}"
    );
    assert!(excerpt.ends_with('…'), "{excerpt}");
    assert!((150..=201).contains(&excerpt.chars().count()), "{excerpt}");
}

#[actix_web::test]
async fn drafts_scheduled_and_archived_articles_are_invisible_everywhere() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Public story").create();
    let draft = app.article(world, "Draft story").draft().create();
    let scheduled = app
        .article(world, "Scheduled story")
        .scheduled_in(Duration::hours(1))
        .featured()
        .create();
    let archived = app.article(world, "Archived story").archived().create();

    for path in [
        "/api/v1/articles",
        "/api/v1/articles?featured=true",
        "/api/v1/articles?category=world",
        "/api/v1/articles?limit=100",
    ] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 200);
        let slugs = answer.slugs();
        assert!(slugs.iter().all(|s| s == "public-story"), "{path}: {slugs:?}");
        assert_eq!(
            answer.body["page"]["total"],
            slugs.len(),
            "{path}: total counts hidden articles"
        );
    }
    for (id, slug) in [
        (draft, "draft-story"),
        (scheduled, "scheduled-story"),
        (archived, "archived-story"),
    ] {
        for path in [
            format!("/api/v1/articles/{slug}"),
            format!("/api/v1/articles/{id}"),
            format!("/api/v1/articles/{slug}/translations"),
            format!("/api/v1/articles/{id}/translations"),
        ] {
            app.get(&path).await.assert_problem(404);
        }
    }
}

#[actix_web::test]
async fn scheduled_article_appears_at_its_time() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Embargoed story")
        .scheduled_in(Duration::milliseconds(1500))
        .create();

    assert!(app.get("/api/v1/articles").await.slugs().is_empty());
    app.get("/api/v1/articles/embargoed-story")
        .await
        .assert_problem(404);

    app.eventually("the scheduled article is in the feed at its time", || async {
        app.get("/api/v1/articles").await.slugs() == ["embargoed-story"]
    })
    .await;
    assert_eq!(app.get("/api/v1/articles/embargoed-story").await.status, 200);
}

#[actix_web::test]
async fn translations_endpoint_lists_every_translation() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Iran launched missiles")
        .translation("ru", "iran-zapustil-rakety", "Иран запустил ракеты", "Текст.")
        .create();

    let answer = app
        .get("/api/v1/articles/iran-zapustil-rakety/translations")
        .await;

    assert_eq!(answer.status, 200);
    let data = answer.body["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(answer.body["page"]["total"], 2);
    let english = data.iter().find(|t| t["locale"] == "en").unwrap();
    assert_eq!(english["slug"], slug("Iran launched missiles"));
    assert_eq!(english["is_original"], true);
    assert_eq!(english["outdated"], false);
    assert!(english["updated_at"].as_str().unwrap().ends_with('Z'));
    let russian = data.iter().find(|t| t["locale"] == "ru").unwrap();
    assert_eq!(russian["title"], "Иран запустил ракеты");
    assert_eq!(russian["is_original"], false);
}

#[actix_web::test]
async fn a_translation_behind_the_original_is_outdated() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let id = app
        .article(world, "Trump statement")
        .translation("ru", "zayavlenie-trampa", "Заявление Трампа", "Текст.")
        .create();
    // The original moves on; the Russian translation was made from revision 1.
    app.db
        .write_blocking(|connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::article_translations::dsl::*;
            newsroom::on_backend!(connection, |connection| diesel::update(
                article_translations
                    .filter(article_id.eq(id))
                    .filter(locale.eq("en")),
            )
            .set(revision.eq(2))
            .execute(connection))?;
            Ok(())
        })
        .unwrap();

    let answer = app.get("/api/v1/articles/trump-statement").await;

    let translations = answer.body["translations"].as_array().unwrap();
    let outdated =
        |code: &str| translations.iter().find(|t| t["locale"] == code).unwrap()["outdated"].clone();
    assert_eq!(outdated("ru"), true);
    assert_eq!(outdated("en"), false);
}

#[actix_web::test]
async fn shared_slug_in_two_locales_resolves_by_the_negotiated_locale() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let english = app.article(world, "Tashkent").create();
    let uzbek = app
        .article(world, "Toshkent shahri")
        .original_locale("uz")
        .create();
    // Give the Uzbek article the same slug in Uzbek as the English one has in English.
    app.db
        .write_blocking(|connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::article_translations::dsl::*;
            newsroom::on_backend!(connection, |connection| diesel::update(
                article_translations.filter(article_id.eq(uzbek))
            )
            .set((locale.eq("uz"), slug.eq("tashkent")))
            .execute(connection))?;
            Ok(())
        })
        .unwrap();

    let in_english = app.get("/api/v1/articles/tashkent?locale=en").await;
    let in_uzbek = app.get("/api/v1/articles/tashkent?locale=uz").await;

    assert_eq!(in_english.body["id"], english.to_string());
    assert_eq!(in_uzbek.body["id"], uzbek.to_string());
}
