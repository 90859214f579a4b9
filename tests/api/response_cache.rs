//! The in-process cache of public responses: a repeated read is answered from memory, with the
//! same bytes; a write clears exactly what showed what it changed; a flush of view counts clears
//! what showed those counts; key holders never get a kept answer.

use crate::helpers::{TestApp, flushed_by_hand, series};
use newsroom::auth::Role;
use serde_json::{Value, json};

const ARTICLE: &str = "/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan";

/// The lookups the metrics count, by outcome.
async fn lookups(app: &TestApp, outcome: &str) -> u64 {
    let scrape = String::from_utf8(app.get("/metrics").await.raw).unwrap();
    let name = format!("newsroom_response_cache_lookups_total{{outcome=\"{outcome}\"}}");
    series(&scrape, &name).unwrap_or(0.0) as u64
}

/// Whether reading `path` (with `headers`) was answered from memory.
async fn read_is_a_hit(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (bool, crate::helpers::Answer) {
    let before = lookups(app, "hit").await;
    let answer = app.get_with(path, headers).await;
    (lookups(app, "hit").await == before + 1, answer)
}

#[actix_web::test]
async fn a_repeated_read_is_answered_from_memory_with_the_same_bytes_and_tag() {
    let app = TestApp::builder().demo().build().await;
    let (hit, first) = read_is_a_hit(&app, ARTICLE, &[]).await;
    assert!(!hit, "the first read computes");
    let (hit, again) = read_is_a_hit(&app, ARTICLE, &[]).await;
    assert!(hit, "the second read is kept");
    assert_eq!(again.raw, first.raw);
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.header("cache-control"), first.header("cache-control"));
    assert_eq!(again.header("content-language"), Some("en"));

    // Revalidation is answered from memory too.
    let etag = first.header("etag").unwrap();
    let (hit, revalidated) = read_is_a_hit(&app, ARTICLE, &[("If-None-Match", etag)]).await;
    assert!(hit);
    assert_eq!(revalidated.status, 304);
    assert!(revalidated.raw.is_empty());

    // Ways of asking for Russian share the Russian entry; English is another.
    let (hit, russian) = read_is_a_hit(&app, ARTICLE, &[("Accept-Language", "ru")]).await;
    assert!(!hit);
    assert_eq!(russian.header("content-language"), Some("ru"));
    let (hit, also_russian) =
        read_is_a_hit(&app, ARTICLE, &[("Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5")]).await;
    assert!(hit, "the same negotiated locale");
    assert_eq!(also_russian.raw, russian.raw);
    assert_ne!(russian.raw, first.raw);
    // A query is part of the key.
    let (hit, _) = read_is_a_hit(&app, &format!("{ARTICLE}?locale=ru"), &[]).await;
    assert!(!hit);
}

#[actix_web::test]
async fn an_edit_clears_what_showed_the_article_and_keeps_the_rest() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let article = app.get(ARTICLE).await.body;
    let id = article["id"].as_str().unwrap().to_owned();
    // A list of related items, under another article, that names this one.
    let feed = app.get("/api/v1/articles?category=world&limit=50").await;
    let mut related_naming = None;
    for slug in feed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["slug"].as_str().unwrap())
    {
        let path = format!("/api/v1/articles/{slug}/related");
        let related = app.get(&path).await;
        if related.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|item| item["id"] == id.as_str())
        {
            related_naming = Some(path);
            break;
        }
    }
    let related_naming = related_naming.expect("another article lists this one as related");
    let showing = [
        ARTICLE.to_owned(),
        "/api/v1/articles".to_owned(),
        "/api/v1/articles?category=world&limit=50".to_owned(),
        "/api/v1/headlines".to_owned(),
        related_naming,
    ];
    let elsewhere = "/api/v1/articles?category=economy";
    for path in showing.iter().map(String::as_str).chain([elsewhere]) {
        app.get(path).await;
        assert!(read_is_a_hit(&app, path, &[]).await.0, "{path} is kept");
    }

    let renamed = "Deepfakes banned in Kazakhstan, by fatwa";
    let patched = app
        .send(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            Some(&key),
            Some(&json!({"translations": {"en": {"title": renamed}}})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);

    let (hit, page) = read_is_a_hit(&app, ARTICLE, &[]).await;
    assert!(!hit);
    assert_eq!(page.body["title"], renamed);
    for path in &showing[1..] {
        let (hit, list) = read_is_a_hit(&app, path, &[]).await;
        assert!(!hit, "{path} was cleared");
        assert!(
            list.of_items("title").iter().any(|title| title == renamed),
            "{path} shows the new title: {:?}",
            list.of_items("title")
        );
    }
    let (hit, _) = read_is_a_hit(&app, elsewhere, &[]).await;
    assert!(
        hit,
        "another category's feed did not show the article and is kept"
    );
}

