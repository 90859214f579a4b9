//! HTTP caching of public reads: strong ETags, 304 on revalidation, Cache-Control by kind,
//! private answers for key holders.

use crate::helpers::TestApp;
use newsroom::auth::Role;

const ARTICLE: &str = "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan";

#[actix_web::test]
async fn a_public_read_revalidates_with_its_etag_and_gets_a_304_without_a_body() {
    let app = TestApp::builder().demo().build().await;
    let first = app.get(&format!("{ARTICLE}?locale=ru")).await;
    assert_eq!(first.status, 200);
    let etag = first.header("etag").unwrap().to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "strong: {etag}");
    assert_eq!(
        first.header("cache-control"),
        Some("public, max-age=60, stale-while-revalidate=300")
    );
    assert!(first.header("last-modified").is_some());

    for if_none_match in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        "*".to_owned(),
    ] {
        let again = app
            .get_with(
                &format!("{ARTICLE}?locale=ru"),
                &[("If-None-Match", &if_none_match)],
            )
            .await;
        assert_eq!(again.status, 304, "{if_none_match}");
        assert!(again.raw.is_empty(), "no body");
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.header("content-language"), Some("ru"));
        assert!(again.header("vary").unwrap().contains("Accept-Language"));
    }
    let stale = app
        .get_with(
            &format!("{ARTICLE}?locale=ru"),
            &[("If-None-Match", "\"v1.0000\"")],
        )
        .await;
    assert_eq!(stale.status, 200);

    // Another representation, another tag.
    let english = app.get(ARTICLE).await;
    assert_ne!(english.header("etag"), Some(etag.as_str()));
    // The same representation, the same tag.
    assert_eq!(
        app.get(&format!("{ARTICLE}?locale=ru")).await.header("etag"),
        Some(etag.as_str())
    );
}

#[actix_web::test]
async fn last_modified_answers_if_modified_since() {
    let app = TestApp::builder().demo().build().await;
    let first = app.get(ARTICLE).await;
    let last_modified = first.header("last-modified").unwrap().to_owned();
    let since = app
        .get_with(ARTICLE, &[("If-Modified-Since", &last_modified)])
        .await;
    assert_eq!(since.status, 304);
    let earlier = app
        .get_with(ARTICLE, &[("If-Modified-Since", "Mon, 02 Mar 2026 00:00:00 GMT")])
        .await;
    assert_eq!(earlier.status, 200);
    // If-None-Match wins over If-Modified-Since.
    let both = app
        .get_with(
            ARTICLE,
            &[
                ("If-Modified-Since", &last_modified),
                ("If-None-Match", "\"other\""),
            ],
        )
        .await;
    assert_eq!(both.status, 200);
}

#[actix_web::test]
async fn each_kind_of_read_has_its_ages() {
    let app = TestApp::builder().demo().build().await;
    for (path, cache_control) in [
        (
            "/api/v1/articles",
            "public, max-age=30, stale-while-revalidate=120",
        ),
        (
            "/api/v1/headlines",
            "public, max-age=30, stale-while-revalidate=120",
        ),
        (
            &format!("{ARTICLE}/related") as &str,
            "public, max-age=30, stale-while-revalidate=120",
        ),
        (
            "/api/v1/search?q=oil",
            "public, max-age=30, stale-while-revalidate=60",
        ),
        (
            "/api/v1/categories",
            "public, max-age=300, stale-while-revalidate=3600",
        ),
        (
            "/api/v1/locales",
            "public, max-age=300, stale-while-revalidate=3600",
        ),
        (
            "/api/v1/openapi.json",
            "public, max-age=300, stale-while-revalidate=3600",
        ),
    ] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("cache-control"), Some(cache_control), "{path}");
        assert!(answer.header("etag").is_some(), "{path}");
    }
    // Errors and writes are not for caches.
    let missing = app.get("/api/v1/articles/no-such-story").await;
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    assert!(missing.header("etag").is_none());
}

#[actix_web::test]
async fn what_a_key_holder_reads_is_private_and_its_etag_still_edits() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let preview = app
        .send("GET", &format!("{ARTICLE}?preview=true"), Some(&key), None)
        .await;
    assert_eq!(preview.status, 200);
    assert_eq!(preview.header("cache-control"), Some("private, no-store"));
    let etag = app.get(ARTICLE).await.header("etag").unwrap().to_owned();
    let edit = app
        .send_raw(
            "PATCH",
            ARTICLE,
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &format!("Bearer {key}")),
                ("If-Match", &etag),
            ],
            Some(br#"{"featured": true}"#.to_vec()),
        )
        .await;
    assert_eq!(edit.status, 200, "{}", edit.body);
    assert_eq!(edit.header("cache-control"), Some("no-store"));
    // The edit changed the article: the old tag no longer revalidates.
    let after = app.get_with(ARTICLE, &[("If-None-Match", &etag)]).await;
    assert_eq!(after.status, 200);
}
