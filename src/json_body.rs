//! Request bodies: JSON only, within the size limit, checked against the very schema the
//! OpenAPI document gives for them, so the contract and the validation cannot drift apart.
//!
//! A body that breaks its schema is not refused on the spot: every field that is wrong is
//! collected and the body is read as far as it can be ([`Checked`]); the service adds what it
//! finds wrong with what the body refers to (an unknown locale, a missing category), read from
//! the JSON as sent, to the same answer.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web};
use jsonschema::error::ValidationErrorKind;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use utoipa::ToSchema;

use crate::checks::Checked;
use crate::error::{ApiError, FieldError, FieldFault};
use crate::patterns;

/// The request body limit unless configured otherwise: 1 MiB.
pub const DEFAULT_LIMIT: usize = 1024 * 1024;

/// A JSON body, checked against its schema. Reading it never fails the extraction: a body
/// that is not JSON, too large or of the wrong media type is reported by
/// [`JsonBody::into_checked`], so that the handler's other extractors (the caller's key above
/// all) answer first.
pub struct JsonBody<T>(Result<Checked<T>, ApiError>);

impl<T> JsonBody<T> {
    pub fn into_checked(self) -> Result<Checked<T>, ApiError> {
        self.0
    }
}

/// For `#[serde(deserialize_with)]` on patch fields: tells a field given as `null`
/// (`Some(None)`: clear it) from a field not given (`None`: leave it).
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// How request bodies are read: the size limit and the compiled schemas.
pub struct BodyRules {
    pub limit: usize,
    /// How long a client may take to send the whole body; past it, 408.
    pub read_timeout: std::time::Duration,
    validators: HashMap<String, jsonschema::Validator>,
}

impl BodyRules {
    /// Compiles the schema of every request body of `document`.
    pub fn new(
        document: &utoipa::openapi::OpenApi,
        limit: usize,
        read_timeout: std::time::Duration,
    ) -> Result<Self, String> {
        let document = serde_json::to_value(document).map_err(|error| error.to_string())?;
        let components = document.get("components").cloned().unwrap_or(Value::Null);
        let mut validators = HashMap::new();
        for name in crate::openapi::request_body_schemas(&document) {
            let schema = serde_json::json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": format!("#/components/schemas/{name}"),
                "components": components,
            });
            let validator = jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&schema)
                .map_err(|error| format!("schema {name}: {error}"))?;
            validators.insert(name, validator);
        }
        Ok(Self {
            limit,
            read_timeout,
            validators,
        })
    }

    /// Every field of `body` that breaks the schema `name`.
    fn check(&self, name: &str, body: &Value) -> Result<Vec<FieldError>, ApiError> {
        let validator = self
            .validators
            .get(name)
            .ok_or_else(|| ApiError::internal(format!("no schema for request body {name}")))?;
        let mut errors = Vec::new();
        for error in validator.iter_errors(body) {
            collect(&error, &mut errors);
        }
        errors.dedup();
        Ok(errors)
    }
}

/// `translations.ru.title` for the JSON pointer `/translations/ru/title`.
fn dotted(location: &jsonschema::paths::Location) -> String {
    location
        .iter()
        .map(|segment| segment.to_string())
        .collect::<Vec<_>>()
        .join(".")
}

fn joined(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}.{child}")
    }
}

