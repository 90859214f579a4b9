//! Nothing acknowledged is lost when the server is killed: the real binary takes a stream of
//! concurrent writes and view beacons, is killed with SIGKILL (no chance to flush or finish),
//! and is started again on the same database. Every write answered 2xx is there, whole (both
//! its translations, its body), SQLite's `integrity_check` is ok, and the view counts lost at
//! most the beacons of the last flush interval.
//!
//! A few rounds here; `NEWSROOM_DURABILITY_ROUNDS` asks for more (`bench/durability` runs 50 on
//! a release build).

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use newsroom::auth::Role;
use serde_json::json;

use crate::helpers::{TestDatabase, integrity_check};
use crate::server::{Server, call, newsroom, serve, try_call};

/// How often the server under test writes the views it counted.
const FLUSH: Duration = Duration::from_millis(200);
/// Beyond the time a flush waits for its turn at the writer (as long as the slowest write
/// took, queue included), what a flush may take to be written on a machine shared with others.
const FLUSH_WRITE: Duration = Duration::from_millis(300);
const WRITERS: usize = 8;
const BEACONS: usize = 4;

fn start(database: &TestDatabase) -> Server {
    let flush = FLUSH.as_millis().to_string();
    serve(
        newsroom(),
        &[
            "--db",
            &database.arg(),
            "--bind",
            "127.0.0.1:0",
            "--demo",
            "--views-flush-ms",
            &flush,
        ],
    )
}

/// What a round's clients were told.
#[derive(Default)]
struct Acknowledged {
    /// Articles answered 201: id and title.
    articles: Vec<(String, String)>,
    /// Titles sent without a whole answer: they may be stored (whole) or not at all.
    unknown: Vec<String>,
    /// When each beacon was answered 202, by article.
    beacons: HashMap<String, Vec<Instant>>,
    /// Beacons sent, answered or not, by article.
    sent: HashMap<String, u64>,
    /// The longest a write took to be answered, its wait for the writer included.
    slowest_write: Duration,
}

async fn views(server: &Server, id: &str) -> u64 {
    let answer = call(
        "GET",
        &format!("{}/api/v1/articles/{id}", server.address),
        None,
        None,
    )
    .await;
    answer.body["views"].as_u64().expect("an article's views")
}

/// Every public article's English title and id, page after page.
async fn every_article(server: &Server) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!(
            "{}/api/v1/articles?limit=100&fields=id,title&locale=en",
            server.address
        );
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page = call("GET", &url, None, None).await;
        assert_eq!(page.status, 200, "{}", page.body);
        for article in page.body["data"].as_array().unwrap() {
            found.insert(
                article["title"].as_str().unwrap().to_owned(),
                article["id"].as_str().unwrap().to_owned(),
            );
        }
        match page.body["page"]["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return found,
        }
    }
}

