//! Site search: per locale, every spelling of Uzbek, published only, in step with the content,
//! and never a 500 whatever is typed.

use crate::helpers::{Answer, TestApp};
use chrono::{Duration, Utc};
use newsroom::auth::Role;
use serde_json::json;

async fn search(app: &TestApp, query: &[(&str, &str)]) -> Answer {
    let encoded: Vec<String> = query
        .iter()
        .map(|(name, value)| {
            let value: String = value
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{name}={value}")
        })
        .collect();
    app.get(&format!("/api/v1/search?{}", encoded.join("&"))).await
}

#[actix_web::test]
async fn english_words_find_the_story_with_a_highlighted_snippet() {
    let app = TestApp::builder().demo().build().await;

    let answer = search(&app, &[("q", "brent crude")]).await;

    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(
        answer.slugs(),
        ["tensions-in-the-middle-east-increased-oil-prices"]
    );
    let hit = &answer.body["data"][0];
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<mark>Brent</mark> <mark>crude</mark>"),
        "{hit}"
    );
    assert_eq!(hit["matched_locale"], "en");
    assert_eq!(answer.body["page"]["total"], 1);
    assert_eq!(answer.body["page"]["total_is_estimate"], false);
}

#[actix_web::test]
async fn a_query_matching_more_texts_than_are_ranked_counts_them_all() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    let count = newsroom::search::service::CANDIDATES + 20;
    app.article(world, "Harvest report")
        .create_many(count, |n, article| {
            let title = if n == 0 {
                "Harvest report from the Fergana valley".to_owned()
            } else {
                format!("Harvest report number {n}")
            };
            article.translations[0].slug = crate::helpers::slug(&title);
            article.translations[0].body = format!("{title}. The harvest was reported by Zamin.uz.");
            article.translations[0].title = title;
            article.published_at = Some(Utc::now() - Duration::minutes((count - n) as i64));
        });

    let economy = app.category("Economy", "Экономика", "ekonomika");
    app.article(economy, "Grain exports rise")
        .body("Grain exports rose after a good harvest.")
        .create();

    let common_word = search(&app, &[("q", "harvest"), ("locale", "en")]).await;
    assert_eq!(common_word.status, 200, "{}", common_word.body);
    assert_eq!(common_word.body["page"]["total_is_estimate"], true);
    // Every matching text is counted, beyond those ranked: the harvest reports and the
    // grain exports' body.
    assert_eq!(common_word.body["page"]["total"], count + 1);
    assert_eq!(common_word.slugs().len(), 20);
    assert!(common_word.body["page"]["next_cursor"].is_string());

    // A category narrows the hits before the most relevant are taken, not after.
    let in_economy = search(
        &app,
        &[("q", "harvest"), ("locale", "en"), ("category", "economy")],
    )
    .await;
    assert_eq!(in_economy.status, 200, "{}", in_economy.body);
    assert_eq!(in_economy.slugs(), ["grain-exports-rise"]);

    // More words narrow it down to what is ranked, and counted, exactly.
    let narrowed = search(&app, &[("q", "harvest fergana"), ("locale", "en")]).await;
    assert_eq!(narrowed.slugs(), ["harvest-report-from-the-fergana-valley"]);
    assert_eq!(narrowed.body["page"]["total"], 1);
    assert_eq!(narrowed.body["page"]["total_is_estimate"], false);
}

#[actix_web::test]
async fn a_word_in_the_title_outranks_one_in_the_body() {
    let app = TestApp::builder().demo().build().await;
    // "Trump" is in two titles; "Iran" in more titles and bodies: the titled ones come first.
    let answer = search(&app, &[("q", "Trump")]).await;
    let slugs = answer.slugs();
    assert!(slugs.len() >= 2, "{slugs:?}");
    for slug in &slugs[..2] {
        assert!(slug.starts_with("trumps-"), "{slugs:?}");
    }
}

#[actix_web::test]
async fn russian_is_searched_in_russian() {
    let app = TestApp::builder().demo().build().await;
    let russian = search(&app, &[("q", "нефть"), ("locale", "ru")]).await;
    assert!(
        russian
            .slugs()
            .contains(&"napryazhennost-na-blizhnem-vostoke-privela-k-rostu-cen-na-neft".to_owned()),
        "{:?}",
        russian.slugs()
    );
    assert_eq!(russian.body["data"][0]["locale"], "ru");
    let english_reader = search(&app, &[("q", "нефть"), ("locale", "en")]).await;
    assert!(
        english_reader.slugs().is_empty(),
        "an English reader searches English text"
    );
}

