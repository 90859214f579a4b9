//! The editorial API for articles: creating, editing, the workflow, slugs, concurrency, and
//! the answers to bad input.

use crate::helpers::{Answer, TestApp};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use newsroom::auth::Role;
use serde_json::{Value, json};

struct Desk {
    app: TestApp,
    key: String,
}

async fn desk() -> Desk {
    let app = TestApp::builder().build().await;
    app.category("World", "Мир", "mir");
    let key = app.key("desk", Role::Editor);
    Desk { app, key }
}

impl Desk {
    async fn post(&self, body: Value) -> Answer {
        self.app
            .send("POST", "/api/v1/articles", Some(&self.key), Some(&body))
            .await
    }

    async fn patch(&self, id: &str, body: Value) -> Answer {
        self.app
            .send(
                "PATCH",
                &format!("/api/v1/articles/{id}"),
                Some(&self.key),
                Some(&body),
            )
            .await
    }

    async fn preview(&self, path: &str) -> Answer {
        self.app
            .get_with(path, &[("Authorization", &format!("Bearer {}", self.key))])
            .await
    }

    async fn public_slugs(&self) -> Vec<String> {
        self.app.get("/api/v1/articles?limit=100").await.slugs()
    }
}

fn article(title: &str, status: &str) -> Value {
    json!({
        "category": "world",
        "original_locale": "en",
        "status": status,
        "translations": {"en": {"title": title, "body": format!("{title}. The story in full.")}}
    })
}

fn id_of(answer: &Answer) -> String {
    answer.body["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {}", answer.body))
        .to_owned()
}

#[actix_web::test]
async fn an_article_is_created_with_its_translations_in_one_request() {
    let desk = desk().await;

    let answer = desk
        .post(json!({
            "category": "mir",
            "original_locale": "en",
            "status": "published",
            "featured": true,
            "cover_image": {"url": "https://images.example.com/oil.jpg", "alt": "Pump jacks", "width": 1200, "height": 675},
            "source": {"name": "Zamin.uz", "url": "https://zamin.uz"},
            "translations": {
                "en": {"title": "Oil prices rose", "body": "Brent crude rose **sharply**."},
                "ru": {"title": "Цены на нефть выросли", "body": "Нефть марки Brent резко подорожала."},
                "uz": {"title": "Neft narxi oshdi", "excerpt": "Qisqacha.", "body": "Brent nefti keskin qimmatladi."}
            }
        }))
        .await;

    assert_eq!(answer.status, 201, "{}", answer.body);
    let id = id_of(&answer);
    assert_eq!(
        answer.header("location"),
        Some(format!("/api/v1/articles/{id}").as_str())
    );
    assert_eq!(answer.header("etag"), Some("\"v1\""));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.body["status"], "published");
    assert_eq!(answer.body["locale"], "en");
    assert_eq!(
        answer.body["body_html"],
        "<p>Brent crude rose <strong>sharply</strong>.</p>\n"
    );
    assert_eq!(answer.body["excerpt"], "Brent crude rose sharply.");
    assert_eq!(answer.body["category"]["slug"], "world");
    let translations = answer.body["translations"].as_array().unwrap();
    let slug = |locale: &str| translations.iter().find(|t| t["locale"] == locale).unwrap()["slug"].clone();
    assert_eq!(slug("en"), "oil-prices-rose");
    assert_eq!(slug("ru"), "ceny-na-neft-vyrosli");
    assert_eq!(slug("uz"), "neft-narxi-oshdi");

    let public = desk.app.get("/api/v1/articles/neft-narxi-oshdi?locale=uz").await;
    assert_eq!(public.status, 200);
    assert_eq!(public.body["excerpt"], "Qisqacha.");
    assert_eq!(public.body["featured"], true);
    assert_eq!(public.body["cover_image"]["width"], 1200);

    // The key that made it is recorded.
    let made_by: Option<String> = desk
        .app
        .db
        .read_blocking(move |connection| {
            use newsroom::db::schema::articles;
            Ok(newsroom::on_backend!(connection, |connection| articles::table
                .find(&id)
                .select(articles::created_by)
                .first(connection))?)
        })
        .unwrap();
    assert!(made_by.is_some());
}

