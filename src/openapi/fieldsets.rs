//! The `fields` parameter of every read that answers with objects (see `crate::fields`): its
//! values are the fields of the read's item schema.

use serde_json::{Map, Value, json};

use crate::fields::{FieldSets, PARAMETER, PARTIAL_MEDIA_TYPE};

/// Adds `fields` to the API's reads.
pub fn describe(document: &mut Value) {
    for (path, names) in FieldSets::selectable(document) {
        let example = example_names(&names).join(",");
        // A list of names as one string: the names this read offers, separated by commas.
        let name = names.join("|");
        let pattern = format!("^(({name})(,({name}))*)?$");
        let parameter = json!({
            "name": PARAMETER,
            "in": "query",
            "required": false,
            "description": format!(
                "Only these fields of each item (of `data`, for a list), separated by commas: what a phone on a slow network needs of a list (`fields=id,slug,title,published_at`). Leave it out, or empty, for every field. The fields here: {}. Any other name is a 400 that lists them. A partial answer is sent as `application/vnd.newsroom.partial+json`, whose schema requires no field.",
                names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
            ),
            "schema": {"type": "string", "pattern": pattern},
            "example": example,
        });
        if let Some(parameters) = document["paths"][&path]["get"]
            .as_object_mut()
            .map(|read| read.entry("parameters").or_insert_with(|| json!([])))
            .and_then(Value::as_array_mut)
        {
            parameters.push(parameter);
        }
    }
}

/// Documents the answer a read gives when `fields` names fields: a media type of its own
/// ([`PARTIAL_MEDIA_TYPE`]) whose schema is the item schema with nothing required (and, for a
/// list, the list of those), so that a validator checks a partial answer against what it is,
/// and a client generator types it as what it is. The full answer's schema stays as it was:
/// a client that never sends `fields` sees every field required.
pub fn describe_partial_answers(document: &mut Value) {
    for (path, names) in FieldSets::selectable(document) {
        let shown = example_names(&names);
        let content = &document["paths"][&path]["get"]["responses"]["200"]["content"];
        let Some(full) = content["application/json"]["schema"]["$ref"]
            .as_str()
            .and_then(|reference| reference.strip_prefix(SCHEMAS))
            .map(str::to_owned)
        else {
            continue;
        };
        let partial = partial_schema(document, &full, &shown);
        if let Some(content) = document["paths"][&path]["get"]["responses"]["200"]["content"].as_object_mut()
        {
            content.insert(
                PARTIAL_MEDIA_TYPE.to_owned(),
                json!({"schema": {"$ref": format!("{SCHEMAS}{partial}")}}),
            );
        }
    }
}

const SCHEMAS: &str = "#/components/schemas/";

/// The name of the partial schema of the component schema `name` (a list or an item), added
/// to the document's components when it is not there yet.
fn partial_schema(document: &mut Value, name: &str, shown: &[&str]) -> String {
    let partial = format!("Partial{name}");
    let schemas = &document["components"]["schemas"];
    if schemas.get(&partial).is_some() {
        return partial;
    }
    let full = schemas[name].clone();
    let item = full
        .pointer("/properties/data/items/$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix(SCHEMAS))
        .map(str::to_owned);
    let schema = match item {
        Some(item) => {
            let partial_item = partial_schema(document, &item, shown);
            let mut list = full;
            list["properties"]["data"]["items"] = json!({"$ref": format!("{SCHEMAS}{partial_item}")});
            list["description"] = Value::String(format!(
                "{} Each item has only the fields named in `fields`.",
                list["description"].as_str().unwrap_or_default()
            ));
            if let Some(items) = list.pointer_mut("/example/data").and_then(Value::as_array_mut) {
                items.iter_mut().for_each(|item| keep_only(item, shown));
            }
            list
        }
        None => {
            let schemas = &document["components"]["schemas"];
            let mut properties = Map::new();
            collect_properties(&full, schemas, &mut properties);
            let mut example = full.get("example").cloned().unwrap_or(Value::Null);
            keep_only(&mut example, shown);
            let mut item = json!({
                "type": "object",
                "description": format!(
                    "{} Only the fields named in `fields` are sent; any may be missing.",
                    full["description"].as_str().unwrap_or_default()
                ),
                "properties": properties,
            });
            if !example.is_null() {
                item["example"] = example;
            }
            item
        }
    };
    if let Some(schemas) = document["components"]["schemas"].as_object_mut() {
        schemas.insert(partial.clone(), schema);
    }
    partial
}

/// The properties of an object schema and of its `allOf` parts, in order.
fn collect_properties(schema: &Value, schemas: &Value, into: &mut Map<String, Value>) {
    for part in schema["allOf"].as_array().into_iter().flatten() {
        if let Some(part) = resolve(part, schemas) {
            collect_properties(&part, schemas, into);
        }
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        into.insert(name.clone(), property.clone());
    }
}

fn resolve(schema: &Value, schemas: &Value) -> Option<Value> {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => schemas.get(reference.strip_prefix(SCHEMAS)?).cloned(),
        None => Some(schema.clone()),
    }
}

fn keep_only(example: &mut Value, names: &[&str]) {
    if let Some(object) = example.as_object_mut() {
        object.retain(|name, _| names.contains(&name.as_str()));
    }
}

/// The fields an example asks for: those of `id,slug,title,published_at` the read has, or its
/// first two.
fn example_names(names: &[String]) -> Vec<&str> {
    let wanted: Vec<&str> = ["id", "slug", "title", "published_at"]
        .into_iter()
        .filter(|wanted| names.iter().any(|name| name == wanted))
        .collect();
    if wanted.is_empty() {
        names.iter().take(2).map(String::as_str).collect()
    } else {
        wanted
    }
}
