//! Backups: `newsroom backup` copies the site while writes go on, `newsroom restore` brings it
//! back, and every write acknowledged before the backup began is in it, whole.

use std::process::Command;

use newsroom::auth::Role;
use serde_json::json;

use crate::helpers::{TestApp, TestDatabase};

fn newsroom() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_newsroom"));
    command.env_remove("NEWSROOM_DB");
    command
}

fn run(args: &[&str]) -> (bool, String) {
    let output = newsroom().args(args).output().expect("newsroom runs");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), said)
}

#[actix_web::test]
async fn a_backup_taken_under_writes_restores_every_acknowledged_write() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let before: Vec<_> = (0..20)
        .map(|n| {
            app.article(world, &format!("Story {n} before the backup"))
                .create()
        })
        .collect();
    let key = app.key("desk", Role::Editor);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.backup");
    let source = app.database.arg();

    // The backup runs in its own process while the API takes writes.
    let backup = {
        let (file, source) = (file.display().to_string(), source.clone());
        actix_web::rt::task::spawn_blocking(move || run(&["backup", &file, "--db", &source]))
    };
    let mut during = Vec::new();
    let mut n = 0;
    while !backup.is_finished() || n < 5 {
        let body = json!({
            "category": world.0, "status": "published", "original_locale": "en",
            "translations": {"en": {"title": format!("Story {n} during the backup"), "body": "Text."}},
        });
        let written = app
            .send("POST", "/api/v1/articles", Some(&key), Some(&body))
            .await;
        assert_eq!(written.status, 201, "{}", written.body);
        during.push((
            written.body["id"].as_str().unwrap().to_owned(),
            format!("Story {n} during the backup"),
        ));
        n += 1;
    }
    let (ok, said) = backup.await.unwrap();
    assert!(ok, "{said}");
    assert!(said.contains("backed up to"), "{said}");

    // Restored into a new database, it serves every article acknowledged before it began.
    let restored = std::sync::Arc::new(TestDatabase::new());
    let (ok, said) = run(&["restore", &file.display().to_string(), "--db", &restored.arg()]);
    assert!(ok, "{said}");
    let copy = TestApp::builder().on(restored.clone()).build().await;
    for id in &before {
        let article = copy.get(&format!("/api/v1/articles/{}", id.0)).await;
        assert_eq!(article.status, 200, "{} is in the backup", id.0);
        assert!(article.body["body_html"].as_str().unwrap().contains("Zamin.uz"));
    }
    // What was written during it is there whole or not at all.
    for (id, title) in &during {
        let article = copy.get(&format!("/api/v1/articles/{id}")).await;
        match article.status {
            200 => assert_eq!(article.body["title"], title.as_str()),
            404 => {}
            other => panic!("{id}: {other}"),
        }
    }
    let listed = copy.get("/api/v1/articles?limit=100").await;
    let total = listed.body["page"]["total"].as_u64().unwrap();
    assert!(total >= 20 && total <= 20 + during.len() as u64, "{total}");
    // Search works on the restored copy: its index is built.
    let found = copy.get("/api/v1/search?q=backup").await;
    assert!(
        found.body["data"].as_array().unwrap().len() >= 20,
        "{}",
        found.body
    );
}

#[actix_web::test]
async fn backups_and_restores_refuse_to_overwrite() {
    let app = TestApp::builder().demo().build().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("site.backup");
    let file = file.display().to_string();
    let source = app.database.arg();
    let (ok, said) = run(&["backup", &file, "--db", &source]);
    assert!(ok, "{said}");
    let (ok, said) = run(&["backup", &file, "--db", &source]);
    assert!(!ok && said.contains("exists already"), "{said}");

    // A database with content is replaced only when asked.
    let (ok, said) = run(&["restore", &file, "--db", &source]);
    assert!(!ok && said.contains("--replace"), "{said}");
    let (ok, said) = run(&["restore", &file, "--db", &source, "--replace"]);
    assert!(ok, "{said}");

    // Not a backup: refused, nothing touched.
    let junk = dir.path().join("junk.backup");
    std::fs::write(&junk, b"not a database").unwrap();
    let target = TestDatabase::new();
    let (ok, said) = run(&["restore", &junk.display().to_string(), "--db", &target.arg()]);
    assert!(!ok, "{said}");
}
