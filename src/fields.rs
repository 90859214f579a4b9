//! Sparse fieldsets: `fields=id,slug,title` on a read keeps only those fields of each item
//! (of a list's `data`, or of the one object), for clients on slow networks. Which fields a
//! read offers is what its item schema in the OpenAPI document holds; the document's
//! `fields` parameter lists the same names, from the same function.

use std::collections::HashMap;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, Uri, header};
use actix_web::middleware::Next;
use actix_web::web;
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::routes;

/// The query parameter.
pub const PARAMETER: &str = "fields";

/// The media type of an answer that keeps only the fields asked for: JSON, whose documented
/// schema requires none of them (the full answer's, `application/json`, requires them all).
pub const PARTIAL_MEDIA_TYPE: &str = "application/vnd.newsroom.partial+json";

/// The fields each read offers, by route template.
#[derive(Debug, Default, Clone)]
pub struct FieldSets(HashMap<String, Vec<String>>);

impl FieldSets {
    /// The fields each of the API's reads offers in `document`.
    pub fn from_document(document: &Value) -> Self {
        Self(Self::selectable(document))
    }

    /// The fields of the item schema of each of the API's reads in `document` that answers
    /// with objects (the items of `data` for a list), by route template.
    pub fn selectable(document: &Value) -> HashMap<String, Vec<String>> {
        let schemas = &document["components"]["schemas"];
        let mut found = HashMap::new();
        let paths = document["paths"].as_object().into_iter().flatten();
        for (path, item) in paths.filter(|(path, _)| path.starts_with("/api/v1/")) {
            let schema = &item["get"]["responses"]["200"]["content"]["application/json"]["schema"];
            let Some(answer) = resolve(schema, schemas) else {
                continue;
            };
            let item_schema = answer
                .get("properties")
                .and_then(|properties| properties.get("data"))
                .and_then(|data| data.get("items"))
                .and_then(|items| resolve(items, schemas))
                .unwrap_or(answer);
            let names = property_names(&item_schema, schemas);
            if !names.is_empty() {
                found.insert(path.clone(), names);
            }
        }
        found
    }
}

/// `schema` with its `$ref` followed.
fn resolve(schema: &Value, schemas: &Value) -> Option<Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => schemas
            .get(reference.strip_prefix("#/components/schemas/")?)
            .cloned(),
        None => (!schema.is_null()).then(|| schema.clone()),
    }
}

/// The properties of an object schema, its `allOf` parts' included, in order.
fn property_names(schema: &Value, schemas: &Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        if let Some(part) = resolve(part, schemas) {
            names.extend(property_names(&part, schemas));
        }
    }
    names.extend(
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| name.clone()),
    );
    names.dedup();
    names
}

/// The middleware: takes `fields` out of the query (the handlers don't know it), checks its
/// names, and keeps only those fields of the answer.
pub async fn sparse_fieldsets(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let offered = (request.method() == Method::GET)
        .then(|| {
            let sets = request.app_data::<web::Data<FieldSets>>()?;
            sets.0.get(&*routes::route_of(&request)?).cloned()
        })
        .flatten();
    let Some(offered) = offered else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let Some((asked, rest)) = take_fields(request.query_string())? else {
        return Ok(next.call(request).await?.map_into_boxed_body());
    };
    let unknown: Vec<&String> = asked.iter().filter(|name| !offered.contains(name)).collect();
    if !unknown.is_empty() {
        return Err(ApiError::invalid_parameter(format!(
            "`fields`: {} {} not a field here; choose from: {}.",
            unknown
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if unknown.len() == 1 { "is" } else { "are" },
            offered.join(", ")
        ))
        .into());
    }
    let path = request.path().to_owned();
    let uri = if rest.is_empty() {
        path
    } else {
        format!("{path}?{rest}")
    };
    if let Ok(uri) = uri.parse::<Uri>() {
        request.head_mut().uri = uri;
    }
    let response = next.call(request).await?.map_into_boxed_body();
    if response.status() != StatusCode::OK {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    if asked.is_empty() {
        return Ok(ServiceResponse::new(request, response));
    }
    let (head, body) = response.into_parts();
    let bytes = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        Err(body) => return Ok(ServiceResponse::new(request, head.set_body(body))),
    };
    let kept = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|mut answer| {
            keep_fields(&mut answer, &asked);
            serde_json::to_vec(&answer).ok()
        });
    let Some(kept) = kept else {
        return Ok(ServiceResponse::new(request, head.set_body(BoxBody::new(bytes))));
    };
    let mut response = head.set_body(BoxBody::new(kept));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(PARTIAL_MEDIA_TYPE),
    );
    Ok(ServiceResponse::new(request, response))
}

