//! Locales, negotiation (`?locale=`, `Accept-Language`, the default) and fallback chains.

use crate::helpers::TestApp;
use newsroom::db::Id;

#[actix_web::test]
async fn locales_are_listed_with_their_fallback_chains() {
    let app = TestApp::builder().build().await;

    let answer = app.get("/api/v1/locales").await;

    assert_eq!(answer.status, 200);
    let data = answer.body["data"].as_array().unwrap();
    let codes: Vec<&str> = data.iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["en", "ru", "uz", "uz-Cyrl"]);
    let uz_cyrl = &data[3];
    assert_eq!(uz_cyrl["fallbacks"], serde_json::json!(["uz", "ru", "en"]));
    assert_eq!(uz_cyrl["name"], "Ўзбекча");
    assert_eq!(data[0]["is_default"], true);
    assert_eq!(data.iter().filter(|l| l["is_default"] == true).count(), 1);
    assert_eq!(answer.body["page"]["total"], 4);
}

/// An article in English, Russian and Uzbek (Latin), as on the seed page.
fn trilingual_article(app: &TestApp) -> Id {
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Gold prices increased")
        .translation("ru", "ceny-na-zoloto-vyrosli", "Цены на золото выросли", "Текст.")
        .translation("uz", "oltin-narxi-oshdi", "Oltin narxi oshdi", "Matn.")
        .create()
}

async fn served_locale(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (String, bool, String) {
    let answer = app.get_with(path, headers).await;
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    (
        answer.body["locale"].as_str().unwrap().to_owned(),
        answer.body["is_fallback"].as_bool().unwrap(),
        answer.header("content-language").unwrap().to_owned(),
    )
}

#[actix_web::test]
async fn explicit_locale_wins_over_accept_language() {
    let app = TestApp::builder().build().await;
    trilingual_article(&app);
    let path = "/api/v1/articles/gold-prices-increased?locale=uz";

    let (locale, is_fallback, content_language) =
        served_locale(&app, path, &[("Accept-Language", "ru")]).await;

    assert_eq!(
        (locale.as_str(), is_fallback, content_language.as_str()),
        ("uz", false, "uz")
    );
}

#[actix_web::test]
async fn accept_language_is_ranked_by_quality() {
    let app = TestApp::builder().build().await;
    trilingual_article(&app);
    let path = "/api/v1/articles/gold-prices-increased";

    for (accept_language, expected) in [
        ("ru", "ru"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("en;q=0.5, uz;q=0.9", "uz"),
        ("fr-FR, de;q=0.9, ru;q=0.1", "ru"),
        ("uz-UZ", "uz"),
        ("ru;q=0, en", "en"),
        ("fr", "en"),
        ("*", "en"),
        ("this is ;;; not a header", "en"),
    ] {
        let (locale, ..) = served_locale(&app, path, &[("Accept-Language", accept_language)]).await;
        assert_eq!(locale, expected, "Accept-Language: {accept_language}");
    }
    let (locale, ..) = served_locale(&app, path, &[]).await;
    assert_eq!(locale, "en", "no header: the default locale");
}

#[actix_web::test]
async fn uzbek_cyrillic_falls_back_along_its_chain() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Trilingual")
        .translation("ru", "trilingual-ru", "По-русски", "Текст.")
        .translation("uz", "trilingual-uz", "O‘zbekcha", "Matn.")
        .create();
    app.article(world, "Bilingual")
        .translation("ru", "bilingual-ru", "Двуязычная", "Текст.")
        .create();
    app.article(world, "English only").create();

    for (slug, expected) in [("trilingual", "uz"), ("bilingual", "ru"), ("english-only", "en")] {
        let path = format!("/api/v1/articles/{slug}?locale=uz-Cyrl");
        let (locale, is_fallback, content_language) = served_locale(&app, &path, &[]).await;
        assert_eq!(locale, expected, "{slug}: uz-Cyrl -> uz -> ru -> en");
        assert!(is_fallback, "{slug}");
        assert_eq!(
            content_language, expected,
            "{slug}: Content-Language names the served locale"
        );
    }
    // The Cyrillic script is found from Accept-Language too, subtags dropped.
    let (locale, is_fallback, _) = served_locale(
        &app,
        "/api/v1/articles/bilingual",
        &[("Accept-Language", "uz-Cyrl-UZ")],
    )
    .await;
    assert_eq!((locale.as_str(), is_fallback), ("ru", true));
}

#[actix_web::test]
async fn an_article_missing_from_the_whole_chain_is_served_in_its_original_locale() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let id = app
        .article(world, "Uzbek original")
        .original_locale("uz")
        .create();
    // Only an Uzbek translation: move the factory's English one to Uzbek.
    app.db
        .write_blocking(|connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::article_translations::dsl::*;
            newsroom::on_backend!(connection, |connection| diesel::update(
                article_translations.filter(article_id.eq(id))
            )
            .set(locale.eq("uz"))
            .execute(connection))?;
            Ok(())
        })
        .unwrap();

    let (locale, is_fallback, _) =
        served_locale(&app, "/api/v1/articles/uzbek-original?locale=ru", &[]).await;

    assert_eq!((locale.as_str(), is_fallback), ("uz", true));
}

#[actix_web::test]
async fn lists_are_localized_item_by_item() {
    let app = TestApp::builder().build().await;
    trilingual_article(&app);
    let world = app.category("Sports", "Спорт", "sport");
    app.article(world, "English only").create();

    let answer = app
        .get_with("/api/v1/articles", &[("Accept-Language", "ru")])
        .await;

    assert_eq!(answer.header("content-language"), Some("ru"));
    assert!(answer.header("vary").unwrap().starts_with("Accept-Language"));
    let data = answer.body["data"].as_array().unwrap();
    let gold = data
        .iter()
        .find(|a| a["title"] == "Цены на золото выросли")
        .unwrap();
    assert_eq!(gold["is_fallback"], false);
    assert_eq!(gold["category"]["name"], "Мир");
    let english = data.iter().find(|a| a["title"] == "English only").unwrap();
    assert_eq!(english["locale"], "en");
    assert_eq!(english["is_fallback"], true);
}

#[actix_web::test]
async fn unknown_locale_is_a_bad_request_listing_the_supported_ones() {
    let app = TestApp::builder().build().await;
    trilingual_article(&app);

    for path in [
        "/api/v1/articles?locale=fr",
        "/api/v1/articles/gold-prices-increased?locale=fr",
        "/api/v1/categories?locale=fr",
        "/api/v1/categories/world?locale=fr",
        "/api/v1/articles?locale=",
    ] {
        let answer = app.get(path).await;
        let problem = answer.assert_problem(400);
        assert_eq!(problem["type"], "/problems/unknown-locale", "{path}");
        assert_eq!(
            problem["supported_locales"],
            serde_json::json!(["en", "ru", "uz", "uz-Cyrl"]),
            "{path}"
        );
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("en, ru, uz, uz-Cyrl"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn locale_parameter_is_case_insensitive() {
    let app = TestApp::builder().build().await;
    trilingual_article(&app);

    let (locale, ..) = served_locale(&app, "/api/v1/articles/gold-prices-increased?locale=RU", &[]).await;

    assert_eq!(locale, "ru");
}
