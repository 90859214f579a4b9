//! Sparse fieldsets: `fields=` keeps only the fields asked for, on lists and single reads.

use crate::helpers::TestApp;
use newsroom::fields::PARTIAL_MEDIA_TYPE;
use serde_json::{Value, json};

fn keys(item: &Value) -> Vec<String> {
    let mut keys: Vec<String> = item.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[actix_web::test]
async fn a_list_keeps_the_fields_asked_for_in_each_item_and_its_page() {
    let app = TestApp::builder().demo().build().await;
    let full = app.get("/api/v1/articles?limit=3&locale=ru").await;
    let slim = app
        .get("/api/v1/articles?limit=3&fields=id,slug,title,published_at&locale=ru")
        .await;
    assert_eq!(slim.status, 200, "{}", slim.body);
    let items = slim.body["data"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for (item, whole) in items.iter().zip(full.body["data"].as_array().unwrap()) {
        assert_eq!(keys(item), ["id", "published_at", "slug", "title"]);
        assert_eq!(
            item["title"], whole["title"],
            "the same values, in the locale asked for"
        );
    }
    assert_eq!(slim.body["page"], full.body["page"], "the page is whole");
    assert!(slim.raw.len() < full.raw.len() / 3);
    assert_ne!(slim.header("etag"), full.header("etag"));
    // A cursor from a slim page walks on with the same filters.
    let next = slim.body["page"]["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!(
            "/api/v1/articles?limit=3&fields=id&locale=ru&cursor={next}"
        ))
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    assert_eq!(keys(&second.body["data"][0]), ["id"]);
}

#[actix_web::test]
async fn one_article_and_the_other_reads_take_fields_too() {
    let app = TestApp::builder().demo().build().await;
    let article = app
        .get("/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan?fields=title,body_html")
        .await;
    assert_eq!(keys(&article.body), ["body_html", "title"]);
    for path in [
        "/api/v1/headlines?fields=title,reason",
        "/api/v1/search?q=oil&fields=title,snippet",
        "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan/related?fields=title,pinned",
        "/api/v1/categories?fields=name",
    ] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        let first = &answer.body["data"][0];
        let asked = path.split("fields=").nth(1).unwrap();
        let mut expected: Vec<&str> = asked.split(',').collect();
        expected.sort();
        assert_eq!(keys(first), expected, "{path}");
    }
    // Empty is every field, as without it.
    let all = app.get("/api/v1/headlines?fields=").await;
    assert_eq!(all.body, app.get("/api/v1/headlines").await.body);
}

#[actix_web::test]
async fn a_field_that_is_not_there_is_a_400_that_lists_the_ones_that_are() {
    let app = TestApp::builder().demo().build().await;
    let answer = app.get("/api/v1/articles?fields=id,headline,bodyy").await;
    let problem = answer.assert_problem(400);
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("`headline`, `bodyy` are not"), "{detail}");
    assert!(detail.contains("published_at"), "lists the fields: {detail}");
    // `body` is a field of one article, not of a list item.
    app.get("/api/v1/articles?fields=body").await.assert_problem(400);
    app.get("/api/v1/articles?fields=id&fields=slug")
        .await
        .assert_problem(400);
    // Names are as written, between single commas, as the document's pattern says.
    for wrong in ["id,%20slug", "%C2%85", "id,,slug", "id,"] {
        app.get(&format!("/api/v1/articles?fields={wrong}"))
            .await
            .assert_problem(400);
    }
    // Reads that answer with no objects don't take it.
    app.get("/healthz?fields=status").await.assert_problem(400);
}

/// Validates `body` against the schema the document gives for a 200 of `path` in
/// `media_type`; returns what breaks it.
fn violations(document: &Value, path: &str, media_type: &str, body: &Value) -> Vec<String> {
    let schema = &document["paths"][path]["get"]["responses"]["200"]["content"][media_type]["schema"];
    assert!(schema.is_object(), "{path} documents {media_type}");
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": schema["$ref"],
        "components": document["components"],
    });
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    validator
        .iter_errors(body)
        .map(|error| error.to_string())
        .collect()
}

#[actix_web::test]
async fn a_partial_answer_has_a_media_type_whose_schema_it_meets() {
    let app = TestApp::builder().demo().build().await;
    let document = app.get("/api/v1/openapi.json").await.body;
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        let Some(fields) = item["get"]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|parameter| parameter["name"] == "fields")
        else {
            continue;
        };
        let concrete = path
            .replace("{article}", "deepfakes-and-fake-subscribers-banned-in-kazakhstan")
            .replace("{category}", "world")
            .replace("{code}", "ru")
            .replace("{word}", "%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82")
            .replace("{locale}", "uz-Cyrl")
            .replace("{key}", "hours_ago");
        let query = match path.as_str() {
            "/api/v1/search" => "q=oil&",
            "/api/v1/messages/format" => "key=hours_ago&n=5&",
            "/api/v1/messages/relative-time" => "at=2026-03-02T18:32:00Z&",
            _ => "",
        };
        let example = fields["example"].as_str().unwrap();

        let partial = app.get(&format!("{concrete}?{query}fields={example}")).await;
        assert_eq!(partial.status, 200, "{path}: {}", partial.body);
        assert_eq!(partial.header("content-type"), Some(PARTIAL_MEDIA_TYPE), "{path}");
        assert_eq!(
            violations(&document, path, PARTIAL_MEDIA_TYPE, &partial.body),
            Vec::<String>::new()
        );
        assert!(
            !violations(&document, path, "application/json", &partial.body).is_empty(),
            "{path}: the full answer's schema must not pass a partial one"
        );

        let full = app.get(&format!("{concrete}?{query}fields=")).await;
        assert_eq!(full.header("content-type"), Some("application/json"), "{path}");
        assert_eq!(
            violations(&document, path, "application/json", &full.body),
            Vec::<String>::new()
        );
        checked += 1;
    }
    assert!(checked >= 8, "every read that takes `fields` ({checked})");
}
