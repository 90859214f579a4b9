//! How the public reads are cached, stated on every GET of the API: the validators it
//! takes (`If-None-Match`, and `If-Modified-Since` where it sends `Last-Modified`), the 304 it
//! answers with, and the `ETag` and `Cache-Control` of its 200 (see `crate::caching`).

use serde_json::{Value, json};

/// Adds caching to every GET of `document`.
pub fn describe(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    // The API's reads; the probes are never cached.
    for (path, item) in paths.iter_mut().filter(|(path, _)| path.starts_with("/api/v1/")) {
        let Some(read) = item.get_mut("get").and_then(Value::as_object_mut) else {
            continue;
        };
        let dated = path == "/api/v1/articles/{article}";
        let parameters = read.entry("parameters").or_insert_with(|| json!([]));
        if let Some(parameters) = parameters.as_array_mut() {
            parameters.push(json!({
                "name": "If-None-Match",
                "in": "header",
                "required": false,
                "description": "The `ETag` of the copy you hold; when it is still current the answer is a 304 without a body.",
                "schema": {"type": "string"},
                "example": "\"v3.28f93a7cc9102559\"",
            }));
            if dated {
                parameters.push(json!({
                    "name": "If-Modified-Since",
                    "in": "header",
                    "required": false,
                    "description": "The `Last-Modified` of the copy you hold; a 304 when the article has not changed since (its view count aside). `If-None-Match` wins when both are sent.",
                    "schema": {"type": "string"},
                    "example": "Tue, 03 Mar 2026 07:20:00 GMT",
                }));
            }
        }
        let Some(responses) = read.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(headers) = responses
            .get_mut("200")
            .and_then(|ok| ok.as_object_mut())
            .map(|ok| ok.entry("headers").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
        {
            headers.insert("ETag".to_owned(), etag());
            headers.insert("Cache-Control".to_owned(), cache_control());
            if dated {
                headers.insert("Last-Modified".to_owned(), last_modified());
            }
        }
        let mut not_modified = json!({
            "description": "Not modified: the copy named by `If-None-Match` (or dated by `If-Modified-Since`) is current. No body.",
            "headers": {"ETag": etag(), "Cache-Control": cache_control()},
        });
        if dated {
            not_modified["headers"]["Last-Modified"] = last_modified();
        }
        responses.insert("304".to_owned(), not_modified);
    }
}

fn etag() -> Value {
    json!({
        "description": "A strong validator of these bytes. For an article, category or locale it starts with the version that `If-Match` takes on writes (`\"v3.…\"`).",
        "schema": {"type": "string", "example": "\"v3.28f93a7cc9102559\""},
    })
}

fn cache_control() -> Value {
    json!({
        "description": "`public, max-age=…, stale-while-revalidate=…` with the ages configured for the kind of resource (`--cache-article`, `--cache-list`, `--cache-search`, `--cache-reference`); `private, no-store` for what a key holder reads.",
        "schema": {"type": "string", "example": "public, max-age=60, stale-while-revalidate=300"},
    })
}

fn last_modified() -> Value {
    json!({
        "description": "When the article last changed (its view count aside).",
        "schema": {"type": "string", "example": "Tue, 03 Mar 2026 07:20:00 GMT"},
    })
}
