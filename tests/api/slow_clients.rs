//! Slow clients (slowloris): a request's head or body that does not arrive within the client
//! timeout is answered 408 and its connection closed, and while many such clients hang on,
//! everyone else is answered at once: a slow connection holds no worker.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use newsroom::auth::Role;

use crate::helpers::TestApp;

const TIMEOUT: Duration = Duration::from_millis(700);

/// Connects to `app` and sends `bytes`, and no more.
fn trickle(app: &TestApp, bytes: &[u8]) -> TcpStream {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connected");
    stream.write_all(bytes).expect("sent");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream
}

/// Everything the server sends until it closes the connection.
fn until_closed(mut stream: TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// Everything the server sends on each of `streams` until it closes them, read on a blocking
/// thread, and checked to come within 3 s. A slow client is closed after [`TIMEOUT`], plus the
/// second the server gives it to hang up after its 408, so well within 3 s. A server that
/// ignored the timeout it is given would keep to its default (5 s) and fail here by seconds,
/// where a bound of 5 s would leave it to chance.
async fn answers_when_closed(streams: Vec<TcpStream>) -> Vec<String> {
    let started = Instant::now();
    let answers =
        actix_web::rt::task::spawn_blocking(move || streams.into_iter().map(until_closed).collect())
            .await
            .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "closed after {:?}",
        started.elapsed()
    );
    answers
}

#[actix_web::test]
async fn a_request_head_that_never_ends_is_answered_408_and_holds_no_worker() {
    let app = TestApp::builder().demo().client_timeout(TIMEOUT).build().await;
    let slow: Vec<TcpStream> = (0..64)
        .map(|_| {
            trickle(
                &app,
                b"GET /api/v1/articles HTTP/1.1\r\nHost: newsroom\r\nAccept: appl",
            )
        })
        .collect();

    // The one worker answers others while 64 clients hang on.
    let started = Instant::now();
    let answer = app.get("/api/v1/categories").await;
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() < TIMEOUT, "{:?}", started.elapsed());

    for answer in answers_when_closed(slow).await {
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }
}

#[actix_web::test]
async fn a_body_that_stops_arriving_is_answered_408_and_nothing_is_written() {
    let app = TestApp::builder().demo().client_timeout(TIMEOUT).build().await;
    let key = app.key("desk", Role::Editor);
    let before = app.get("/api/v1/categories").await.body["data"]
        .as_array()
        .unwrap()
        .len();
    let body = br#"{"translations": {"en": {"name": "Slow", "slug": "slow"}}}"#;
    let head = format!(
        "POST /api/v1/categories HTTP/1.1\r\nHost: newsroom\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut sent = head.into_bytes();
    sent.extend_from_slice(&body[..20]);
    let stream = trickle(&app, &sent);
    let answer = answers_when_closed(vec![stream]).await.remove(0);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("/problems/request-timeout"), "{answer}");

    let after = app.get("/api/v1/categories").await.body["data"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(after, before);
}
