//! Keys and roles. The matrix reads the OpenAPI document and tries every operation that needs
//! a key with no key, malformed ones, an unknown one, a revoked one and (for admin operations)
//! an editor's, and checks that none of them changed anything.

use crate::helpers::{Answer, TestApp};
use diesel::prelude::*;
use newsroom::auth::Role;
use serde_json::{Value, json};

/// Every operation of the document that can't be called without a key: method, path template,
/// whether it takes a body, whether it documents 403 (admins only).
fn keyed_operations() -> Vec<(String, String, bool, bool)> {
    let document = serde_json::to_value(newsroom::app::openapi_document()).unwrap();
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let security = operation["security"].as_array().cloned().unwrap_or_default();
            let needs_key =
                !security.is_empty() && security.iter().all(|requirement| requirement != &json!({}));
            if needs_key {
                operations.push((
                    method.to_uppercase(),
                    path.clone(),
                    operation.get("requestBody").is_some(),
                    operation["responses"].get("403").is_some(),
                ));
            }
        }
    }
    operations
}

/// A concrete URL for a path template, on the demo content.
fn concrete(template: &str) -> String {
    template
        .replace("{article}", "deepfakes-and-fake-subscribers-banned-in-kazakhstan")
        .replace("{category}", "economy")
        .replace("{locale}", "ru")
        .replace("{code}", "ru")
        // концерт
        .replace("{word}", "%D0%BA%D0%BE%D0%BD%D1%86%D0%B5%D1%80%D1%82")
        .replace("{key}", "today")
}

async fn counts(app: &TestApp) -> (Value, Value, Value) {
    let articles = app.get("/api/v1/articles?limit=100").await.body;
    let categories = app.get("/api/v1/categories?limit=100").await.body;
    let locales = app.get("/api/v1/locales").await.body;
    (articles, categories, locales)
}

fn assert_unauthorized(answer: &Answer, what: &str) {
    answer.assert_problem(401);
    let challenge = answer.header("www-authenticate").unwrap_or_default();
    assert!(
        challenge.starts_with("Bearer realm=\"newsroom\""),
        "{what}: {challenge}"
    );
}

#[actix_web::test]
async fn every_keyed_operation_refuses_callers_without_the_right_key() {
    let app = TestApp::builder().demo().build().await;
    let editor = app.key("editor", Role::Editor);
    let revoked = app.key("former editor", Role::Editor);
    assert!(newsroom::auth::service::revoke(&app.db, "former editor").unwrap());
    let unknown = "nwsr_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
    let operations = keyed_operations();
    assert!(
        operations.len() >= 10,
        "the writes are documented: {operations:?}"
    );
    let before = counts(&app).await;

    for (method, template, has_body, admins_only) in &operations {
        let path = concrete(template);
        let body = has_body.then(|| json!({}));
        let what = format!("{method} {template}");

        assert_unauthorized(&app.send(method, &path, None, body.as_ref()).await, &what);
        for malformed in [
            "Basic dXNlcjpwYXNz",
            "Bearer",
            "Bearer ",
            "nwsr_key_without_scheme",
        ] {
            let mut headers = vec![("Authorization", malformed)];
            if *has_body {
                headers.push(("Content-Type", "application/json"));
            }
            let answer = app
                .send_raw(
                    method,
                    &path,
                    &headers,
                    body.as_ref().map(|b| b.to_string().into_bytes()),
                )
                .await;
            assert_unauthorized(&answer, &format!("{what} with `{malformed}`"));
        }
        for (key, which) in [(unknown, "an unknown key"), (revoked.as_str(), "a revoked key")] {
            let answer = app.send(method, &path, Some(key), body.as_ref()).await;
            assert_unauthorized(&answer, &format!("{what} with {which}"));
            assert!(
                answer
                    .header("www-authenticate")
                    .unwrap()
                    .contains("invalid_token"),
                "{what}"
            );
        }
        if *admins_only {
            let answer = app.send(method, &path, Some(&editor), body.as_ref()).await;
            answer.assert_problem(403);
            assert!(
                answer
                    .header("www-authenticate")
                    .unwrap()
                    .contains("insufficient_scope"),
                "{what}"
            );
        }
    }

    assert_eq!(counts(&app).await, before, "no refused request changed anything");
}

