//! The interface's own words: catalogs by locale with fallbacks and transliteration, CLDR
//! plural forms, relative times, and the editorial writes of messages and their keys.

use newsroom::auth::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// The words the seed page shows around its content, in each demo locale.
#[actix_web::test]
async fn the_demo_ships_the_seed_pages_words_in_every_locale() {
    let app = &TestApp::builder().demo().build().await;
    let expected = [
        ("en", "Today", "Similar news", "Yesterday", "Source", "Cloudy"),
        (
            "ru",
            "Сегодня",
            "Похожие новости",
            "Вчера",
            "Источник",
            "Пасмурно",
        ),
        ("uz", "Bugun", "O‘xshash yangiliklar", "Kecha", "Manba", "Bulutli"),
        ("uz-Cyrl", "Бугун", "Ўхшаш янгиликлар", "Кеча", "Манба", "Булутли"),
    ];
    for (locale, today, similar, yesterday, source, cloudy) in expected {
        let answer = app.get(&format!("/api/v1/messages?locale={locale}")).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.header("content-language"), Some(locale));
        let messages = &answer.body["messages"];
        assert_eq!(messages["today"], today, "{locale}");
        assert_eq!(messages["similar_news"], similar, "{locale}");
        assert_eq!(messages["yesterday"], yesterday, "{locale}");
        assert_eq!(messages["source"], source, "{locale}");
        assert_eq!(messages["weather.cloudy"], cloudy, "{locale}");
        for key in [
            "views",
            "weather.wind",
            "weather.metres_per_second",
            "weather.wind_se",
        ] {
            assert!(messages[key].is_string(), "{locale} {key}");
        }
        assert_eq!(answer.body["fallbacks"], json!({}), "{locale}: all written");
        assert_eq!(answer.body["missing"], json!([]), "{locale}");
    }
    let russian = app.get("/api/v1/messages?locale=ru").await;
    assert_eq!(russian.body["messages"]["weather.wind_se"], "ЮВ");
    assert_eq!(
        russian.body["plural_categories"],
        json!(["one", "few", "many", "other"])
    );
    // Accept-Language picks the locale when `locale` is not given.
    let negotiated = app
        .get_with("/api/v1/messages", &[("Accept-Language", "uz-Cyrl-UZ, ru;q=0.5")])
        .await;
    assert_eq!(negotiated.body["messages"]["today"], "Бугун");
    assert!(negotiated.header("vary").unwrap().contains("Accept-Language"));
}

#[actix_web::test]
async fn a_catalog_is_revalidated_and_cached_like_every_read() {
    let app = &TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let first = app.get("/api/v1/messages?locale=ru").await;
    let etag = first.header("etag").unwrap().to_owned();
    let again = app
        .get_with("/api/v1/messages?locale=ru", &[("If-None-Match", &etag)])
        .await;
    assert_eq!(again.status, 304);
    assert!(first.header("cache-control").unwrap().starts_with("public"));

    let written = app
        .send(
            "PUT",
            "/api/v1/messages/ru/today",
            Some(&key),
            Some(&json!({"value": "Сегодня, 3 марта"})),
        )
        .await;
    assert_eq!(written.status, 200, "{}", written.body);
    let after = app
        .get_with("/api/v1/messages?locale=ru", &[("If-None-Match", &etag)])
        .await;
    assert_eq!(after.status, 200, "a write changes the catalog's version");
    assert_eq!(after.body["messages"]["today"], "Сегодня, 3 марта");
}

