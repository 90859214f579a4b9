//! The view beacon: counts are exact, written in batches, never by a GET.

use std::time::Duration;

use crate::helpers::{TestApp, flushed_by_hand};
use diesel::prelude::*;
use futures_util::future::join_all;
use newsroom::auth::Role;
use newsroom::db::Id;
use newsroom::views_counter::CounterSettings;
use serde_json::json;

const DEEPFAKE: &str = "deepfakes-and-fake-subscribers-banned-in-kazakhstan";

async fn views_and_id(app: &TestApp) -> (i64, String) {
    let article = app.get(&format!("/api/v1/articles/{DEEPFAKE}")).await;
    (
        article.body["views"].as_i64().unwrap(),
        article.body["id"].as_str().unwrap().to_owned(),
    )
}

#[actix_web::test]
async fn concurrent_beacons_add_exactly_their_number() {
    let app = TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await;
    let (before, id) = views_and_id(&app).await;
    let path = format!("/api/v1/articles/{id}/views");

    for _ in 0..5 {
        let answers = join_all((0..100).map(|_| app.request("POST", &path))).await;
        assert!(answers.iter().all(|answer| answer.status == 202));
    }
    app.flush_views().await;

    assert_eq!(views_and_id(&app).await.0, before + 500);
    let today: i64 = app
        .db
        .read_blocking(move |connection| {
            use newsroom::db::schema::article_views_daily::dsl::*;
            let total: Option<i64> = newsroom::on_backend!(connection, |connection| article_views_daily
                .filter(article_id.eq(&id))
                .select(diesel::dsl::sum(views))
                .first(connection))?;
            Ok(total.unwrap_or(0))
        })
        .unwrap();
    assert_eq!(today, 500, "the day's bucket holds them too");
}

#[actix_web::test]
async fn reading_never_counts() {
    let app = TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await;
    let (before, _) = views_and_id(&app).await;
    for _ in 0..10 {
        app.get(&format!("/api/v1/articles/{DEEPFAKE}")).await;
        app.request("HEAD", &format!("/api/v1/articles/{DEEPFAKE}")).await;
    }
    app.flush_views().await;
    assert_eq!(views_and_id(&app).await.0, before);
}

#[actix_web::test]
async fn the_beacon_takes_the_id_of_a_public_article_and_refuses_anything_else() {
    let app = TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await;
    app.request("POST", &format!("/api/v1/articles/{DEEPFAKE}/views"))
        .await
        .assert_problem(404);
    let unknown = app
        .request(
            "POST",
            "/api/v1/articles/01a22587-0000-7000-8000-000000000000/views",
        )
        .await;
    let problem = unknown.assert_problem(404);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("01a22587-0000-7000-8000-000000000000"),
        "{problem}"
    );
    app.request(
        "GET",
        "/api/v1/articles/01a22587-0000-7000-8000-000000000000/views",
    )
    .await
    .assert_problem(405);

    let key = app.key("desk", Role::Editor);
    let category = app.get("/api/v1/categories/world").await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = app
        .article(Id(uuid::Uuid::parse_str(&category).unwrap()), "Not yet")
        .draft()
        .create();
    let beacon = format!("/api/v1/articles/{draft}/views");
    app.request("POST", &beacon).await.assert_problem(404);
    let published = app
        .send(
            "PATCH",
            &format!("/api/v1/articles/{draft}"),
            Some(&key),
            Some(&json!({"status": "published"})),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(app.request("POST", &beacon).await.status, 202, "public now");
    let archived = app
        .send(
            "PATCH",
            &format!("/api/v1/articles/{draft}"),
            Some(&key),
            Some(&json!({"status": "archived"})),
        )
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    app.request("POST", &beacon).await.assert_problem(404);
    let (_, id) = views_and_id(&app).await;
    let deleted = app
        .send("DELETE", &format!("/api/v1/articles/{id}"), Some(&key), None)
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    app.request("POST", &format!("/api/v1/articles/{id}/views"))
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn with_dedupe_a_reader_counts_once() {
    let app = TestApp::builder()
        .demo()
        .counting(CounterSettings {
            dedupe_window: Some(Duration::from_secs(60)),
            ..flushed_by_hand()
        })
        .build()
        .await;
    let (before, id) = views_and_id(&app).await;
    let path = format!("/api/v1/articles/{id}/views");
    for _ in 0..5 {
        app.send_raw("POST", &path, &[("User-Agent", "reader A")], None)
            .await;
    }
    app.send_raw("POST", &path, &[("User-Agent", "reader B")], None)
        .await;
    app.flush_views().await;
    assert_eq!(views_and_id(&app).await.0, before + 2);
}

#[actix_web::test]
async fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
    for (trusted, expected) in [("", 1), ("127.0.0.1", 2)] {
        let app = TestApp::builder()
            .demo()
            .counting(CounterSettings {
                dedupe_window: Some(Duration::from_secs(60)),
                ..flushed_by_hand()
            })
            .with_state(move |state| state.trusted_proxies = trusted.parse().unwrap())
            .build()
            .await;
        let (before, id) = views_and_id(&app).await;
        let path = format!("/api/v1/articles/{id}/views");
        for forwarded in ["198.51.100.7", "198.51.100.8"] {
            let answer = app
                .send_raw(
                    "POST",
                    &path,
                    &[("User-Agent", "reader"), ("X-Forwarded-For", forwarded)],
                    None,
                )
                .await;
            assert_eq!(answer.status, 202);
        }
        app.flush_views().await;
        assert_eq!(
            views_and_id(&app).await.0,
            before + expected,
            "trusted proxies: `{trusted}`"
        );
    }
}
