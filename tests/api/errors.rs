//! Bad requests get a problem+json answer that says what to change; never a 500.

use crate::helpers::TestApp;

#[actix_web::test]
async fn unknown_query_parameters_are_refused_by_name() {
    let app = TestApp::builder().build().await;
    for (path, name) in [
        ("/api/v1/articles?sort=views", "sort"),
        ("/api/v1/articles/some-slug?lang=ru", "lang"),
        ("/api/v1/categories?page=2", "page"),
        ("/api/v1/categories/world?limit=2", "limit"),
        ("/api/v1/locales?locale=fr", "locale"),
        ("/api/v1/articles/some-slug/translations?locale=ru", "locale"),
    ] {
        let answer = app.get(path).await;
        let problem = answer.assert_problem(400);
        assert_eq!(problem["type"], "/problems/invalid-parameter", "{path}");
        assert!(
            problem["detail"].as_str().unwrap().contains(name),
            "{path}: {problem}"
        );
    }
}

#[actix_web::test]
async fn unknown_parameter_values_are_refused() {
    let app = TestApp::builder().build().await;
    for path in [
        "/api/v1/articles?featured=yes",
        "/api/v1/articles?featured=1",
        "/api/v1/articles?limit=abc",
        "/api/v1/articles?limit=1&limit=2",
    ] {
        let answer = app.get(path).await;
        let problem = answer.assert_problem(400);
        assert_eq!(problem["type"], "/problems/invalid-parameter", "{path}");
    }
}

#[actix_web::test]
async fn unknown_paths_and_methods_are_problems_too() {
    let app = TestApp::builder().build().await;
    app.get("/api/v1/nothing-here").await.assert_problem(404);
    app.get("/").await.assert_problem(404);
    // Even where a library answers (the Swagger UI's files), an error is a problem.
    let missing_asset = app.get("/docs/no-such-file.js").await;
    assert_eq!(missing_asset.assert_problem(404)["title"], "Not found");
    let answer = app.request("DELETE", "/api/v1/locales").await;
    let problem = answer.assert_problem(405);
    assert_eq!(problem["type"], "/problems/method-not-allowed");
    assert_eq!(answer.header("allow"), Some("GET, HEAD, POST"));
}

#[actix_web::test]
async fn head_answers_like_get_without_a_body() {
    let app = TestApp::builder().build().await;
    let get = app.get("/api/v1/locales").await;
    let head = app.request("HEAD", "/api/v1/locales").await;
    assert_eq!(head.status, 200);
    assert!(head.raw.is_empty());
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(
        head.header("content-length"),
        Some(get.raw.len().to_string().as_str())
    );
}

#[actix_web::test]
async fn hostile_input_never_causes_a_server_error() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Something").create();
    let long = "x".repeat(10_000);
    for path in [
        "/api/v1/articles/%00".to_owned(),
        "/api/v1/articles/'%20OR%201=1--".to_owned(),
        "/api/v1/articles/%E2%80%AE%F0%9F%98%80".to_owned(),
        format!("/api/v1/articles/{long}"),
        format!("/api/v1/articles?category={long}"),
        format!("/api/v1/articles?cursor={long}"),
        "/api/v1/articles?category=%FF".to_owned(),
        "/api/v1/articles?locale=%00".to_owned(),
        "/api/v1/categories/..%2F..%2Fetc".to_owned(),
        "/api/v1/articles?%zz=1".to_owned(),
    ] {
        let answer = app.get(&path).await;
        assert!(
            (400..500).contains(&answer.status),
            "{path}: {} {}",
            answer.status,
            answer.body
        );
        answer.assert_problem(answer.status);
    }
}
