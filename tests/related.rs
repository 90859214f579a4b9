//! Related articles: computed from the text across categories, pinned items first, kept up to
//! date on publish and edit, and good enough to trust (precision@5 on a fixture of topics).

mod common;

use std::collections::HashMap;

use chrono::{Duration, Utc};
use common::{TestApp, spawn_app, spawn_demo_app};
use newsroom::auth::Role;
use newsroom::db::Id;
use serde_json::json;

/// Six topics, each with words of its own; every article also gets the words all news share.
const TOPICS: [(&str, [&str; 12]); 6] = [
    (
        "oil",
        [
            "oil",
            "brent",
            "crude",
            "barrel",
            "opec",
            "refinery",
            "pipeline",
            "petroleum",
            "tanker",
            "output",
            "exporters",
            "fuel",
        ],
    ),
    (
        "football",
        [
            "football",
            "goal",
            "striker",
            "league",
            "match",
            "coach",
            "stadium",
            "penalty",
            "midfielder",
            "champions",
            "club",
            "referee",
        ],
    ),
    (
        "election",
        [
            "election",
            "ballot",
            "voters",
            "candidate",
            "polling",
            "campaign",
            "parliament",
            "turnout",
            "constituency",
            "coalition",
            "vote",
            "opposition",
        ],
    ),
    (
        "chips",
        [
            "semiconductor",
            "chip",
            "processor",
            "wafer",
            "foundry",
            "transistor",
            "silicon",
            "nanometer",
            "fabrication",
            "lithography",
            "gpu",
            "memory",
        ],
    ),
    (
        "floods",
        [
            "flood",
            "rainfall",
            "river",
            "evacuation",
            "dam",
            "levee",
            "downpour",
            "rescue",
            "meteorologists",
            "monsoon",
            "inundated",
            "torrent",
        ],
    ),
    (
        "vaccine",
        [
            "vaccine",
            "immunization",
            "dose",
            "clinic",
            "antibody",
            "trial",
            "pharmaceutical",
            "booster",
            "pathogen",
            "epidemiologists",
            "outbreak",
            "jab",
        ],
    ),
];
const SHARED: [&str; 8] = [
    "Officials said on Monday that the situation was developing quickly.",
    "According to reports, the government is watching closely.",
    "Analysts expect more news later this week.",
    "The ministry declined to comment further.",
    "Local media covered the story in detail.",
    "Experts say the coming days will be decisive.",
    "The announcement drew reactions across the region.",
    "More details are expected to be published soon.",
];
const CATEGORIES: [&str; 5] = ["World", "Economy", "Sports", "Science", "Politics"];
const PER_TOPIC: usize = 6;

