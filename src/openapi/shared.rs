//! What many operations share, stated once on the document as JSON: the bounds of the
//! parameters that recur (`locale`, a slug or id, `cursor`, `If-Match`), and an example of
//! the problem each error status answers with.

use serde_json::{Value, json};

use super::json_operations_mut as operations_mut;
use crate::error::{ApiError, FieldError, PROBLEM_JSON};
use crate::patterns;

/// A locale as a parameter: a BCP 47 tag of a language, an optional script and an optional
/// region, in any case (`uz-Cyrl`, `ru-ru`). Whether it is served is for the server to say.
pub const LOCALE_PARAMETER_PATTERN: &str = patterns::LOCALE_TAG;

/// The longest slug (or id) that names an article or a category.
pub const SLUG_OR_ID_MAX_LENGTH: u64 = 120;

/// The longest cursor the API issues, with room to spare.
pub const CURSOR_MAX_LENGTH: u64 = 512;

/// `If-Match`: `*`, or entity tags separated by commas (`"v3"`, `W/"v3"`), each of visible
/// ASCII characters but `"`.
pub const IF_MATCH_PATTERN: &str = "^[ \\t]*(\\*|(W/)?\"[!#-~]*\"([ \\t]*,[ \\t]*(W/)?\"[!#-~]*\")*)[ \\t]*$";

/// Bounds every parameter that recurs, where its operation did not state its own.
pub fn bound_parameters(document: &mut Value) {
    for operation in operations_mut(document) {
        let Some(parameters) = operation.get_mut("parameters").and_then(Value::as_array_mut) else {
            continue;
        };
        for parameter in parameters.iter_mut().filter_map(Value::as_object_mut) {
            let place = parameter["in"].as_str().unwrap_or_default().to_owned();
            let name = parameter["name"].as_str().unwrap_or_default().to_owned();
            let (bounds, example) = match (place.as_str(), name.as_str()) {
                ("query" | "path", "locale") | ("path", "code") => {
                    (json!({"pattern": LOCALE_PARAMETER_PATTERN}), None)
                }
                ("path", "article" | "category") | ("query", "category") => {
                    (json!({"minLength": 1, "maxLength": SLUG_OR_ID_MAX_LENGTH}), None)
                }
                ("query", "cursor") => (json!({"maxLength": CURSOR_MAX_LENGTH}), None),
                ("path" | "query", "key") => (
                    json!({"pattern": patterns::MESSAGE_KEY, "maxLength": crate::messages::service::MAX_KEY_CHARS}),
                    None,
                ),
                ("path", "word") => (
                    json!({"pattern": patterns::CYRILLIC_WORD, "maxLength": crate::spellings::writes::MAX_WORD_CHARS}),
                    None,
                ),
                ("header", "If-Match") => (json!({"pattern": IF_MATCH_PATTERN}), Some(json!("\"v1\""))),
                _ => (json!({}), None),
            };
            if let Some(example) = example {
                parameter.entry("example").or_insert(example);
            }
            let Some(schema) = parameter.get_mut("schema").and_then(Value::as_object_mut) else {
                continue;
            };
            // An optional parameter is left out, never sent as `null`.
            if let Some(Value::Array(types)) = schema.get_mut("type") {
                types.retain(|kind| kind != "null");
                if let [single] = types.as_slice() {
                    let single = single.clone();
                    schema.insert("type".to_owned(), single);
                }
            }
            for (key, value) in bounds.as_object().into_iter().flatten() {
                schema.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
}

/// Request bodies key their `translations` by locale: the keys are locale tags, and a body
/// that must have `translations` (a new article or category) holds at least one.
pub fn key_translations_by_locale(document: &mut Value) {
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for schema in schemas.values_mut() {
        let required = schema["required"]
            .as_array()
            .is_some_and(|names| names.iter().any(|name| name == "translations"));
        let Some(translations) = schema
            .pointer_mut("/properties/translations")
            .and_then(Value::as_object_mut)
            .filter(|map| map.contains_key("additionalProperties"))
        else {
            continue;
        };
        translations.insert(
            "propertyNames".to_owned(),
            json!({"type": "string", "pattern": LOCALE_PARAMETER_PATTERN}),
        );
        if required {
            translations.insert("minProperties".to_owned(), json!(1));
        }
    }
}

/// Text in request bodies refuses control characters (as the server does): a text field
/// declared not blank (`\S`) gets [`patterns::VISIBLE_TEXT`], one without a pattern, format or
/// enum [`patterns::TEXT`].
pub fn refuse_control_characters(document: &mut Value) {
    let bodies = request_body_schemas(document);
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (name, schema) in schemas.iter_mut() {
        if bodies.contains(name) {
            patterns_for_text(schema);
        }
    }
}

fn patterns_for_text(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            let is_text = match object.get("type") {
                Some(Value::String(kind)) => kind == "string",
                Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "string"),
                _ => false,
            };
            if is_text && !object.contains_key("format") && !object.contains_key("enum") {
                match object.get("pattern").and_then(Value::as_str) {
                    Some(patterns::NOT_BLANK) => {
                        object.insert("pattern".to_owned(), json!(patterns::VISIBLE_TEXT));
                    }
                    None => {
                        object.insert("pattern".to_owned(), json!(patterns::TEXT));
                    }
                    Some(_) => {}
                }
            }
            for (key, value) in object.iter_mut() {
                // The keys of `translations` are locale tags, bounded by their own pattern.
                if key != "propertyNames" {
                    patterns_for_text(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(patterns_for_text),
        _ => {}
    }
}

/// The component schemas request bodies use, with those they refer to in turn.
fn request_body_schemas(document: &Value) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut pending = super::request_body_schemas(document);
    while let Some(name) = pending.pop() {
        if found.contains(&name) {
            continue;
        }
        if let Some(schema) = document.pointer(&format!("/components/schemas/{name}")) {
            references(schema, &mut pending);
        }
        found.push(name);
    }
    found
}

/// The names of the component schemas `value` refers to.
fn references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
            {
                into.push(name.to_owned());
            }
            object.values().for_each(|value| references(value, into));
        }
        Value::Array(items) => items.iter().for_each(|value| references(value, into)),
        _ => {}
    }
}

