//! `GET /metrics`: what a Prometheus scraper reads.

use crate::helpers::{TestApp, flushed_by_hand, series};

#[actix_web::test]
async fn requests_are_counted_by_route_and_status_with_their_latency() {
    let app = TestApp::builder().demo().build().await;
    app.get("/api/v1/articles/deepfakes-and-fake-subscribers-banned-in-kazakhstan")
        .await;
    app.get("/api/v1/articles/no-such-story").await;
    app.get("/no/such/path").await;
    let scrape = app.get("/metrics").await;
    assert_eq!(scrape.status, 200);
    assert!(
        scrape
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8(scrape.raw.clone()).unwrap();
    let article = r#"{method="GET",route="/api/v1/articles/{article}",status="#;
    assert_eq!(
        series(&text, &format!("newsroom_http_requests_total{article}\"200\"}}")),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        series(&text, &format!("newsroom_http_requests_total{article}\"404\"}}")),
        Some(1.0)
    );
    assert_eq!(
        series(
            &text,
            r#"newsroom_http_requests_total{method="GET",route="unmatched",status="404"}"#
        ),
        Some(1.0),
        "a path no route takes adds no series of its own"
    );
    assert_eq!(
        series(
            &text,
            r#"newsroom_http_request_duration_seconds_count{method="GET",route="/api/v1/articles/{article}"}"#
        ),
        Some(2.0)
    );
    assert!(series(&text, r#"newsroom_db_readers{state="idle"}"#).is_some());
}

#[actix_web::test]
async fn the_beacons_counts_are_there_before_and_after_a_flush() {
    let app = TestApp::builder()
        .demo()
        .counting(flushed_by_hand())
        .build()
        .await;
    let id = app.first_article_id().await;
    for _ in 0..3 {
        assert_eq!(
            app.request("POST", &format!("/api/v1/articles/{id}/views"))
                .await
                .status,
            202
        );
    }
    let missing = uuid::Uuid::now_v7();
    app.request("POST", &format!("/api/v1/articles/{missing}/views"))
        .await
        .assert_problem(404);
    let text = String::from_utf8(app.get("/metrics").await.raw).unwrap();
    assert_eq!(series(&text, "newsroom_views_pending"), Some(3.0), "{text}");
    assert_eq!(
        series(&text, r#"newsroom_views_total{outcome="accepted"}"#),
        Some(3.0)
    );
    assert_eq!(
        series(&text, r#"newsroom_views_total{outcome="counted"}"#),
        Some(0.0)
    );

    app.flush_views().await;
    let flushed = String::from_utf8(app.get("/metrics").await.raw).unwrap();
    assert_eq!(
        series(&flushed, r#"newsroom_views_total{outcome="counted"}"#),
        Some(3.0),
        "{flushed}"
    );
    assert_eq!(
        series(&flushed, r#"newsroom_views_total{outcome="dropped"}"#),
        Some(0.0),
        "a beacon for what is not public is refused, not dropped later"
    );
    assert_eq!(series(&flushed, "newsroom_views_pending"), Some(0.0));
}
