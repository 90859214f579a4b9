//! Uzbek served in the script asked for: text written in one script is read in the other by
//! transliteration (`transliterate_from` of a locale), and search finds words across them.

use newsroom::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{Answer, TestApp};

const GOLD: &str = "gold-prices-increased-in-uzbekistan-high-demand-in-banks";

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Posts an article in `world` written in `translations` only (besides English).
async fn post_article(app: &TestApp, key: &str, translations: Value) -> Answer {
    let answer = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(key),
            Some(&json!({
                "category": "world", "original_locale": "en", "status": "published",
                "translations": translations
            })),
        )
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer
}

fn has_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, 'а'..='я' | 'ў' | 'қ' | 'ғ' | 'ҳ'))
}

fn has_latin(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_lowercase())
}

#[actix_web::test]
async fn a_latin_article_reads_in_cyrillic_and_says_so() {
    let app = TestApp::builder().demo().build().await;

    let latin = app.get(&format!("/api/v1/articles/{GOLD}?locale=uz")).await;
    let cyrillic = app.get(&format!("/api/v1/articles/{GOLD}?locale=uz-Cyrl")).await;
    let accepted = app
        .get_with(
            &format!("/api/v1/articles/{GOLD}"),
            &[("accept-language", "uz-Cyrl-UZ")],
        )
        .await;

    assert_eq!(latin.body["transliterated_from"], Value::Null);
    assert_eq!(latin.body["is_fallback"], false);
    assert_eq!(cyrillic.status, 200);
    assert_eq!(cyrillic.header("content-language"), Some("uz-Cyrl"));
    assert_eq!(cyrillic.body["locale"], "uz-Cyrl");
    assert_eq!(cyrillic.body["is_fallback"], true);
    assert_eq!(cyrillic.body["transliterated_from"], "uz");
    assert_eq!(
        cyrillic.body["title"],
        "Ўзбекистонда олтин нархи ошди: банкларда талаб юқори"
    );
    for field in ["excerpt", "body", "body_html"] {
        let text = cyrillic.body[field].as_str().unwrap();
        assert!(has_cyrillic(text) && text.contains("олтин"), "{field}: {text}");
    }
    assert_eq!(
        cyrillic.body["body_html"]
            .as_str()
            .unwrap()
            .matches("<p>")
            .count(),
        latin.body["body_html"].as_str().unwrap().matches("<p>").count(),
        "the markup is kept"
    );
    assert_eq!(cyrillic.body["slug"], latin.body["slug"], "the Latin slug");
    assert_eq!(cyrillic.body["category"]["name"], "Иқтисодиёт");
    assert_ne!(cyrillic.header("etag"), latin.header("etag"));
    assert_eq!(accepted.body["title"], cyrillic.body["title"]);
    assert_eq!(accepted.header("content-language"), Some("uz-Cyrl"));

    let translations = app.get(&format!("/api/v1/articles/{GOLD}/translations")).await;
    let listed: Vec<(&str, &Value)> = translations.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["locale"].as_str().unwrap(), &t["transliterated_from"]))
        .collect();
    assert_eq!(
        listed,
        [
            ("en", &Value::Null),
            ("ru", &Value::Null),
            ("uz", &Value::Null),
            ("uz-Cyrl", &json!("uz"))
        ]
    );
}

#[actix_web::test]
async fn a_cyrillic_article_reads_in_latin_and_a_written_translation_wins() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let created = post_article(
        &app,
        &key,
        json!({
            "en": {"title": "Wheat harvest begins", "body": "The harvest began."},
            "uz-Cyrl": {"title": "Ғалла ўрими бошланди", "body": "Фермерлар ғалла ўримини бошлади. Бу ҳақда **Zamin.uz** хабар берди."}
        }),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();

    let latin = app.get(&format!("/api/v1/articles/{id}?locale=uz")).await;
    assert_eq!(latin.header("content-language"), Some("uz"));
    assert_eq!(latin.body["locale"], "uz");
    assert_eq!(latin.body["transliterated_from"], "uz-Cyrl");
    assert_eq!(latin.body["title"], "G‘alla o‘rimi boshlandi");
    assert_eq!(
        latin.body["body"],
        "Fermerlar g‘alla o‘rimini boshladi. Bu haqda **Zamin.uz** xabar berdi."
    );
    assert!(
        latin.body["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>Zamin.uz</strong>")
    );
    assert_eq!(latin.body["slug"], "galla-orimi-boshlandi", "{}", latin.body);

    // Its own Latin text, once written, is served instead.
    let written = app
        .send(
            "PUT",
            &format!("/api/v1/articles/{id}/translations/uz"),
            Some(&key),
            Some(&json!({"title": "Bug‘doy o‘rimi boshlandi", "body": "Fermerlar o‘rimni boshladi."})),
        )
        .await;
    assert!(written.status < 300, "{}", written.body);
    let latin = app.get(&format!("/api/v1/articles/{id}?locale=uz")).await;
    assert_eq!(latin.body["title"], "Bug‘doy o‘rimi boshlandi");
    assert_eq!(latin.body["is_fallback"], false);
    assert_eq!(latin.body["transliterated_from"], Value::Null);
    let cyrillic = app.get(&format!("/api/v1/articles/{id}?locale=uz-Cyrl")).await;
    assert_eq!(cyrillic.body["title"], "Ғалла ўрими бошланди");
    assert_eq!(cyrillic.body["transliterated_from"], Value::Null);
}