/// The names asked for in `fields` (none for an empty `fields=`: every field, as without it),
/// and the query without it; `None` when it has none.
fn take_fields(query: &str) -> Result<Option<(Vec<String>, String)>, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|error| ApiError::invalid_parameter(format!("Query string: {error}.")))?;
    let (fields, rest): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(name, _)| name == PARAMETER);
    let asked: Vec<String> = match fields.as_slice() {
        [] => return Ok(None),
        [(_, names)] if names.is_empty() => Vec::new(),
        // As the document's pattern has it: names as they are, between single commas.
        [(_, names)] => {
            let asked: Vec<String> = names.split(',').map(str::to_owned).collect();
            if asked.iter().any(String::is_empty) {
                return Err(ApiError::invalid_parameter(
                    "`fields` names its fields separated by single commas, without spaces: \
                     `fields=id,slug,title`.",
                ));
            }
            asked
        }
        _ => {
            return Err(ApiError::invalid_parameter(
                "`fields` is given once, its names separated by commas: `fields=id,slug,title`.",
            ));
        }
    };
    let rest = serde_urlencoded::to_string(&rest).unwrap_or_default();
    Ok(Some((asked, rest)))
}

/// Keeps `names` of each item of `data`, or of the answer itself when it has no `data`.
fn keep_fields(answer: &mut Value, names: &[String]) {
    let keep = |object: &mut Map<String, Value>| object.retain(|name, _| names.contains(name));
    match answer.get_mut("data").and_then(Value::as_array_mut) {
        Some(items) => items.iter_mut().filter_map(Value::as_object_mut).for_each(keep),
        None => {
            if let Some(object) = answer.as_object_mut() {
                keep(object);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_come_out_of_the_query_once() {
        let (asked, rest) = take_fields("limit=2&fields=id,slug&locale=ru").unwrap().unwrap();
        assert_eq!(asked, ["id", "slug"]);
        // Names are taken as written, as the document's pattern says: a space (or any other
        // character Unicode counts as one, U+0085 say) is part of the name, so no field's.
        let (asked, _) = take_fields("fields=id,%20slug").unwrap().unwrap();
        assert_eq!(asked, ["id", " slug"]);
        let (asked, _) = take_fields("fields=%C2%85").unwrap().unwrap();
        assert_eq!(asked, ["\u{85}"]);
        assert!(take_fields("fields=id,,slug").is_err());
        assert!(take_fields("fields=id,").is_err());
        assert_eq!(rest, "limit=2&locale=ru");
        assert!(take_fields("limit=2").unwrap().is_none());
        assert!(take_fields("fields=id&fields=slug").is_err());
        assert_eq!(
            take_fields("fields=&a=1").unwrap(),
            Some((Vec::new(), "a=1".to_owned()))
        );
    }

    #[test]
    fn lists_keep_the_fields_of_their_items_and_their_page() {
        let mut list = json!({"data": [{"id": 1, "slug": "a", "body": "x"}], "page": {"limit": 1}});
        keep_fields(&mut list, &["slug".to_owned()]);
        assert_eq!(list, json!({"data": [{"slug": "a"}], "page": {"limit": 1}}));
        let mut one = json!({"id": 1, "slug": "a", "body": "x"});
        keep_fields(&mut one, &["id".to_owned(), "body".to_owned()]);
        assert_eq!(one, json!({"id": 1, "body": "x"}));
    }
}
