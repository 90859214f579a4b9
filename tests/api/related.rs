//! Related articles: computed from the text across categories, pinned items first, kept up to
//! date on publish and edit, each with the reason it is there, and good enough to trust
//! (R-precision on a fixture of topics and on fixtures of news stories).

use std::collections::HashMap;

use crate::helpers::TestApp;
use chrono::{Duration, Utc};
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
        .map(|name| {
            app.category(
                name,
                &format!("{name} ru"),
                &crate::helpers::slug(&format!("{name} ru")),
            )
        })
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
    let app = TestApp::builder().build().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();

    let precision = precision_at_5(&app, &topic_of).await;

    println!(
        "topics: R-precision (precision@5) over {} articles in {} topics after a rebuild {precision:.3}",
        topic_of.len(),
        TOPICS.len()
    );
    assert!(precision >= 0.85, "precision@5 is {precision:.3}");
}

#[actix_web::test]
async fn lists_kept_up_to_date_by_writes_are_as_good_as_a_rebuild() {
    let app = TestApp::builder().build().await;
    for name in CATEGORIES {
        app.category(
            name,
            &format!("{name} ru"),
            &crate::helpers::slug(&format!("{name} ru")),
        );
    }
    let key = app.key("desk", Role::Editor);
    let mut topic_of = HashMap::new();
    for t in 0..TOPICS.len() {
        for n in 0..PER_TOPIC {
            let (title, body) = fixture_text(t, n);
            let category = crate::helpers::slug(CATEGORIES[(t + n) % CATEGORIES.len()]);
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

    println!("topics: R-precision (precision@5) with lists kept by writes {precision:.3}");
    assert!(precision >= 0.85, "precision@5 is {precision:.3}");
}

/// A fixture of news stories: articles written as wire copy, several to a story, some stories
/// filed under two categories and some categories holding two stories.
#[derive(serde::Deserialize)]
struct Stories {
    categories: Vec<String>,
    articles: Vec<StoryArticle>,
}

#[derive(serde::Deserialize)]
struct StoryArticle {
    story: String,
    category: String,
    hours_ago: i64,
    title: String,
    body: String,
}

fn stories(name: &str) -> Stories {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/related")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Stores the stories through the factories; returns each article's id and story.
fn seed_stories(app: &TestApp, stories: &Stories) -> HashMap<String, String> {
    let categories: HashMap<&str, Id> = stories
        .categories
        .iter()
        .map(|name| {
            let id = app.category(
                name,
                &format!("{name} ru"),
                &crate::helpers::slug(&format!("{name} ru")),
            );
            (name.as_str(), id)
        })
        .collect();
    stories
        .articles
        .iter()
        .map(|article| {
            let id = app
                .article(categories[article.category.as_str()], &article.title)
                .body(&article.body)
                .published_at(Utc::now() - Duration::hours(article.hours_ago))
                .create();
            (id.to_string(), article.story.clone())
        })
        .collect()
}

/// Publishes the stories one by one through the API, oldest first, so that every list is kept
/// by writes alone; returns each article's id and story.
async fn publish_stories(app: &TestApp, stories: &Stories) -> HashMap<String, String> {
    for name in &stories.categories {
        app.category(
            name,
            &format!("{name} ru"),
            &crate::helpers::slug(&format!("{name} ru")),
        );
    }
    let key = app.key("desk", Role::Editor);
    let mut order: Vec<&StoryArticle> = stories.articles.iter().collect();
    order.sort_by_key(|article| std::cmp::Reverse(article.hours_ago));
    let mut story_of = HashMap::new();
    for article in order {
        let published_at = (Utc::now() - Duration::hours(article.hours_ago)).to_rfc3339();
        let created = app
            .send(
                "POST",
                "/api/v1/articles",
                Some(&key),
                Some(
                    &json!({"category": crate::helpers::slug(&article.category), "original_locale": "en",
                    "status": "published", "published_at": published_at,
                    "translations": {"en": {"title": article.title, "body": article.body}}}),
                ),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        story_of.insert(
            created.body["id"].as_str().unwrap().to_owned(),
            article.story.clone(),
        );
    }
    story_of
}

/// The mean R-precision of the related lists: for each article, the share of its R
/// same-story articles among the first R of its list.
async fn r_precision(app: &TestApp, story_of: &HashMap<String, String>) -> f64 {
    let mut total = 0.0;
    for (id, story) in story_of {
        let r = story_of.values().filter(|other| *other == story).count() - 1;
        let answer = app.get(&format!("/api/v1/articles/{id}/related?limit={r}")).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let same = answer.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|item| story_of.get(item["id"].as_str().unwrap()) == Some(story))
            .count();
        total += same as f64 / r as f64;
    }
    total / story_of.len() as f64
}

/// The story fixtures, with the R-precision each must reach. `tuning` tuned the scoring;
/// `held-out` was kept apart from that, and only measured; `validation` holds, besides, two
/// pairs of stories of one topic each (two road crashes, two price rises), which share their
/// vocabulary and keep only their names apart: a harder test than a reader's, held to less.
const STORY_FIXTURES: [(&str, f64); 3] = [
    ("stories-tuning.json", 0.85),
    ("stories-held-out.json", 0.85),
    ("stories-validation.json", 0.75),
];

#[actix_web::test]
async fn related_articles_tell_stories_apart_after_a_rebuild() {
    for (fixture, at_least) in STORY_FIXTURES {
        let app = TestApp::builder().build().await;
        let story_of = seed_stories(&app, &stories(fixture));
        newsroom::related::bulk::rebuild(&app.db).unwrap();
        let precision = r_precision(&app, &story_of).await;
        println!("{fixture}: R-precision after a rebuild {precision:.3}");
        assert!(precision >= at_least, "{fixture}: R-precision is {precision:.3}");
    }
}

#[actix_web::test]
async fn each_item_says_why_it_is_there() {
    let app = TestApp::builder().build().await;
    let fixture = stories("stories-tuning.json");
    let story_of = seed_stories(&app, &fixture);
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    let (id, story) = story_of
        .iter()
        .find(|(_, story)| *story == "almalyk-copper")
        .unwrap();
    let answer = app.get(&format!("/api/v1/articles/{id}/related?limit=4")).await;
    let items = answer.body["data"].as_array().unwrap();
    let own_category = app.get(&format!("/api/v1/articles/{id}")).await.body["category"]["id"].clone();
    let mut vouched = 0;
    for item in items {
        let reason = &item["reason"];
        assert_eq!(reason["pinned"], false);
        assert_eq!(
            reason["same_category"],
            item["category"]["id"] == own_category,
            "{item}"
        );
        let terms: Vec<&str> = reason["shared_terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|term| term.as_str().unwrap())
            .collect();
        assert!(terms.len() <= 5, "{terms:?}");
        if story_of[item["id"].as_str().unwrap()] == *story && terms.len() > 1 {
            assert!(
                terms
                    .iter()
                    .any(|term| ["almalyk", "copper", "oqtepa", "olmaliq", "concentrator"].contains(term)),
                "the words that name the story come first: {terms:?}"
            );
        }
        vouched += reason["listed_by_neighbours"].as_u64().unwrap();
    }
    assert!(vouched > 0, "the closest articles list each other: {items:?}");
}

#[actix_web::test]
async fn related_articles_tell_stories_apart_with_lists_kept_by_writes() {
    for (fixture, at_least) in STORY_FIXTURES {
        let app = TestApp::builder().build().await;
        let story_of = publish_stories(&app, &stories(fixture)).await;
        let precision = r_precision(&app, &story_of).await;
        println!("{fixture}: R-precision with lists kept by writes {precision:.3}");
        assert!(precision >= at_least, "{fixture}: R-precision is {precision:.3}");
    }
}

#[actix_web::test]
async fn an_edit_moves_an_article_between_its_neighbours_lists() {
    let app = TestApp::builder().build().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    let key = app.key("desk", Role::Editor);
    let in_list = |list: &crate::helpers::Answer, id: &str| {
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
            Ok(newsroom::on_backend!(connection, |connection| {
                let words = related_words::table
                    .order((related_words::locale, related_words::term))
                    .load(connection)?;
                let corpus = related_corpus::table
                    .order(related_corpus::locale)
                    .load(connection)?;
                QueryResult::Ok((words, corpus))
            })?)
        })
        .unwrap()
}

#[actix_web::test]
async fn pinned_items_come_first_in_order_once_and_only_when_public() {
    let app = TestApp::builder().demo().build().await;
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
    for item in answer.body["data"].as_array().unwrap() {
        assert_eq!(item["reason"]["pinned"], item["pinned"], "{item}");
    }
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
    let app = TestApp::builder().build().await;
    let topic_of = seed_fixture(&app);
    newsroom::related::bulk::rebuild(&app.db).unwrap();
    let key = app.key("desk", Role::Editor);
    let article = topic_of.keys().next().unwrap().clone();
    let ids = |answer: &crate::helpers::Answer| -> Vec<String> {
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