#[actix_web::test]
async fn answers_in_the_locale_asked_for() {
    let desk = desk().await;
    let body = json!({
        "category": "world", "original_locale": "en", "status": "draft",
        "translations": {"en": {"title": "Hello", "body": "Hi."}, "ru": {"title": "Привет", "body": "Здравствуйте."}}
    });
    let answer = desk
        .app
        .send("POST", "/api/v1/articles?locale=ru", Some(&desk.key), Some(&body))
        .await;
    assert_eq!(answer.body["title"], "Привет");
    assert_eq!(answer.header("content-language"), Some("ru"));
    // A locale that isn't served refuses the write before anything is stored.
    let refused = desk
        .app
        .send("POST", "/api/v1/articles?locale=fr", Some(&desk.key), Some(&body))
        .await;
    refused.assert_problem(400);
    assert_eq!(
        desk.preview("/api/v1/articles?preview=true").await.body["page"]["total"],
        1
    );
}

#[actix_web::test]
async fn the_workflow_takes_an_article_from_draft_to_archived() {
    let desk = desk().await;
    let created = desk.post(article("Budget vote", "draft")).await;
    let id = id_of(&created);
    assert_eq!(created.body["status"], "draft");

    // A draft is invisible to the public, on every endpoint, and visible in preview.
    assert!(desk.public_slugs().await.is_empty());
    desk.app
        .get("/api/v1/articles/budget-vote")
        .await
        .assert_problem(404);
    desk.app
        .get(&format!("/api/v1/articles/{id}/translations"))
        .await
        .assert_problem(404);
    let preview = desk.preview("/api/v1/articles/budget-vote?preview=true").await;
    assert_eq!(preview.status, 200);
    assert_eq!(preview.body["status"], "draft");
    let drafts = desk.preview("/api/v1/articles?preview=true&status=draft").await;
    assert_eq!(drafts.slugs(), ["budget-vote"]);

    // Published now.
    let published = desk.patch(&id, json!({"status": "published"})).await;
    assert_eq!(published.status, 200, "{}", published.body);
    assert_eq!(published.body["status"], "published");
    let published_at = published.body["published_at"].as_str().unwrap().to_owned();
    assert_eq!(desk.public_slugs().await, ["budget-vote"]);

    // Unpublished, then published again: the article keeps its first publish time.
    desk.patch(&id, json!({"status": "draft"})).await;
    assert!(desk.public_slugs().await.is_empty());
    let again = desk.patch(&id, json!({"status": "published"})).await;
    assert_eq!(again.body["published_at"], published_at.as_str());

    // Archived: gone from the site, kept for editors.
    let archived = desk.patch(&id, json!({"status": "archived"})).await;
    assert_eq!(archived.body["status"], "archived");
    assert!(desk.public_slugs().await.is_empty());
    desk.app
        .get("/api/v1/articles/budget-vote")
        .await
        .assert_problem(404);
    assert_eq!(
        desk.preview("/api/v1/articles?preview=true&status=archived")
            .await
            .slugs(),
        ["budget-vote"]
    );
}

#[actix_web::test]
async fn a_scheduled_article_appears_at_its_time_with_no_job_to_run() {
    let desk = desk().await;
    let at = (Utc::now() + Duration::milliseconds(1500)).to_rfc3339();
    let mut body = article("Embargoed report", "scheduled");
    body["published_at"] = json!(at);

    let created = desk.post(body).await;

    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "scheduled");
    assert!(desk.public_slugs().await.is_empty());
    desk.app
        .get("/api/v1/articles/embargoed-report")
        .await
        .assert_problem(404);
    let scheduled = desk
        .preview("/api/v1/articles?preview=true&status=scheduled")
        .await;
    assert_eq!(scheduled.slugs(), ["embargoed-report"]);

    desk.app
        .eventually("the scheduled article is public at its time", || async {
            desk.public_slugs().await == ["embargoed-report"]
        })
        .await;
    let public = desk.app.get("/api/v1/articles/embargoed-report").await;
    assert_eq!(public.body["status"], "published");
}

