//! The editorial API for categories and locales.

use crate::helpers::TestApp;
use newsroom::auth::Role;
use serde_json::json;

#[actix_web::test]
async fn editors_create_and_rename_categories() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);

    let created = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&key),
            Some(&json!({"translations": {"en": {"name": "Sports", "description": "Games."}, "ru": {"name": "Спорт"}, "uz-Cyrl": {"name": "Спорт янгиликлари"}}})),
        )
        .await;

    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/categories/{id}").as_str())
    );
    assert_eq!(created.body["position"], 3, "after the demo's two");
    let slugs: Vec<(String, String)> = created.body["translations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["locale"].as_str().unwrap().to_owned(),
                t["slug"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(slugs.contains(&("ru".into(), "sport".into())), "{slugs:?}");
    assert!(
        slugs.contains(&("uz-Cyrl".into(), "sport-yangiliklari".into())),
        "{slugs:?}"
    );

    let etag = created.header("etag").unwrap().to_owned();
    let auth = format!("Bearer {key}");
    let rename = json!({"translations": {"uz": {"name": "Sport"}, "en": {"description": null}}}).to_string();
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
        ("If-Match", etag.as_str()),
    ];
    let renamed = app
        .send_raw(
            "PATCH",
            &format!("/api/v1/categories/{id}?locale=uz"),
            &headers,
            Some(rename.clone().into_bytes()),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Sport");
    assert_eq!(renamed.body["locale"], "uz");
    let english = app.get("/api/v1/categories/sports").await;
    assert!(
        english.body["description"].is_null(),
        "null clears the description"
    );
    let stale = app
        .send_raw(
            "PATCH",
            &format!("/api/v1/categories/{id}"),
            &headers,
            Some(rename.into_bytes()),
        )
        .await;
    stale.assert_problem(412);
    let stale_and_wrong = app
        .send_raw(
            "PATCH",
            &format!("/api/v1/categories/{id}"),
            &headers,
            Some(
                json!({"translations": {"xx": {"name": "Nowhere"}}})
                    .to_string()
                    .into_bytes(),
            ),
        )
        .await;
    stale_and_wrong.assert_invalid_fields(&["translations.xx"]);

    // Articles can be filed under it at once, by any of its slugs.
    let article = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(
                &json!({"category": "sport", "original_locale": "en", "status": "published",
                "translations": {"en": {"title": "Match report", "body": "Two goals."}}}),
            ),
        )
        .await;
    assert_eq!(article.status, 201, "{}", article.body);
    assert_eq!(
        app.get("/api/v1/articles?category=sports").await.slugs(),
        ["match-report"]
    );
}

#[actix_web::test]
async fn a_category_slug_taken_in_its_locale_is_a_conflict() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let answer = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&key),
            Some(&json!({"translations": {"ru": {"name": "Мировые", "slug": "mir"}}})),
        )
        .await;
    answer.assert_problem(409);
    let empty = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&key),
            Some(&json!({"translations": {}})),
        )
        .await;
    assert_eq!(empty.assert_problem(422)["errors"][0]["field"], "translations");
}

#[actix_web::test]
async fn only_admins_delete_categories_and_only_empty_ones() {
    let app = TestApp::builder().demo().build().await;
    let editor = app.key("desk", Role::Editor);
    let admin = app.key("chief", Role::Admin);
    let created = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&editor),
            Some(&json!({"translations": {"en": {"name": "Culture"}}})),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();

    app.send("DELETE", &format!("/api/v1/categories/{id}"), Some(&editor), None)
        .await
        .assert_problem(403);
    let in_use = app
        .send("DELETE", "/api/v1/categories/world", Some(&admin), None)
        .await;
    let problem = in_use.assert_problem(409);
    assert!(
        problem["detail"].as_str().unwrap().contains("Move them"),
        "says what to do"
    );
    assert_eq!(app.get("/api/v1/categories/world").await.status, 200, "kept");

    let deleted = app
        .send("DELETE", &format!("/api/v1/categories/{id}"), Some(&admin), None)
        .await;
    assert_eq!(deleted.status, 204);
    app.get("/api/v1/categories/culture").await.assert_problem(404);
}