#[actix_web::test]
async fn uzbek_is_found_however_its_apostrophes_are_typed() {
    let app = TestApp::builder().demo().build().await;
    let gold = "ozbekistonda-oltin-narxi-oshdi-banklarda-talab-yuqori".to_owned();
    for spelling in [
        "O‘zbekistonda",
        "O'zbekistonda",
        "Oʻzbekistonda",
        "Ozbekistonda",
        "o’zbekistonda",
    ] {
        let answer = search(&app, &[("q", spelling), ("locale", "uz")]).await;
        assert!(answer.slugs().contains(&gold), "{spelling}: {:?}", answer.slugs());
        let snippet = answer.body["data"][0]["snippet"].as_str().unwrap().to_owned();
        assert!(
            snippet.contains("<mark>O‘zbekiston"),
            "shown as written: {snippet}"
        );
    }
    // Uzbek Cyrillic readers have no Cyrillic text: they search the Latin one, their fallback.
    let cyrillic_reader = search(&app, &[("q", "oltin"), ("locale", "uz-Cyrl")]).await;
    assert!(cyrillic_reader.slugs().contains(&gold));
    assert_eq!(cyrillic_reader.body["data"][0]["matched_locale"], "uz");
}

#[actix_web::test]
async fn the_last_word_matches_as_typed_so_far() {
    let app = TestApp::builder().demo().build().await;
    let answer = search(&app, &[("q", "deepfa")]).await;
    assert!(
        answer
            .slugs()
            .contains(&"deepfakes-and-fake-subscribers-banned-in-kazakhstan".to_owned())
    );
}

#[actix_web::test]
async fn anything_typed_gets_results_or_a_400() {
    let app = TestApp::builder().demo().build().await;
    let ten_kilobytes = "lorem ipsum ".repeat(850);
    let too_much = "x".repeat(20_000);
    for q in [
        "\"",
        "\"oil",
        "oil\"",
        "oil OR gold",
        "NEAR(oil gold)",
        "oil AND NOT gold",
        "*",
        "oil*",
        "-oil",
        "+",
        "(",
        ")",
        "^oil",
        "title:oil",
        "{oil}",
        "oil:",
        "'",
        "‘",
        "\\",
        "%",
        "?",
        ".",
        "…",
        "😀",
        "oil; DROP TABLE articles; --",
        "col:",
        "\"\"\"",
        ten_kilobytes.as_str(),
        too_much.as_str(),
    ] {
        let answer = search(&app, &[("q", q)]).await;
        assert!(
            answer.status == 200 || answer.status == 400,
            "{q:.40}: {} {}",
            answer.status,
            answer.body
        );
        if answer.status == 400 {
            answer.assert_problem(400);
        }
    }
    search(&app, &[]).await.assert_problem(400);
    search(&app, &[("q", "")]).await.assert_problem(400);
    // Punctuation alone has no word to look for: no hits, as a search box would show.
    let punctuation = search(&app, &[("q", "?!"), ("category", "world")]).await;
    assert_eq!(punctuation.status, 200, "{}", punctuation.body);
    assert_eq!(punctuation.body["data"], json!([]));
    assert_eq!(punctuation.body["page"]["total"], 0);
    // ...but what it names is still checked.
    search(&app, &[("q", "?!"), ("category", "no-such-category")])
        .await
        .assert_problem(400);
    search(&app, &[("q", "oil"), ("locale", "fr")])
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn the_index_changes_with_the_content_and_drafts_are_never_found() {
    let app = TestApp::builder().build().await;
    app.category("World", "Мир", "mir");
    let key = app.key("desk", Role::Editor);
    let created = app
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(&story(
                "Zebrafish study",
                "Researchers studied zebrafish.",
                "draft",
            )),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert!(
        search(&app, &[("q", "zebrafish")]).await.slugs().is_empty(),
        "a draft is not found"
    );

    let path = format!("/api/v1/articles/{id}");
    app.send("PATCH", &path, Some(&key), Some(&json!({"status": "published"})))
        .await;
    assert_eq!(
        search(&app, &[("q", "zebrafish")]).await.slugs(),
        ["zebrafish-study"]
    );

    app.send("PATCH", &path, Some(&key), Some(&json!({"translations": {"en": {"title": "Axolotl study", "body": "Researchers studied axolotls."}}}))).await;
    assert!(
        search(&app, &[("q", "zebrafish")]).await.slugs().is_empty(),
        "the old text is gone"
    );
    assert_eq!(search(&app, &[("q", "axolotl")]).await.slugs().len(), 1);

    app.send("DELETE", &path, Some(&key), None).await;
    assert!(search(&app, &[("q", "axolotl")]).await.slugs().is_empty());
}

#[actix_web::test]
async fn recent_articles_rank_higher_and_results_page() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    for days in [40, 1, 10] {
        app.article(world, &format!("Harvest report {days}"))
            .body("The cotton harvest report.")
            .published_at(Utc::now() - Duration::days(days))
            .create();
    }

    let first = search(&app, &[("q", "harvest"), ("limit", "2")]).await;
    let cursor = first.body["page"]["next_cursor"].as_str().unwrap().to_owned();
    let second = search(&app, &[("q", "harvest"), ("limit", "2"), ("cursor", &cursor)]).await;

    assert_eq!(first.slugs(), ["harvest-report-1", "harvest-report-10"]);
    assert_eq!(second.slugs(), ["harvest-report-40"]);
    assert_eq!(first.body["page"]["total"], 3);
    search(&app, &[("q", "other"), ("cursor", &cursor)])
        .await
        .assert_problem(400);
    let category = search(&app, &[("q", "harvest"), ("category", "world")]).await;
    assert_eq!(category.slugs().len(), 3);
}

