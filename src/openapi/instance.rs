//! The document as one server serves it: which locales it serves is its data, not the code's,
//! so the committed document can only say what a locale looks like, while the served one lists
//! them (`enum`) wherever a request names one: the `locale` and `code` parameters, the keys of
//! `translations` and the `fallbacks` of a locale. A generated request then names a locale the
//! server serves, and a generated client offers them.

use serde_json::{Value, json};

use super::json_operations_mut as operations_mut;

/// `document` with `codes` as the locales a request may name.
pub fn for_locales(document: &Value, codes: &[String]) -> Value {
    let mut document = document.clone();
    let served = json!({"type": "string", "enum": codes});
    for operation in operations_mut(&mut document) {
        for parameter in operation
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            let names_locale = matches!(
                (parameter["in"].as_str(), parameter["name"].as_str()),
                (Some("query" | "path"), Some("locale")) | (Some("path"), Some("code"))
            );
            if names_locale {
                parameter["schema"] = served.clone();
                if let Some(first) = codes.first() {
                    parameter["example"] = json!(first);
                }
            }
        }
    }
    let schemas = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|schemas| schemas.values_mut());
    for schema in schemas {
        if let Some(translations) = schema.pointer_mut("/properties/translations/propertyNames") {
            *translations = served.clone();
        }
        // Only request bodies give fallbacks as a list of strings to pick from.
        if let Some(fallbacks) = schema.pointer_mut("/properties/fallbacks/items")
            && fallbacks.get("pattern").is_some()
        {
            *fallbacks = served.clone();
        }
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_locales_go_wherever_a_request_names_a_locale() {
        let committed = serde_json::to_value(crate::app::openapi_document()).unwrap();
        let codes = vec!["en".to_owned(), "kk".to_owned()];
        let served = for_locales(&committed, &codes);
        let listed = |schema: &Value| schema["enum"] == json!(["en", "kk"]);
        let article = &served["paths"]["/api/v1/articles/{article}"]["get"]["parameters"];
        let locale = article
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == "locale")
            .unwrap();
        assert!(listed(&locale["schema"]), "{locale}");
        let translation =
            &served["paths"]["/api/v1/articles/{article}/translations/{locale}"]["put"]["parameters"];
        assert!(
            translation
                .as_array()
                .unwrap()
                .iter()
                .any(|parameter| parameter["in"] == "path" && listed(&parameter["schema"]))
        );
        let schemas = &served["components"]["schemas"];
        assert!(listed(
            &schemas["NewArticleBody"]["properties"]["translations"]["propertyNames"]
        ));
        assert!(listed(
            &schemas["NewLocaleBody"]["properties"]["fallbacks"]["items"]
        ));
        // A new locale's code is new: never one of the served.
        assert!(!listed(&schemas["NewLocaleBody"]["properties"]["code"]));
    }
}