#[actix_web::test]
async fn publish_times_that_contradict_the_status_are_refused() {
    let desk = desk().await;
    let future = (Utc::now() + Duration::days(1)).to_rfc3339();
    let past = (Utc::now() - Duration::days(1)).to_rfc3339();

    let mut published_in_future = article("A", "published");
    published_in_future["published_at"] = json!(future);
    let mut scheduled_in_past = article("B", "scheduled");
    scheduled_in_past["published_at"] = json!(past);
    let scheduled_without_time = article("C", "scheduled");

    for body in [published_in_future, scheduled_in_past, scheduled_without_time] {
        let answer = desk.post(body).await;
        let problem = answer.assert_problem(422);
        assert_eq!(problem["errors"][0]["field"], "published_at", "{problem}");
    }
    // A past time is a back-dated publication, and fine.
    let mut backdated = article("D", "published");
    backdated["published_at"] = json!(past);
    assert_eq!(desk.post(backdated).await.status, 201);
}

#[actix_web::test]
async fn slugs_are_derived_from_titles_in_every_script() {
    let desk = desk().await;
    let body = json!({
        "category": "world", "original_locale": "ru", "status": "published",
        "translations": {
            "ru": {"title": "Щедрый ёжик и объявление", "body": "Текст."},
            "uz": {"title": "O‘zbekistonda g‘alaba va ma’lumot", "body": "Matn."},
            "uz-Cyrl": {"title": "Ўзбекистонда ғалаба ва хабар", "body": "Матн."},
            "en": {"title": "Trump's \"deal\" — what's next?", "body": "Text."}
        }
    });

    let answer = desk.post(body).await;

    assert_eq!(answer.status, 201, "{}", answer.body);
    let translations = answer.body["translations"].as_array().unwrap();
    let slug = |locale: &str| translations.iter().find(|t| t["locale"] == locale).unwrap()["slug"].clone();
    assert_eq!(slug("ru"), "schedryj-ezhik-i-obyavlenie");
    assert_eq!(slug("uz"), "ozbekistonda-galaba-va-malumot");
    assert_eq!(slug("uz-Cyrl"), "ozbekistonda-galaba-va-xabar");
    assert_eq!(slug("en"), "trumps-deal-whats-next");
}

#[actix_web::test]
async fn a_derived_slug_gets_a_number_and_a_given_one_that_is_taken_is_a_conflict() {
    let desk = desk().await;
    desk.post(article("Gold prices", "published")).await;

    let second = desk.post(article("Gold prices", "published")).await;
    let third = desk.post(article("Gold prices", "published")).await;
    let mut clash = article("Something else", "published");
    clash["translations"]["en"]["slug"] = json!("gold-prices");
    let clashing = desk.post(clash).await;

    assert_eq!(second.body["slug"], "gold-prices-2");
    assert_eq!(third.body["slug"], "gold-prices-3");
    let problem = clashing.assert_problem(409);
    assert!(
        problem["detail"].as_str().unwrap().contains("gold-prices"),
        "{problem}"
    );
    assert_eq!(
        desk.public_slugs().await.len(),
        3,
        "the conflicting article was not stored"
    );
}

