//! Readers and the writer at once: writes queue on the one writer, reads never see
//! `database is locked`, and every answer is whole.

use crate::helpers::TestApp;
use futures_util::future::join_all;
use newsroom::articles::store::{self as articles, NewArticle, NewTranslation, Status};

#[actix_web::test]
async fn reads_never_fail_while_articles_are_being_written() {
    // Every read reaches the database, none is answered from memory.
    let app = TestApp::builder().without_response_cache().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "First story").create();

    let db = app.db.clone();
    let writer = std::thread::spawn(move || {
        for n in 0..150 {
            let article = NewArticle {
                category_id: world,
                status: Status::Published,
                published_at: Some(chrono::Utc::now() - chrono::Duration::minutes(1)),
                featured: n % 5 == 0,
                original_locale: "en".into(),
                cover_image: None,
                source: None,
                views: 0,
                translations: vec![NewTranslation {
                    locale: "en".into(),
                    slug: format!("written-meanwhile-{n}"),
                    title: format!("Written meanwhile {n}"),
                    excerpt: None,
                    body: "Body. ".repeat(200),
                }],
            };
            db.write_blocking(|connection| articles::create(connection, &article, None))
                .expect("the write succeeds");
        }
    });

    let mut statuses = Vec::new();
    while !writer.is_finished() {
        let round = (0..40).map(|n| {
            let path = match n % 4 {
                0 => "/api/v1/articles?limit=50",
                1 => "/api/v1/articles?featured=true",
                2 => "/api/v1/articles/first-story",
                _ => "/api/v1/categories",
            };
            app.get(path)
        });
        statuses.extend(join_all(round).await.into_iter().map(|answer| answer.status));
    }
    writer.join().unwrap();

    assert!(
        statuses.len() >= 40,
        "reads ran while writing: {}",
        statuses.len()
    );
    assert!(statuses.iter().all(|status| *status == 200), "{statuses:?}");
    let after = app.get("/api/v1/articles").await;
    assert_eq!(after.body["page"]["total"], 151);
}

/// Holds the database's write lock as another process's write would, until dropped.
struct WriteLockHeld(Option<newsroom::db::DbConnection>);

impl WriteLockHeld {
    fn take(database: &crate::helpers::TestDatabase) -> Self {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        use newsroom::db::{DbConnection, Location};
        let mut connection = match database.location() {
            Location::Sqlite(file) => {
                DbConnection::Sqlite(diesel::SqliteConnection::establish(&file.to_string_lossy()).unwrap())
            }
            Location::Postgres(url) => DbConnection::Postgres(diesel::PgConnection::establish(url).unwrap()),
        };
        match &mut connection {
            DbConnection::Sqlite(c) => c.batch_execute("BEGIN IMMEDIATE").unwrap(),
            // The advisory lock every server's write transaction takes.
            DbConnection::Postgres(c) => c
                .batch_execute(&format!("SELECT pg_advisory_lock({})", 0x6e65_7773_726f_6f6d_i64))
                .unwrap(),
        }
        Self(Some(connection))
    }
}

impl Drop for WriteLockHeld {
    fn drop(&mut self) {
        use diesel::connection::SimpleConnection;
        use newsroom::db::DbConnection;
        match self.0.take() {
            Some(DbConnection::Sqlite(mut c)) => c.batch_execute("COMMIT").unwrap(),
            Some(DbConnection::Postgres(mut c)) => {
                c.batch_execute("SELECT pg_advisory_unlock_all()").unwrap()
            }
            None => {}
        }
    }
}

#[actix_web::test]
async fn writes_waiting_for_their_turn_leave_reads_the_threads_they_need() {
    use newsroom::auth::Role;
    use serde_json::json;
    use std::time::{Duration, Instant};

    // One worker, every read from the database.
    let app = TestApp::builder().without_response_cache().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "First story").create();
    let key = app.key("desk", Role::Editor);

    // Another process's write holds the database: this server's writes wait for it, more of
    // them than the worker has blocking threads.
    let held = WriteLockHeld::take(&app.database);
    let writes: Vec<_> = (0..16)
        .map(|n| {
            let body = json!({
                "category": world.0, "status": "published", "original_locale": "en",
                "translations": {"en": {"title": format!("Queued {n}"), "body": "Text."}},
            });
            let (app, key) = (&app, key.clone());
            async move {
                app.send("POST", "/api/v1/articles", Some(&key), Some(&body))
                    .await
            }
        })
        .collect();
    let reading = async {
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        let read = app.get("/api/v1/articles?fields=id,title").await;
        let took = started.elapsed();
        actix_web::rt::time::sleep(Duration::from_millis(1200)).await;
        drop(held);
        (read, took)
    };
    let (written, (read, took)) = futures_util::future::join(join_all(writes), reading).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert!(
        took < Duration::from_millis(1000),
        "a read waited {took:?} behind queued writes"
    );
    for written in written {
        assert_eq!(written.status, 201, "{}", written.body);
    }
    let listed = app.get("/api/v1/articles?limit=100").await;
    assert_eq!(listed.body["page"]["total"], 17);
}

/// Expensive reads (uncached searches) hold at most `EXPENSIVE_READERS` of the reading
/// connections: with as many of them under way as there are connections, the others wait
/// their turn and a cheap read is still answered.
#[actix_web::test]
async fn expensive_reads_leave_reading_connections_for_cheap_ones() {
    use newsroom::db::{EXPENSIVE_READERS, READERS};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    /// Opens the gate the expensive reads wait at when dropped, the test failing or not: no
    /// blocking thread is left waiting.
    struct Gate(Arc<(Mutex<bool>, Condvar)>);
    impl Drop for Gate {
        fn drop(&mut self) {
            *self.0.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
            self.0.1.notify_all();
        }
    }

    let app = TestApp::builder().without_response_cache().build().await;
    let started = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let opener = Gate(gate.clone());
    let expensive: Vec<_> = (0..READERS)
        .map(|_| {
            let (db, started, gate) = (app.db.clone(), started.clone(), gate.clone());
            actix_web::rt::spawn(async move {
                db.read_expensive(move |_| {
                    started.fetch_add(1, Ordering::SeqCst);
                    let (open, opened) = &*gate;
                    let mut open = open.lock().unwrap();
                    while !*open {
                        open = opened.wait(open).unwrap();
                    }
                    Ok(())
                })
                .await
            })
        })
        .collect();
    for _ in 0..500 {
        if started.load(Ordering::SeqCst) >= EXPENSIVE_READERS as usize {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(started.load(Ordering::SeqCst), EXPENSIVE_READERS as usize);

    let cheap = actix_web::rt::time::timeout(Duration::from_secs(10), app.db.read(|_| Ok("answered"))).await;
    assert!(
        matches!(cheap, Ok(Ok(_))),
        "a cheap read waited behind expensive ones: {cheap:?}"
    );
    assert_eq!(
        started.load(Ordering::SeqCst),
        EXPENSIVE_READERS as usize,
        "more expensive reads than their share held connections"
    );

    drop(opener);
    for read in expensive {
        read.await.unwrap().expect("the expensive read ends");
    }
    assert_eq!(started.load(Ordering::SeqCst), READERS as usize);
}
