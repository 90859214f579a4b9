//! The contract: the generated OpenAPI document is the committed one, and it is served.

use std::path::Path;

const REGENERATE: &str = "cargo run -- openapi > openapi/openapi.json";

fn committed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("openapi/openapi.json is missing; run `{REGENERATE}`"))
}

fn generated() -> String {
    serde_json::to_string_pretty(&newsroom::app::openapi_document()).unwrap() + "\n"
}

#[test]
fn committed_document_matches_the_code() {
    let (committed, generated) = (committed(), generated());
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or(committed.lines().count().min(generated.lines().count()), |n| n)
            + 1;
        panic!(
            "openapi/openapi.json differs from the document the code generates (first at line \
             {line}). If the change to the API is intended, regenerate it with `{REGENERATE}` and \
             commit the result."
        );
    }
}

#[test]
fn the_binary_prints_the_same_document() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_newsroom"))
        .arg("openapi")
        .output()
        .expect("newsroom runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), generated());
}

#[actix_web::test]
async fn document_and_swagger_ui_are_served() {
    let app = crate::helpers::TestApp::builder().build().await;

    let document = app.get("/api/v1/openapi.json").await;
    let ui = app.get("/docs/").await;

    assert_eq!(document.status, 200);
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    let served_locales = ["en", "ru", "uz", "uz-Cyrl"].map(str::to_owned);
    assert!(
        document.body == newsroom::openapi::for_locales(&committed, &served_locales),
        "the served document is the committed one with the locales served; run `{REGENERATE}`"
    );
    assert_eq!(ui.status, 200);
    // The client follows the redirect from `/docs` to `/docs/`.
    let bare = app.request("GET", "/docs").await;
    assert_eq!(bare.status, 200);
    assert_eq!(bare.raw, ui.raw);
    assert!(
        String::from_utf8_lossy(&ui.raw).contains("swagger"),
        "Swagger UI page"
    );
}

#[test]
fn every_operation_is_documented() {
    let document: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    for path in [
        "/api/v1/locales",
        "/api/v1/categories",
        "/api/v1/categories/{category}",
        "/api/v1/articles",
        "/api/v1/articles/{article}",
        "/api/v1/articles/{article}/translations",
    ] {
        let operation = &paths
            .get(path)
            .unwrap_or_else(|| panic!("{path} is not documented"))["get"];
        assert!(operation["operationId"].is_string(), "{path}");
        assert!(operation["summary"].is_string(), "{path}");
        assert!(operation["responses"]["200"].is_object(), "{path}");
        for (status, response) in operation["responses"].as_object().unwrap() {
            if status.starts_with('4') {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{path} {status}"
                );
            }
        }
    }
    let localized = &paths["/api/v1/articles/{article}"]["get"];
    let parameters = localized["parameters"].as_array().unwrap();
    assert!(
        parameters
            .iter()
            .any(|p| p["name"] == "Accept-Language" && p["in"] == "header")
    );
    assert!(localized["responses"]["200"]["headers"]["Content-Language"].is_object());
}

/// The headers the document promises on a successful response are the ones sent.
#[actix_web::test]
async fn documented_response_headers_are_sent() {
    let app = crate::helpers::TestApp::builder().demo().build().await;
    let document: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    // The sitemap of a month the demo content was published in, as the index lists it.
    let index = String::from_utf8(app.get("/sitemap.xml").await.raw).unwrap();
    let month = index
        .split("<loc>")
        .filter_map(|loc| loc.split("</loc>").next())
        .find_map(|loc| loc.find("/sitemaps/articles/").map(|at| loc[at..].to_owned()))
        .expect("a month's sitemap");
    let examples = [
        ("/healthz", "/healthz"),
        ("/readyz", "/readyz"),
        ("/metrics", "/metrics"),
        ("/api/v1/locales", "/api/v1/locales"),
        ("/api/v1/locales/{code}", "/api/v1/locales/uz-Cyrl"),
        ("/api/v1/categories", "/api/v1/categories"),
        ("/api/v1/spellings", "/api/v1/spellings"),
        ("/api/v1/messages", "/api/v1/messages?locale=uz-Cyrl"),
        (
            "/api/v1/messages/format",
            "/api/v1/messages/format?key=hours_ago&n=5&locale=ru",
        ),
        (
            "/api/v1/messages/relative-time",
            "/api/v1/messages/relative-time?at=2026-03-02T18:32:00Z",
        ),
        (
            "/api/v1/messages/{locale}/{key}",
            "/api/v1/messages/uz-Cyrl/similar_news",
        ),
        ("/api/v1/message-keys", "/api/v1/message-keys"),
        ("/api/v1/message-keys/{key}", "/api/v1/message-keys/hours_ago"),
        (
            "/api/v1/spellings/{word}",
            "/api/v1/spellings/%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82",
        ),
        ("/api/v1/categories/{category}", "/api/v1/categories/world"),
        ("/api/v1/articles", "/api/v1/articles"),
        ("/api/v1/headlines", "/api/v1/headlines"),
        ("/api/v1/feeds/{locale}/feed.json", "/api/v1/feeds/ru/feed.json"),
        ("/api/v1/feeds/{locale}/rss.xml", "/api/v1/feeds/ru/rss.xml"),
        (
            "/api/v1/feeds/{locale}/atom.xml",
            "/api/v1/feeds/uz-Cyrl/atom.xml",
        ),
        ("/robots.txt", "/robots.txt"),
        ("/api/v1/widgets/weather", "/api/v1/widgets/weather?locale=ru"),
        ("/api/v1/widgets/rates", "/api/v1/widgets/rates?locale=uz-Cyrl"),
        ("/sitemap.xml", "/sitemap.xml"),
        ("/sitemap-news.xml", "/sitemap-news.xml"),
        ("/sitemaps/categories.xml", "/sitemaps/categories.xml"),
        ("/sitemaps/articles/{month}.xml", month.as_str()),
        ("/api/v1/search", "/api/v1/search?q=oil"),
        (
            "/api/v1/articles/{article}/related",
            "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan/related",
        ),
        (
            "/api/v1/articles/{article}",
            "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan",
        ),
        (
            "/api/v1/articles/{article}/translations",
            "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan/translations",
        ),
    ];
    let readable = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .filter(|item| item.get("get").is_some());
    assert_eq!(
        readable.count(),
        examples.len(),
        "every path that takes GET has an example here"
    );
    for (template, path) in examples {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        let documented = &document["paths"][template]["get"]["responses"]["200"]["headers"];
        for header in documented
            .as_object()
            .into_iter()
            .flat_map(|headers| headers.keys())
        {
            assert!(
                answer.header(header).is_some(),
                "{path}: documented header {header} not sent"
            );
        }
    }
}