#[actix_web::test]
async fn a_changed_slug_keeps_answering_with_the_current_one_named() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Iran strike", "published")).await);

    let changed = desk
        .patch(
            &id,
            json!({"translations": {"en": {"slug": "iran-strike-disabled-us-radar"}}}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);

    let by_old = desk.app.get("/api/v1/articles/iran-strike").await;
    assert_eq!(by_old.status, 200);
    assert_eq!(by_old.body["id"], id.as_str());
    assert_eq!(by_old.body["slug"], "iran-strike-disabled-us-radar");
    assert_eq!(
        desk.app
            .get("/api/v1/articles/iran-strike-disabled-us-radar")
            .await
            .body["id"],
        id.as_str()
    );

    // Another article may take the old slug; then it is that one's.
    let other = desk
        .post(
            json!({"category": "world", "original_locale": "en", "status": "published",
            "translations": {"en": {"title": "Another", "slug": "iran-strike", "body": "Body."}}}),
        )
        .await;
    assert_eq!(other.status, 201, "{}", other.body);
    assert_eq!(
        desk.app.get("/api/v1/articles/iran-strike").await.body["id"],
        other.body["id"]
    );
}

#[actix_web::test]
async fn a_stale_if_match_is_refused_and_changes_nothing() {
    let desk = desk().await;
    let created = desk.post(article("Trump statement", "published")).await;
    let id = id_of(&created);
    let first = created.header("etag").unwrap().to_owned();
    let path = format!("/api/v1/articles/{id}");
    let auth = format!("Bearer {}", desk.key);
    let edit = |etag: &str, title: &str| {
        let body = json!({"translations": {"en": {"title": title}}})
            .to_string()
            .into_bytes();
        let headers = [
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
            ("If-Match", etag),
        ];
        let app = &desk.app;
        let path = path.clone();
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            app.send_raw("PATCH", &path, &headers, Some(body)).await
        }
    };

    let accepted = edit(&first, "Trump's statement").await;
    assert_eq!(accepted.status, 200);
    let second = accepted.header("etag").unwrap().to_owned();
    assert_ne!(second, first);

    let refused = edit(&first, "A lost update").await;
    refused.assert_problem(412);
    // A body the client must fix anyway is refused for that first, whatever its version.
    let blank = edit(&first, "   ").await;
    blank.assert_invalid_fields(&["translations.en.title"]);
    assert!(
        refused.body["detail"].as_str().unwrap().contains(&second),
        "names the current version"
    );
    assert_eq!(
        desk.app.get(&path).await.body["title"],
        "Trump's statement",
        "nothing changed"
    );

    // The ETag of a read works too: the version, then a digest of the representation.
    let read = desk.app.get(&path).await;
    let read_tag = read.header("etag").unwrap().to_owned();
    assert!(
        read_tag.starts_with(&format!("{}.", second.trim_end_matches('"'))),
        "{read_tag} names {second}"
    );
    assert_eq!(edit(&read_tag, "Trump's statements").await.status, 200);
    let delete_stale = desk
        .app
        .send_raw(
            "DELETE",
            &path,
            &[("Authorization", &auth), ("If-Match", &second)],
            None,
        )
        .await;
    delete_stale.assert_problem(412);
    assert_eq!(desk.app.get(&path).await.status, 200, "not deleted");
}

