//! Keys never reach the logs: the real binary, logging everything it can (`RUST_LOG=trace`,
//! text and JSON), takes keys in every way a client may send one (valid, revoked, unknown,
//! malformed, in the wrong header or the query string, with writes that succeed and fail),
//! and the whole of what it and the CLI wrote to their logs is searched for any of them.

use serde_json::json;

use crate::helpers::TestDatabase;
use crate::server::{Server, call, newsroom, serve};

/// The secret part of a key (after `nwsr_` and its public prefix), which alone would let one
/// in. The secret is URL-safe base64 and may itself hold `_`, so it is split after the prefix.
fn secret_of(key: &str) -> &str {
    let secret = key.splitn(3, '_').nth(2).unwrap();
    assert!(secret.len() >= 32, "a whole secret: {key}");
    secret
}

fn cli(database: &TestDatabase, args: &[&str]) -> (String, String) {
    let output = newsroom()
        .env("RUST_LOG", "trace")
        .args(args)
        .args(["--db", &database.arg()])
        .output()
        .expect("newsroom runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn exercise(server: &Server, keys: &[String], revoked: &str) {
    let at = |path: &str| format!("{}{path}", server.address);
    let categories = call("GET", &at("/api/v1/categories"), None, None).await;
    let category = categories.body["data"][0]["id"].clone();
    let story = json!({
        "category": category, "status": "published", "original_locale": "en",
        "translations": {"en": {"title": "Logged?", "body": "Text."}},
    });
    for key in keys {
        let created = call("POST", &at("/api/v1/articles"), Some(key), Some(&story)).await;
        assert_eq!(created.status, 201, "{}", created.body);
        let bad = call(
            "POST",
            &at("/api/v1/articles"),
            Some(key),
            Some(&json!({"title": 1})),
        )
        .await;
        assert_eq!(bad.status, 422);
        // Each request reaches the path it is here to log: a preview the key may read, a
        // write the key is checked for (an editor may not add a locale, an admin sends an
        // empty one), and a key in the query string, which is refused as a parameter.
        let preview = call(
            "GET",
            &at("/api/v1/articles?preview=true&status=draft"),
            Some(key),
            None,
        )
        .await;
        assert_eq!(preview.status, 200, "{}", preview.body);
        let locale = call("POST", &at("/api/v1/locales"), Some(key), Some(&json!({}))).await;
        assert!(
            locale.status == 403 || locale.status == 422,
            "{} {}",
            locale.status,
            locale.body
        );
        // In the query string and in headers that are not for it.
        let in_query = call("GET", &at(&format!("/api/v1/articles?key={key}")), None, None).await;
        assert_eq!(in_query.status, 400, "{}", in_query.body);
        let client = awc::Client::default();
        for (name, value) in [
            ("Authorization", key.clone()),
            ("Authorization", format!("Basic {key}")),
            ("X-Api-Key", key.clone()),
            ("Cookie", format!("key={key}")),
        ] {
            let _ = client
                .get(at("/api/v1/articles"))
                .insert_header((name, value))
                .send()
                .await;
        }
    }
    let refused = call("POST", &at("/api/v1/articles"), Some(revoked), Some(&story)).await;
    assert_eq!(refused.status, 401);
    let unknown = format!("{}x", &revoked[..revoked.len() - 1]);
    let refused = call("POST", &at("/api/v1/articles"), Some(&unknown), Some(&story)).await;
    assert_eq!(refused.status, 401);
}

#[actix_web::test]
async fn no_key_appears_in_any_log_line() {
    let database = TestDatabase::new();
    let (_, migrated) = cli(&database, &["migrate"]);
    let mut logs = vec![migrated];
    let mut keys = Vec::new();
    for (name, role) in [("desk", "editor"), ("chief", "admin"), ("gone", "editor")] {
        let (stdout, stderr) = cli(&database, &["keys", "create", "--name", name, "--role", role]);
        keys.push(stdout.lines().last().unwrap().trim().to_owned());
        logs.push(stderr);
    }
    let (_, stderr) = cli(&database, &["keys", "revoke", "gone"]);
    logs.push(stderr);
    let (listed, stderr) = cli(&database, &["keys", "list"]);
    logs.push(stderr);
    logs.push(listed);
    let revoked = keys.pop().unwrap();

    for format in ["text", "json"] {
        let mut command = newsroom();
        command.env("RUST_LOG", "trace");
        let server = serve(
            command,
            &[
                "--db",
                &database.arg(),
                "--bind",
                "127.0.0.1:0",
                "--demo",
                "--log-format",
                format,
            ],
        );
        exercise(&server, &keys, &revoked).await;
        // A last request the log can be seen to hold: once its line is there, so are the
        // lines of every request before it.
        let last = format!("/api/v1/articles/logged-last-{format}");
        let answer = call("GET", &format!("{}{last}", server.address), None, None).await;
        assert_eq!(answer.status, 404, "{}", answer.body);
        assert!(server.logs(&last), "the last request is logged");
        logs.push(server.log.lock().unwrap().join("\n"));
    }

    let everything = logs.join("\n");
    assert!(everything.lines().count() > 100, "trace logging logs much");
    for key in keys.iter().chain([&revoked]) {
        for secret in [key.as_str(), secret_of(key)] {
            let found: Vec<&str> = everything.lines().filter(|line| line.contains(secret)).collect();
            assert!(found.is_empty(), "a key in the logs:\n{}", found.join("\n"));
        }
    }
}
