//! Examples for the schemas that lack one, composed from the examples of their parts: a list
//! from its items' and its page's, an article from its summary's and its body's. Every
//! response then shows a whole example in Swagger UI and in generated clients, and no example
//! is written twice (where it could drift from the one it copies).

use serde_json::{Map, Value};

/// Gives every component schema that has no example one composed from its parts, where all
/// of its parts have one.
pub fn compose(document: &mut Value) {
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut known: Map<String, Value> = schemas
        .iter()
        .filter_map(|(name, schema)| own_example(schema).map(|example| (name.clone(), example)))
        .collect();
    // Schemas refer to each other; go round until a pass composes nothing new.
    loop {
        let mut composed = false;
        for (name, schema) in schemas.iter() {
            if known.contains_key(name) {
                continue;
            }
            if let Some(example) = example_of(schema, &known) {
                known.insert(name.clone(), example);
                composed = true;
            }
        }
        if !composed {
            break;
        }
    }
    for (name, schema) in schemas.iter_mut() {
        if let (Some(object), Some(example)) = (schema.as_object_mut(), known.get(name))
            && own_example(&Value::Object(object.clone())).is_none()
        {
            object.insert("example".to_owned(), example.clone());
        }
    }
}

/// The example a schema states itself: `example`, the first of `examples`, or its `default`.
fn own_example(schema: &Value) -> Option<Value> {
    schema
        .get("example")
        .or_else(|| schema.get("examples").and_then(|examples| examples.get(0)))
        .or_else(|| schema.get("default"))
        .cloned()
}

/// An example of `schema`, from its own or its parts'; `None` when a required part has none.
/// `known` holds the examples of the component schemas found so far.
fn example_of(schema: &Value, known: &Map<String, Value>) -> Option<Value> {
    if let Some(example) = own_example(schema) {
        return Some(example);
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/components/schemas/")?;
        return known.get(name).cloned();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.first().cloned();
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            let Value::Object(fields) = example_of(part, known)? else {
                return None;
            };
            merged.extend(fields);
        }
        return Some(Value::Object(merged));
    }
    if let Some(parts) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        return parts.iter().find_map(|part| example_of(part, known));
    }
    if let Some(items) = schema.get("items") {
        return Some(Value::Array(vec![example_of(items, known)?]));
    }
    let properties = schema.get("properties").and_then(Value::as_object)?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut object = Map::new();
    for (name, property) in properties {
        match example_of(property, known) {
            Some(example) => {
                object.insert(name.clone(), example);
            }
            None if takes_null(property) => {
                object.insert(name.clone(), Value::Null);
            }
            None if required.contains(&name.as_str()) => return None,
            None => {}
        }
    }
    Some(Value::Object(object))
}

fn takes_null(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::Array(types)) => types.iter().any(|kind| kind == "null"),
        Some(kind) => kind == "null",
        None => schema
            .get("oneOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(takes_null)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lists_and_composites_take_their_parts_examples() {
        let mut document = json!({"components": {"schemas": {
            "Item": {"type": "object", "example": {"id": 1}},
            "Page": {"type": "object", "required": ["limit", "next_cursor"], "properties": {
                "limit": {"type": "integer", "example": 20},
                "next_cursor": {"type": ["string", "null"]}
            }},
            "List": {"type": "object", "required": ["data", "page"], "properties": {
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                "page": {"$ref": "#/components/schemas/Page"}
            }},
            "Full": {"allOf": [
                {"$ref": "#/components/schemas/Item"},
                {"type": "object", "properties": {"body": {"type": "string", "example": "Text"}}}
            ]},
            "Unknown": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
        }}});
        compose(&mut document);
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["List"]["example"],
            json!({"data": [{"id": 1}], "page": {"limit": 20, "next_cursor": null}})
        );
        assert_eq!(schemas["Full"]["example"], json!({"id": 1, "body": "Text"}));
        assert!(
            schemas["Unknown"].get("example").is_none(),
            "a required part has no example"
        );
    }
}