#[actix_web::test]
async fn a_changed_original_marks_the_translations_outdated_until_they_follow() {
    let desk = desk().await;
    let created = desk
        .post(json!({"category": "world", "original_locale": "en", "status": "published",
            "translations": {"en": {"title": "Tensions rise", "body": "Text."}, "ru": {"title": "Напряжённость растёт", "body": "Текст."}}}))
        .await;
    let id = id_of(&created);
    let outdated = |answer: &Answer, locale: &str| {
        answer.body["translations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["locale"] == locale)
            .unwrap()["outdated"]
            .clone()
    };
    assert_eq!(outdated(&created, "ru"), false);

    // A change to the original's featured flag is not a change to its text.
    let flagged = desk.patch(&id, json!({"featured": true})).await;
    assert_eq!(outdated(&flagged, "ru"), false);

    let edited = desk
        .patch(
            &id,
            json!({"translations": {"en": {"body": "Text, corrected and expanded."}}}),
        )
        .await;
    assert_eq!(outdated(&edited, "ru"), true);
    assert_eq!(outdated(&edited, "en"), false);

    let path = format!("/api/v1/articles/{id}/translations/ru");
    let retranslated = desk
        .app
        .send(
            "PUT",
            &path,
            Some(&desk.key),
            Some(&json!({"title": "Напряжённость растёт", "body": "Текст, исправленный."})),
        )
        .await;
    assert_eq!(retranslated.status, 200, "{}", retranslated.body);
    assert_eq!(retranslated.body["locale"], "ru");
    assert_eq!(outdated(&retranslated, "ru"), false);
}

#[actix_web::test]
async fn translations_are_added_replaced_and_deleted_but_not_the_original() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Khaybar missiles", "published")).await);
    let translation = |locale: &str| format!("/api/v1/articles/{id}/translations/{locale}");

    let added = desk
        .app
        .send(
            "PUT",
            &translation("uz"),
            Some(&desk.key),
            Some(&json!({"title": "Xaybar raketalari", "body": "Matn."})),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.body["slug"], "xaybar-raketalari");
    assert_eq!(
        desk.app
            .get("/api/v1/articles/xaybar-raketalari?locale=uz")
            .await
            .body["locale"],
        "uz"
    );

    let replaced = desk
        .app
        .send(
            "PUT",
            &translation("uz"),
            Some(&desk.key),
            Some(&json!({"title": "«Xaybar» raketalari", "body": "Yangi matn."})),
        )
        .await;
    assert_eq!(replaced.status, 200);
    assert_eq!(
        replaced.body["slug"], "xaybar-raketalari",
        "a replacement keeps its slug"
    );
    assert_eq!(replaced.body["excerpt"], "Yangi matn.");

    let original = desk
        .app
        .send("DELETE", &translation("en"), Some(&desk.key), None)
        .await;
    original.assert_problem(409);

    let deleted = desk
        .app
        .send("DELETE", &translation("uz"), Some(&desk.key), None)
        .await;
    assert_eq!(deleted.status, 204);
    let after = desk.app.get("/api/v1/articles/xaybar-raketalari?locale=uz").await;
    assert_eq!(
        after.status, 200,
        "the deleted translation's slug still finds the article"
    );
    assert_eq!(after.body["locale"], "en");
    assert_eq!(after.body["is_fallback"], true);
    desk.app
        .send("DELETE", &translation("uz"), Some(&desk.key), None)
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn deleting_an_article_takes_it_off_everywhere() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Short-lived", "published")).await);

    let deleted = desk
        .app
        .send("DELETE", &format!("/api/v1/articles/{id}"), Some(&desk.key), None)
        .await;

    assert_eq!(deleted.status, 204);
    desk.app
        .get(&format!("/api/v1/articles/{id}"))
        .await
        .assert_problem(404);
    desk.app
        .get("/api/v1/articles/short-lived")
        .await
        .assert_problem(404);
    desk.app
        .send("DELETE", &format!("/api/v1/articles/{id}"), Some(&desk.key), None)
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn a_bad_body_gets_every_problem_at_once_and_stores_nothing() {
    let desk = desk().await;
    let long_title = "x".repeat(301);

    let answer = desk
        .post(json!({
            "category": "sports",
            "original_locale": "fr",
            "status": "live",
            "published_at": "yesterday",
            "featured": "yes",
            "extra": 1,
            "cover_image": {"url": "javascript:alert(1)", "width": 0},
            "source": {"name": ""},
            "translations": {
                "en": {"title": long_title, "body": "Body.", "slug": "Not A Slug"},
                "ru": {"title": "", "body": "Текст.", "subtitle": "no such field"},
                "xx": {"title": "T", "body": "B"}
            }
        }))
        .await;

    answer.assert_invalid_fields(&[
        "status",
        "published_at",
        "featured",
        "extra",
        "cover_image.url",
        "cover_image.width",
        "source.name",
        "translations.en.title",
        "translations.en.slug",
        "translations.ru.title",
        "translations.ru.subtitle",
        // What the body refers to is checked even though its types are wrong.
        "category",
        "original_locale",
        "translations.xx",
    ]);
    assert_eq!(answer.body["type"], "/problems/validation");
    assert!(
        desk.preview("/api/v1/articles?preview=true")
            .await
            .slugs()
            .is_empty(),
        "nothing stored"
    );
}

#[actix_web::test]
async fn references_are_checked_with_the_rest() {
    let desk = desk().await;

    let answer = desk
        .post(json!({
            "category": "sports",
            "original_locale": "fr",
            "translations": {"en": {"title": "", "body": "B"}, "xx": {"title": "T", "body": "B"}}
        }))
        .await;

    answer.assert_invalid_fields(&[
        "category",
        "original_locale",
        "translations.xx",
        "translations.en.title",
    ]);
}

#[actix_web::test]
async fn a_translation_under_a_name_that_is_no_locale_tag_says_what_a_tag_is() {
    let desk = desk().await;
    let answer = desk
        .post(json!({
            "category": "world",
            "original_locale": "en",
            "translations": {"en": {"title": "T", "body": "B"}, "english!": {"title": "T", "body": "B"}}
        }))
        .await;
    answer.assert_invalid_fields(&["translations.english!"]);
    let said = answer.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|error| error["field"] == "translations.english!")
        .unwrap()["message"]
        .clone();
    assert!(
        said.as_str().unwrap().contains("locale tag, such as `ru`"),
        "{said}"
    );
}

