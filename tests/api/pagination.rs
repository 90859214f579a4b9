//! Keyset pagination: cursor walks, their stability while articles are published, and the
//! cursors and limits that are refused.

use std::collections::HashSet;

use crate::helpers::TestApp;
use chrono::{Duration, Utc};
use newsroom::db::Id;

/// Follows `next_cursor` from `first` to the end; `between` runs after every page.
async fn walk(app: &TestApp, first: &str, mut between: impl FnMut(usize)) -> Vec<String> {
    let mut slugs = Vec::new();
    let mut path = first.to_owned();
    for page in 0.. {
        let answer = app.get(&path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        slugs.extend(answer.slugs());
        between(page);
        match answer.body["page"]["next_cursor"].as_str() {
            Some(cursor) => {
                let separator = if first.contains('?') { '&' } else { '?' };
                path = format!("{first}{separator}cursor={cursor}");
            }
            None => break,
        }
    }
    slugs
}

fn seed(app: &TestApp, count: i64) -> Id {
    let world = app.category("World", "Мир", "mir");
    for minute in 0..count {
        app.article(world, &format!("Story {minute:02}"))
            .published_minute(minute)
            .create();
    }
    world
}

#[actix_web::test]
async fn a_cursor_walk_visits_every_article_once_in_order() {
    let app = TestApp::builder().build().await;
    seed(&app, 23);

    let slugs = walk(&app, "/api/v1/articles?limit=5", |_| {}).await;

    let expected: Vec<String> = (0..23).rev().map(|m| format!("story-{m:02}")).collect();
    assert_eq!(slugs, expected);
}

#[actix_web::test]
async fn articles_sharing_a_publish_time_are_neither_repeated_nor_skipped() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    // As on the seed page, two stories at 22:37: ties are broken by id.
    for n in 0..9 {
        app.article(world, &format!("Same minute {n}"))
            .published_minute(7)
            .create();
    }

    let slugs = walk(&app, "/api/v1/articles?limit=2", |_| {}).await;

    assert_eq!(slugs.len(), 9);
    assert_eq!(slugs.iter().collect::<HashSet<_>>().len(), 9);
}

#[actix_web::test]
async fn a_cursor_walk_is_stable_while_articles_are_published_between_pages() {
    let app = TestApp::builder().build().await;
    let world = seed(&app, 12);

    let slugs = walk(&app, "/api/v1/articles?limit=4", |page| {
        // Breaking news lands while the reader pages through.
        app.article(world, &format!("Breaking {page}"))
            .published_at(Utc::now() - Duration::seconds(1))
            .create();
    })
    .await;

    let expected: Vec<String> = (0..12).rev().map(|m| format!("story-{m:02}")).collect();
    assert_eq!(
        slugs, expected,
        "no repeats, no skips, news published meanwhile not mixed in"
    );
    let fresh = app.get("/api/v1/articles?limit=100").await;
    assert_eq!(
        fresh.body["page"]["total"],
        12 + 3,
        "one breaking story after each of the 3 pages"
    );
}

#[actix_web::test]
async fn category_walk_with_a_filter_keeps_its_filter() {
    let app = TestApp::builder().build().await;
    seed(&app, 7);

    let slugs = walk(&app, "/api/v1/articles?category=mir&limit=3", |_| {}).await;

    assert_eq!(slugs.len(), 7);
}

#[actix_web::test]
async fn categories_are_paginated_too() {
    let app = TestApp::builder().build().await;
    for n in 0..5 {
        app.category(
            &format!("Section {n}"),
            &format!("Раздел {n}"),
            &format!("razdel-{n}"),
        );
    }

    let slugs = walk(&app, "/api/v1/categories?limit=2", |_| {}).await;

    assert_eq!(slugs.len(), 5);
    assert_eq!(slugs.iter().collect::<HashSet<_>>().len(), 5);
}

async fn next_cursor(app: &TestApp, path: &str) -> String {
    let answer = app.get(path).await;
    answer.body["page"]["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned()
}

#[actix_web::test]
async fn a_forged_cursor_is_a_bad_request() {
    let app = TestApp::builder().build().await;
    seed(&app, 5);
    let cursor = next_cursor(&app, "/api/v1/articles?limit=2").await;
    // One character changed: still valid base64url, no longer signed by us.
    let mut edited: Vec<char> = cursor.chars().collect();
    edited[10] = if edited[10] == 'A' { 'B' } else { 'A' };
    let edited: String = edited.into_iter().collect();

    for bad in [
        edited.as_str(),
        "garbage",
        "eyJpZCI6MX0",
        &cursor[..cursor.len() - 2],
    ] {
        let answer = app.get(&format!("/api/v1/articles?limit=2&cursor={bad}")).await;
        let problem = answer.assert_problem(400);
        assert_eq!(problem["type"], "/problems/invalid-cursor", "{bad}");
        assert!(
            problem["detail"].as_str().unwrap().contains("first page"),
            "says what to do"
        );
    }
}

#[actix_web::test]
async fn a_cursor_used_with_other_filters_is_a_bad_request() {
    let app = TestApp::builder().build().await;
    seed(&app, 5);
    let cursor = next_cursor(&app, "/api/v1/articles?limit=2").await;

    for other in ["category=world", "featured=false"] {
        let answer = app
            .get(&format!("/api/v1/articles?limit=2&{other}&cursor={cursor}"))
            .await;
        let problem = answer.assert_problem(400);
        assert_eq!(problem["type"], "/problems/invalid-cursor");
        assert!(
            problem["detail"].as_str().unwrap().contains("another listing"),
            "{other}"
        );
    }
    // The cursor of the article feed means nothing to the category list either.
    app.get(&format!("/api/v1/categories?cursor={cursor}"))
        .await
        .assert_problem(400);
    // A changed page size is fine: the position is the same.
    assert_eq!(
        app.get(&format!("/api/v1/articles?limit=3&cursor={cursor}"))
            .await
            .status,
        200
    );
}

#[actix_web::test]
async fn an_empty_cursor_is_the_first_page() {
    let app = TestApp::builder().build().await;
    seed(&app, 3);

    let answer = app.get("/api/v1/articles?cursor=").await;

    assert_eq!(answer.slugs().len(), 3);
}

#[actix_web::test]
async fn limit_out_of_range_is_a_bad_request() {
    let app = TestApp::builder().build().await;
    for limit in ["0", "101", "-5", "twenty", "1.5", ""] {
        for list in ["/api/v1/articles", "/api/v1/categories"] {
            let answer = app.get(&format!("{list}?limit={limit}")).await;
            let problem = answer.assert_problem(400);
            assert_eq!(problem["type"], "/problems/invalid-parameter");
            assert!(
                problem["detail"].as_str().unwrap().contains("1 to 100"),
                "{limit}: {problem}"
            );
        }
    }
    let largest = app.get("/api/v1/articles?limit=100").await;
    assert_eq!(largest.body["page"]["limit"], 100);
}
