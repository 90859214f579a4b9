//! The binary itself: `serve --demo`, `migrate`, and its settings from flags and environment.

use std::process::Command;

use serde_json::Value;

use crate::helpers::TestDatabase;
use crate::server::{get_json, newsroom, serve};

fn total(answer: &Value) -> i64 {
    answer["page"]["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn serve_demo_creates_the_database_and_loads_the_seed_page_once() {
    let database = TestDatabase::new();
    let db = database.arg();
    let server = |db: &str| serve(newsroom(), &["--db", db, "--bind", "127.0.0.1:0", "--demo"]);

    let first = server(&db);
    let (status, articles) = get_json(&format!("{}/api/v1/articles", first.address)).await;
    drop(first);
    assert_eq!(status, 200);
    assert_eq!(total(&articles), 8, "the seed page's articles");
    if let Some(file) = database.sqlite_path() {
        assert!(file.exists(), "the database file is created");
    }

    let again = server(&db);
    let (_, articles) = get_json(&format!("{}/api/v1/articles", again.address)).await;
    assert_eq!(total(&articles), 8, "a database with content is left alone");
}

#[actix_web::test]
async fn settings_come_from_the_environment_too() {
    let database = TestDatabase::new();
    let mut command = newsroom();
    command
        .env("NEWSROOM_DB", database.arg())
        .env("NEWSROOM_BIND", "127.0.0.1:0");

    let server = serve(command, &["--cache-list", "7,11"]);
    let (status, articles) = get_json(&format!("{}/api/v1/articles", server.address)).await;

    assert_eq!(status, 200);
    assert_eq!(total(&articles), 0, "no --demo: an empty newsroom");
    if let Some(file) = database.sqlite_path() {
        assert!(file.exists());
    }
    let response = awc::Client::default()
        .get(format!("{}/api/v1/articles", server.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers().get("cache-control").unwrap(),
        "public, max-age=7, stale-while-revalidate=11",
        "the cache ages flag"
    );
}

#[actix_web::test]
async fn json_logs_carry_the_request_id_that_is_echoed_back() {
    let database = TestDatabase::new();
    let server = serve(
        newsroom(),
        &[
            "--db",
            &database.arg(),
            "--bind",
            "127.0.0.1:0",
            "--log-format",
            "json",
        ],
    );
    let response = awc::Client::default()
        .get(format!("{}/api/v1/locales", server.address))
        .insert_header(("X-Request-Id", "from-the-edge-42"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers().get("x-request-id").unwrap(),
        "from-the-edge-42"
    );
    let mut answered = None;
    for _ in 0..50 {
        answered = server
            .log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|entry| entry["fields"]["message"] == "answered");
        if answered.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let answered = answered.expect("a JSON line for the request");
    assert_eq!(answered["span"]["id"], "from-the-edge-42");
    assert_eq!(answered["span"]["path"], "/api/v1/locales");
    assert_eq!(answered["fields"]["status"], 200);
    let lines = server.log.lock().unwrap().clone();
    assert!(
        lines
            .iter()
            .all(|line| serde_json::from_str::<Value>(line).is_ok()),
        "every line is JSON: {lines:?}"
    );
}

#[test]
fn migrate_creates_the_schema_and_can_run_again() {
    let database = TestDatabase::new();
    for _ in 0..2 {
        let status = newsroom()
            .args(["migrate", "--db", &database.arg()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let state = newsroom::state::AppState::load(database.open()).unwrap();
    assert_eq!(state.locales().default_locale().code, "en");
}

#[test]
fn help_lists_every_setting_and_its_variable() {
    let output = newsroom().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for needle in [
        "--bind",
        "NEWSROOM_BIND",
        "--db",
        "NEWSROOM_DB",
        "--db-read",
        "NEWSROOM_DB_READ",
        "--demo",
        "127.0.0.1:8080",
        "newsroom.db",
        "NEWSROOM_CACHE_ARTICLE",
        "NEWSROOM_CACHE_LIST",
        "NEWSROOM_CACHE_SEARCH",
        "NEWSROOM_CACHE_REFERENCE",
        "NEWSROOM_CORS_READ_ORIGINS",
        "NEWSROOM_CORS_WRITE_ORIGINS",
        "NEWSROOM_LOG_FORMAT",
    ] {
        assert!(help.contains(needle), "`serve --help` mentions {needle}:\n{help}");
    }
}

#[test]
fn an_unusable_database_path_fails_with_a_message() {
    let output = newsroom()
        .args(["migrate", "--db", "/nonexistent-dir/sub/newsroom.db"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot open the database"), "{stderr}");
}

#[test]
fn an_unreachable_postgresql_fails_with_a_message_that_hides_the_password() {
    // Port 1 on the loopback: nothing listens there.
    let output = newsroom()
        .args([
            "migrate",
            "--db",
            "postgres://news:hunter2@127.0.0.1:1/news?connect_timeout=2",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot open the database"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the password is never printed: {stderr}"
    );
}

#[test]
fn a_database_url_of_another_kind_is_refused_by_name() {
    let output = newsroom()
        .args(["migrate", "--db", "mysql://news@127.0.0.1/news"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("neither a SQLite file") && stderr.contains("postgres://"),
        "{stderr}"
    );
}

#[actix_web::test]
async fn keys_are_made_listed_and_revoked_from_the_command_line() {
    let database = TestDatabase::new();
    let db = database.arg();
    let db = db.as_str();
    let run = |args: &[&str]| {
        let output = newsroom().args(args).args(["--db", db]).output().unwrap();
        (
            output.status.success(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };

    let (made, stdout, _) = run(&["keys", "create", "--name", "import job", "--role", "editor"]);
    assert!(made);
    let key = stdout.lines().last().unwrap().to_owned();
    assert!(
        key.starts_with("nwsr_") && !key.contains(' '),
        "the last line is the key alone: {stdout}"
    );
    let (taken, _, stderr) = run(&["keys", "create", "--name", "import job", "--role", "admin"]);
    assert!(!taken);
    assert!(stderr.contains("already named"), "{stderr}");

    let (_, list, _) = run(&["keys", "list"]);
    assert!(
        list.contains("import job") && list.contains("editor") && list.contains("live"),
        "{list}"
    );
    assert!(!list.contains(&key), "the key itself is never shown again");

    // The key writes through the real server.
    let server = serve(newsroom(), &["--db", db, "--bind", "127.0.0.1:0", "--demo"]);
    let client = awc::Client::default();
    let create = |key: String| {
        let client = client.clone();
        let url = format!("{}/api/v1/categories", server.address);
        async move {
            client
                .post(url)
                .insert_header(("Authorization", format!("Bearer {key}")))
                .send_json(&serde_json::json!({"translations": {"en": {"name": "Culture"}}}))
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(create(key.clone()).await, 201);

    let (revoked, _, _) = run(&["keys", "revoke", "import job"]);
    assert!(revoked);
    let (_, list, _) = run(&["keys", "list"]);
    assert!(list.contains("revoked"), "{list}");
    assert_eq!(create(key).await, 401, "a revoked key is refused at once");
    let (again, _, _) = run(&["keys", "revoke", "import job"]);
    assert!(!again, "no live key of that name is left");
}

#[actix_web::test]
async fn a_graceful_stop_writes_the_views_counted_since_the_last_flush() {
    let database = TestDatabase::new();
    let db = database.arg();
    // Views are flushed every ten minutes: only the stop can write these.
    let mut server = serve(
        newsroom(),
        &[
            "--db",
            &db,
            "--bind",
            "127.0.0.1:0",
            "--demo",
            "--views-flush-ms",
            "600000",
        ],
    );
    let (_, articles) = get_json(&format!("{}/api/v1/articles?limit=1", server.address)).await;
    let id = articles["data"][0]["id"].as_str().unwrap().to_owned();
    let before = articles["data"][0]["views"].as_i64().unwrap();
    let client = awc::Client::default();
    for _ in 0..7 {
        let answer = client
            .post(format!("{}/api/v1/articles/{id}/views", server.address))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 202);
    }

    let stopped = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = server.child.wait().unwrap();
    assert!(status.success(), "a graceful stop exits cleanly");

    let views: i64 = database
        .open()
        .read_blocking(|connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::articles;
            Ok(newsroom::on_backend!(connection, |connection| articles::table
                .find(&id)
                .select(articles::view_count)
                .first(connection))?)
        })
        .unwrap();
    assert_eq!(views, before + 7);
}

#[test]
fn bench_data_writes_the_same_searchable_related_database_for_a_seed() {
    let generate = || {
        let database = TestDatabase::new();
        let output = newsroom()
            .args(["bench-data", "--articles", "300", "--seed", "7", "--db"])
            .arg(database.arg())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let said = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(said.starts_with("300 articles, 900 translations, "), "{said}");
        // The write-ahead log is copied into the file before the command ends.
        if let Some(file) = database.sqlite_path() {
            let wal = file.with_extension("db-wal");
            assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
        }
        database
    };
    let titles = |database: &TestDatabase| -> (Vec<String>, i64, i64) {
        database
            .open()
            .read_blocking(|connection| {
                use diesel::dsl::count_star;
                use diesel::prelude::*;
                use newsroom::db::schema::{article_translations, categories, related_computed};
                Ok(newsroom::on_backend!(connection, |connection| {
                    let titles = article_translations::table
                        .order((article_translations::title, article_translations::locale))
                        .select(article_translations::title)
                        .limit(50)
                        .load(connection)?;
                    let categories = categories::table.select(count_star()).first(connection)?;
                    let lists = related_computed::table
                        .select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                            "COUNT(DISTINCT article_id || locale)",
                        ))
                        .first(connection)?;
                    QueryResult::Ok((titles, categories, lists))
                })?)
            })
            .unwrap()
    };
    let first = generate();
    let (first_titles, categories, lists) = titles(&first);
    assert_eq!(categories, 20);
    assert!(lists > 600, "most translations have a related list: {lists}");
    assert_eq!(
        titles(&generate()).0,
        first_titles,
        "the same seed, the same data"
    );

    let rebuilt = newsroom()
        .args(["related-rebuild", "--db"])
        .arg(first.arg())
        .output()
        .unwrap();
    assert!(rebuilt.status.success());
    assert!(String::from_utf8_lossy(&rebuilt.stdout).ends_with(&format!("{lists} related lists\n")));
    assert_eq!(titles(&first).2, lists);
}
