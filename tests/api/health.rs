//! The probes: liveness, and readiness that checks the database and its schema.

use crate::helpers::TestApp;

#[actix_web::test]
async fn a_live_ready_server_says_so_and_is_never_cached() {
    let app = TestApp::builder().build().await;
    let live = app.get("/healthz").await;
    assert_eq!(live.status, 200);
    assert_eq!(live.body["status"], "ok");
    assert_eq!(live.header("cache-control"), Some("no-store"));
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 200);
    assert_eq!(ready.body["status"], "ready");
    assert_eq!(ready.body["checks"]["migrations"], "current");
    assert_eq!(ready.body["checks"]["search"], "ready");
    assert_eq!(ready.header("cache-control"), Some("no-store"));
}

#[actix_web::test]
async fn a_schema_that_is_not_this_binarys_is_not_ready() {
    let app = TestApp::builder().build().await;
    let change = |sql: &'static str| {
        app.db
            .write_blocking(move |connection| Ok(connection.batch_execute(sql)?))
            .unwrap();
    };
    change("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000000')");
    let answer = app.get("/readyz").await;
    let problem = answer.assert_problem(503);
    assert_eq!(problem["type"], "/problems/not-ready");
    assert!(
        problem["detail"].as_str().unwrap().contains("29991231000000"),
        "{problem}"
    );
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert_eq!(app.get("/healthz").await.status, 200, "alive all the same");

    change("DELETE FROM __diesel_schema_migrations WHERE version = '29991231000000'");
    assert_eq!(app.get("/readyz").await.status, 200);
    change(
        "DELETE FROM __diesel_schema_migrations WHERE version = (SELECT MAX(version) FROM __diesel_schema_migrations)",
    );
    app.get("/readyz").await.assert_problem(503);
}