/// The fixture's article `n` of topic `t`: title and body.
fn fixture_text(t: usize, n: usize) -> (String, String) {
    let words = TOPICS[t].1;
    let word = |k: usize| words[(n * 5 + k * 7) % words.len()];
    let title = format!(
        "{} and {} {} update {}",
        capitalize(word(0)),
        word(1),
        word(2),
        n + 1
    );
    let body = format!(
        "{} The {} and the {} were in focus as the {} story unfolded. {}\n\nReporters followed the {} closely, \
         noting the {} and the {}. {} {}",
        SHARED[(t + n) % SHARED.len()],
        word(3),
        word(4),
        word(5),
        SHARED[(t * 3 + n + 1) % SHARED.len()],
        word(6),
        word(7),
        word(8),
        SHARED[(n * 2 + 3) % SHARED.len()],
        SHARED[(t + 5) % SHARED.len()],
    );
    (title, body)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Stores the fixture through the factories; returns each article's id and topic.
fn seed_fixture(app: &TestApp) -> HashMap<String, usize> {
    let categories: Vec<Id> = CATEGORIES
        .iter()
        .map(|name| app.category(name, &format!("{name} ru"), &common::slug(&format!("{name} ru"))))
        .collect();
    let mut topic_of = HashMap::new();
    for t in 0..TOPICS.len() {
        for n in 0..PER_TOPIC {
            let (title, body) = fixture_text(t, n);
            // Topics cross categories: each topic's articles are spread over all of them.
            let category = categories[(t + n) % categories.len()];
            let id = app
                .article(category, &title)
                .body(&body)
                .published_at(Utc::now() - Duration::hours((t * PER_TOPIC + n) as i64))
                .create();
            topic_of.insert(id.to_string(), t);
        }
    }
    topic_of
}

/// The mean share of same-topic articles among each article's first five related ones.
async fn precision_at_5(app: &TestApp, topic_of: &HashMap<String, usize>) -> f64 {
    let mut total = 0.0;
    for (id, topic) in topic_of {
        let answer = app.get(&format!("/api/v1/articles/{id}/related?limit=5")).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let related: Vec<String> = answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(related.len(), 5, "five related articles for {id}");
        assert!(!related.contains(id), "never the article itself");
        let same = related
            .iter()
            .filter(|other| topic_of.get(*other) == Some(topic))
            .count();
        total += same as f64 / 5.0;
    }
    total / topic_of.len() as f64
}

#[actix_web::test]
async fn related_articles_share_the_topic_whatever_the_category() {
    let app = spawn_app().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();

    let precision = precision_at_5(&app, &topic_of).await;

    println!(
        "precision@5 over {} articles in {} topics: {precision:.3}",
        topic_of.len(),
        TOPICS.len()
    );
    assert!(precision >= 0.8, "precision@5 is {precision:.3}");
}

#[actix_web::test]
async fn lists_kept_up_to_date_by_writes_are_as_good_as_a_rebuild() {
    let app = spawn_app().await;
    for name in CATEGORIES {
        app.category(name, &format!("{name} ru"), &common::slug(&format!("{name} ru")));
    }
    let key = app.key("desk", Role::Editor);
    let mut topic_of = HashMap::new();
    for t in 0..TOPICS.len() {
        for n in 0..PER_TOPIC {
            let (title, body) = fixture_text(t, n);
            let category = common::slug(CATEGORIES[(t + n) % CATEGORIES.len()]);
            let created = app
                .send(
                    "POST",
                    "/api/v1/articles",
                    Some(&key),
                    Some(
                        &json!({"category": category, "original_locale": "en", "status": "published",
                        "translations": {"en": {"title": title, "body": body}}}),
                    ),
                )
                .await;
            assert_eq!(created.status, 201, "{}", created.body);
            topic_of.insert(created.body["id"].as_str().unwrap().to_owned(), t);
        }
    }

    let precision = precision_at_5(&app, &topic_of).await;

    println!("precision@5 with lists kept by writes: {precision:.3}");
    assert!(precision >= 0.8, "precision@5 is {precision:.3}");
}

#[actix_web::test]
async fn an_edit_moves_an_article_between_its_neighbours_lists() {
    let app = spawn_app().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    let key = app.key("desk", Role::Editor);
    let in_list = |list: &common::Answer, id: &str| {
        list.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id)
    };
    let oil = topic_of
        .iter()
        .find(|(_, t)| **t == 0)
        .map(|(id, _)| id.clone())
        .unwrap();
    let football = topic_of
        .iter()
        .find(|(_, t)| **t == 1)
        .map(|(id, _)| id.clone())
        .unwrap();

    // A new oil story enters the oil stories' lists at once.
    let created = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(
                &json!({"category": "science", "original_locale": "en", "status": "published",
                "translations": {"en": {"title": "Brent crude barrel opec refinery pipeline",
                    "body": "Oil tanker exporters fuel petroleum output brent crude barrel."}}}),
            ),
        )
        .await;
    let newcomer = created.body["id"].as_str().unwrap().to_owned();
    assert!(in_list(
        &app.get(&format!("/api/v1/articles/{oil}/related?limit=10")).await,
        &newcomer
    ));

    // Rewritten as a football story, it leaves the oil lists and joins the football ones.
    app.send(
        "PATCH",
        &format!("/api/v1/articles/{newcomer}"),
        Some(&key),
        Some(
            &json!({"translations": {"en": {"title": "Football striker goal league match coach",
            "body": "Stadium penalty midfielder champions club referee football goal striker."}}}),
        ),
    )
    .await;
    assert!(!in_list(
        &app.get(&format!("/api/v1/articles/{oil}/related?limit=10")).await,
        &newcomer
    ));
    assert!(in_list(
        &app.get(&format!("/api/v1/articles/{football}/related?limit=10"))
            .await,
        &newcomer
    ));

    // Unpublished, it leaves every list.
    app.send(
        "PATCH",
        &format!("/api/v1/articles/{newcomer}"),
        Some(&key),
        Some(&json!({"status": "draft"})),
    )
    .await;
    assert!(!in_list(
        &app.get(&format!("/api/v1/articles/{football}/related?limit=10"))
            .await,
        &newcomer
    ));

    // The word counts that weigh words, kept by those writes and a deletion, are a rebuild's.
    let deleted = app
        .send("DELETE", &format!("/api/v1/articles/{oil}"), Some(&key), None)
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    let kept = word_counts(&app);
    assert!(
        kept.0.len() > 50 && kept.1 == vec![("en".to_owned(), 35)],
        "{:?}",
        kept.1
    );
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    assert_eq!(kept, word_counts(&app));
}

