//! Storage that refuses writes, on the real binary: on SQLite a file size limit the kernel
//! enforces (as a full disk does, every write past it fails), on PostgreSQL a database that
//! stops taking connections and drops the ones it had (as a server that went away). Writes get a
//! 503 problem with `Retry-After` and store nothing, reads go on from what can be read,
//! `/readyz` says what is wrong, and once the condition clears writes succeed again without a
//! restart.

use newsroom::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestDatabase, integrity_check};
use crate::server::{call, newsroom, serve};

/// Makes the storage refuse writes (`true`) or take them again (`false`).
fn storage_refuses(database: &TestDatabase, server: u32, refuses: bool) {
    match database.postgres() {
        None => {
            // The server's file size limit: 0 makes every write to a file fail with EFBIG.
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: plain system calls on a struct of ours.
            unsafe {
                assert_eq!(
                    libc::prlimit(server as i32, libc::RLIMIT_FSIZE, std::ptr::null(), &mut limit),
                    0
                );
                limit.rlim_cur = if refuses { 0 } else { limit.rlim_max };
                assert_eq!(
                    libc::prlimit(server as i32, libc::RLIMIT_FSIZE, &limit, std::ptr::null_mut()),
                    0,
                    "the server's file size limit is set"
                );
            }
        }
        Some((url, name)) => {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            let mut admin = diesel::PgConnection::establish(url).expect("the test server answers");
            let statements = if refuses {
                format!(
                    "ALTER DATABASE {name} ALLOW_CONNECTIONS false;
                     SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';"
                )
            } else {
                format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true;")
            };
            admin.batch_execute(&statements).expect("the database is altered");
        }
    }
}

fn story(category: &Value, title: &str) -> Value {
    json!({
        "category": category, "status": "published", "original_locale": "en",
        "translations": {"en": {"title": title, "body": "Text."}},
    })
}

#[actix_web::test]
async fn writes_the_storage_refuses_get_503_reads_go_on_and_writes_resume_without_a_restart() {
    let database = TestDatabase::new();
    let server = serve(
        newsroom(),
        &["--db", &database.arg(), "--bind", "127.0.0.1:0", "--demo"],
    );
    let at = |path: &str| format!("{}{path}", server.address);
    let key = newsroom::auth::service::create(&database.open(), "desk", Role::Editor).unwrap();
    let categories = call("GET", &at("/api/v1/categories"), None, None).await;
    let category = categories.body["data"][0]["id"].clone();
    let post = |title: &str| {
        let (url, body) = (at("/api/v1/articles"), story(&category, title));
        let key = key.as_str();
        async move { call("POST", &url, Some(key), Some(&body)).await }
    };

    let before = post("Before").await;
    assert_eq!(before.status, 201, "{}", before.body);
    let listed = call("GET", &at("/api/v1/articles"), None, None).await;
    let total = listed.body["page"]["total"].as_i64().unwrap();

    storage_refuses(&database, server.child.id(), true);
    let refused = post("Refused").await;
    assert_eq!(refused.status, 503, "{}", refused.body);
    assert_eq!(refused.header("content-type"), Some("application/problem+json"));
    assert_eq!(refused.body["type"], "/problems/storage-unavailable");
    assert!(refused.body["detail"].as_str().unwrap().contains("Retry later"));
    assert_eq!(refused.header("retry-after"), Some("10"));

    // Reads go on: every read on SQLite, what the server keeps on PostgreSQL.
    let read = call("GET", &at("/api/v1/articles"), None, None).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["page"]["total"], total);
    let ready = call("GET", &at("/readyz"), None, None).await;
    match database.postgres() {
        None => {
            assert_eq!(ready.status, 200, "{}", ready.body);
            assert_eq!(ready.body["status"], "degraded");
            let writes = ready.body["checks"]["writes"].as_str().unwrap();
            assert!(writes.starts_with("failing since "), "{writes}");
            assert!(writes.contains("storage"), "{writes}");
            // Each probe opens the writer again, which a file on a full disk allows: the
            // failure stands, since when it began, until a write succeeds.
            std::thread::sleep(std::time::Duration::from_millis(1100));
            let again = call("GET", &at("/readyz"), None, None).await;
            assert_eq!(again.body["checks"]["writes"], writes, "{}", again.body);
            let logged = server.log.lock().unwrap().join("\n");
            assert!(!logged.contains("writes succeed again"), "{logged}");
        }
        Some(_) => {
            assert_eq!(ready.status, 503, "{}", ready.body);
            assert_eq!(ready.body["type"], "/problems/storage-unavailable");
        }
    }

    storage_refuses(&database, server.child.id(), false);
    let ready = call("GET", &at("/readyz"), None, None).await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert_eq!(ready.body["status"], "ready", "{}", ready.body);
    assert_eq!(ready.body["checks"]["writes"], "succeed");
    let after = post("After").await;
    assert_eq!(after.status, 201, "{}", after.body);

    // What was acknowledged is there; what was refused is not, in part or whole.
    let listed = call("GET", &at("/api/v1/articles?limit=100"), None, None).await;
    assert_eq!(listed.body["page"]["total"], total + 1);
    let titles = listed.of_items("title");
    let is_listed = |title: &str| titles.iter().any(|listed| listed == title);
    assert!(is_listed("Before") && is_listed("After"), "{titles:?}");
    assert!(!is_listed("Refused"), "{titles:?}");
    if let Some(file) = database.sqlite_path() {
        assert_eq!(integrity_check(file), "ok");
    }
    assert!(server.logs("write refused"));
    // On PostgreSQL the refused write never reaches the writer: its key is looked up on a
    // reading connection, which the database no longer gives, so the 503 comes from there and
    // writes are never marked failing (nor, then, succeeding again).
    if database.sqlite_path().is_some() {
        assert!(server.logs("writes are failing"));
        assert!(server.logs("writes succeed again"));
    }
}