#[actix_web::test]
async fn required_fields_are_named() {
    let desk = desk().await;
    let answer = desk.post(json!({"translations": {"en": {}}})).await;
    answer.assert_invalid_fields(&[
        "category",
        "original_locale",
        "translations.en.title",
        "translations.en.body",
    ]);
    let id = id_of(&desk.post(article("Existing", "draft")).await);
    let new_translation = desk
        .patch(
            &id,
            json!({"translations": {"ru": {"title": "Только заголовок"}}}),
        )
        .await;
    assert_eq!(
        new_translation.assert_problem(422)["errors"][0]["field"],
        "translations.ru.body"
    );
}

#[actix_web::test]
async fn wrong_media_type_malformed_json_and_oversized_bodies_are_refused() {
    let desk = desk().await;
    let auth = format!("Bearer {}", desk.key);
    let valid = article("Valid", "published").to_string().into_bytes();

    let as_text = desk
        .app
        .send_raw(
            "POST",
            "/api/v1/articles",
            &[("Authorization", &auth), ("Content-Type", "text/plain")],
            Some(valid.clone()),
        )
        .await;
    let without_type = desk
        .app
        .send_raw(
            "POST",
            "/api/v1/articles",
            &[("Authorization", &auth)],
            Some(valid),
        )
        .await;
    let malformed = desk
        .app
        .send_raw(
            "POST",
            "/api/v1/articles",
            &[("Authorization", &auth), ("Content-Type", "application/json")],
            Some(b"{\"category\": \"world\",".to_vec()),
        )
        .await;
    let mut huge = article("Huge", "published");
    huge["translations"]["en"]["body"] = json!("word ".repeat(250_000));
    let too_large = desk.post(huge).await;

    as_text.assert_problem(415);
    without_type.assert_problem(415);
    let problem = malformed.assert_problem(400);
    assert_eq!(problem["type"], "/problems/malformed-json");
    assert!(
        problem["detail"].as_str().unwrap().contains("line 1"),
        "says where: {problem}"
    );
    too_large.assert_problem(413);
    assert!(
        desk.preview("/api/v1/articles?preview=true")
            .await
            .slugs()
            .is_empty(),
        "nothing stored"
    );
}

