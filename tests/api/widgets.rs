//! Widgets: the weather line and the rates, pushed by an ingest job, read in each locale's
//! words from the messages catalog, and marked stale when the push is late.

use chrono::{Duration, Utc};
use newsroom::auth::Role;
use serde_json::json;

use crate::helpers::TestApp;

#[actix_web::test]
async fn the_weather_line_is_read_in_each_locales_words() {
    let app = TestApp::builder().demo().build().await;
    for (locale, line) in [
        ("ru", "Ташкент +10°, пасмурно, ветер 0.4 м/с, ЮВ"),
        ("en", "Tashkent +10°, cloudy, wind 0.4 m/s, SE"),
        ("uz", "Toshkent +10°, bulutli, shamol 0.4 m/s, janubi-sharqiy"),
        ("uz-Cyrl", "Тошкент +10°, булутли, шамол 0.4 м/с, жануби-шарқий"),
    ] {
        let weather = app
            .get(&format!("/api/v1/widgets/weather?locale={locale}&city=tashkent"))
            .await;
        assert_eq!(weather.status, 200, "{}", weather.body);
        assert_eq!(weather.header("content-language"), Some(locale));
        assert_eq!(weather.body["text"], line);
        assert_eq!(weather.body["condition"]["code"], "cloudy");
        assert_eq!(weather.body["wind"]["direction"]["code"], "SE");
        assert_eq!(weather.body["temperature"], "+10°");
        assert_eq!(weather.body["freshness"]["stale"], false);
        assert!(weather.body["freshness"]["observed_at"].is_string());
        assert_eq!(weather.body["missing_messages"], json!([]));
    }
    // The configured city when none is named; Accept-Language when no locale is.
    let default = app
        .get_with("/api/v1/widgets/weather", &[("Accept-Language", "ru")])
        .await;
    assert_eq!(default.body["city"]["name"], "Ташкент");
}

#[actix_web::test]
async fn an_ingest_job_replaces_the_weather_and_late_data_is_stale() {
    let app = TestApp::builder().build().await;
    let key = app.key("ingest", Role::Editor);
    let observed = Utc::now() - Duration::minutes(10);
    let body = json!({
        "city": "bukhara", "temperature_c": -4.6, "condition": "snow",
        "wind_speed_ms": 3, "wind_direction": null, "observed_at": observed,
    });
    let created = app
        .send("PUT", "/api/v1/widgets/weather", Some(&key), Some(&body))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(
        created.header("location"),
        Some("/api/v1/widgets/weather?city=bukhara")
    );
    let read = app.get("/api/v1/widgets/weather?city=bukhara&locale=en").await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.body["temperature"], "-5°");
    assert_eq!(read.body["wind"]["direction"], serde_json::Value::Null);
    // No words for this city or the sky in a new newsroom: the codes, and the keys named.
    assert_eq!(read.body["city"]["name"], "bukhara");
    let missing = read.body["missing_messages"].as_array().unwrap();
    assert!(missing.contains(&json!("city.bukhara")));
    assert!(missing.contains(&json!("weather.snow")));

    let late = json!({
        "city": "bukhara", "temperature_c": 1, "condition": "fog",
        "wind_speed_ms": 0, "wind_direction": "N", "observed_at": Utc::now() - Duration::hours(4),
    });
    let replaced = app
        .send("PUT", "/api/v1/widgets/weather", Some(&key), Some(&late))
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let read = app.get("/api/v1/widgets/weather?city=bukhara").await;
    assert_eq!(read.body["condition"]["code"], "fog");
    assert_eq!(
        read.body["freshness"]["stale"], true,
        "older than the three hours allowed"
    );
    assert_eq!(read.body["freshness"]["max_age_seconds"], 10800);
}