#[actix_web::test]
async fn lists_related_items_headlines_and_categories_come_in_the_script_asked_for() {
    let app = TestApp::builder().demo().build().await;

    for path in [
        "/api/v1/articles?locale=uz-Cyrl".to_owned(),
        "/api/v1/articles?locale=uz-Cyrl&category=economy".to_owned(),
        format!("/api/v1/articles/{GOLD}/related?locale=uz-Cyrl"),
        "/api/v1/headlines?locale=uz-Cyrl".to_owned(),
    ] {
        let answer = app.get(&path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        let items = answer.body["data"].as_array().unwrap();
        assert!(!items.is_empty(), "{path}");
        for item in items {
            let item = if item["article"].is_object() {
                &item["article"]
            } else {
                item
            };
            assert_eq!(item["locale"], "uz-Cyrl", "{path}");
            assert_eq!(item["transliterated_from"], "uz", "{path}");
            let title = item["title"].as_str().unwrap();
            assert!(has_cyrillic(title) && !has_latin(title), "{path}: {title}");
            assert!(has_cyrillic(item["category"]["name"].as_str().unwrap()));
        }
    }
    let related = app
        .get(&format!("/api/v1/articles/{GOLD}/related?locale=uz-Cyrl"))
        .await;
    let words: Vec<&str> = related.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|item| item["reason"]["shared_terms"].as_array().unwrap())
        .map(|word| word.as_str().unwrap())
        .collect();
    assert!(
        !words.is_empty() && words.iter().all(|w| has_cyrillic(w)),
        "{words:?}"
    );
}

#[actix_web::test]
async fn a_category_named_in_one_script_is_named_in_the_other() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let made = app
        .send(
            "POST",
            "/api/v1/categories",
            Some(&key),
            Some(&json!({"translations": {
                "en": {"name": "Sport"},
                "uz": {"name": "Sport va o‘yinlar", "description": "Futbol, kurash va shaxmat."}
            }})),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);

    let cyrillic = app
        .get("/api/v1/categories/sport-va-oyinlar?locale=uz-Cyrl")
        .await;
    assert_eq!(cyrillic.status, 200, "{}", cyrillic.body);
    assert_eq!(cyrillic.body["name"], "Спорт ва ўйинлар");
    assert_eq!(cyrillic.body["description"], "Футбол, кураш ва шахмат.");
    assert_eq!(cyrillic.body["locale"], "uz-Cyrl");
    assert_eq!(cyrillic.body["is_fallback"], true);
    assert_eq!(cyrillic.body["transliterated_from"], "uz");
    assert_eq!(cyrillic.body["slug"], "sport-va-oyinlar");
    let listed = app.get("/api/v1/categories?locale=uz-Cyrl").await;
    assert!(
        listed.of_items("name").contains(&"Спорт ва ўйинлар".to_owned()),
        "{}",
        listed.body
    );
    // A written name wins.
    let russian = app.get("/api/v1/categories/sport-va-oyinlar?locale=ru").await;
    assert_eq!(russian.body["transliterated_from"], Value::Null);
}