#[actix_web::test]
async fn a_word_typed_so_far_finds_every_word_it_starts_however_the_index_was_built() {
    let app = TestApp::builder().build().await;
    let world = app.category("World", "Мир", "mir");
    app.article(world, "Cafe Nandu opens")
        .title("Café Ñandú opens in Nukus")
        .body("The Qoraqalpog‘istonliklar came to the opening.")
        .create();
    // More words start with `zarbdor` than a typed word is completed with.
    let forms: String = (0..80)
        .map(|n| format!("zarbdor{}{} ", (b'a' + n / 26) as char, (b'a' + n % 26) as char))
        .collect();
    app.article(world, "Many forms").body(&forms).create();

    let finds = |q: &'static str, slug: Option<&'static str>| {
        let app = &app;
        async move {
            let answer = search(app, &[("q", q), ("locale", "en")]).await;
            assert_eq!(answer.status, 200, "{q}: {}", answer.body);
            match slug {
                Some(slug) => assert_eq!(answer.slugs(), [slug], "{q}"),
                None => assert!(answer.slugs().is_empty(), "{q}: {:?}", answer.slugs()),
            }
        }
    };
    let check = || async {
        finds("qoraqalp", Some("cafe-nandu-opens")).await;
        finds("Qoraqalpog‘istonlik", Some("cafe-nandu-opens")).await;
        finds("qoraqalpogistonliklar", Some("cafe-nandu-opens")).await;
        finds("opening qoraqa", Some("cafe-nandu-opens")).await;
        // Latin letters are found with their diacritics or without.
        finds("cafe", Some("cafe-nandu-opens")).await;
        finds("café", Some("cafe-nandu-opens")).await;
        finds("ÑANDU", Some("cafe-nandu-opens")).await;
        finds("nand", Some("cafe-nandu-opens")).await;
        // Two or three letters, through the prefix index; a prefix of many words, as a prefix.
        finds("nu", Some("cafe-nandu-opens")).await;
        finds("zarbd", Some("many-forms")).await;
        finds("zarbdorc", Some("many-forms")).await;
        finds("zarbdore", None).await;
        finds("qoraqalpx", None).await;
        // Only the last word is typed so far.
        finds("qoraqalp came", None).await;
    };
    check().await;
    // Built again from the translations (as after a restore or a bulk load): the same, and
    // built once, not at every search.
    let builds = app.search.builds();
    app.db
        .write_blocking(|connection| Ok(newsroom::search::queries::renew_lineage(connection)?))
        .unwrap();
    // The answers kept from the first round would hide the index.
    app.responses
        .invalidate(&newsroom::caching::Invalidation::everything());
    check().await;
    assert_eq!(app.search.builds(), builds + 1);
    // A write after that is applied to the index as before.
    app.article(world, "Zarbdor brigade")
        .body("The zarbdor brigade met.")
        .create();
    finds("brigade", Some("zarbdor-brigade")).await;
    assert_eq!(app.search.builds(), builds + 1);
}

/// An article of one English translation in the category `world`, as the editorial API takes it.
fn story(title: &str, body: &str, status: &str) -> serde_json::Value {
    json!({"category": "world", "original_locale": "en", "status": status,
        "translations": {"en": {"title": title, "body": body}}})
}