/// Turns one schema violation into field errors a person can act on.
fn collect(error: &jsonschema::ValidationError<'_>, into: &mut Vec<FieldError>) {
    let field = dotted(error.instance_path());
    let message = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            into.push(FieldError::of(
                FieldFault::Missing,
                joined(&field, name),
                "is required",
            ));
            return;
        }
        // A map's keys (the locales of `translations`, the keys of messages): what is wrong
        // with the name, said as of any text, at the entry it names.
        ValidationErrorKind::PropertyNames { error: key } => {
            let name = key.instance().as_str().unwrap_or_default().to_owned();
            let mut wrong = Vec::new();
            collect(key, &mut wrong);
            for error in wrong {
                into.push(FieldError::new(
                    joined(&field, &name),
                    format!("is not a name this object takes: its name {}", error.message),
                ));
            }
            return;
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                into.push(FieldError::of(
                    FieldFault::Unknown,
                    joined(&field, name),
                    "is not a field of this object; remove it",
                ));
            }
            return;
        }
        // A nullable field (`oneOf: [T, null]`): what is wrong is what is wrong with the T.
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            let branch = context
                .iter()
                .find(|errors| {
                    !errors.iter().any(|e| {
                        matches!(e.kind(), ValidationErrorKind::Type { .. })
                            && dotted(e.instance_path()) == field
                    })
                })
                .or_else(|| context.first());
            if let Some(errors) = branch {
                errors.iter().for_each(|error| collect(error, into));
                return;
            }
            "is not acceptable here".to_owned()
        }
        ValidationErrorKind::MinLength { limit } if *limit == 1 => "must not be empty".to_owned(),
        ValidationErrorKind::MinLength { limit } => format!("must be at least {limit} characters long"),
        ValidationErrorKind::MaxLength { limit } => format!("must be at most {limit} characters long"),
        ValidationErrorKind::MinProperties { limit } => format!("must have at least {limit} entry"),
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::Pattern { pattern } => match patterns::message(pattern) {
            Some(message) => message.to_owned(),
            None => "does not have the form this field takes".to_owned(),
        },
        ValidationErrorKind::Format { format } if format == "date-time" => {
            "must be an RFC 3339 date-time, such as 2026-03-02T18:32:00Z".to_owned()
        }
        ValidationErrorKind::Format { format } => format!("must be a valid {format}"),
        ValidationErrorKind::Type { kind } => format!("must be {}", type_name(&format!("{kind:?}"))),
        ValidationErrorKind::Enum { options } => format!("must be one of {options}"),
        _ => error.to_string(),
    };
    into.push(FieldError::new(field, message));
}

fn type_name(kind: &str) -> String {
    let lower = kind.to_lowercase();
    for (name, phrase) in [
        ("string", "a string"),
        ("integer", "an integer"),
        ("number", "a number"),
        ("boolean", "true or false"),
        ("object", "an object"),
        ("array", "an array"),
        ("null", "null"),
    ] {
        if lower.contains(name) {
            return phrase.to_owned();
        }
    }
    format!("of type {kind}")
}

/// Removes the fields the schema does not know, so the rest of the body can still be read.
fn without_unknown_fields(mut body: Value, errors: &[FieldError]) -> Value {
    for error in errors.iter().filter(|e| e.fault == FieldFault::Unknown) {
        let mut path: Vec<&str> = error.field.split('.').collect();
        let Some(name) = path.pop() else { continue };
        let parent: String = path
            .iter()
            .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
            .collect();
        if let Some(Value::Object(map)) = body.pointer_mut(&parent) {
            map.remove(name);
        }
    }
    body
}

fn is_json(request: &HttpRequest) -> bool {
    request.mime_type().ok().flatten().is_some_and(|mime| {
        mime.type_().as_str() == "application"
            && (mime.subtype().as_str() == "json"
                || mime.suffix().is_some_and(|suffix| suffix.as_str() == "json"))
    })
}

impl<T: DeserializeOwned + ToSchema + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let rules = request.app_data::<web::Data<BodyRules>>().cloned();
        let json = is_json(request);
        let declared_length = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<usize>().ok());
        let bytes = web::Bytes::from_request(request, payload);
        Box::pin(async move {
            let rules = match rules {
                Some(rules) => rules,
                None => return Ok(Self(Err(ApiError::internal("the app has no body rules")))),
            };
            if !json {
                return Ok(Self(Err(ApiError::UnsupportedMediaType {
                    detail: "Send the body as JSON, with `Content-Type: application/json`.".to_owned(),
                })));
            }
            if declared_length.is_some_and(|length| length > rules.limit) {
                return Ok(Self(Err(ApiError::PayloadTooLarge { limit: rules.limit })));
            }
            // A client that sends its body slowly (slowloris) holds no worker, but it would
            // hold its connection and the request's memory for as long as it likes.
            let arrived = actix_web::rt::time::timeout(rules.read_timeout, bytes).await;
            let Ok(arrived) = arrived else {
                return Ok(Self(Err(ApiError::RequestTimeout {
                    seconds: rules.read_timeout.as_secs_f64(),
                })));
            };
            let bytes = match arrived {
                Ok(bytes) => bytes,
                Err(error) => {
                    let too_large = error
                        .as_error::<actix_web::error::PayloadError>()
                        .is_some_and(|e| matches!(e, actix_web::error::PayloadError::Overflow));
                    return Ok(Self(Err(if too_large {
                        ApiError::PayloadTooLarge { limit: rules.limit }
                    } else {
                        ApiError::malformed_json(format!("The request body could not be read: {error}."))
                    })));
                }
            };
            Ok(Self(read::<T>(&rules, &bytes)))
        })
    }
}

