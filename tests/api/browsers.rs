//! What browsers and poor networks need: CORS (reads from any origin, writes from the ones
//! configured) and compressed answers.

use crate::helpers::TestApp;
use newsroom::cors::{CorsPolicy, Origins};

#[actix_web::test]
async fn any_origin_may_read_and_none_may_write_unless_configured() {
    let app = TestApp::builder().demo().build().await;
    let read = app
        .get_with("/api/v1/articles", &[("Origin", "https://reader.example")])
        .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.header("access-control-allow-origin"), Some("*"));
    assert!(
        read.header("access-control-expose-headers")
            .unwrap()
            .contains("etag")
    );
    // One copy in a CDN serves every site: the answer does not vary on the origin, and is
    // the same without one.
    for answer in [
        &read,
        &app.get("/api/v1/articles").await,
        &app.get_with("/api/v1/articles", &[("Origin", "https://other.example")])
            .await,
    ] {
        assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
        let vary = answer.header("vary").unwrap_or_default().to_lowercase();
        assert!(!vary.contains("origin"), "{vary}");
        assert!(!vary.contains("access-control"), "{vary}");
    }
    let missing = app
        .get_with(
            "/api/v1/articles/no-such-story",
            &[("Origin", "https://reader.example")],
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("access-control-allow-origin"),
        Some("*"),
        "a page may read the problem too"
    );

    // The view beacon is public too: any page may send it, JSON and all.
    let id = read.body["data"][0]["id"].as_str().unwrap().to_owned();
    let beacon = format!("/api/v1/articles/{id}/views");
    let beacon_preflight = app
        .send_raw(
            "OPTIONS",
            &beacon,
            &[
                ("Origin", "https://reader.example"),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            None,
        )
        .await;
    assert_eq!(beacon_preflight.status, 200, "{}", beacon_preflight.body);
    assert!(beacon_preflight.header("access-control-allow-origin").is_some());
    let counted = app
        .send_raw("POST", &beacon, &[("Origin", "https://reader.example")], None)
        .await;
    assert_eq!(counted.status, 202);
    assert_eq!(counted.header("access-control-allow-origin"), Some("*"));

    let preflight = app
        .send_raw(
            "OPTIONS",
            "/api/v1/articles",
            &[
                ("Origin", "https://reader.example"),
                ("Access-Control-Request-Method", "GET"),
            ],
            None,
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://reader.example")
    );
    assert!(
        preflight.header("vary").unwrap().contains("Origin"),
        "a preflight's answer depends on what it asks"
    );

    let write = app
        .send_raw(
            "OPTIONS",
            "/api/v1/articles",
            &[
                ("Origin", "https://reader.example"),
                ("Access-Control-Request-Method", "POST"),
            ],
            None,
        )
        .await;
    assert_eq!(
        write.status, 400,
        "a write preflight from an origin not configured"
    );
    assert!(write.header("access-control-allow-origin").is_none());
    let problem = write.assert_problem(400);
    assert_eq!(problem["detail"], "Origin is not allowed to make this request.");
    // A read's preflight allows that page no write: a browser keeps the answer for the URL
    // (an hour), and would otherwise send a write there without asking again.
    let read_preflight = app
        .send_raw(
            "OPTIONS",
            "/api/v1/articles",
            &[
                ("Origin", "https://reader.example"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "if-none-match"),
            ],
            None,
        )
        .await;
    assert_eq!(read_preflight.status, 200);
    assert_eq!(
        read_preflight.header("access-control-allow-methods"),
        Some("GET, HEAD")
    );
    assert_eq!(
        beacon_preflight.header("access-control-allow-methods"),
        Some("GET, HEAD, POST")
    );

    // A write such a page sends anyway is refused before it is made.
    let key = app.key("desk", newsroom::auth::Role::Editor);
    let authorization = format!("Bearer {key}");
    let body = serde_json::json!({"category": "world", "original_locale": "en", "status": "published",
        "translations": {"en": {"title": "Sent from a page", "body": "Text."}}});
    let sent = app
        .send_raw(
            "POST",
            "/api/v1/articles",
            &[
                ("Origin", "https://reader.example"),
                ("Content-Type", "application/json"),
                ("Authorization", &authorization),
            ],
            Some(serde_json::to_vec(&body).unwrap()),
        )
        .await;
    let problem = sent.assert_problem(400);
    assert!(
        problem["detail"].as_str().unwrap().contains("Origin"),
        "{problem}"
    );
    assert!(sent.header("access-control-allow-origin").is_none());
    let listed = app.get("/api/v1/articles?limit=100").await;
    assert!(
        !listed.slugs().contains(&"sent-from-a-page".to_owned()),
        "nothing was written"
    );

    // A page of the server's own origin (Swagger UI's "Try it out") may write.
    let own_origin = app.address.clone();
    let own = app
        .send_raw(
            "POST",
            "/api/v1/articles",
            &[
                ("Origin", &own_origin),
                ("Content-Type", "application/json"),
                ("Authorization", &authorization),
            ],
            Some(serde_json::to_vec(&body).unwrap()),
        )
        .await;
    assert_eq!(own.status, 201, "{}", own.body);
}

