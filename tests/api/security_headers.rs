//! Every answer carries the headers for browsers' safety, errors and kept answers included.

use crate::helpers::TestApp;

fn assert_safe(answer: &crate::helpers::Answer, what: &str) {
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"), "{what}");
    assert!(
        answer.header("server").is_none(),
        "{what}: names no server software"
    );
}

#[actix_web::test]
async fn every_answer_is_safe_for_browsers() {
    let app = TestApp::builder().demo().build().await;
    for path in [
        "/api/v1/articles",
        "/api/v1/articles",
        "/api/v1/articles/no-such-story",
        "/api/v1/feeds/ru/rss.xml",
        "/sitemap.xml",
        "/healthz",
        "/api/v1/openapi.json",
    ] {
        let answer = app.get(path).await;
        assert_safe(&answer, path);
        assert_eq!(
            answer.header("content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"),
            "{path}: data never runs"
        );
        assert!(
            answer.header("strict-transport-security").is_none(),
            "{path}: no HSTS unless configured"
        );
    }
    let refused = app
        .send("POST", "/api/v1/articles", None, Some(&serde_json::json!({})))
        .await;
    assert_eq!(refused.status, 401);
    assert_safe(&refused, "a refused write");

    let docs = app.get("/docs/").await;
    assert_eq!(docs.status, 200);
    assert_safe(&docs, "/docs/");
    let policy = docs.header("content-security-policy").unwrap();
    assert!(
        policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"),
        "{policy}"
    );
}

#[actix_web::test]
async fn hsts_is_sent_when_configured() {
    let app = TestApp::builder()
        .with_state(|state| state.security.hsts_max_age = Some(31_536_000))
        .build()
        .await;
    let answer = app.get("/api/v1/locales").await;
    assert_eq!(
        answer.header("strict-transport-security"),
        Some("max-age=31536000; includeSubDomains")
    );
}
