//! What a client generated from the OpenAPI document relies on, and what Schemathesis found
//! where the server and the document disagreed: each case here was once a 500, or an answer
//! the document did not allow.

use crate::helpers::TestApp;
use newsroom::auth::Role;
use serde_json::{Value, json};

/// The demo article of the seed page, by its English slug.
const ARTICLE: &str = "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan";

#[actix_web::test]
async fn a_new_article_or_category_without_translations_is_a_422_not_a_500() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let everything = "/api/v1/articles?preview=true&limit=100";
    let before = app.send("GET", everything, Some(&key), None).await.body["page"]["total"].clone();
    let article =
        json!({"category": "world", "original_locale": "en", "status": "draft", "translations": {}});
    app.send("POST", "/api/v1/articles", Some(&key), Some(&article))
        .await
        .assert_invalid_fields(&["translations"]);
    app.send(
        "POST",
        "/api/v1/categories",
        Some(&key),
        Some(&json!({"translations": {}})),
    )
    .await
    .assert_invalid_fields(&["translations"]);
    // Nothing half-written: every article, drafts included, is as it was.
    let after = app.send("GET", everything, Some(&key), None).await.body["page"]["total"].clone();
    assert!(before.as_i64().is_some_and(|total| total > 0));
    assert_eq!(after, before);
}

#[actix_web::test]
async fn a_blank_category_or_locale_in_a_change_is_a_422_not_a_500() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    for (field, blank) in [("category", " \t "), ("category", ""), ("original_locale", "  ")] {
        app.send("PATCH", ARTICLE, Some(&key), Some(&json!({field: blank})))
            .await
            .assert_invalid_fields(&[field]);
    }
}

/// Sends `change` to the demo article with `If-Match: if_match`.
async fn patch_if_match(
    app: &crate::helpers::TestApp,
    key: &str,
    if_match: &str,
    change: Value,
) -> crate::helpers::Answer {
    app.send_raw(
        "PATCH",
        ARTICLE,
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &format!("Bearer {key}")),
            ("If-Match", if_match),
        ],
        Some(serde_json::to_vec(&change).unwrap()),
    )
    .await
}

#[actix_web::test]
async fn if_match_must_be_entity_tags_and_commas_may_sit_inside_them() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let current = app.get(ARTICLE).await.header("etag").unwrap().to_owned();
    let change = json!({"featured": true});
    for malformed in ["0", "null", "v1", "\"v1", "\"v 1\"", "\"v1\",", "*, \"v1\""] {
        let answer = patch_if_match(&app, &key, malformed, change.clone()).await;
        let problem = answer.assert_problem(400);
        assert!(
            problem["detail"].as_str().unwrap().contains("If-Match"),
            "{malformed}: {problem}"
        );
    }
    patch_if_match(&app, &key, "\"a,b\", W/\"x\"", change.clone())
        .await
        .assert_problem(412);
    let answer = patch_if_match(&app, &key, &format!("\"a,b\" ,\t{current}"), change).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[actix_web::test]
async fn a_body_that_breaks_its_schema_is_a_422_even_with_a_stale_version() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    patch_if_match(&app, &key, "\"v999\"", json!({"published_at": ""}))
        .await
        .assert_invalid_fields(&["published_at"]);
    // A sound body with a stale version is the 412.
    patch_if_match(&app, &key, "\"v999\"", json!({"featured": true}))
        .await
        .assert_problem(412);
}

#[actix_web::test]
async fn a_whole_number_written_with_a_fraction_is_an_integer() {
    let app = TestApp::builder().build().await;
    let key = app.key("desk", Role::Editor);
    let created = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&key),
            Some(&json!({"position": 3.0, "translations": {"en": {"name": "Sport"}}})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["position"], 3);
    app.send(
        "POST",
        "/api/v1/categories",
        Some(&key),
        Some(&json!({"position": 3.5, "translations": {"en": {"name": "Culture"}}})),
    )
    .await
    .assert_invalid_fields(&["position"]);
}

#[actix_web::test]
async fn text_with_control_characters_is_refused_by_the_schema_with_a_clear_message() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let answer = app
        .send(
            "PATCH",
            ARTICLE,
            Some(&key),
            Some(&json!({"translations": {"en": {"title": "Bell\u{7}", "excerpt": "Escape\u{1b}[0m"}}})),
        )
        .await;
    let fields = answer.assert_invalid_fields(&["translations.en.title", "translations.en.excerpt"]);
    assert_eq!(fields.len(), 2, "each field once: {fields:?}");
    for error in answer.body["errors"].as_array().unwrap() {
        assert!(
            error["message"].as_str().unwrap().contains("control characters"),
            "{error}"
        );
    }
    // Line breaks and tabs are text.
    let answer = app
        .send(
            "PATCH",
            ARTICLE,
            Some(&key),
            Some(&json!({"translations": {"en": {"excerpt": "One line.\n\tAnother."}}})),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

fn document() -> Value {
    serde_json::to_value(newsroom::app::openapi_document()).unwrap()
}

fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("responses").is_some() {
                found.push((path.clone(), method.clone(), operation));
            }
        }
    }
    found
}

