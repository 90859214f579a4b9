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
            parameters.push(validator(
                "If-None-Match",
                "The `ETag` of the copy you hold; when it is still current the answer is a 304 without a body.",
                ETAG_EXAMPLE,
            ));
            if dated {
                parameters.push(validator(
                    "If-Modified-Since",
                    "The `Last-Modified` of the copy you hold; a 304 when the article has not changed since (its view count aside). `If-None-Match` wins when both are sent.",
                    DATE_EXAMPLE,
                ));
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

const ETAG_EXAMPLE: &str = "\"v3.28f93a7cc9102559\"";
const DATE_EXAMPLE: &str = "Tue, 03 Mar 2026 07:20:00 GMT";

/// An optional request header that makes a read conditional.
fn validator(name: &str, description: &str, example: &str) -> Value {
    json!({
        "name": name,
        "in": "header",
        "required": false,
        "description": description,
        "schema": {"type": "string"},
        "example": example,
    })
}

/// A response header.
fn header(description: &str, example: &str) -> Value {
    json!({"description": description, "schema": {"type": "string", "example": example}})
}

fn etag() -> Value {
    header(
        "A strong validator of these bytes. For an article, category or locale it starts with the version that `If-Match` takes on writes (`\"v3.…\"`).",
        ETAG_EXAMPLE,
    )
}

fn cache_control() -> Value {
    header(
        "`public, max-age=…, stale-while-revalidate=…` with the ages configured for the kind of resource (`--cache-article`, `--cache-list`, `--cache-search`, `--cache-reference`); `private, no-store` for what a key holder reads.",
        "public, max-age=60, stale-while-revalidate=300",
    )
}

fn last_modified() -> Value {
    header(
        "When the article last changed (its view count aside).",
        DATE_EXAMPLE,
    )
}