#[actix_web::test]
async fn plural_messages_take_the_form_cldr_gives_the_number() {
    let app = &TestApp::builder().demo().build().await;
    let format = |key: &str, n: u64, locale: &str| {
        let path = format!("/api/v1/messages/format?key={key}&n={n}&locale={locale}");
        async move { app.get(&path).await }
    };
    let cases = [
        ("ru", 1, "one", "1 час назад"),
        ("ru", 2, "few", "2 часа назад"),
        ("ru", 5, "many", "5 часов назад"),
        ("ru", 11, "many", "11 часов назад"),
        ("ru", 21, "one", "21 час назад"),
        ("ru", 22, "few", "22 часа назад"),
        ("en", 1, "one", "1 hour ago"),
        ("en", 5, "other", "5 hours ago"),
        ("uz", 5, "other", "5 soat oldin"),
        ("uz-Cyrl", 1, "one", "1 соат олдин"),
    ];
    for (locale, n, category, text) in cases {
        let answer = format("hours_ago", n, locale).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.body["category"], category, "{locale} {n}");
        assert_eq!(answer.body["text"], text, "{locale} {n}");
        assert_eq!(answer.body["locale"], locale);
    }
    let views = format("views_count", 3, "ru").await;
    assert_eq!(views.body["text"], "3 просмотра");

    // A message without forms is its text; a plural one needs its number.
    let plain = app.get("/api/v1/messages/format?key=today&locale=ru").await;
    assert_eq!(plain.body["text"], "Сегодня");
    assert_eq!(plain.body["category"], Value::Null);
    let detail = app
        .get("/api/v1/messages/format?key=hours_ago&locale=ru")
        .await
        .assert_problem(400)["detail"]
        .clone();
    assert!(detail.as_str().unwrap().contains("`n`"), "{detail}");
    for query in [
        "key=hours_ago&n=-1",
        "key=hours_ago&n=1.5",
        "key=hours_ago&n=lots",
        "n=5",
        "key=Hours",
    ] {
        app.get(&format!("/api/v1/messages/format?{query}"))
            .await
            .assert_problem(400);
    }
    app.get("/api/v1/messages/format?key=no_such_key&n=1")
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn relative_times_are_written_in_every_locale() {
    let app = &TestApp::builder().demo().build().await;
    let now = "2026-03-03T09:00:00Z";
    let describe = |at: &str, locale: &str, offset: &str| {
        let path = format!("/api/v1/messages/relative-time?at={at}&now={now}&locale={locale}{offset}");
        async move {
            let answer = app.get(&path).await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.body);
            answer.body["text"].as_str().unwrap().to_owned()
        }
    };
    let cases = [
        (
            "2026-03-03T08:59:40Z",
            ["Just now", "Только что", "Hozirgina", "Ҳозиргина"],
        ),
        (
            "2026-03-03T08:38:00Z",
            [
                "22 minutes ago",
                "22 минуты назад",
                "22 daqiqa oldin",
                "22 дақиқа олдин",
            ],
        ),
        (
            "2026-03-03T04:00:00Z",
            ["5 hours ago", "5 часов назад", "5 soat oldin", "5 соат олдин"],
        ),
        ("2026-03-02T23:45:00Z", ["Yesterday", "Вчера", "Kecha", "Кеча"]),
        (
            "2026-02-24T10:00:00Z",
            ["7 days ago", "7 дней назад", "7 kun oldin", "7 кун олдин"],
        ),
        (
            "2025-12-01T10:00:00Z",
            ["3 months ago", "3 месяца назад", "3 oy oldin", "3 ой олдин"],
        ),
        (
            "2025-01-01T10:00:00Z",
            ["1 year ago", "1 год назад", "1 yil oldin", "1 йил олдин"],
        ),
    ];
    for (at, texts) in cases {
        for (locale, text) in ["en", "ru", "uz", "uz-Cyrl"].into_iter().zip(texts) {
            assert_eq!(describe(at, locale, "").await, text, "{at} {locale}");
        }
    }
    // Calendar days are the offset's: 23:45 UTC is 04:45 in Tashkent, the same day as 09:00.
    assert_eq!(
        describe("2026-03-02T23:45:00Z", "ru", "&utc_offset=%2B05:00").await,
        "9 часов назад"
    );
    // Without `now`, it is now; the answer says from when.
    let live = app
        .get("/api/v1/messages/relative-time?at=2020-01-01T00:00:00Z&locale=en")
        .await;
    assert_eq!(live.body["key"], "years_ago");
    assert!(live.body["now"].as_str().unwrap() > "2026");
    for query in [
        "",
        "at=yesterday",
        "at=2026-03-03T09:00:00Z&utc_offset=Asia/Tashkent",
        "at=2026-03-03T09:00:00Z&now=soon",
    ] {
        app.get(&format!("/api/v1/messages/relative-time?{query}"))
            .await
            .assert_problem(400);
    }
}