#[test]
fn every_operation_says_what_it_needs_and_shows_what_it_answers() {
    let document = document();
    assert!(document["info"]["contact"].is_object());
    assert!(document["info"]["license"]["identifier"].is_string());
    for (path, method, operation) in operations(&document) {
        let what = format!("{method} {path}");
        for field in ["operationId", "summary", "description"] {
            assert!(
                operation[field].as_str().is_some_and(|text| !text.is_empty()),
                "{what}: {field}"
            );
        }
        assert!(operation["tags"][0].is_string(), "{what}: a tag");
        let security = operation["security"]
            .as_array()
            .unwrap_or_else(|| panic!("{what} states its security"));
        // No key needed is `[]`, which every generator reads so; `{}` in a list of
        // requirements reads as "a key is needed" to some (openapi-python-client).
        assert!(
            !security.iter().any(|requirement| requirement == &json!({})),
            "{what}: {security:?}"
        );
        let anonymous = security.is_empty();
        let bearer = security
            .iter()
            .any(|requirement| requirement.get("bearer").is_some());
        assert!(anonymous != bearer, "{what}: {security:?}");
        if method == "get" && !path.starts_with("/api/v1/openapi") {
            assert!(anonymous, "{what}: a read needs no key");
        }
        if method != "get" && !path.ends_with("/views") {
            assert!(bearer && !anonymous, "{what}: a write needs a key");
        }
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap();
            assert!(
                parameter["description"].is_string(),
                "{what}: {name} is described"
            );
            let schema = &parameter["schema"];
            assert!(
                schema["type"].is_string() || schema["$ref"].is_string(),
                "{what}: {name} has one type, never null: {schema}"
            );
        }
        for (status, response) in operation["responses"].as_object().unwrap() {
            for (media, content) in response["content"].as_object().into_iter().flatten() {
                let example = content.get("example").or_else(|| {
                    let name = content["schema"]["$ref"].as_str()?.rsplit('/').next()?;
                    document["components"]["schemas"][name].get("example")
                });
                let example = example.unwrap_or_else(|| panic!("{what} {status} {media}: an example"));
                if media == "application/problem+json" {
                    assert_eq!(
                        example["status"].to_string(),
                        *status,
                        "{what}: the {status} example is a {status}"
                    );
                }
            }
        }
    }
}

#[test]
fn links_lead_to_operations_and_fill_their_path() {
    let document = document();
    let operations = operations(&document);
    let mut links = 0;
    for (path, method, operation) in &operations {
        for (status, response) in operation["responses"].as_object().unwrap() {
            for (name, link) in response["links"].as_object().into_iter().flatten() {
                links += 1;
                let target = link["operationId"].as_str().unwrap();
                let (target_path, _, _) = operations
                    .iter()
                    .find(|(_, _, candidate)| candidate["operationId"] == target)
                    .unwrap_or_else(|| panic!("{method} {path} {status} {name}: no {target}"));
                let parameters = link["parameters"].as_object().unwrap();
                let first = target_path
                    .split('{')
                    .nth(1)
                    .and_then(|rest| rest.split('}').next());
                if let Some(first) = first {
                    assert!(
                        parameters.contains_key(&format!("path.{first}")),
                        "{name} fills `{first}` of {target_path}"
                    );
                }
            }
        }
    }
    assert!(links >= 20, "{links} links");
}

#[actix_web::test]
async fn feed_parameters_that_go_together_or_name_nothing_are_a_400_that_names_them() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    for (path, named) in [
        ("/api/v1/articles?category=no-such-category", "category"),
        ("/api/v1/search?q=oil&category=no-such-category", "category"),
        ("/api/v1/articles?window=24h", "window"),
        ("/api/v1/articles?status=draft", "status"),
        ("/api/v1/articles?preview=true&sort=-views", "preview"),
    ] {
        let answer = app.send("GET", path, Some(&key), None).await;
        let problem = answer.assert_problem(400);
        assert!(
            problem["detail"].as_str().unwrap().contains(named),
            "{path}: {problem}"
        );
    }
}

#[actix_web::test]
async fn keys_that_are_not_locales_and_titles_of_white_space_alone_are_named_plainly() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let answer = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(
                &json!({"category": "world", "original_locale": "en", "translations": {
                    "en": {"title": "\u{feff}\u{3000}", "body": "Text."},
                    "english": {"title": "Title", "body": "Text."}
                }}),
            ),
        )
        .await;
    answer.assert_invalid_fields(&["translations.en.title", "translations.english"]);
    for error in answer.body["errors"].as_array().unwrap() {
        let message = error["message"].as_str().unwrap();
        assert!(!message.contains('^'), "no pattern shown to people: {error}");
    }
}

#[actix_web::test]
async fn a_search_longer_than_the_document_allows_is_a_400() {
    let app = TestApp::builder().demo().build().await;
    let q = "oil+".repeat(300);
    let answer = app.get(&format!("/api/v1/search?q={q}")).await;
    let problem = answer.assert_problem(400);
    assert!(problem["detail"].as_str().unwrap().contains("1000"), "{problem}");
}

#[actix_web::test]
async fn the_etag_of_a_compressed_write_answer_still_edits() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let answer = app
        .send_raw(
            "PATCH",
            ARTICLE,
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &format!("Bearer {key}")),
                ("Accept-Encoding", "gzip"),
            ],
            Some(br#"{"featured": true}"#.to_vec()),
        )
        .await;
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
    let tag = answer.header("etag").unwrap().to_owned();
    assert!(tag.ends_with("-gzip\""), "{tag}");
    let edited = patch_if_match(&app, &key, &tag, json!({"featured": false})).await;
    assert_eq!(edited.status, 200, "{}", edited.body);
}

#[actix_web::test]
async fn what_a_write_names_must_exist_before_its_version_is_compared() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    for method in ["DELETE", "PUT"] {
        let answer = app
            .send_raw(
                method,
                &format!("{ARTICLE}/translations/xx"),
                &[
                    ("Content-Type", "application/json"),
                    ("Authorization", &format!("Bearer {key}")),
                    ("If-Match", "\"v999\""),
                ],
                Some(br#"{"title": "T", "body": "B"}"#.to_vec()),
            )
            .await;
        answer.assert_problem(404);
    }
}
