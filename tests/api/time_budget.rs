//! The time budget of a read (`--time-budget-ms`): a read that can't be answered in time is a
//! 503 problem with `Retry-After`, never a late answer; writes have no budget.

use std::time::Duration;

use chrono::Utc;
use newsroom::auth::Role;
use serde_json::json;

use crate::helpers::TestApp;

#[actix_web::test]
async fn a_read_out_of_time_is_answered_503_and_writes_are_not_cut_short() {
    // A budget no search of hundreds of matching articles meets.
    let app = TestApp::builder()
        .with_state(|state| state.time_budget = Some(Duration::from_micros(1)))
        .build()
        .await;
    let world = app.category("World", "Мир", "mir");
    let template = app.article(world, "Harvest");
    template.create_many(300, |n, article| {
        let title = format!("Harvest report number {n} from the valley");
        article.translations[0].slug = crate::helpers::slug(&title);
        article.translations[0].body = format!("{title}. The harvest was reported by Zamin.uz. ").repeat(20);
        article.translations[0].title = title;
        article.published_at = Some(Utc::now() - chrono::Duration::minutes(n as i64 + 1));
    });

    let answer = app.get("/api/v1/search?q=harvest%20valley").await;
    let problem = answer.assert_problem(503);
    assert_eq!(problem["type"], "/problems/over-budget");
    assert_eq!(answer.header("retry-after"), Some("1"));

    // A write is never cut short: it is stored and answered whole.
    let key = app.key("desk", Role::Editor);
    let body = json!({
        "category": world.0, "status": "published", "original_locale": "en",
        "translations": {"en": {"title": "Written in full", "body": "Text."}},
    });
    let written = app
        .send("POST", "/api/v1/articles", Some(&key), Some(&body))
        .await;
    assert_eq!(written.status, 201, "{}", written.body);
}

#[actix_web::test]
async fn reads_in_time_are_answered_as_ever() {
    let app = TestApp::builder().demo().build().await;
    for path in [
        "/api/v1/search?q=gold",
        "/api/v1/articles",
        "/sitemap.xml",
        "/readyz",
    ] {
        assert_eq!(app.get(path).await.status, 200, "{path}");
    }
}