#[actix_web::test]
async fn a_missing_message_is_served_from_the_fallback_chain_and_the_other_script() {
    let app = &TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let delete = |path: &'static str| {
        let key = key.clone();
        async move {
            let answer = app.send("DELETE", path, Some(&key), None).await;
            assert_eq!(answer.status, 204, "{path}: {}", answer.body);
        }
    };

    // No uz-Cyrl text: the Latin one, transliterated.
    delete("/api/v1/messages/uz-Cyrl/similar_news").await;
    delete("/api/v1/messages/uz-Cyrl/hours_ago").await;
    let catalog = app.get("/api/v1/messages?locale=uz-Cyrl").await.body;
    assert_eq!(catalog["messages"]["similar_news"], "Ўхшаш янгиликлар");
    assert_eq!(
        catalog["fallbacks"]["similar_news"],
        json!({"locale": "uz-Cyrl", "transliterated_from": "uz"})
    );
    assert_eq!(
        catalog["messages"]["hours_ago"]["other"], "{n} соат олдин",
        "the placeholder stays as it is"
    );
    assert!(catalog["fallbacks"].get("today").is_none(), "written: not listed");
    let one = app.get("/api/v1/messages/uz-Cyrl/similar_news").await;
    assert_eq!(one.status, 200, "{}", one.body);
    assert_eq!(one.body["is_fallback"], true);
    assert_eq!(one.body["transliterated_from"], "uz");
    assert_eq!(one.body["value"], "Ўхшаш янгиликлар");
    let formatted = app
        .get("/api/v1/messages/format?key=hours_ago&n=3&locale=uz-Cyrl")
        .await;
    assert_eq!(formatted.body["text"], "3 соат олдин");
    assert_eq!(formatted.body["transliterated_from"], "uz");

    // Neither script: Russian, the next on uz-Cyrl's chain, with Russian plural forms.
    delete("/api/v1/messages/uz/similar_news").await;
    delete("/api/v1/messages/uz/hours_ago").await;
    let catalog = app.get("/api/v1/messages?locale=uz-Cyrl").await.body;
    assert_eq!(catalog["messages"]["similar_news"], "Похожие новости");
    assert_eq!(
        catalog["fallbacks"]["similar_news"],
        json!({"locale": "ru", "transliterated_from": null})
    );
    let formatted = app
        .get("/api/v1/messages/format?key=hours_ago&n=5&locale=uz-Cyrl")
        .await;
    assert_eq!(formatted.body["text"], "5 часов назад");
    assert_eq!(
        formatted.body["category"], "many",
        "by the rules of the text's language"
    );
    assert_eq!(formatted.body["is_fallback"], true);

    // No text anywhere on the chain: listed as missing.
    for locale in ["ru", "en"] {
        let answer = app
            .send(
                "DELETE",
                &format!("/api/v1/messages/{locale}/similar_news"),
                Some(&key),
                None,
            )
            .await;
        assert_eq!(answer.status, 204);
    }
    let catalog = app.get("/api/v1/messages?locale=uz-Cyrl").await.body;
    assert!(catalog["messages"].get("similar_news").is_none());
    assert_eq!(catalog["missing"], json!(["similar_news"]));
    app.get("/api/v1/messages/uz-Cyrl/similar_news")
        .await
        .assert_problem(404);
    app.send("DELETE", "/api/v1/messages/ru/similar_news", Some(&key), None)
        .await
        .assert_problem(404);
}

