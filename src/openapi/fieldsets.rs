//! The `fields` parameter of every read that answers with objects (see `crate::fields`): its
//! values are the fields of the read's item schema.

use serde_json::{Value, json};

use crate::fields::{FieldSets, PARAMETER};

/// Adds `fields` to the API's reads.
pub fn describe(document: &mut Value) {
    for (path, names) in FieldSets::selectable(document) {
        let example: Vec<&String> = ["id", "slug", "title", "published_at"]
            .iter()
            .filter_map(|wanted| names.iter().find(|name| name == wanted))
            .collect();
        let example: Vec<&String> = if example.is_empty() {
            names.iter().take(2).collect()
        } else {
            example
        };
        let example = example
            .iter()
            .map(|name| name.as_str())
            .collect::<Vec<_>>()
            .join(",");
        // A list of names as one string: the names this read offers, separated by commas.
        let name = names.join("|");
        let pattern = format!("^(({name})(,({name}))*)?$");
        let parameter = json!({
            "name": PARAMETER,
            "in": "query",
            "required": false,
            "description": format!(
                "Only these fields of each item (of `data`, for a list), separated by commas: what a phone on a slow network needs of a list (`fields=id,slug,title,published_at`). Leave it out, or empty, for every field. The fields here: {}. Any other name is a 400 that lists them.",
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