#[actix_web::test]
async fn a_write_is_found_by_the_next_search_and_soon_by_another_server() {
    // Two servers on one database: on SQLite the second can't share the first's index
    // directory and keeps its own in memory; on PostgreSQL each has its own.
    let first = TestApp::builder().without_response_cache().build().await;
    let second = TestApp::builder()
        .without_response_cache()
        .sharing_database_of(&first)
        .build()
        .await;
    first.category("World", "Мир", "mir");
    let key = first.key("desk", Role::Editor);
    let created = first
        .send(
            "POST",
            "/api/v1/articles",
            Some(&key),
            Some(&story("Quokka census", "Rangers counted quokkas.", "published")),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    // Searchable on the server that took it once it answers; on the other within a second.
    assert_eq!(
        search(&first, &[("q", "quokka")]).await.slugs(),
        ["quokka-census"]
    );
    second
        .eventually("the other server finds the new article", || async {
            search(&second, &[("q", "quokka")]).await.slugs() == ["quokka-census"]
        })
        .await;

    let path = format!("/api/v1/articles/{}", created.body["id"].as_str().unwrap());
    let unpublished = first
        .send("PATCH", &path, Some(&key), Some(&json!({"status": "draft"})))
        .await;
    assert_eq!(unpublished.status, 200, "{}", unpublished.body);
    assert!(search(&first, &[("q", "quokka")]).await.slugs().is_empty());
    second
        .eventually("the other server no longer finds it", || async {
            search(&second, &[("q", "quokka")]).await.slugs().is_empty()
        })
        .await;
}

#[actix_web::test]
async fn a_killed_server_keeps_its_index_and_finds_what_was_written_while_it_was_down() {
    use crate::server::{call, newsroom, serve};
    let database = crate::helpers::TestDatabase::new();
    let index = tempfile::tempdir().unwrap();
    let place = index.path().join("search");
    let start = || {
        serve(
            newsroom(),
            &[
                "--db",
                &database.arg(),
                "--bind",
                "127.0.0.1:0",
                "--search-index",
                place.to_str().unwrap(),
            ],
        )
    };
    let key = newsroom::auth::service::create(&database.open(), "desk", Role::Editor).unwrap();
    let find = |address: String, q: &'static str| async move {
        let answer = call(
            "GET",
            &format!("{address}/api/v1/search?q={q}&locale=en"),
            None,
            None,
        )
        .await;
        assert_eq!(answer.status, 200, "{q}: {}", answer.body);
        answer.slugs()
    };

    let mut server = start();
    assert!(server.logs("search index built"), "a new server builds its index");
    let at = server.address.clone();
    let category = call(
        "POST",
        &format!("{at}/api/v1/categories"),
        Some(&key),
        Some(&json!({"translations": {"en": {"name": "World", "slug": "world"}}})),
    )
    .await;
    assert_eq!(category.status, 201, "{}", category.body);
    let written = call(
        "POST",
        &format!("{at}/api/v1/articles"),
        Some(&key),
        Some(&story(
            "Numbat survey",
            "Volunteers surveyed numbats.",
            "published",
        )),
    )
    .await;
    assert_eq!(written.status, 201, "{}", written.body);
    assert_eq!(find(at.clone(), "numbat").await, ["numbat-survey"]);
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    assert!(place.join("meta.json").exists(), "the index is kept on disk");

    // While no server runs, another process writes (an import, a script on the database).
    let category_id: uuid::Uuid = category.body["id"].as_str().unwrap().parse().unwrap();
    let article = newsroom::articles::store::NewArticle {
        category_id: newsroom::db::Id(category_id),
        status: newsroom::articles::store::Status::Published,
        published_at: Some(Utc::now() - Duration::hours(1)),
        featured: false,
        original_locale: "en".into(),
        cover_image: None,
        source: None,
        views: 0,
        translations: vec![newsroom::articles::store::NewTranslation {
            locale: "en".into(),
            slug: "wombat-walk".into(),
            title: "Wombat walk".into(),
            excerpt: None,
            body: "Hikers met wombats.".into(),
        }],
    };
    database
        .open()
        .write_blocking(|connection| newsroom::articles::store::create(connection, &article, None))
        .unwrap();

    server = start();
    let at = server.address.clone();
    assert_eq!(find(at.clone(), "numbat").await, ["numbat-survey"]);
    assert_eq!(find(at.clone(), "wombat").await, ["wombat-walk"]);
    assert!(
        !server.logs("search index built"),
        "the index resumed from where it was, rather than being built again"
    );
}