#[actix_web::test]
async fn editors_write_messages_in_the_shape_their_key_and_locale_take() {
    let app = &TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let put = |path: &str, body: Value| {
        let path = path.to_owned();
        let key = key.clone();
        async move { app.send("PUT", &path, Some(&key), Some(&body)).await }
    };

    let forms = json!({"one": "{n} час тому", "few": "{n} часа тому", "many": "{n} часов тому", "other": "{n} часа тому"});
    let changed = put("/api/v1/messages/ru/hours_ago", json!({"value": forms})).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["value"], forms);
    assert!(changed.header("etag").is_some());
    assert_eq!(
        app.get("/api/v1/messages/format?key=hours_ago&n=5&locale=ru")
            .await
            .body["text"],
        "5 часов тому"
    );

    // A message in a locale that had none is created.
    app.send("DELETE", "/api/v1/messages/en/today", Some(&key), None)
        .await;
    let created = put("/api/v1/messages/en/today", json!({"value": "Today's news"})).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("location"), Some("/api/v1/messages/en/today"));
    // The locale's code is read in any case.
    let cyrillic = put("/api/v1/messages/UZ-cyrl/today", json!({"value": "Бугун!"})).await;
    assert_eq!(cyrillic.status, 200, "{}", cyrillic.body);
    assert_eq!(cyrillic.body["locale"], "uz-Cyrl");

    // Forms: exactly those the locale's rules use.
    put(
        "/api/v1/messages/ru/hours_ago",
        json!({"value": {"one": "{n} час", "other": "{n} часа"}}),
    )
    .await
    .assert_invalid_fields(&["value.few", "value.many"]);
    put(
        "/api/v1/messages/en/hours_ago",
        json!({"value": {"one": "{n} hour", "few": "{n} hours", "other": "{n} hours"}}),
    )
    .await
    .assert_invalid_fields(&["value.few"]);
    put("/api/v1/messages/en/hours_ago", json!({"value": "hours ago"}))
        .await
        .assert_invalid_fields(&["value"]);
    put(
        "/api/v1/messages/en/today",
        json!({"value": {"one": "a", "other": "b"}}),
    )
    .await
    .assert_invalid_fields(&["value"]);
    for wrong in [
        json!({"value": " "}),
        json!({"value": 5}),
        json!({}),
        json!({"value": "x", "extra": 1}),
        json!({"value": {"other": "x", "lots": "y"}}),
    ] {
        let answer = put("/api/v1/messages/en/today", wrong.clone()).await;
        assert_eq!(answer.status, 422, "{wrong}: {}", answer.body);
    }
    put("/api/v1/messages/fr/today", json!({"value": "Aujourd'hui"}))
        .await
        .assert_problem(404);
    put("/api/v1/messages/en/no_such_key", json!({"value": "x"}))
        .await
        .assert_problem(404);
    put("/api/v1/messages/en/Not-A-Key", json!({"value": "x"}))
        .await
        .assert_problem(400);
    assert_eq!(
        app.get("/api/v1/messages?locale=en").await.body["messages"]["today"],
        "Today's news",
        "nothing refused was written"
    );
    let stored: i64 = app
        .db
        .read_blocking(|connection| {
            use diesel::prelude::*;
            Ok(newsroom::on_backend!(connection, |connection| diesel::sql_query(
                "SELECT count(*) AS n FROM audit_log WHERE resource = 'message'"
            )
            .get_result::<Count>(connection))?
            .n)
        })
        .unwrap();
    assert_eq!(stored, 4, "each write is in the audit log");
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[actix_web::test]
async fn a_locales_patch_is_written_whole_or_not_at_all() {
    let app = &TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let before = app.get("/api/v1/messages?locale=ru").await.body;

    let refused = app
        .send(
            "PATCH",
            "/api/v1/messages/ru",
            Some(&key),
            Some(&json!({
                "today": "Сегодня!",
                "no_such_key": "x",
                "hours_ago": {"one": "{n} час", "other": "{n} часа"},
                "Bad Key": "y",
            })),
        )
        .await;
    let named = refused.assert_invalid_fields(&["Bad Key"]);
    let said = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|error| error["field"] == "Bad Key")
        .unwrap()["message"]
        .clone();
    assert!(
        said.as_str()
            .unwrap()
            .contains("its name must be lowercase letters a-z"),
        "{said}"
    );
    assert_eq!(
        app.get("/api/v1/messages?locale=ru").await.body,
        before,
        "nothing written"
    );
    let refused = app
        .send(
            "PATCH",
            "/api/v1/messages/ru",
            Some(&key),
            Some(&json!({"today": "Сегодня!", "no_such_key": "x", "hours_ago": {"one": "{n} час", "other": "{n} часа"}})),
        )
        .await;
    let named = [
        named,
        refused.assert_invalid_fields(&["no_such_key", "hours_ago.few", "hours_ago.many"]),
    ];
    assert!(!named[1].contains(&"today".to_owned()), "{named:?}");
    assert_eq!(
        app.get("/api/v1/messages?locale=ru").await.body,
        before,
        "nothing written"
    );

    let patched = app
        .send(
            "PATCH",
            "/api/v1/messages/ru",
            Some(&key),
            Some(&json!({"today": "Сегодня!", "source": null, "read_more": "Подробнее"})),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.header("content-language"), Some("ru"));
    assert_eq!(patched.body["messages"]["today"], "Сегодня!");
    assert_eq!(patched.body["messages"]["read_more"], "Подробнее");
    assert_eq!(patched.body["messages"]["source"], "Source", "from English now");
    assert_eq!(patched.body["fallbacks"]["source"]["locale"], "en");
    assert_eq!(app.get("/api/v1/messages?locale=ru").await.body, patched.body);
    assert_eq!(
        app.get("/api/v1/messages?locale=en").await.body["messages"]["today"],
        "Today",
        "other locales untouched"
    );
    app.send(
        "PATCH",
        "/api/v1/messages/fr",
        Some(&key),
        Some(&json!({"today": "x"})),
    )
    .await
    .assert_problem(404);
    // `format` is a resource of its own, not a locale: it takes GET only.
    let wrong_method = app
        .send(
            "PATCH",
            "/api/v1/messages/format",
            Some(&key),
            Some(&json!({"today": "x"})),
        )
        .await;
    wrong_method.assert_problem(405);
    assert_eq!(wrong_method.header("allow"), Some("GET, HEAD"));
}