/// Every (locale, word, count) of the related index, and each locale's corpus size.
type WordCounts = (Vec<(String, String, i64)>, Vec<(String, i64)>);

fn word_counts(app: &TestApp) -> WordCounts {
    use diesel::prelude::*;
    use newsroom::db::schema::{related_corpus, related_words};
    app.db
        .read_blocking(|connection| {
            let words = related_words::table
                .order((related_words::locale, related_words::term))
                .load(connection)?;
            let corpus = related_corpus::table
                .order(related_corpus::locale)
                .load(connection)?;
            Ok((words, corpus))
        })
        .unwrap()
}

#[actix_web::test]
async fn pinned_items_come_first_in_order_once_and_only_when_public() {
    let app = spawn_demo_app().await;
    let key = app.key("desk", Role::Editor);
    let article = "deepfakes-and-fake-subscribers-banned-in-kazakhstan";
    let draft = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(&json!({"category": "world", "original_locale": "en",
                "translations": {"en": {"title": "Unfinished", "body": "Draft."}}})),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let pins = json!({"related": ["gold-prices-increased-in-uzbekistan-high-demand-in-banks", draft, "iran-launched-khaybar-missiles-against-israel"]});

    let pinned = app
        .send(
            "PUT",
            &format!("/api/v1/articles/{article}/related"),
            Some(&key),
            Some(&pins),
        )
        .await;
    assert_eq!(pinned.status, 200, "{}", pinned.body);
    let answer = app
        .get(&format!("/api/v1/articles/{article}/related?limit=6&locale=ru"))
        .await;

    let items: Vec<(String, bool)> = answer.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["slug"].as_str().unwrap().to_owned(),
                r["pinned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items[0],
        (
            "v-uzbekistane-podorozhalo-zoloto-v-bankah-vysokij-spros".to_owned(),
            true
        )
    );
    assert_eq!(
        items[1],
        ("iran-zapustil-rakety-hajbar-po-izrailyu".to_owned(), true)
    );
    assert!(items[2..].iter().all(|(_, pinned)| !pinned));
    assert_eq!(items.len(), 6);
    let mut slugs: Vec<&String> = items.iter().map(|(slug, _)| slug).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 6, "each article once");
    assert!(
        answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["id"] != draft),
        "never a draft"
    );

    let bad = app
        .send(
            "PUT",
            &format!("/api/v1/articles/{article}/related"),
            Some(&key),
            Some(&json!({"related": [article, "no-such-article", "gold-prices-increased-in-uzbekistan-high-demand-in-banks", "gold-prices-increased-in-uzbekistan-high-demand-in-banks"]})),
        )
        .await;
    bad.assert_invalid_fields(&["related.0", "related.1", "related.3"]);
    app.get("/api/v1/articles/no-such-article/related")
        .await
        .assert_problem(404);
    app.get(&format!("/api/v1/articles/{article}/related?limit=21"))
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn a_spare_takes_the_place_of_an_item_scheduled_for_later() {
    let app = spawn_app().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    let key = app.key("desk", Role::Editor);
    let article = topic_of.keys().next().unwrap().clone();
    let ids = |answer: &common::Answer| -> Vec<String> {
        answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let before = ids(&app
        .get(&format!("/api/v1/articles/{article}/related?limit=10"))
        .await);
    assert_eq!(before.len(), 10);

    let later = (Utc::now() + Duration::days(2))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let scheduled = app
        .send(
            "PATCH",
            &format!("/api/v1/articles/{}", before[0]),
            Some(&key),
            Some(&json!({"status": "scheduled", "published_at": later})),
        )
        .await;
    assert_eq!(scheduled.status, 200, "{}", scheduled.body);

    let after = ids(&app
        .get(&format!("/api/v1/articles/{article}/related?limit=10"))
        .await);
    assert_eq!(after.len(), 10, "{after:?}");
    assert!(!after.contains(&before[0]), "not shown before its time");
}