#[actix_web::test]
async fn admins_add_and_change_locales_and_they_are_served_at_once() {
    let app = TestApp::builder().demo().build().await;
    let editor = app.key("desk", Role::Editor);
    let admin = app.key("chief", Role::Admin);
    let kazakh =
        json!({"code": "kk", "name": "Қазақша", "english_name": "Kazakh", "fallbacks": ["ru", "en"]});

    app.send("POST", "/api/v1/locales", Some(&editor), Some(&kazakh))
        .await
        .assert_problem(403);
    let created = app
        .send("POST", "/api/v1/locales", Some(&admin), Some(&kazakh))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["fallbacks"], json!(["ru", "en"]));
    app.send("POST", "/api/v1/locales", Some(&admin), Some(&kazakh))
        .await
        .assert_problem(409);

    // Served at once: Kazakh readers get Russian, their first fallback.
    let article = app
        .get("/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan?locale=kk")
        .await;
    assert_eq!(article.status, 200);
    assert_eq!(article.body["locale"], "ru");
    assert_eq!(article.body["is_fallback"], true);
    let listed = app.get("/api/v1/locales").await;
    assert!(
        listed.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["code"] == "kk")
    );

    // Uzbek Cyrillic is no longer transliterated from Latin and falls back to Russian first.
    let changed = app
        .send(
            "PATCH",
            "/api/v1/locales/uz-Cyrl",
            Some(&admin),
            Some(&json!({"fallbacks": ["ru", "uz", "en"], "transliterate_from": null})),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["transliterate_from"], serde_json::Value::Null);
    let article = app
        .get("/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan?locale=uz-Cyrl")
        .await;
    assert_eq!(article.body["locale"], "ru");
    assert_eq!(article.body["transliterated_from"], serde_json::Value::Null);

    // A new default.
    let default = app
        .send(
            "PATCH",
            "/api/v1/locales/ru",
            Some(&admin),
            Some(&json!({"is_default": true})),
        )
        .await;
    assert_eq!(default.body["is_default"], true);
    assert_eq!(
        app.get("/api/v1/articles?limit=1")
            .await
            .header("content-language"),
        Some("ru")
    );
    let defaults = app.get("/api/v1/locales").await.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["is_default"] == true)
        .count();
    assert_eq!(defaults, 1);
}

#[actix_web::test]
async fn bad_locales_are_refused_with_every_reason() {
    let app = TestApp::builder().demo().build().await;
    let admin = app.key("chief", Role::Admin);

    let bad = app
        .send(
            "POST",
            "/api/v1/locales",
            Some(&admin),
            Some(&json!({"code": "Kazakh", "name": "", "english_name": "Kazakh", "fallbacks": ["zz", "ru", "ru"]})),
        )
        .await;
    bad.assert_invalid_fields(&["code", "name", "fallbacks.0", "fallbacks.2"]);
    let undefault = app
        .send(
            "PATCH",
            "/api/v1/locales/en",
            Some(&admin),
            Some(&json!({"is_default": false})),
        )
        .await;
    assert_eq!(undefault.assert_problem(422)["errors"][0]["field"], "is_default");
    let to_itself = app
        .send(
            "PATCH",
            "/api/v1/locales/ru",
            Some(&admin),
            Some(&json!({"fallbacks": ["ru"]})),
        )
        .await;
    to_itself.assert_problem(422);
    app.send("PATCH", "/api/v1/locales/fr", Some(&admin), Some(&json!({})))
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn a_locale_change_honours_if_match() {
    let app = TestApp::builder().demo().build().await;
    let admin = app.key("chief", Role::Admin);
    let auth = format!("Bearer {admin}");
    let first = app
        .send(
            "PATCH",
            "/api/v1/locales/uz",
            Some(&admin),
            Some(&json!({"english_name": "Uzbek"})),
        )
        .await;
    let etag = first.header("etag").unwrap().to_owned();
    let change = |tag: &str, name: &str| {
        let body = json!({"english_name": name}).to_string().into_bytes();
        let headers = [
            ("Authorization".to_owned(), auth.clone()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("If-Match".to_owned(), tag.to_owned()),
        ];
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            app.send_raw("PATCH", "/api/v1/locales/uz", &headers, Some(body))
                .await
        }
    };

    let accepted = change(&etag, "Uzbek (Latin script)").await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    assert_ne!(accepted.header("etag"), Some(etag.as_str()));
    change(&etag, "Lost update").await.assert_problem(412);
    // A body that names a locale not served is refused for that first, whatever its version.
    let stale_and_wrong = app
        .send_raw(
            "PATCH",
            "/api/v1/locales/uz",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
                ("If-Match", etag.as_str()),
            ],
            Some(json!({"fallbacks": ["ru", "xx"]}).to_string().into_bytes()),
        )
        .await;
    stale_and_wrong.assert_invalid_fields(&["fallbacks.1"]);
    let listed = app.get("/api/v1/locales").await;
    let uz = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "uz")
        .unwrap()
        .clone();
    assert_eq!(uz["english_name"], "Uzbek (Latin script)");
}

#[actix_web::test]
async fn category_slugs_are_checked_like_article_slugs() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let id_shaped =
        json!({"translations": {"en": {"name": "Sneaky", "slug": "01a225cd-6656-7000-8000-000000000000"}}});
    app.send("POST", "/api/v1/categories", Some(&key), Some(&id_shaped))
        .await
        .assert_invalid_fields(&["translations.en.slug"]);
    let twice = json!({"translations": {"EN": {"name": "A", "slug": "world-a"}, "en": {"name": "B", "slug": "world-b"}}});
    app.send("PATCH", "/api/v1/categories/world", Some(&key), Some(&twice))
        .await
        .assert_invalid_fields(&["translations.en"]);
}

#[actix_web::test]
async fn a_bad_new_locale_is_a_422_before_a_409() {
    let app = TestApp::builder().demo().build().await;
    let admin = app.key("chief", Role::Admin);
    let answer = app
        .send(
            "POST",
            "/api/v1/locales",
            Some(&admin),
            Some(&json!({"code": "ru", "name": "", "english_name": "Russian"})),
        )
        .await;
    answer.assert_invalid_fields(&["name"]);
    let located = app.get("/api/v1/locales/ru").await;
    assert_eq!(located.status, 200);
    assert!(located.header("etag").is_some());
}