#[actix_web::test]
async fn known_xss_vectors_do_not_survive_in_body_html() {
    let desk = desk().await;
    let vectors = [
        // Kept, less its handler; first, as some vectors below swallow what follows them.
        "<a href=\"https://zamin.uz\" onclick=\"alert(1)\">a fine link</a>",
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<svg/onload=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "[click](javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"color:red\">styled</p>",
        "<style>body{display:none}</style>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<<script>script>alert(1)<</script>/script>",
    ];
    let body = vectors.join("\n\n");
    let mut request = article("XSS", "published");
    request["translations"]["en"]["body"] = json!(body);

    let created = desk.post(request).await;

    assert_eq!(created.status, 201, "{}", created.body);
    let html = created.body["body_html"].as_str().unwrap().to_lowercase();
    // Tags and attributes: text that merely mentions them is escaped (`&lt;script`) and harmless.
    for forbidden in [
        "<script",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<style",
        "<meta",
        "<base",
        "<link",
        "<svg",
        "<math",
        " onerror=",
        " onload=",
        " onclick=",
        " ontoggle=",
        " style=",
    ] {
        assert!(!html.contains(forbidden), "`{forbidden}` survived in:\n{html}");
    }
    // URLs that run code, in any attribute.
    for scheme in ["javascript:", "vbscript:", "data:text"] {
        for quote in ["=\"", "='", "="] {
            let attribute = format!("{quote}{scheme}");
            assert!(!html.contains(&attribute), "`{attribute}` survived in:\n{html}");
        }
    }
    assert!(html.contains("a fine link"), "harmless content is kept");
    assert!(html.contains("href=\"https://zamin.uz\""), "safe links are kept");
}

#[actix_web::test]
async fn an_edit_records_the_key_that_made_it() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Gold", "draft")).await);
    let other = desk.app.key("second editor", Role::Editor);

    let answer = desk
        .app
        .send(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            Some(&other),
            Some(&json!({"featured": true})),
        )
        .await;
    assert_eq!(answer.status, 200);

    let (made, changed): (Option<String>, Option<String>) = desk
        .app
        .db
        .read_blocking(move |connection| {
            use newsroom::db::schema::articles;
            Ok(newsroom::on_backend!(connection, |connection| articles::table
                .find(&id)
                .select((articles::created_by, articles::updated_by))
                .first(connection))?)
        })
        .unwrap();
    assert!(made.is_some() && changed.is_some());
    assert_ne!(
        made, changed,
        "the second key is recorded as the last to change it"
    );
}

#[actix_web::test]
async fn blank_titles_and_control_characters_are_refused() {
    let desk = desk().await;
    let mut blank = article("x", "draft");
    blank["translations"]["en"]["title"] = json!("   ");
    let mut nul = article("x", "draft");
    nul["translations"]["en"]["title"] = json!("\u{0000}hidden");
    nul["source"] = json!({"name": "Zamin\u{001b}[31m"});

    desk.post(blank)
        .await
        .assert_invalid_fields(&["translations.en.title"]);
    desk.post(nul)
        .await
        .assert_invalid_fields(&["translations.en.title", "source.name"]);
    let mut host_less = article("x", "draft");
    host_less["cover_image"] = json!({"url": "https://"});
    desk.post(host_less)
        .await
        .assert_invalid_fields(&["cover_image.url"]);
}

#[actix_web::test]
async fn a_derived_slug_leaves_another_articles_old_link_alone() {
    let desk = desk().await;
    let first = id_of(&desk.post(article("Steal me", "published")).await);
    desk.patch(
        &first,
        json!({"translations": {"en": {"slug": "steal-me-renamed"}}}),
    )
    .await;

    let second = desk.post(article("Steal me", "published")).await;

    assert_eq!(second.body["slug"], "steal-me-2");
    assert_eq!(
        desk.app.get("/api/v1/articles/steal-me").await.body["id"],
        first.as_str()
    );
}