/// JSON read as [`Value`], refusing an object that has a key twice: parsers disagree on which
/// one wins (the first, the last, an error), so a body that says two things is refused rather
/// than read as one of them. Nesting is bounded by `serde_json`'s recursion limit (128).
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(value.into())
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(value.into())
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number out of range"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice in one object; send it once"
                )));
            }
            let Strict(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Reads and checks a body's bytes.
fn read<T: DeserializeOwned + ToSchema>(rules: &BodyRules, bytes: &[u8]) -> Result<Checked<T>, ApiError> {
    let Strict(raw) = serde_json::from_slice(bytes)
        .map_err(|error| ApiError::malformed_json(format!("The request body is not valid JSON: {error}.")))?;
    let mut errors = rules.check(&T::name(), &raw)?;
    // Text the schemas leave to other rules (a URL's, say); each field reported once.
    let mut unclean = Vec::new();
    control_characters("", &raw, &mut unclean);
    unclean.retain(|found| !errors.iter().any(|error| error.field == found.field));
    errors.extend(unclean);
    // Text with a NUL can't be stored (PostgreSQL's text refuses it), nor looked up: refused
    // here, before any check of the body reads the database with it.
    if has_nul(&raw) {
        if errors.is_empty() {
            errors.push(FieldError::new("", "must not contain the NUL character (U+0000)"));
        }
        return Err(ApiError::Validation(errors));
    }
    let mut readable = without_unknown_fields(raw.clone(), &errors);
    whole_numbers_as_integers(&mut readable);
    let value = match serde_json::from_value::<T>(readable) {
        Ok(value) => Some(value),
        Err(_) if !errors.is_empty() => None,
        // The schema passed what the type refuses: say so rather than fail silently.
        Err(error) => return Err(ApiError::Validation(vec![FieldError::new("", error.to_string())])),
    };
    let names = serde_json::from_value(raw).unwrap_or_default();
    Ok(Checked {
        value,
        names,
        checks: errors.into(),
    })
}

/// Writes `3.0` as `3`: JSON Schema counts a number with no fraction as an integer, and so
/// must the types the body is read into.
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(number) if number.is_f64() => {
            if let Some(whole) = number
                .as_f64()
                .filter(|float| float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0)
            {
                *value = Value::from(whole as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

/// Whether a NUL is anywhere in the body, names of fields included (which
/// [`control_characters`] does not look at).
fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(map) => map.iter().any(|(key, item)| key.contains('\0') || has_nul(item)),
        _ => false,
    }
}

/// Text with control characters (NUL, escape...) is refused; tabs and line breaks are text.
fn control_characters(path: &str, value: &Value, errors: &mut Vec<FieldError>) {
    match value {
        Value::String(text)
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            errors.push(FieldError::new(path, "must not contain control characters"));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                control_characters(&joined(path, &index.to_string()), item, errors);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                control_characters(&joined(path, key), item, errors);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(text: &str) -> Result<Value, String> {
        serde_json::from_str::<Strict>(text)
            .map(|Strict(value)| value)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn a_key_given_twice_is_refused_at_any_depth_and_the_rest_reads_as_json() {
        let twice = strict(r#"{"status": "draft", "status": "published"}"#).unwrap_err();
        assert!(twice.contains("`status` appears twice"), "{twice}");
        let nested = strict(r#"{"translations": {"en": {"title": "a", "title": "b"}}}"#).unwrap_err();
        assert!(nested.contains("`title` appears twice"), "{nested}");
        let text = r#"{"a": [1, -2, 3.5, 18446744073709551615, 1e300, null, true, "x"], "b": {}}"#;
        assert_eq!(
            strict(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        // The same key in two objects is no repetition.
        assert!(strict(r#"[{"a": 1}, {"a": 2}]"#).is_ok());
        let deep = strict(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))).unwrap_err();
        assert!(deep.contains("recursion limit"), "{deep}");
        assert!(strict("1e400").is_err());
    }

    #[test]
    fn unknown_fields_are_removed_wherever_they_are() {
        let body = serde_json::json!({"a": 1, "extra": 2, "nested": {"b": 1, "junk": true}});
        let errors = vec![
            FieldError::of(
                FieldFault::Unknown,
                "extra",
                "is not a field of this object; remove it",
            ),
            FieldError::of(
                FieldFault::Unknown,
                "nested.junk",
                "is not a field of this object; remove it",
            ),
            FieldError::new("a", "must be a string"),
        ];
        assert_eq!(
            without_unknown_fields(body, &errors),
            serde_json::json!({"a": 1, "nested": {"b": 1}})
        );
    }
}
