//! The committed corpus of hostile requests (`tests/fixtures/hostile/requests.jsonl`), replayed
//! against the app with the demo content: each is answered with the status it names (a 4xx
//! problem+json, unless its entry says why not), and afterwards every table holds exactly the
//! rows it held before: nothing was stored, in part or whole.

use newsroom::auth::Role;
use newsroom::db::DbConnection;
use serde::Deserialize;

use crate::helpers::{Answer, TestApp, read};

const CORPUS: &str = include_str!("../fixtures/hostile/requests.jsonl");

/// The tables whose rows are counted before and after.
const TABLES: &[&str] = &[
    "articles",
    "article_translations",
    "article_slug_history",
    "categories",
    "category_translations",
    "locales",
    "locale_fallbacks",
    "messages",
    "message_keys",
    "spellings",
    "related_pins",
    "widgets",
    "api_keys",
    "audit_log",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    method: String,
    path: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
    #[serde(default)]
    generate: Option<Generate>,
    #[serde(default)]
    chunked: bool,
    #[serde(default)]
    header_flood: Option<HeaderFlood>,
    status: u16,
    /// Why the answer is no problem+json (the HTTP layer answered it).
    #[serde(default)]
    bare: Option<String>,
    /// Why a status outside 4xx is the right one.
    #[serde(default)]
    why: Option<String>,
}

/// A body too big to commit: `prefix`, `repeat` `times` times, `suffix`.
#[derive(Debug, Deserialize)]
struct Generate {
    prefix: String,
    repeat: String,
    times: usize,
    suffix: String,
}

/// `count` headers of `bytes` bytes each.
#[derive(Debug, Deserialize)]
struct HeaderFlood {
    count: usize,
    bytes: usize,
}

fn count_rows(connection: &mut DbConnection) -> Vec<(String, i64)> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    TABLES
        .iter()
        .map(|table| {
            let sql = format!("SELECT count(*) AS n FROM {table}");
            let counted: Count = newsroom::on_backend!(connection, |c| {
                use diesel::RunQueryDsl;
                diesel::sql_query(&sql).get_result(c)
            })
            .expect("the table is counted");
            (table.to_string(), counted.n)
        })
        .collect()
}

async fn send(
    app: &TestApp,
    entry: &Entry,
    keys: &[(&str, String)],
    fill: &dyn Fn(&str) -> String,
) -> Answer {
    let path = fill(&entry.path);
    let method = awc::http::Method::from_bytes(entry.method.as_bytes()).unwrap();
    let client = awc::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .max_http_version(awc::http::Version::HTTP_11)
        .finish();
    let mut request = client.request(method, format!("{}{path}", app.address));
    if let Some(role) = &entry.key {
        let key = &keys
            .iter()
            .find(|(name, _)| name == role)
            .expect("a known role")
            .1;
        request = request.insert_header(("Authorization", format!("Bearer {key}")));
    }
    for (name, value) in &entry.headers {
        request = request.insert_header((name.as_str(), fill(value)));
    }
    if let Some(flood) = &entry.header_flood {
        for n in 0..flood.count {
            request = request.append_header((format!("x-flood-{n}"), "a".repeat(flood.bytes)));
        }
    }
    let body: Option<Vec<u8>> = if let Some(text) = &entry.body {
        Some(text.clone().into_bytes())
    } else if let Some(encoded) = &entry.body_base64 {
        use base64::Engine;
        Some(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap())
    } else {
        entry.generate.as_ref().map(|generate| {
            format!(
                "{}{}{}",
                generate.prefix,
                generate.repeat.repeat(generate.times),
                generate.suffix
            )
            .into_bytes()
        })
    };
    let response = match body {
        Some(body) if entry.chunked => {
            let chunks = body
                .chunks(64 * 1024)
                .map(|chunk| Ok::<_, std::io::Error>(actix_web::web::Bytes::copy_from_slice(chunk)))
                .collect::<Vec<_>>();
            request.send_stream(futures_util::stream::iter(chunks)).await
        }
        Some(body) => request.send_body(body).await,
        None => request.send().await,
    };
    read(response.unwrap_or_else(|error| panic!("{}: not answered: {error}", entry.name))).await
}

#[actix_web::test]
async fn every_hostile_request_is_refused_as_its_entry_says_and_nothing_is_stored() {
    let app = TestApp::builder().demo().build().await;
    let keys = [
        ("editor", app.key("desk", Role::Editor)),
        ("admin", app.key("chief", Role::Admin)),
    ];
    let article = app.first_article_id().await;
    let category = app.get("/api/v1/categories").await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let long = "a".repeat(10 * 1024);
    let fill = |text: &str| {
        text.replace("{article}", &article)
            .replace("{category}", &category)
            .replace("{10k}", &long)
    };
    let before = app.db.read_blocking(|c| Ok(count_rows(c))).unwrap();

    let entries: Vec<Entry> = CORPUS
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{line}: {error}")))
        .collect();
    assert!(entries.len() >= 50, "{}", entries.len());
    let mut wrong = Vec::new();
    for entry in &entries {
        let answer = send(&app, entry, &keys, &fill).await;
        let problem = answer.header("content-type") == Some("application/problem+json");
        let fine = answer.status == entry.status
            && match (answer.status, &entry.bare, &entry.why) {
                (400..=499, None, _) => problem && answer.body["status"] == entry.status,
                (400..=499, Some(_), _) => true,
                (_, _, Some(_)) => !problem,
                _ => false,
            };
        if !fine {
            wrong.push(format!(
                "{}: {} {} (expected {})",
                entry.name,
                answer.status,
                String::from_utf8_lossy(&answer.raw[..answer.raw.len().min(300)]),
                entry.status
            ));
        }
        // No detail sends a long value back whole.
        assert!(
            answer.raw.len() < 4096 || answer.status == 200,
            "{}: {} bytes",
            entry.name,
            answer.raw.len()
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let after = app.db.read_blocking(|c| Ok(count_rows(c))).unwrap();
    // Making the two keys is the only change, and it was before the corpus.
    assert_eq!(after, before);
    // The server still answers.
    assert_eq!(app.get("/api/v1/articles?limit=1").await.status, 200);
}