#[actix_web::test]
async fn admins_add_keys_and_built_in_ones_stay() {
    let app = &TestApp::builder().demo().build().await;
    let admin = app.key("chief", Role::Admin);
    let editor = app.key("desk", Role::Editor);

    let body = json!({"description": "The heading of the most read list", "plural": false});
    app.send(
        "PUT",
        "/api/v1/message-keys/most_read",
        Some(&editor),
        Some(&body),
    )
    .await
    .assert_problem(403);
    let added = app
        .send("PUT", "/api/v1/message-keys/most_read", Some(&admin), Some(&body))
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.header("location"), Some("/api/v1/message-keys/most_read"));
    assert_eq!(added.body["locales"], json!([]));
    assert_eq!(added.body["built_in"], false);

    // A new key is missing everywhere until editors write it.
    let catalog = app.get("/api/v1/messages?locale=uz").await.body;
    assert_eq!(catalog["missing"], json!(["most_read"]));
    let written = app
        .send(
            "PUT",
            "/api/v1/messages/uz/most_read",
            Some(&editor),
            Some(&json!({"value": "Ko‘p o‘qilganlar"})),
        )
        .await;
    assert_eq!(written.status, 201, "{}", written.body);
    let cyrillic = app.get("/api/v1/messages?locale=uz-Cyrl").await.body;
    assert_eq!(cyrillic["messages"]["most_read"], "Кўп ўқилганлар");

    let listed = app.get("/api/v1/message-keys").await.body;
    let entry = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["key"] == "most_read")
        .unwrap()
        .clone();
    assert_eq!(entry["locales"], json!(["uz"]));
    let hours = app.get("/api/v1/message-keys/hours_ago").await.body;
    assert_eq!(hours["built_in"], true);
    assert_eq!(hours["plural"], true);
    assert_eq!(hours["locales"], json!(["en", "ru", "uz", "uz-Cyrl"]));

    // `plural` changes only while the key has no message, never for a built-in key.
    let plural = json!({"description": "x", "plural": true});
    app.send(
        "PUT",
        "/api/v1/message-keys/most_read",
        Some(&admin),
        Some(&plural),
    )
    .await
    .assert_problem(409);
    app.send(
        "PUT",
        "/api/v1/message-keys/hours_ago",
        Some(&admin),
        Some(&json!({"plural": false})),
    )
    .await
    .assert_problem(409);
    app.send("DELETE", "/api/v1/message-keys/hours_ago", Some(&admin), None)
        .await
        .assert_problem(409);
    let described = app
        .send(
            "PUT",
            "/api/v1/message-keys/hours_ago",
            Some(&admin),
            Some(&json!({"description": "Hours ago", "plural": true})),
        )
        .await;
    assert_eq!(described.status, 200, "{}", described.body);
    assert_eq!(described.body["description"], "Hours ago");

    // Removing a key removes its messages.
    let removed = app
        .send("DELETE", "/api/v1/message-keys/most_read", Some(&admin), None)
        .await;
    assert_eq!(removed.status, 204);
    assert!(
        app.get("/api/v1/messages?locale=uz").await.body["messages"]
            .get("most_read")
            .is_none()
    );
    app.get("/api/v1/message-keys/most_read")
        .await
        .assert_problem(404);
    // Added again, it starts with no message in any locale, and may now be plural.
    let again = app
        .send(
            "PUT",
            "/api/v1/message-keys/most_read",
            Some(&admin),
            Some(&plural),
        )
        .await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.body["locales"], json!([]), "its messages went with it");
    assert_eq!(again.body["plural"], true);
    app.send("PUT", "/api/v1/message-keys/Most-Read", Some(&admin), Some(&body))
        .await
        .assert_problem(400);
    app.send(
        "PUT",
        "/api/v1/message-keys/x",
        Some(&admin),
        Some(&json!({"description": "x"})),
    )
    .await
    .assert_invalid_fields(&["plural"]);
}