#[actix_web::test]
async fn search_finds_words_across_the_scripts() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    post_article(
        &app,
        &key,
        json!({
            "en": {"title": "Cotton harvest", "body": "The cotton harvest."},
            "uz-Cyrl": {"title": "Пахта терими якунланди", "body": "Вилоятда пахта терими якунланди."}
        }),
    )
    .await;

    // Cyrillic words find the Latin text, and are shown in Cyrillic.
    let cyrillic = app
        .get(&format!("/api/v1/search?locale=uz-Cyrl&q={}", encoded("олтин")))
        .await;
    assert_eq!(cyrillic.status, 200, "{}", cyrillic.body);
    assert_eq!(
        cyrillic.body["data"][0]["slug"],
        "ozbekistonda-oltin-narxi-oshdi-banklarda-talab-yuqori"
    );
    let hit = &cyrillic.body["data"][0];
    assert_eq!(hit["matched_locale"], "uz");
    assert_eq!(hit["transliterated_from"], "uz");
    assert!(
        hit["snippet"].as_str().unwrap().contains("<mark>олтин</mark>"),
        "{hit}"
    );
    // Latin words find them too, in a search in Cyrillic.
    let typed_in_latin = app.get("/api/v1/search?locale=uz-Cyrl&q=oltin").await;
    assert_eq!(typed_in_latin.slugs(), cyrillic.slugs());

    let with_marks = app
        .get(&format!(
            "/api/v1/search?locale=uz&q={}",
            encoded("ўзбекистон олтин")
        ))
        .await;
    assert_eq!(with_marks.slugs(), [cyrillic.slugs()[0].clone()], "ў is o‘");

    // Latin words find the Cyrillic text, and are shown in Latin.
    for q in ["paxta", "Paxta teri", "paxta terimi"] {
        let latin = app
            .get(&format!("/api/v1/search?locale=uz&q={}", encoded(q)))
            .await;
        assert_eq!(latin.slugs(), ["paxta-terimi-yakunlandi"], "{q}: {}", latin.body);
        let hit = &latin.body["data"][0];
        assert_eq!(hit["title"], "Paxta terimi yakunlandi");
        assert_eq!(hit["matched_locale"], "uz-Cyrl");
        assert!(
            hit["snippet"].as_str().unwrap().contains("<mark>paxta</mark>"),
            "{hit}"
        );
    }
    // A search in Russian does not go between Uzbek's scripts.
    let russian = app
        .get(&format!("/api/v1/search?locale=ru&q={}", encoded("пахта")))
        .await;
    assert_eq!(russian.body["page"]["total"], 0, "{}", russian.body);
}

#[actix_web::test]
async fn transliteration_is_set_per_locale_by_an_admin() {
    let app = TestApp::builder().demo().build().await;
    let admin = app.key("chief", Role::Admin);
    let editor = app.key("desk", Role::Editor);

    let locales = app.get("/api/v1/locales").await;
    let from: Vec<(&str, &Value)> = locales.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["code"].as_str().unwrap(), &l["transliterate_from"]))
        .collect();
    assert_eq!(
        from,
        [
            ("en", &Value::Null),
            ("ru", &Value::Null),
            ("uz", &json!("uz-Cyrl")),
            ("uz-Cyrl", &json!("uz"))
        ]
    );

    let off = json!({"transliterate_from": null});
    app.send("PATCH", "/api/v1/locales/uz-Cyrl", Some(&editor), Some(&off))
        .await
        .assert_problem(403);
    for (body, field) in [
        (json!({"transliterate_from": "ru"}), "transliterate_from"),
        (json!({"transliterate_from": "xx"}), "transliterate_from"),
        (json!({"transliterate_from": "uz-Cyrl"}), "transliterate_from"),
    ] {
        app.send("PATCH", "/api/v1/locales/uz-Cyrl", Some(&admin), Some(&body))
            .await
            .assert_invalid_fields(&[field]);
    }
    let turned_off = app
        .send("PATCH", "/api/v1/locales/uz-Cyrl", Some(&admin), Some(&off))
        .await;
    assert_eq!(turned_off.status, 200, "{}", turned_off.body);
    let read = app.get(&format!("/api/v1/articles/{GOLD}?locale=uz-Cyrl")).await;
    assert_eq!(read.body["locale"], "uz", "the fallback chain again");
    assert_eq!(read.body["transliterated_from"], Value::Null);

    let on = app
        .send(
            "PATCH",
            "/api/v1/locales/uz-Cyrl",
            Some(&admin),
            Some(&json!({"transliterate_from": "uz"})),
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    let read = app.get(&format!("/api/v1/articles/{GOLD}?locale=uz-Cyrl")).await;
    assert_eq!(read.body["transliterated_from"], "uz");
}

