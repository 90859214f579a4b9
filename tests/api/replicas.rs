//! Several servers on one PostgreSQL database, as behind a load balancer: what one writes, the
//! others answer within a second (their response caches told through `LISTEN/NOTIFY`); view
//! counts from all of them add up; a scheduled article goes public once, on every one of them.
//! Public reads go to read replicas (`--db-read`), editors' reads to the primary. On SQLite,
//! the database of one server, a server listens to no other and has no replicas.

use std::time::{Duration, Instant};

use chrono::Utc;
use futures_util::future::join_all;
use newsroom::auth::Role;
use newsroom::views_counter::CounterSettings;
use serde_json::json;

use crate::helpers::{TestApp, TestDatabase};

/// Counts flushed every 100 ms, every beacon counted (no one-per-reader window).
fn counting_every_beacon() -> CounterSettings {
    CounterSettings {
        flush_every: Duration::from_millis(100),
        dedupe_window: None,
    }
}

/// Two servers on one database, the first with the demo content; `None` on SQLite.
async fn two_servers() -> Option<(TestApp, TestApp)> {
    if TestDatabase::new().sqlite_path().is_some() {
        return None;
    }
    let a = TestApp::builder()
        .demo()
        .counting(counting_every_beacon())
        .build()
        .await;
    let b = TestApp::builder()
        .sharing_database_of(&a)
        .counting(counting_every_beacon())
        .build()
        .await;
    Some((a, b))
}

/// Waits up to `limit` for `holds`; how long it took.
async fn within<F, Fut>(limit: Duration, what: &str, holds: F) -> Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !holds().await {
        assert!(started.elapsed() < limit, "not so after {limit:?}: {what}");
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    started.elapsed()
}

#[actix_web::test]
async fn a_write_on_one_server_is_read_on_the_other_within_a_second() {
    let Some((a, b)) = two_servers().await else {
        let state = newsroom::state::AppState::load(TestDatabase::new().open()).unwrap();
        assert!(
            !state.broadcast.is_on(),
            "one SQLite file, one server: no one to tell"
        );
        return;
    };
    let key = a.key("desk", Role::Editor);
    let first = b.get("/api/v1/articles?limit=1&locale=en").await;
    let path = format!("/api/v1/articles/{}?locale=en", first.slugs()[0]);
    let path = path.as_str();
    // B keeps the article's answer in its response cache.
    let before = b.get(path).await;
    assert_eq!(before.status, 200);
    let id = before.body["id"].as_str().unwrap().to_owned();
    assert_eq!(b.get(path).await.body["title"], before.body["title"]);

    let edited = a
        .send(
            "PUT",
            &format!("/api/v1/articles/{id}/translations/en"),
            Some(&key),
            Some(&json!({"title": "Edited on server A", "body": "Edited."})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);

    let took = within(Duration::from_secs(1), "B answers with A's edit", || async {
        b.get(path).await.body["title"] == "Edited on server A"
    })
    .await;
    println!("server B answered with server A's edit after {took:?}");

    // A locale written on B: A's catalog is read again.
    let admin = b.key("admin", Role::Admin);
    let renamed = b
        .send(
            "PATCH",
            "/api/v1/locales/ru",
            Some(&admin),
            Some(&json!({"name": "По-русски"})),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    within(Duration::from_secs(1), "A serves B's locale change", || async {
        let locales = a.get("/api/v1/locales").await;
        locales.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|locale| locale["name"] == "По-русски")
    })
    .await;
}

#[actix_web::test]
async fn ten_thousand_beacons_over_two_servers_are_all_counted() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let listed = a.get("/api/v1/articles?limit=1").await;
    let id = listed.body["data"][0]["id"].as_str().unwrap().to_owned();
    let before = listed.body["data"][0]["views"].as_i64().unwrap();
    let beacon = format!("/api/v1/articles/{id}/views");
    // 5,000 beacons to each server, 16 at a time, while both flush every 100 ms.
    for _ in 0..625 {
        let round = (0..8).flat_map(|_| {
            [
                a.send("POST", &beacon, None, None),
                b.send("POST", &beacon, None, None),
            ]
        });
        for answer in join_all(round).await {
            assert_eq!(answer.status, 202);
        }
    }
    a.flush_views().await;
    b.flush_views().await;
    let stored: i64 =
        a.db.read_blocking(move |connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::articles;
            Ok(newsroom::on_backend!(connection, |connection| articles::table
                .find(&id)
                .select(articles::view_count)
                .first(connection))?)
        })
        .unwrap();
    assert_eq!(
        stored,
        before + 10_000,
        "every beacon on either server is counted"
    );
}

#[actix_web::test]
async fn a_scheduled_article_goes_public_once_on_every_server() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let key = a.key("desk", Role::Editor);
    // Both keep the feed's first page.
    let feed = "/api/v1/articles?limit=50";
    let before = b.get(feed).await.slugs();
    assert_eq!(a.get(feed).await.slugs(), before);
    let at = Utc::now() + chrono::Duration::milliseconds(1500);
    let created = a
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(&json!({
                "category": "world",
                "original_locale": "en",
                "status": "scheduled",
                "published_at": at.to_rfc3339(),
                "translations": {"en": {"title": "Embargoed until noon", "body": "The report."}}
            })),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "scheduled");
    assert_eq!(b.get(feed).await.slugs(), before, "not public before its time");

    for server in [&a, &b] {
        within(
            Duration::from_secs(5),
            "the scheduled article is public",
            || async {
                server.get(feed).await.slugs().first().map(String::as_str) == Some("embargoed-until-noon")
            },
        )
        .await;
        let slugs = server.get(feed).await.slugs();
        assert_eq!(
            slugs
                .iter()
                .filter(|slug| *slug == "embargoed-until-noon")
                .count(),
            1,
            "listed once: {slugs:?}"
        );
        assert_eq!(slugs.len(), before.len() + 1);
    }
    assert!(Utc::now() >= at);
}