/// Gives every problem response an example of the problem its status answers with, built
/// from the error type itself so that it reads as the server writes it, and the headers that
/// come with it: `WWW-Authenticate` with 401 and 403, `Retry-After` with 503.
pub fn complete_problems(document: &mut Value) {
    for operation in operations_mut(document) {
        let parameters: Vec<String> = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|parameter| parameter["name"].as_str().map(str::to_owned))
            .collect();
        let takes = |name: &str| parameters.iter().any(|parameter| parameter == name);
        let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        for (status, response) in responses {
            if status == "400"
                && takes("If-Match")
                && let Some(description) = response["description"].as_str()
                && !description.contains("If-Match")
            {
                response["description"] = json!(format!(
                    "{description}; or `If-Match` is neither `*` nor entity tags"
                ));
            }
            let Some(content) =
                response.pointer_mut(&format!("/content/{}", PROBLEM_JSON.replace('/', "~1")))
            else {
                continue;
            };
            if content.get("example").is_none()
                && let Some(error) = sample(status, &takes)
                && let Ok(example) = serde_json::to_value(error.problem())
            {
                content["example"] = example;
            }
            for (name, description, example) in problem_headers(status) {
                response["headers"][name] = json!({
                    "description": description,
                    "required": true,
                    "schema": {"type": "string", "example": example},
                });
            }
        }
    }
}

/// The headers a problem of this status comes with.
fn problem_headers(status: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match status {
        "401" => &[(
            "WWW-Authenticate",
            "The Bearer challenge; `error=\"invalid_token\"` when the key sent is the trouble",
            "Bearer realm=\"newsroom\", error=\"invalid_token\"",
        )],
        "403" => &[(
            "WWW-Authenticate",
            "The Bearer challenge, with `error=\"insufficient_scope\"`",
            "Bearer realm=\"newsroom\", error=\"insufficient_scope\"",
        )],
        "429" => &[
            (
                "Retry-After",
                "Seconds until this client may make a request of this kind again",
                "12",
            ),
            (
                "RateLimit-Policy",
                "The limit this request's kind is under (IETF draft `RateLimit-Policy`): its name, \
                 `q` requests a window of `w` seconds",
                "\"search\";q=60;w=60",
            ),
            (
                "RateLimit",
                "Where this client stands (IETF draft `RateLimit`): `r` requests remain, the quota \
                 is back in `t` seconds",
                "\"search\";r=0;t=12",
            ),
        ],
        "503" => &[("Retry-After", "Seconds to wait before retrying", "1")],
        _ => &[],
    }
}

/// A typical error for each status the API answers with; for a 400, one about a parameter
/// the operation `takes`.
fn sample(status: &str, takes: &dyn Fn(&str) -> bool) -> Option<ApiError> {
    Some(match status {
        "400" if takes("limit") => crate::pagination::Limit::parse(Some("500")).err()?,
        "400" if takes("If-Match") => crate::preconditions::malformed_if_match(),
        "400" if takes("locale") => ApiError::UnknownLocale {
            requested: "fr".to_owned(),
            supported: ["en", "ru", "uz", "uz-Cyrl"].map(str::to_owned).to_vec(),
        },
        "400" => ApiError::invalid_parameter("Query string: unknown field `lang`, there are no fields."),
        "401" => ApiError::Unauthorized {
            detail: "This endpoint needs an API key: send `Authorization: Bearer <key>`.".to_owned(),
            invalid_token: false,
        },
        "403" => ApiError::Forbidden {
            detail: "The key `desk` is an editor key; this needs an admin key.".to_owned(),
        },
        "404" => ApiError::not_found("No published article has the slug or id `no-such-article`."),
        "409" => ApiError::conflict("The slug `world` is taken in `en` by another category."),
        "412" => ApiError::PreconditionFailed {
            detail: "The article changed since the version you sent in If-Match; it is now \"v4\". \
                     Read it again, apply your change to that, and send its ETag."
                .to_owned(),
        },
        "408" => ApiError::RequestTimeout {
            seconds: crate::app::DEFAULT_CLIENT_TIMEOUT.as_secs_f64(),
        },
        "413" => ApiError::PayloadTooLarge { limit: 1_048_576 },
        "415" => ApiError::UnsupportedMediaType {
            detail: "Send the body as JSON, with `Content-Type: application/json`.".to_owned(),
        },
        "422" => ApiError::Validation(vec![
            FieldError::new("translations.ru.title", "must not be empty"),
            FieldError::new(
                "category",
                "no category has the slug or id `sport`; GET /api/v1/categories lists them",
            ),
        ]),
        "429" => ApiError::TooManyRequests {
            kind: "search",
            limit: 60,
            window: 60,
            retry_after: 12,
        },
        "500" => ApiError::internal("example"),
        "503" => ApiError::Unavailable("example".into()),
        _ => return None,
    })
}