#[actix_web::test]
async fn a_flushed_view_count_shows_at_once() {
    let app = TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await;
    let before = app.get(ARTICLE).await.body;
    let views = before["views"].as_i64().unwrap();
    let feed = app.get("/api/v1/articles?category=world").await;
    assert!(read_is_a_hit(&app, ARTICLE, &[]).await.0);
    let id = before["id"].as_str().unwrap();
    for _ in 0..2 {
        let beacon = app.request("POST", &format!("/api/v1/articles/{id}/views")).await;
        assert_eq!(beacon.status, 202);
    }
    // A beacon alone changes nothing shown.
    assert!(read_is_a_hit(&app, ARTICLE, &[]).await.0);
    app.flush_views().await;

    assert_eq!(app.get(ARTICLE).await.body["views"], views + 2);
    let listed = app.get("/api/v1/articles?category=world").await;
    let shown = |list: &Value| {
        list["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["id"] == id)
            .map(|item| item["views"].as_i64().unwrap())
    };
    assert_eq!(shown(&listed.body), shown(&feed.body).map(|views| views + 2));
}

#[actix_web::test]
async fn key_holders_never_get_a_kept_answer_and_drafts_stay_out() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let bearer = format!("Bearer {key}");
    app.get("/api/v1/articles").await;
    let draft = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(
                &json!({"category": "world", "original_locale": "en", "status": "draft",
                "translations": {"en": {"title": "Unfinished story", "body": "Not yet."}}}),
            ),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.body);

    let (hit, preview) = read_is_a_hit(
        &app,
        "/api/v1/articles?preview=true",
        &[("Authorization", &bearer)],
    )
    .await;
    assert!(!hit);
    assert!(preview.slugs().contains(&"unfinished-story".to_owned()));
    let (hit, again) = read_is_a_hit(
        &app,
        "/api/v1/articles?preview=true",
        &[("Authorization", &bearer)],
    )
    .await;
    assert!(!hit, "a key holder's read is never kept");
    assert_eq!(again.header("cache-control"), Some("private, no-store"));
    let public = app.get("/api/v1/articles").await;
    assert!(!public.slugs().contains(&"unfinished-story".to_owned()));
    assert!(
        read_is_a_hit(&app, "/api/v1/articles?preview=true", &[])
            .await
            .1
            .status
            == 401
    );
}

#[actix_web::test]
async fn a_category_write_clears_everything() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    app.get(ARTICLE).await;
    app.get("/api/v1/categories").await;
    assert!(read_is_a_hit(&app, ARTICLE, &[]).await.0);
    let renamed = app
        .send(
            "PATCH",
            "/api/v1/categories/world",
            Some(&key),
            Some(&json!({"translations": {"en": {"name": "The World"}}})),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let (hit, page) = read_is_a_hit(&app, ARTICLE, &[]).await;
    assert!(!hit);
    assert_eq!(page.body["category"]["name"], "The World");
    let (hit, categories) = read_is_a_hit(&app, "/api/v1/categories", &[]).await;
    assert!(!hit);
    assert!(categories.raw.windows(9).any(|bytes| bytes == b"The World"));
}

#[actix_web::test]
async fn a_cache_of_no_bytes_keeps_nothing() {
    let app = TestApp::builder().demo().without_response_cache().build().await;
    for _ in 0..3 {
        assert_eq!(app.get(ARTICLE).await.status, 200);
    }
    assert_eq!(lookups(&app, "hit").await, 0);
    assert_eq!(lookups(&app, "miss").await, 0);
}

#[actix_web::test]
async fn a_kept_answer_is_compressed_once_for_each_coding_and_revalidates() {
    use std::io::Read;
    let app = TestApp::builder().demo().build().await;
    let plain = app.get(ARTICLE).await;
    assert!(plain.raw.len() >= 1024, "big enough to compress");
    assert!(plain.header("vary").unwrap().contains("Accept-Encoding"));
    assert_eq!(plain.header("content-encoding"), None);

    for (coding, asked) in [("br", "gzip, deflate, br"), ("gzip", "gzip")] {
        let (hit, first) = read_is_a_hit(&app, ARTICLE, &[("Accept-Encoding", asked)]).await;
        assert!(hit, "the plain answer is kept; {coding} is made from it");
        assert_eq!(first.header("content-encoding"), Some(coding));
        let (hit, again) = read_is_a_hit(&app, ARTICLE, &[("Accept-Encoding", asked)]).await;
        assert!(hit);
        assert_eq!(again.raw, first.raw, "compressed once, kept");
        let mut decoded = Vec::new();
        match coding {
            "br" => brotli::Decompressor::new(&first.raw[..], 4096)
                .read_to_end(&mut decoded)
                .unwrap(),
            _ => flate2::read::GzDecoder::new(&first.raw[..])
                .read_to_end(&mut decoded)
                .unwrap(),
        };
        assert_eq!(decoded, plain.raw, "{coding} decodes to the same bytes");
        let etag = first.header("etag").unwrap();
        assert_eq!(
            etag,
            format!(
                "{}-{coding}\"",
                plain.header("etag").unwrap().trim_end_matches('"')
            )
        );
        let revalidated = app
            .get_with(ARTICLE, &[("Accept-Encoding", asked), ("If-None-Match", etag)])
            .await;
        assert_eq!(revalidated.status, 304);
    }
}