#[actix_web::test]
async fn public_reads_go_to_the_read_replica_and_an_editors_to_the_primary() {
    let replica = TestDatabase::new();
    if let Some(file) = replica.sqlite_path() {
        let refused = newsroom::db::Database::open_with_replicas(
            &newsroom::db::Location::Sqlite(file.to_owned()),
            &[newsroom::db::Location::Postgres(
                "postgres://news@127.0.0.1/news".into(),
            )],
        );
        let error = refused.err().expect("SQLite has no read replicas").to_string();
        assert!(error.contains("PostgreSQL primary"), "{error}");
        return;
    }
    // A "replica" that lags: the demo content, with one title as it was before an edit.
    let lagging = replica.open();
    assert!(newsroom::demo::load_if_empty(&lagging).unwrap());
    let app = TestApp::builder()
        .demo()
        .without_response_cache()
        .reading_from(&replica)
        .build()
        .await;
    let slug = app.get("/api/v1/articles?limit=1&locale=en").await.slugs()[0].clone();
    let path = format!("/api/v1/articles/{slug}?locale=en");
    let on_primary = app.get(&path).await.body["title"].as_str().unwrap().to_owned();
    let moved = slug.clone();
    lagging
        .write_blocking(move |connection| {
            use diesel::prelude::*;
            use newsroom::db::schema::article_translations::dsl::*;
            Ok(newsroom::on_backend!(connection, |connection| diesel::update(
                article_translations.filter(slug.eq(&moved))
            )
            .set(title.eq("As the replica has it"))
            .execute(connection))?)
        })
        .unwrap();
    let key = app.key("desk", Role::Editor);

    for _ in 0..3 {
        let public = app.get(&path).await;
        assert_eq!(
            public.body["title"], "As the replica has it",
            "a public read is the replica's"
        );
        let editors = app
            .get_with(&path, &[("Authorization", &format!("Bearer {key}"))])
            .await;
        assert_eq!(editors.status, 200);
        assert_eq!(
            editors.body["title"],
            on_primary.as_str(),
            "an editor's read is the primary's"
        );
    }
}

#[actix_web::test]
async fn a_cursor_from_one_server_pages_on_the_other() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let first = a.get("/api/v1/articles?limit=3").await;
    let cursor = first.body["page"]["next_cursor"].as_str().unwrap().to_owned();
    let on_b = b.get(&format!("/api/v1/articles?limit=3&cursor={cursor}")).await;
    let on_a = a.get(&format!("/api/v1/articles?limit=3&cursor={cursor}")).await;
    assert_eq!(on_b.status, 200, "{}", on_b.body);
    assert_eq!(
        on_b.slugs(),
        on_a.slugs(),
        "both servers sign cursors with the database's key"
    );
    assert!(on_b.slugs().iter().all(|slug| !first.slugs().contains(slug)));
}

#[actix_web::test]
async fn a_server_that_lost_what_others_said_clears_its_answers_when_it_hears_again() {
    let Some((a, b)) = two_servers().await else {
        return;
    };
    let key = a.key("desk", Role::Editor);
    let first = b.get("/api/v1/articles?limit=1&locale=en").await;
    let id = first.body["data"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/articles/{}?locale=en", first.slugs()[0]);
    b.get(&path).await;
    assert_eq!(b.get(&path).await.body["title"], first.body["data"][0]["title"]);

    // B's listening connection (the newer of the two) is cut: what A says next, B misses.
    let cut: i64 =
        a.db.read_blocking(|connection| {
            use diesel::prelude::*;
            #[derive(QueryableByName)]
            struct Cut {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                cut: i64,
            }
            let newsroom::db::DbConnection::Postgres(connection) = connection else {
                unreachable!("two servers run on PostgreSQL")
            };
            let cut: Cut = diesel::sql_query(
                "SELECT count(pg_terminate_backend(pid)) AS cut FROM (SELECT pid FROM pg_stat_activity \
                 WHERE application_name = 'newsroom broadcast' AND datname = current_database() \
                 ORDER BY backend_start DESC LIMIT 1) AS newest",
            )
            .get_result(connection)?;
            Ok(cut.cut)
        })
        .unwrap();
    assert_eq!(cut, 1);
    let edited = a
        .send(
            "PUT",
            &format!("/api/v1/articles/{id}/translations/en"),
            Some(&key),
            Some(&json!({"title": "Said while B was not listening", "body": "Edited."})),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);

    // Well before the cache's own 10 s: B clears everything once it listens again.
    within(
        Duration::from_secs(4),
        "B answers with the edit it missed",
        || async { b.get(&path).await.body["title"] == "Said while B was not listening" },
    )
    .await;
}
