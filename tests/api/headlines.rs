//! The ticker and "most read".

use crate::helpers::{TestApp, flushed_by_hand};

const GOLD: &str = "gold-prices-increased-in-uzbekistan-high-demand-in-banks";
const KHAYBAR: &str = "iran-launched-khaybar-missiles-against-israel";
const OIL: &str = "tensions-in-the-middle-east-increased-oil-prices";
const DEEPFAKE: &str = "deepfakes-and-fake-subscribers-banned-in-kazakhstan";

async fn app() -> TestApp {
    TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await
}

async fn read(app: &TestApp, slug: &str, times: usize) {
    let id = app.get(&format!("/api/v1/articles/{slug}")).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..times {
        assert_eq!(
            app.request("POST", &format!("/api/v1/articles/{id}/views"))
                .await
                .status,
            202
        );
    }
}

fn reasons(answer: &crate::helpers::Answer) -> Vec<(String, String)> {
    answer.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["slug"].as_str().unwrap().to_owned(),
                h["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_ticker_is_featured_then_most_read_then_latest_each_once() {
    let app = app().await;
    read(&app, KHAYBAR, 5).await;
    read(&app, OIL, 3).await;
    read(&app, GOLD, 9).await;
    app.flush_views().await;

    let answer = app.get("/api/v1/headlines?limit=5").await;

    assert_eq!(answer.status, 200);
    let got = reasons(&answer);
    let expected = [
        (GOLD, "featured"),
        (KHAYBAR, "most_read"),
        (OIL, "most_read"),
        (DEEPFAKE, "latest"),
    ];
    for (index, (slug, reason)) in expected.iter().enumerate() {
        assert_eq!(
            (got[index].0.as_str(), got[index].1.as_str()),
            (*slug, *reason),
            "{got:?}"
        );
    }
    assert_eq!(got.len(), 5);
    let mut slugs: Vec<&String> = got.iter().map(|(slug, _)| slug).collect();
    slugs.dedup();
    assert_eq!(slugs.len(), 5, "no article twice: {got:?}");
    let russian = app.get("/api/v1/headlines?limit=1&locale=ru").await;
    assert_eq!(russian.body["data"][0]["locale"], "ru");
    app.get("/api/v1/headlines?limit=0").await.assert_problem(400);
    app.get("/api/v1/headlines?limit=51").await.assert_problem(400);
}

#[actix_web::test]
async fn most_read_lists_the_window_in_order_and_pages() {
    let app = app().await;
    read(&app, KHAYBAR, 5).await;
    read(&app, OIL, 3).await;
    read(&app, DEEPFAKE, 1).await;
    app.flush_views().await;

    let day = app.get("/api/v1/articles?sort=-views&window=24h").await;
    let month = app.get("/api/v1/articles?sort=-views&window=30d").await;
    let default_window = app.get("/api/v1/articles?sort=-views").await;
    let economy = app.get("/api/v1/articles?sort=-views&category=economy").await;

    assert_eq!(day.slugs(), [KHAYBAR, OIL, DEEPFAKE]);
    assert_eq!(day.body["page"]["total"], 3);
    assert_eq!(month.slugs(), day.slugs());
    assert_eq!(default_window.slugs(), day.slugs());
    assert!(economy.slugs().is_empty());

    let first = app.get("/api/v1/articles?sort=-views&limit=2").await;
    let cursor = first.body["page"]["next_cursor"].as_str().unwrap().to_owned();
    let second = app
        .get(&format!("/api/v1/articles?sort=-views&limit=2&cursor={cursor}"))
        .await;
    assert_eq!(first.slugs(), [KHAYBAR, OIL]);
    assert_eq!(second.slugs(), [DEEPFAKE]);
    assert!(second.body["page"]["next_cursor"].is_null());
    // A most-read cursor means nothing to the newest-first feed.
    app.get(&format!("/api/v1/articles?limit=2&cursor={cursor}"))
        .await
        .assert_problem(400);

    for bad in [
        "sort=views",
        "sort=-views&window=1y",
        "window=24h",
        "sort=-views&preview=true",
    ] {
        app.get(&format!("/api/v1/articles?{bad}"))
            .await
            // Parameters that can't go together are refused before a key is asked for.
            .assert_problem(400);
    }
}