#[actix_web::test]
async fn a_translation_in_a_locale_not_served_is_not_found() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Anything", "draft")).await);
    let answer = desk
        .app
        .send(
            "PUT",
            &format!("/api/v1/articles/{id}/translations/fr"),
            Some(&desk.key),
            Some(&json!({"title": "T", "body": "B"})),
        )
        .await;
    answer.assert_problem(404);
}

#[actix_web::test]
async fn outdated_translations_stay_outdated_when_the_original_changes_hands_and_a_put_confirms() {
    let desk = desk().await;
    let id = id_of(
        &desk
            .post(
                json!({"category": "world", "original_locale": "en", "status": "published", "translations": {
                "en": {"title": "Original", "body": "Text."},
                "ru": {"title": "Оригинал", "body": "Текст."},
                "uz": {"title": "Asl", "body": "Matn."}}}),
            )
            .await,
    );
    desk.patch(
        &id,
        json!({"translations": {"en": {"body": "Text, changed."}, "uz": {"body": "Matn, yangilangan."}}}),
    )
    .await;
    let outdated = |answer: &Answer, locale: &str| {
        answer.body["translations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["locale"] == locale)
            .unwrap()["outdated"]
            .clone()
    };

    // Russian lagged behind English; Uzbek followed it. Russian stays behind Uzbek now.
    let switched = desk.patch(&id, json!({"original_locale": "uz"})).await;
    assert_eq!(switched.status, 200, "{}", switched.body);
    assert_eq!(outdated(&switched, "ru"), true);
    assert_eq!(outdated(&switched, "en"), false);
    assert_eq!(outdated(&switched, "uz"), false);

    // A translator confirms the Russian text as it is.
    let path = format!("/api/v1/articles/{id}/translations/ru");
    let confirmed = desk
        .app
        .send(
            "PUT",
            &path,
            Some(&desk.key),
            Some(&json!({"title": "Оригинал", "body": "Текст."})),
        )
        .await;
    assert_eq!(outdated(&confirmed, "ru"), false);
}

#[actix_web::test]
async fn a_replaced_translation_keeps_its_creation_time_and_every_write_is_audited() {
    let desk = desk().await;
    let id = id_of(&desk.post(article("Audited", "draft")).await);
    let created_at = |db: &newsroom::db::Database| -> chrono::NaiveDateTime {
        let id = id.clone();
        db.read_blocking(move |connection| {
            use newsroom::db::schema::article_translations::dsl::*;
            Ok(newsroom::on_backend!(connection, |connection| {
                article_translations
                    .filter(article_id.eq(&id))
                    .select(created_at)
                    .first(connection)
            })?)
        })
        .unwrap()
    };
    let before = created_at(&desk.app.db);
    let path = format!("/api/v1/articles/{id}/translations/en");
    desk.app
        .send(
            "PUT",
            &path,
            Some(&desk.key),
            Some(&json!({"title": "Audited again", "body": "New."})),
        )
        .await;
    assert_eq!(created_at(&desk.app.db), before);
    desk.app
        .send("DELETE", &format!("/api/v1/articles/{id}"), Some(&desk.key), None)
        .await;

    let log: Vec<(String, String)> = desk
        .app
        .db
        .read_blocking(|connection| {
            use newsroom::db::schema::audit_log::dsl::*;
            Ok(newsroom::on_backend!(connection, |connection| audit_log
                .order(id)
                .select((action, resource))
                .load(connection))?)
        })
        .unwrap();
    let log: Vec<(&str, &str)> = log.iter().map(|(a, r)| (a.as_str(), r.as_str())).collect();
    assert_eq!(
        log,
        [
            ("create", "article"),
            ("update", "translation"),
            ("delete", "article")
        ]
    );
}
