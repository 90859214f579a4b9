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
