//! Categories: the list and one category, by the slug of any locale or by id.

use crate::helpers::TestApp;

#[actix_web::test]
async fn categories_are_listed_in_the_negotiated_locale() {
    let app = TestApp::builder().build().await;
    app.category("World", "Мир", "mir");
    app.category("Economy", "Экономика", "ekonomika");

    let answer = app.get("/api/v1/categories?locale=ru").await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-language"), Some("ru"));
    let names: Vec<&str> = answer.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Мир", "Экономика"]);
    assert_eq!(answer.body["page"]["total"], 2);
    let world = &answer.body["data"][0];
    assert_eq!(world["slug"], "mir");
    assert_eq!(world["locale"], "ru");
    assert_eq!(world["is_fallback"], false);
    assert_eq!(world["translations"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_category_is_found_by_any_slug_or_id_and_falls_back() {
    let app = TestApp::builder().build().await;
    let id = app.category("World", "Мир", "mir");

    for path in [
        "/api/v1/categories/world".to_owned(),
        "/api/v1/categories/mir".to_owned(),
        format!("/api/v1/categories/{id}"),
    ] {
        let answer = app.get(&format!("{path}?locale=ru")).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.body["id"], id.to_string());
        assert_eq!(answer.body["name"], "Мир");
    }
    // No Uzbek name: uz falls back to ru.
    let uzbek = app.get("/api/v1/categories/world?locale=uz").await;
    assert_eq!(uzbek.body["name"], "Мир");
    assert_eq!(uzbek.body["is_fallback"], true);
    assert_eq!(uzbek.header("content-language"), Some("ru"));
}

#[actix_web::test]
async fn unknown_category_is_not_found() {
    let app = TestApp::builder().build().await;
    let answer = app.get("/api/v1/categories/sports").await;
    let problem = answer.assert_problem(404);
    assert!(problem["detail"].as_str().unwrap().contains("sports"));
}
