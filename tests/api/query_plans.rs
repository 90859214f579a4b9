//! No read path scans a whole table: every query the public endpoints run is captured as
//! Diesel sends it, and SQLite's `EXPLAIN QUERY PLAN` must show an index search (not a walk
//! over a whole table or index) and no sort; on PostgreSQL, its generic plan (with sequential
//! scans and sorts priced out, so that any index that serves is taken) must have neither a
//! `Seq Scan` nor a `Sort`.

use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::prelude::*;
use diesel::sql_types::Text;
use newsroom::articles::queries::{self as articles, Audience, FeedFilter, StatusFilter};
use newsroom::articles::store::{self as article_service, NewArticle, NewTranslation, Status};
use newsroom::categories::queries as categories;
use newsroom::categories::writes::{self as category_service, NewCategory, NewCategoryTranslation};
use newsroom::db::{self, Database, Id};
use newsroom::related::queries as related;
use newsroom::sitemaps::queries as sitemaps;
use newsroom::views_counter::queries as views;

#[derive(QueryableByName)]
struct PlanStep {
    #[diesel(sql_type = Text)]
    detail: String,
}

/// Records the SQL of every statement a connection runs.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let sql = text.split(" -- binds:").next().unwrap_or(&text).trim().to_owned();
            self.0.lock().unwrap().push(sql);
        }
    }
}

/// A database with enough rows in every table that a scan would cost, and fresh statistics.
fn populated(location: &db::Location) -> (Database, Vec<Id>, Vec<Id>) {
    let db = Database::open(location).unwrap();
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    db.write_blocking(|connection| {
        let mut category_ids = Vec::new();
        for n in 0..10 {
            let category = NewCategory {
                position: n,
                translations: ["en", "ru", "uz"]
                    .iter()
                    .map(|locale| NewCategoryTranslation {
                        locale: (*locale).into(),
                        slug: format!("section-{n}"),
                        name: format!("Section {n}"),
                        description: None,
                    })
                    .collect(),
            };
            category_ids.push(category_service::create(connection, &category, None)?);
        }
        let mut article_ids = Vec::new();
        for n in 0..400i64 {
            let status = match n % 10 {
                0 => Status::Draft,
                1 => Status::Archived,
                _ => Status::Published,
            };
            let article = NewArticle {
                category_id: category_ids[(n % 10) as usize],
                status,
                published_at: Some(base + Duration::minutes(n)),
                featured: n % 7 == 0,
                original_locale: "en".into(),
                cover_image: None,
                source: None,
                views: n,
                translations: ["en", "ru", "uz"]
                    .iter()
                    .map(|locale| NewTranslation {
                        locale: (*locale).into(),
                        slug: format!("story-{n}-{locale}"),
                        title: format!("Story {n}"),
                        excerpt: None,
                        body: format!("Body of story {n}."),
                    })
                    .collect(),
            };
            article_ids.push(article_service::create(connection, &article, None)?);
        }
        Ok((category_ids, article_ids))
    })
    .map(|(categories, articles)| {
        newsroom::related::bulk::rebuild(&db).unwrap();
        db.write_blocking(|connection| Ok(connection.batch_execute("ANALYZE")?))
            .unwrap();
        (db, categories, articles)
    })
    .unwrap()
}