#[actix_web::test]
async fn editors_spell_the_words_the_letter_rules_miss() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("desk", Role::Editor);
    let created = post_article(
        &app,
        &key,
        json!({
            "en": {"title": "Tulip festival", "body": "Tulips bloomed."},
            "uz": {"title": "Tyulpanlar sayli boshlandi", "body": "Bog‘da tyulpanlar ochildi."}
        }),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let read = format!("/api/v1/articles/{id}?locale=uz-Cyrl");
    assert_eq!(
        app.get(&read).await.body["title"],
        "Тюлпанлар сайли бошланди",
        "the letter rules"
    );

    let word = encoded("тюльпан");
    app.send(
        "PUT",
        &format!("/api/v1/spellings/{word}"),
        None,
        Some(&json!({"latin": "tyulpan"})),
    )
    .await
    .assert_problem(401);
    let put = app
        .send(
            "PUT",
            &format!("/api/v1/spellings/{word}"),
            Some(&key),
            Some(&json!({"latin": "Tyulpan"})),
        )
        .await;
    assert_eq!(put.status, 201, "{}", put.body);
    assert_eq!(
        put.header("location"),
        Some(format!("/api/v1/spellings/{word}").as_str())
    );
    assert_eq!(put.body["cyrillic"], "тюльпан");
    assert_eq!(put.body["latin"], "tyulpan");
    assert_eq!(put.body["source"], "publisher");
    // Served at once, with endings, in both directions.
    assert_eq!(app.get(&read).await.body["title"], "Тюльпанлар сайли бошланди");
    let again = app
        .send(
            "PUT",
            &format!("/api/v1/spellings/{word}"),
            Some(&key),
            Some(&json!({"latin": "tyulpan"})),
        )
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        app.get(&format!("/api/v1/spellings/{}", encoded("ТЮЛЬПАН")))
            .await
            .body["latin"],
        "tyulpan"
    );

    // A standard word spelt otherwise, then back.
    let september = encoded("сентябрь");
    assert_eq!(
        app.get(&format!("/api/v1/spellings/{september}")).await.body["source"],
        "standard"
    );
    let changed = app
        .send(
            "PUT",
            &format!("/api/v1/spellings/{september}"),
            Some(&key),
            Some(&json!({"latin": "sentyabr"})),
        )
        .await;
    assert_eq!(changed.status, 201, "{}", changed.body);
    let listed = app.get("/api/v1/spellings").await;
    let entries: Vec<&Value> = listed.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["cyrillic"] == "сентябрь")
        .collect();
    assert_eq!(entries.len(), 1, "one entry a word");
    assert_eq!(entries[0]["latin"], "sentyabr");
    assert!(
        listed.body["page"]["total"].as_u64().unwrap() > 100,
        "the standard list too"
    );
    let removed = app
        .send(
            "DELETE",
            &format!("/api/v1/spellings/{september}"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(removed.status, 204, "{}", removed.body);
    let standard = app.get(&format!("/api/v1/spellings/{september}")).await;
    assert_eq!(standard.body["latin"], "sentabr");
    let problem = app
        .send(
            "DELETE",
            &format!("/api/v1/spellings/{september}"),
            Some(&key),
            None,
        )
        .await;
    assert!(
        problem.assert_problem(404)["detail"]
            .as_str()
            .unwrap()
            .contains("standard")
    );

    // What is not a word in Cyrillic, or not spelt in Latin letters, is refused.
    app.send(
        "PUT",
        "/api/v1/spellings/concert",
        Some(&key),
        Some(&json!({"latin": "konsert"})),
    )
    .await
    .assert_problem(400);
    app.send(
        "PUT",
        &format!("/api/v1/spellings/{word}"),
        Some(&key),
        Some(&json!({"latin": "тюльпан"})),
    )
    .await
    .assert_invalid_fields(&["latin"]);
    app.send(
        "PUT",
        &format!("/api/v1/spellings/{word}"),
        Some(&key),
        Some(&json!({"latin": "a b"})),
    )
    .await
    .assert_invalid_fields(&["latin"]);
    assert_eq!(
        app.get(&format!("/api/v1/spellings/{word}")).await.body["latin"],
        "tyulpan",
        "unchanged"
    );
    app.get(&format!("/api/v1/spellings/{}", encoded("мактаб")))
        .await
        .assert_problem(404);
}