/// Every write declares the bearer scheme, its request body and its error responses.
#[test]
fn writes_declare_their_key_body_and_errors() {
    let document: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut writes = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            // The view beacon is the one public operation that is not a read.
            if method == "get" || operation["operationId"] == "countView" {
                continue;
            }
            writes += 1;
            let what = format!("{method} {path}");
            assert_eq!(
                operation["security"],
                serde_json::json!([{"bearer": []}]),
                "{what}"
            );
            let responses = operation["responses"].as_object().unwrap();
            for status in ["401", "500", "503"] {
                assert!(responses.contains_key(status), "{what} documents {status}");
            }
            if method != "delete" {
                let body = &operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
                assert!(body.is_string(), "{what} documents its body");
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{what} documents {status}");
                }
            }
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        response["content"]["application/problem+json"]["schema"]["$ref"]
                            .as_str()
                            .is_some_and(|r| r.ends_with("/Problem")),
                        "{what} {status} is a problem"
                    );
                }
            }
        }
    }
    assert_eq!(writes, 20, "every write is in the document");
}

/// Slugs are checked by one pattern, wherever a body takes one.
#[test]
fn every_slug_field_has_the_slug_pattern() {
    let document: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let mut seen = 0;
    for (name, schema) in document["components"]["schemas"].as_object().unwrap() {
        if let Some(slug) = schema["properties"].get("slug")
            && slug.get("pattern").is_some()
        {
            assert_eq!(slug["pattern"], newsroom::slugs::PATTERN, "{name}.slug");
            seen += 1;
        }
    }
    assert_eq!(seen, 4, "the four bodies that take a slug");
}

/// The schema of the `locale` parameter of one article's read, in a document.
fn article_locale(document: &serde_json::Value) -> serde_json::Value {
    document["paths"]["/api/v1/articles/{article}"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|parameter| parameter["name"] == "locale")
        .unwrap()["schema"]
        .clone()
}

#[actix_web::test]
async fn the_served_document_lists_the_locales_served_as_they_change() {
    let app = crate::helpers::TestApp::builder().build().await;
    let before = app.get("/api/v1/openapi.json").await.body;
    assert_eq!(
        article_locale(&before)["enum"],
        serde_json::json!(["en", "ru", "uz", "uz-Cyrl"])
    );
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap();
    assert!(
        article_locale(&committed)["enum"].is_null(),
        "the committed document names no instance's locales"
    );

    let admin = app.key("chief", newsroom::auth::Role::Admin);
    let added = app
        .send(
            "POST",
            "/api/v1/locales",
            Some(&admin),
            Some(&serde_json::json!({"code": "kk", "name": "Қазақша", "english_name": "Kazakh", "fallbacks": ["ru"]})),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    let after = app.get("/api/v1/openapi.json").await.body;
    assert_eq!(
        article_locale(&after)["enum"],
        serde_json::json!(["en", "ru", "uz", "uz-Cyrl", "kk"])
    );
    assert_eq!(
        after["components"]["schemas"]["NewArticleBody"]["properties"]["translations"]["propertyNames"]["enum"],
        article_locale(&after)["enum"]
    );
}