#[test]
fn public_reads_use_indexes() {
    let database = crate::helpers::TestDatabase::new();
    let (_db, category_ids, article_ids) = populated(database.location());
    let recorder = Recorder::default();
    let mut connection = match database.location() {
        db::Location::Sqlite(path) => {
            let mut sqlite = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
            sqlite.set_instrumentation(recorder.clone());
            db::DbConnection::Sqlite(sqlite)
        }
        db::Location::Postgres(url) => {
            let mut postgres = PgConnection::establish(url).unwrap();
            postgres.set_instrumentation(recorder.clone());
            db::DbConnection::Postgres(postgres)
        }
    };

    // Every read the public endpoints make, with each shape of filter.
    let now = db::now();
    let cursor = Some((now - Duration::days(1), article_ids[0]));
    let public = Audience::Public;
    for filter in [
        FeedFilter::default(),
        FeedFilter {
            category: Some(category_ids[3]),
            ..FeedFilter::default()
        },
        FeedFilter {
            featured: Some(true),
            ..FeedFilter::default()
        },
        FeedFilter {
            category: Some(category_ids[3]),
            featured: Some(false),
            status: None,
        },
    ] {
        articles::page(&mut connection, public, now, filter, None, 21).unwrap();
        articles::page(&mut connection, public, now, filter, cursor, 21).unwrap();
        articles::count(&mut connection, public, now, filter).unwrap();
    }
    // The editors' feed, most recently changed first, is walked in its index's order too.
    let editors = FeedFilter {
        status: Some(StatusFilter::Draft),
        ..FeedFilter::default()
    };
    articles::page(
        &mut connection,
        Audience::Editors,
        now,
        FeedFilter::default(),
        cursor,
        21,
    )
    .unwrap();
    articles::page(&mut connection, Audience::Editors, now, editors, None, 21).unwrap();
    articles::find(&mut connection, public, now, article_ids[5]).unwrap();
    articles::with_slug(&mut connection, public, now, "story-5-ru").unwrap();
    articles::with_retired_slug(&mut connection, public, now, "story-5-old").unwrap();
    articles::translations_of(&mut connection, &article_ids[..20]).unwrap();
    articles::find_many(&mut connection, public, now, &article_ids[..20]).unwrap();
    // Related items, most read: the reads of the article page and the ticker.
    related::list(&mut connection, article_ids[5], "en").unwrap();
    related::pins(&mut connection, article_ids[5]).unwrap();
    related::terms_of(&mut connection, article_ids[5], "en").unwrap();
    related::lists_of(&mut connection, &article_ids[..4], "en").unwrap();
    related::terms_of_many(&mut connection, &article_ids[..4], "en").unwrap();
    related::document_frequencies(&mut connection, "en", &["story", "oil"]).unwrap();
    related::corpus_size(&mut connection, "en").unwrap();
    related::strongest(&mut connection, "en", "story", 200).unwrap();
    related::lists_containing(&mut connection, article_ids[5]).unwrap();
    views::most_read_since(&mut connection, now - Duration::hours(24)).unwrap();
    views::most_read_since(&mut connection, now - Duration::days(30)).unwrap();
    articles::body(&mut connection, article_ids[5], "ru").unwrap();
    categories::page(&mut connection, None, 21).unwrap();
    categories::page(&mut connection, Some((3, category_ids[3])), 21).unwrap();
    categories::find(&mut connection, category_ids[2]).unwrap();
    categories::translations_of(&mut connection, &category_ids).unwrap();
    categories::with_slug(&mut connection, "section-4").unwrap();
    // The sitemaps: the index's months and the news window, a month's articles in order.
    sitemaps::published_range(&mut connection, now).unwrap();
    sitemaps::count_between(&mut connection, now, now - Duration::days(30), now).unwrap();
    sitemaps::published_between(&mut connection, now, now - Duration::days(30), now, 0, 100).unwrap();

    let statements = recorder.0.lock().unwrap().clone();
    assert!(
        statements.len() >= 20,
        "the recorder saw the queries: {statements:?}"
    );
    let failures = match &mut connection {
        db::DbConnection::Sqlite(sqlite) => sqlite_failures(sqlite, &statements),
        db::DbConnection::Postgres(postgres) => postgres_failures(postgres, &statements),
    };
    assert!(
        failures.is_empty(),
        "queries without a fitting index:\n{}",
        failures.join("\n\n")
    );
}

/// The statements whose SQLite plan walks a whole table or index, or sorts.
fn sqlite_failures(connection: &mut SqliteConnection, statements: &[String]) -> Vec<String> {
    let mut failures = Vec::new();
    for sql in statements.iter().filter(|sql| sql.starts_with("SELECT")) {
        let plan: Vec<String> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
            .load::<PlanStep>(connection)
            .unwrap()
            .into_iter()
            .map(|step| step.detail)
            .collect();
        // A walk over a whole table or index. Only the category menu, a few dozen rows read
        // whole by design, may be walked (in its menu order).
        let full_scan = plan
            .iter()
            .any(|step| step.starts_with("SCAN") && !step.starts_with("SCAN categories USING"));
        let sorts = plan
            .iter()
            .any(|step| step.contains("USE TEMP B-TREE FOR ORDER BY"));
        if full_scan || sorts {
            failures.push(format!("{sql}\n    {}", plan.join("\n    ")));
        }
    }
    failures
}

#[derive(QueryableByName)]
struct PgPlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The statements whose PostgreSQL generic plan scans a table whole or sorts. Sequential
/// scans and sorts are priced out first: a few hundred rows fit a page or two, where the
/// planner would rightly read them whole; what is checked is that an index serves.
fn postgres_failures(connection: &mut PgConnection, statements: &[String]) -> Vec<String> {
    connection
        .batch_execute(
            "SET enable_seqscan = off; SET enable_sort = off; SET plan_cache_mode = force_generic_plan",
        )
        .unwrap();
    let mut failures = Vec::new();
    for (n, sql) in statements
        .iter()
        .filter(|sql| sql.starts_with("SELECT"))
        .enumerate()
    {
        let parameters = (1..)
            .take_while(|index| sql.contains(&format!("${index}")))
            .count();
        connection
            .batch_execute(&format!("PREPARE plan_{n} AS {sql}"))
            .unwrap_or_else(|error| panic!("{sql}: {error}"));
        let nulls = vec!["NULL"; parameters].join(", ");
        let execute = match parameters {
            0 => format!("EXPLAIN EXECUTE plan_{n}"),
            _ => format!("EXPLAIN EXECUTE plan_{n}({nulls})"),
        };
        let plan: Vec<String> = diesel::sql_query(execute)
            .load::<PgPlanLine>(connection)
            .unwrap()
            .into_iter()
            .map(|line| line.line)
            .collect();
        eprintln!("PLAN {sql}\n{}", plan.join("\n"));
        let scans = plan.iter().any(|line| line.contains("Seq Scan"));
        let sorts = plan
            .iter()
            .any(|line| line.trim_start().starts_with("Sort") || line.contains("->  Sort"));
        if scans || sorts {
            failures.push(format!("{sql}\n    {}", plan.join("\n    ")));
        }
    }
    failures
}