#[actix_web::test]
async fn bad_weather_is_refused_and_changes_nothing() {
    let app = TestApp::builder().demo().build().await;
    let key = app.key("ingest", Role::Editor);
    let good = json!({
        "city": "tashkent", "temperature_c": 3, "condition": "clear",
        "wind_speed_ms": 2, "wind_direction": "NE", "observed_at": Utc::now(),
    });
    let mut future = good.clone();
    future["observed_at"] = json!(Utc::now() + Duration::hours(2));
    app.send("PUT", "/api/v1/widgets/weather", Some(&key), Some(&future))
        .await
        .assert_invalid_fields(&["observed_at"]);
    let mut wrong = good.clone();
    wrong["condition"] = json!("sunny-ish");
    wrong["wind_direction"] = json!("NNE");
    wrong["temperature_c"] = json!(500);
    app.send("PUT", "/api/v1/widgets/weather", Some(&key), Some(&wrong))
        .await
        .assert_invalid_fields(&["condition", "wind_direction", "temperature_c"]);
    assert_eq!(
        app.send("PUT", "/api/v1/widgets/weather", None, Some(&good))
            .await
            .status,
        401
    );
    let read = app.get("/api/v1/widgets/weather?city=tashkent&locale=en").await;
    assert_eq!(read.body["condition"]["code"], "cloudy", "the demo's, untouched");

    app.get("/api/v1/widgets/weather?city=nowhere")
        .await
        .assert_problem(404);
    app.get("/api/v1/widgets/weather?city=Tash%20kent")
        .await
        .assert_problem(400);
    app.get("/api/v1/widgets/weather?town=tashkent")
        .await
        .assert_problem(400);
    app.get("/api/v1/widgets/weather?locale=fr")
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn the_rates_are_read_with_their_names_and_trends() {
    let app = TestApp::builder().demo().build().await;
    let rates = app.get("/api/v1/widgets/rates?locale=ru").await;
    assert_eq!(rates.status, 200, "{}", rates.body);
    assert_eq!(rates.body["base"]["name"], "сум");
    let list = rates.body["rates"].as_array().unwrap();
    let codes: Vec<&str> = list.iter().map(|rate| rate["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["USD", "EUR", "RUB", "XAU"], "in the order pushed");
    assert_eq!(list[0]["name"], "Доллар США");
    assert_eq!(list[0]["trend"], "down");
    assert_eq!(list[2]["amount"], 10);
    assert_eq!(list[2]["trend"], "unchanged");
    assert_eq!(list[3]["name"], "Золото");
    assert_eq!(list[3]["unit"], "gram");
    assert_eq!(list[3]["trend"], "up");
    assert_eq!(rates.body["freshness"]["stale"], false);

    let key = app.key("ingest", Role::Editor);
    let repeated = json!({"base": "UZS", "observed_at": Utc::now(), "rates": [
        {"code": "USD", "rate": 1}, {"code": "USD", "rate": 2}]});
    app.send("PUT", "/api/v1/widgets/rates", Some(&key), Some(&repeated))
        .await
        .assert_invalid_fields(&["rates.1.code"]);
    let bad = json!({"base": "sum", "observed_at": Utc::now(), "rates": [{"code": "USD", "rate": -1}]});
    app.send("PUT", "/api/v1/widgets/rates", Some(&key), Some(&bad))
        .await
        .assert_invalid_fields(&["base", "rates.0.rate"]);
    let late = json!({"base": "UZS", "observed_at": Utc::now() - Duration::days(3), "rates": [
        {"code": "USD", "rate": 12700, "change": 49.5}]});
    let replaced = app
        .send("PUT", "/api/v1/widgets/rates", Some(&key), Some(&late))
        .await;
    assert_eq!(replaced.status, 200, "{}", replaced.body);
    let rates = app.get("/api/v1/widgets/rates?locale=en").await;
    assert_eq!(rates.body["rates"].as_array().unwrap().len(), 1);
    assert_eq!(rates.body["rates"][0]["name"], "US dollar");
    assert_eq!(rates.body["freshness"]["stale"], true);
}

#[actix_web::test]
async fn a_new_newsroom_has_no_rates_until_they_are_pushed() {
    let app = TestApp::builder().build().await;
    app.get("/api/v1/widgets/rates").await.assert_problem(404);
}