#[actix_web::test]
async fn a_killed_server_loses_no_acknowledged_write_and_at_most_a_flush_of_views() {
    let rounds: usize = std::env::var("NEWSROOM_DURABILITY_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(3);
    let database = TestDatabase::new();
    let key = {
        let server = start(&database);
        drop(server);
        newsroom::auth::service::create(&database.open(), "desk", Role::Editor).unwrap()
    };
    let mut written: Vec<(String, String)> = Vec::new();
    for round in 0..rounds {
        let mut server = start(&database);
        let address = server.address.clone();
        let at = |path: &str| format!("{address}{path}");
        let listed = call("GET", &at("/api/v1/articles?limit=4"), None, None).await;
        let category = listed.body["data"][0]["category"]["id"].clone();
        let read: Vec<String> = listed.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|article| article["id"].as_str().unwrap().to_owned())
            .collect();
        let mut before = HashMap::new();
        for id in &read {
            before.insert(id.clone(), views(&server, id).await);
        }

        let acknowledged = RefCell::new(Acknowledged::default());
        let stop = std::cell::Cell::new(false);
        let writer = |w: usize| {
            let (acknowledged, stop, at, key, category) = (&acknowledged, &stop, &at, &key, &category);
            async move {
                let mut n = 0;
                while !stop.get() {
                    let title = format!("Round {round} writer {w} story {n}");
                    let body = json!({
                        "category": category, "status": "published", "original_locale": "en",
                        "translations": {
                            "en": {"title": title, "body": format!("The body of {title}.")},
                            "ru": {"title": format!("{title} (ru)"), "body": format!("Текст: {title}.")},
                        },
                    });
                    let sent = Instant::now();
                    match try_call("POST", &at("/api/v1/articles"), Some(key), Some(&body)).await {
                        Some(reply) if reply.status == 201 => {
                            let mut acknowledged = acknowledged.borrow_mut();
                            acknowledged.slowest_write = acknowledged.slowest_write.max(sent.elapsed());
                            acknowledged
                                .articles
                                .push((reply.body["id"].as_str().unwrap().to_owned(), title))
                        }
                        Some(reply) => panic!("a write answered {}: {}", reply.status, reply.body),
                        None => acknowledged.borrow_mut().unknown.push(title),
                    }
                    n += 1;
                }
            }
        };
        let beacon = |b: usize| {
            let (acknowledged, stop, at, id) = (&acknowledged, &stop, &at, read[b % read.len()].clone());
            async move {
                while !stop.get() {
                    *acknowledged.borrow_mut().sent.entry(id.clone()).or_default() += 1;
                    let url = at(&format!("/api/v1/articles/{id}/views"));
                    if let Some(reply) = try_call("POST", &url, None, None).await {
                        assert_eq!(reply.status, 202, "{}", reply.body);
                        let answered = Instant::now();
                        acknowledged
                            .borrow_mut()
                            .beacons
                            .entry(id.clone())
                            .or_default()
                            .push(answered);
                    }
                }
            }
        };
        let killer = async {
            // Killed at a different moment of its flush cycle each round.
            let running = Duration::from_millis(1200 + 137 * round as u64 % 400);
            actix_web::rt::time::sleep(running).await;
            server.child.kill().expect("SIGKILL is sent");
            let killed = Instant::now();
            server.child.wait().unwrap();
            stop.set(true);
            killed
        };
        let clients = join_all(
            (0..WRITERS)
                .map(|w| Box::pin(writer(w)) as std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>)
                .chain((0..BEACONS).map(|b| Box::pin(beacon(b)) as _)),
        );
        let (_, killed) = futures_util::future::join(clients, killer).await;
        drop(server);
        let acknowledged = acknowledged.into_inner();
        assert!(
            !acknowledged.articles.is_empty(),
            "round {round} wrote nothing before the kill"
        );

        if let Some(file) = database.sqlite_path() {
            assert_eq!(integrity_check(file), "ok", "round {round}");
        }
        let server = start(&database);
        let at = |path: &str| format!("{}{path}", server.address);
        written.extend(acknowledged.articles.iter().cloned());
        // A write that got no answer is stored whole or not at all: those stored are checked
        // as the acknowledged ones are.
        let stored = every_article(&server).await;
        for title in &acknowledged.unknown {
            if let Some(id) = stored.get(title) {
                written.push((id.clone(), title.clone()));
            }
        }
        // Every write of every round so far is there, whole.
        for (id, title) in &written {
            let article = call(
                "GET",
                &at(&format!("/api/v1/articles/{id}?locale=ru")),
                None,
                None,
            )
            .await;
            assert_eq!(
                article.status, 200,
                "round {round}: {title} was acknowledged but is gone"
            );
            assert_eq!(article.body["title"], format!("{title} (ru)"));
            assert!(article.body["body"].as_str().unwrap().contains(title.as_str()));
            let locales: Vec<&str> = article.body["translations"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|translation| translation["locale"].as_str())
                .collect();
            assert!(locales.contains(&"en") && locales.contains(&"ru"), "{locales:?}");
        }
        // The views answered before the last flush interval (and the flush's turn at the
        // writer, and its write) are counted; no more are counted than were sent.
        let durable_before = killed - FLUSH - acknowledged.slowest_write - FLUSH_WRITE;
        for id in &read {
            let counted = views(&server, id).await - before[id];
            let answered = acknowledged.beacons.get(id).map_or(&[][..], Vec::as_slice);
            let durable = answered.iter().filter(|at| **at < durable_before).count() as u64;
            let sent = acknowledged.sent.get(id).copied().unwrap_or(0);
            assert!(
                counted >= durable && counted <= sent,
                "round {round}, article {id}: {counted} views counted, {durable} answered more than a \
                 flush before the kill, {sent} sent"
            );
        }
        eprintln!(
            "round {round}: {} writes acknowledged (the slowest in {:?}), {} unanswered, {} beacons answered",
            acknowledged.articles.len(),
            acknowledged.slowest_write,
            acknowledged.unknown.len(),
            acknowledged.beacons.values().map(Vec::len).sum::<usize>()
        );
    }
}
