//! Rate limits (`--rate-limit KIND=AMOUNT/WINDOW`): a client over its limit of a kind gets a
//! 429 problem with `Retry-After` and the draft's `RateLimit` fields; answers from the response
//! cache never count; writes count against their key; a trusted proxy's forwarded address is
//! the client, anyone else's `X-Forwarded-For` is not.

use newsroom::auth::Role;
use newsroom::rate_limits::{Limit, RateLimits};
use serde_json::json;

use crate::helpers::{Answer, TestApp};

async fn limited(limits: &str) -> TestApp {
    let limits: Vec<Limit> = limits.split(',').map(|limit| limit.parse().unwrap()).collect();
    let limits = RateLimits::new(&limits);
    TestApp::builder()
        .demo()
        .with_state(move |state| state.rate_limits = limits)
        .build()
        .await
}

fn assert_refused(answer: &Answer, kind: &str, quota: &str) {
    let problem = answer.assert_problem(429);
    assert_eq!(problem["type"], "/problems/too-many-requests");
    assert!(problem["detail"].as_str().unwrap().contains(kind), "{problem}");
    let retry: u64 = answer.header("retry-after").unwrap().parse().unwrap();
    assert!(retry >= 1, "{retry}");
    assert_eq!(
        answer.header("ratelimit-policy"),
        Some(format!("\"{kind}\";{quota}").as_str())
    );
    assert_eq!(
        answer.header("ratelimit"),
        Some(format!("\"{kind}\";r=0;t={retry}").as_str())
    );
}

#[actix_web::test]
async fn searches_over_the_limit_get_429_and_answers_from_memory_never_count() {
    let app = limited("search=3/min").await;
    // The same query, answered from memory after the first time: one counted.
    for _ in 0..10 {
        assert_eq!(app.get("/api/v1/search?q=gold").await.status, 200);
    }
    // Two new queries spend the rest; the next new one is refused.
    assert_eq!(app.get("/api/v1/search?q=bank").await.status, 200);
    assert_eq!(app.get("/api/v1/search?q=tashkent").await.status, 200);
    let refused = app.get("/api/v1/search?q=weather").await;
    assert_refused(&refused, "search", "q=3;w=60");
    // What is kept is still answered, and other kinds are not limited.
    assert_eq!(app.get("/api/v1/search?q=gold").await.status, 200);
    assert_eq!(app.get("/api/v1/articles?limit=3").await.status, 200);
}

#[actix_web::test]
async fn writes_count_against_their_key_and_say_where_it_stands() {
    let app = limited("writes=2/min").await;
    let (desk, chief) = (app.key("desk", Role::Editor), app.key("chief", Role::Editor));
    let category = app.get("/api/v1/categories").await.body["data"][0]["id"].clone();
    let story = |title: &str| {
        json!({
            "category": category, "status": "published", "original_locale": "en",
            "translations": {"en": {"title": title, "body": "Text."}},
        })
    };
    let first = app
        .send("POST", "/api/v1/articles", Some(&desk), Some(&story("One")))
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.header("ratelimit-policy"), Some("\"writes\";q=2;w=60"));
    assert_eq!(first.header("ratelimit"), Some("\"writes\";r=1;t=30"));
    let second = app
        .send("POST", "/api/v1/articles", Some(&desk), Some(&story("Two")))
        .await;
    assert_eq!(second.status, 201);
    let refused = app
        .send("POST", "/api/v1/articles", Some(&desk), Some(&story("Three")))
        .await;
    assert_refused(&refused, "writes", "q=2;w=60");
    // Another key, from the same address, has its own quota.
    let other = app
        .send("POST", "/api/v1/articles", Some(&chief), Some(&story("Four")))
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    // The refused write stored nothing.
    let titles = app.get("/api/v1/articles?limit=100").await.of_items("title");
    assert!(!titles.contains(&"Three".to_owned()), "{titles:?}");
    assert!(titles.contains(&"Four".to_owned()), "{titles:?}");
}

#[actix_web::test]
async fn beacons_are_limited_per_address_forwarded_by_a_trusted_proxy_only() {
    let limits = RateLimits::new(&["beacons=2/min".parse().unwrap()]);
    let app = TestApp::builder()
        .demo()
        .with_state(move |state| {
            state.rate_limits = limits;
            state.trusted_proxies = "127.0.0.1".parse().unwrap();
        })
        .build()
        .await;
    let id = app.first_article_id().await;
    let path = format!("/api/v1/articles/{id}/views");
    let beacon = |from: &'static str| {
        let (app, path) = (&app, path.clone());
        async move {
            app.send_raw("POST", &path, &[("X-Forwarded-For", from)], None)
                .await
        }
    };
    assert_eq!(beacon("203.0.113.7").await.status, 202);
    let second = beacon("203.0.113.7").await;
    assert_eq!(second.status, 202);
    assert_eq!(second.header("ratelimit"), Some("\"beacons\";r=0;t=60"));
    assert_refused(&beacon("203.0.113.7").await, "beacons", "q=2;w=60");
    // Another reader behind the same proxy is another client.
    assert_eq!(beacon("203.0.113.8").await.status, 202);

    // Without trust in the proxy, the header is the client's word and is not taken.
    let limits = RateLimits::new(&["beacons=2/min".parse().unwrap()]);
    let app = TestApp::builder()
        .demo()
        .with_state(move |state| state.rate_limits = limits)
        .build()
        .await;
    let id = app.first_article_id().await;
    let path = format!("/api/v1/articles/{id}/views");
    let answers = [
        app.send_raw("POST", &path, &[("X-Forwarded-For", "198.51.100.1")], None)
            .await,
        app.send_raw("POST", &path, &[("X-Forwarded-For", "198.51.100.2")], None)
            .await,
        app.send_raw("POST", &path, &[("X-Forwarded-For", "198.51.100.3")], None)
            .await,
    ];
    assert_eq!(answers.map(|answer| answer.status), [202, 202, 429]);
}