#[actix_web::test]
async fn keys_are_stored_hashed_and_their_use_is_recorded() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("import job", Role::Editor);

    let answer = app
        .get_with(
            "/api/v1/articles?preview=true",
            &[("Authorization", &format!("Bearer {key}"))],
        )
        .await;
    assert_eq!(answer.status, 200);
    let stored = || {
        app.db
            .read_blocking(|connection| {
                use newsroom::db::schema::api_keys::dsl::*;
                Ok(newsroom::on_backend!(connection, |connection| api_keys
                    .select((secret_hash, last_used_at))
                    .load::<(Vec<u8>, Option<chrono::NaiveDateTime>)>(connection))?)
            })
            .unwrap()
    };
    // The key's last use is recorded in the background, after the answer.
    app.eventually("the key's last use is recorded", || async {
        stored().iter().all(|(_, last_used)| last_used.is_some())
    })
    .await;
    let stored = stored();
    assert_eq!(stored.len(), 1);
    let (hash, last_used) = &stored[0];
    assert_eq!(hash.len(), 32, "a SHA-256 hash");
    assert!(
        !hash.windows(8).any(|w| key.as_bytes().windows(8).any(|k| k == w)),
        "no part of the key is stored"
    );
    assert!(last_used.is_some(), "last_used_at is kept");
}

#[actix_web::test]
async fn preview_needs_an_editors_key() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("editor", Role::Editor);

    let without = app.get("/api/v1/articles?preview=true").await;
    let with = app
        .get_with(
            "/api/v1/articles?preview=true",
            &[("Authorization", &format!("Bearer {key}"))],
        )
        .await;
    let status_alone = app.get("/api/v1/articles?status=draft").await;

    assert_unauthorized(&without, "preview without a key");
    assert_eq!(with.status, 200);
    assert_eq!(with.header("cache-control"), Some("private, no-store"));
    status_alone.assert_problem(400);
}

#[actix_web::test]
async fn a_public_read_does_not_check_a_key_it_does_not_need() {
    let app = TestApp::builder().demo().build().await;
    let answer = app
        .get_with(
            "/api/v1/articles",
            &[("Authorization", "Bearer nwsr_not_a_real_key")],
        )
        .await;
    assert_eq!(
        answer.status, 200,
        "a public read does not check a key it does not need"
    );
}

#[actix_web::test]
async fn a_bad_key_is_answered_before_a_bad_body() {
    let app = TestApp::builder().demo().build().await;
    for _ in 0..10 {
        let answer = app
            .send_raw(
                "POST",
                "/api/v1/articles",
                &[
                    (
                        "Authorization",
                        "Bearer nwsr_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                    ),
                    ("Content-Type", "application/json"),
                ],
                Some(b"{bad".to_vec()),
            )
            .await;
        assert_unauthorized(&answer, "a bad key with a bad body");
    }
}

#[actix_web::test]
async fn the_key_itself_is_nowhere_in_the_database_files() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("import job", Role::Editor);
    // `nwsr_<prefix>_<secret>`: the prefix is stored to find the key; the secret must not be.
    let secret = key.splitn(3, '_').nth(2).unwrap().to_owned();
    match app.database.sqlite_path() {
        // The database file and its write-ahead log, where a fresh write sits, and the search
        // index's files beside them.
        Some(path) => {
            let mut folders = vec![path.parent().unwrap().to_path_buf()];
            let mut files = 0;
            while let Some(folder) = folders.pop() {
                for entry in std::fs::read_dir(folder).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        folders.push(path);
                        continue;
                    }
                    let bytes = std::fs::read(&path).unwrap();
                    assert!(
                        !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                        "the secret part is stored in {}",
                        path.display()
                    );
                    files += 1;
                }
            }
            assert!(files > 1, "the database's files were read");
        }
        // Every row of every table, as text.
        None => {
            use diesel::prelude::*;
            #[derive(QueryableByName)]
            struct Dump {
                #[diesel(sql_type = diesel::sql_types::Text)]
                rows: String,
            }
            let dump = app
                .db
                .read_blocking(|connection| {
                    let newsroom::db::DbConnection::Postgres(connection) = connection else {
                        unreachable!("not SQLite, so PostgreSQL")
                    };
                    let tables: Vec<Dump> = diesel::sql_query(
                        "SELECT string_agg(table_name, ' ') AS rows FROM information_schema.tables \
                         WHERE table_schema = 'public'",
                    )
                    .load(connection)?;
                    let mut rows = String::new();
                    for table in tables[0].rows.split(' ') {
                        let dump: Dump = diesel::sql_query(format!(
                            "SELECT coalesce(string_agg(t::text, ' '), '') AS rows FROM \"{table}\" t"
                        ))
                        .get_result(connection)?;
                        rows.push_str(&dump.rows);
                    }
                    Ok(rows)
                })
                .unwrap();
            assert!(
                dump.contains(key.split('_').nth(1).unwrap()),
                "the dump holds the keys"
            );
            assert!(!dump.contains(&secret), "the secret part is stored");
        }
    }
}
