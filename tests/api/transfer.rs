//! `newsroom migrate-data`: a site copied from SQLite into the backend the tests run on (and,
//! on PostgreSQL, back into a new SQLite file) answers exactly as the original does: its
//! articles, search, related items, messages, keys and cursors.

use std::process::Command;
use std::sync::Arc;

use newsroom::auth::Role;

use crate::helpers::{TestApp, TestDatabase};

fn migrate_data(from: &TestDatabase, to: &TestDatabase, replace: bool) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command.args(["migrate-data", "--from", &from.arg(), "--to", &to.arg()]);
    if replace {
        command.arg("--replace");
    }
    let output = command.output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// What a reader and an editor see, read through `app`, for comparing two sites.
async fn site(app: &TestApp, key: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for path in [
        "/api/v1/articles?limit=50",
        "/api/v1/articles?limit=50&locale=uz-Cyrl",
        "/api/v1/categories",
        "/api/v1/locales",
        "/api/v1/headlines",
        "/api/v1/search?q=oil&locale=en",
        "/api/v1/search?q=%D0%BD%D0%B5%D1%84%D1%82%D1%8C&locale=ru",
        "/api/v1/messages?locale=ru",
        "/api/v1/articles?sort=-views&window=30d",
    ] {
        let answer = app.get(path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        seen.push(format!("{path} {}", answer.body));
    }
    let list = app.get("/api/v1/articles?limit=50").await;
    for slug in list.slugs() {
        for path in [
            format!("/api/v1/articles/{slug}"),
            format!("/api/v1/articles/{slug}/related"),
        ] {
            seen.push(format!("{path} {}", app.get(&path).await.body));
        }
    }
    let editors = app
        .get_with(
            "/api/v1/articles?preview=true&limit=50",
            &[("Authorization", &format!("Bearer {key}"))],
        )
        .await;
    assert_eq!(editors.status, 200, "the key copied works: {}", editors.body);
    seen.push(editors.body.to_string());
    seen
}

#[actix_web::test]
async fn a_site_copied_into_another_database_answers_as_the_original() {
    let source = Arc::new(TestDatabase::sqlite());
    let original = TestApp::builder()
        .demo()
        .without_response_cache()
        .on(source.clone())
        .build()
        .await;
    let key = original.key("desk", Role::Editor);
    // Views by hour and day, and an audit log entry.
    let id = original.first_article_id().await;
    for _ in 0..3 {
        original
            .send("POST", &format!("/api/v1/articles/{id}/views"), None, None)
            .await;
    }
    original.flush_views().await;
    let renamed = original
        .send(
            "PUT",
            "/api/v1/spellings/%D1%82%D0%BE%D1%88%D0%BA%D0%B5%D0%BD%D1%82",
            Some(&key),
            Some(&serde_json::json!({"latin": "toshkand"})),
        )
        .await;
    assert!(renamed.status < 300, "{}", renamed.body);
    let before = site(&original, &key).await;
    let cursor = original.get("/api/v1/articles?limit=2").await.body["page"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();

    let target = Arc::new(TestDatabase::new());
    let (copied, said, stderr) = migrate_data(&source, &target, false);
    assert!(copied, "{stderr}");
    for table in [
        "articles",
        "article_translations",
        "api_keys",
        "related_computed",
        "messages",
    ] {
        assert!(said.contains(table), "{said}");
    }
    let copy = TestApp::builder()
        .without_response_cache()
        .on(target.clone())
        .build()
        .await;
    assert_eq!(
        site(&copy, &key).await,
        before,
        "the copy answers as the original"
    );
    let paged = copy
        .get(&format!("/api/v1/articles?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(
        paged.status, 200,
        "a cursor of the original pages the copy: {}",
        paged.body
    );

    // A target with content is left alone unless told.
    let (again, _, stderr) = migrate_data(&source, &target, false);
    assert!(!again);
    assert!(
        stderr.contains("already holds") && stderr.contains("--replace"),
        "{stderr}"
    );
    let (replaced, _, stderr) = migrate_data(&source, &target, true);
    assert!(replaced, "{stderr}");
    assert_eq!(site(&copy, &key).await, before);

    // And back, from PostgreSQL into a new SQLite file.
    if target.sqlite_path().is_none() {
        let back = Arc::new(TestDatabase::sqlite());
        let (copied, _, stderr) = migrate_data(&target, &back, false);
        assert!(copied, "{stderr}");
        let returned = TestApp::builder()
            .without_response_cache()
            .on(back.clone())
            .build()
            .await;
        assert_eq!(
            site(&returned, &key).await,
            before,
            "the copy of the copy answers alike"
        );
    }
}