#[actix_web::test]
async fn configured_origins_may_write_and_others_may_not_read() {
    let app = TestApp::builder()
        .demo()
        .with_state(|state| {
            state.cors = CorsPolicy {
                read: "https://news.example".parse::<Origins>().unwrap(),
                write: "https://desk.example".parse::<Origins>().unwrap(),
            };
        })
        .build()
        .await;
    let preflight = app
        .send_raw(
            "OPTIONS",
            "/api/v1/articles/some-id",
            &[
                ("Origin", "https://desk.example"),
                ("Access-Control-Request-Method", "PATCH"),
                (
                    "Access-Control-Request-Headers",
                    "authorization, content-type, if-match",
                ),
            ],
            None,
        )
        .await;
    assert_eq!(preflight.status, 200);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://desk.example")
    );
    assert!(
        preflight
            .header("access-control-allow-headers")
            .unwrap()
            .contains("if-match")
    );
    assert!(
        preflight
            .header("access-control-allow-methods")
            .unwrap()
            .contains("PATCH"),
        "an origin that may write is allowed to"
    );
    let stranger = app
        .get_with("/api/v1/articles", &[("Origin", "https://elsewhere.example")])
        .await;
    assert_eq!(
        stranger.status, 200,
        "not a browser's refusal: the server still answers"
    );
    assert!(stranger.header("access-control-allow-origin").is_none());
    let reader = app
        .get_with("/api/v1/articles", &[("Origin", "https://news.example")])
        .await;
    assert_eq!(
        reader.header("access-control-allow-origin"),
        Some("https://news.example")
    );
    assert!(
        reader.header("vary").unwrap().contains("Origin"),
        "with origins listed, a read's answer depends on the origin"
    );
}

#[actix_web::test]
async fn large_answers_are_compressed_as_asked_and_small_ones_are_not() {
    let app = TestApp::builder().demo().build().await;
    let plain = app.get("/api/v1/articles?limit=20").await;
    assert!(plain.raw.len() as u64 > newsroom::compression::MIN_COMPRESSED_BYTES);
    assert!(plain.header("content-encoding").is_none());
    let plain_tag = plain.header("etag").unwrap().to_owned();
    for coding in ["gzip", "br"] {
        let compressed = app
            .get_with("/api/v1/articles?limit=20", &[("Accept-Encoding", coding)])
            .await;
        assert_eq!(compressed.header("content-encoding"), Some(coding));
        assert!(
            compressed.raw.len() < plain.raw.len() / 2,
            "{coding}: {} bytes",
            compressed.raw.len()
        );
        let vary: Vec<String> = compressed
            .headers
            .get_all("vary")
            .filter_map(|value| value.to_str().ok())
            .map(str::to_lowercase)
            .collect();
        assert!(
            vary.iter().any(|value| value.contains("accept-encoding")),
            "{vary:?}"
        );
        // Another representation, another tag; sent back, it still revalidates.
        let tag = compressed.header("etag").unwrap().to_owned();
        assert_ne!(tag, plain_tag);
        let again = app
            .get_with(
                "/api/v1/articles?limit=20",
                &[("Accept-Encoding", coding), ("If-None-Match", &tag)],
            )
            .await;
        assert_eq!(again.status, 304, "{coding}");
    }
    let small = app
        .get_with("/api/v1/locales/en", &[("Accept-Encoding", "gzip")])
        .await;
    assert!((small.raw.len() as u64) < newsroom::compression::MIN_COMPRESSED_BYTES);
    assert!(small.header("content-encoding").is_none(), "too small to gain");
}
