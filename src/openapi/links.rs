//! OpenAPI links: how the answer of one operation feeds the next, for example the `id` and
//! `ETag` of a created article into its edit. Clients and Swagger UI show them; test tools
//! follow them to chain calls as a client would.

use serde_json::{Map, Value, json};

use super::{json_operations as operations, json_operations_mut as operations_mut};

/// One link: after `from` answers `status`, call `to` with `parameters` (name to runtime
/// expression).
struct Link {
    from: &'static str,
    status: &'static str,
    to: &'static str,
    parameters: &'static [(&'static str, &'static str)],
}

const ARTICLE_ID: (&str, &str) = ("path.article", "$response.body#/id");
const CATEGORY_ID: (&str, &str) = ("path.category", "$response.body#/id");
const LOCALE_CODE: (&str, &str) = ("path.code", "$response.body#/code");
const VERSION: (&str, &str) = ("header.If-Match", "$response.header.ETag");
/// A new article is a draft unless it was published: reading it back needs the preview.
const PREVIEW: (&str, &str) = ("query.preview", "true");

const LINKS: &[Link] = &[
    // An article, once created or read: read it, edit it, delete it, and what hangs off it
    // (its related items and its beacon once it is read, that is public).
    link("createArticle", "201", "getArticle", &[ARTICLE_ID, PREVIEW]),
    link("createArticle", "201", "updateArticle", &[ARTICLE_ID, VERSION]),
    link("createArticle", "201", "deleteArticle", &[ARTICLE_ID, VERSION]),
    link(
        "createArticle",
        "201",
        "listArticleTranslations",
        &[ARTICLE_ID, PREVIEW],
    ),
    link(
        "createArticle",
        "201",
        "putArticleTranslation",
        &[ARTICLE_ID, VERSION],
    ),
    link(
        "createArticle",
        "201",
        "deleteArticleTranslation",
        &[ARTICLE_ID, VERSION],
    ),
    link("createArticle", "201", "pinRelatedArticles", &[ARTICLE_ID]),
    link("getArticle", "200", "updateArticle", &[ARTICLE_ID, VERSION]),
    link("getArticle", "200", "listRelatedArticles", &[ARTICLE_ID]),
    link("getArticle", "200", "countView", &[ARTICLE_ID]),
    link("updateArticle", "200", "getArticle", &[ARTICLE_ID, PREVIEW]),
    link("updateArticle", "200", "deleteArticle", &[ARTICLE_ID, VERSION]),
    // A category, once created or read.
    link("createCategory", "201", "getCategory", &[CATEGORY_ID]),
    link("createCategory", "201", "updateCategory", &[CATEGORY_ID, VERSION]),
    link("createCategory", "201", "deleteCategory", &[CATEGORY_ID, VERSION]),
    link("getCategory", "200", "updateCategory", &[CATEGORY_ID, VERSION]),
    link("updateCategory", "200", "getCategory", &[CATEGORY_ID]),
    // A locale, once created or read.
    link("createLocale", "201", "getLocale", &[LOCALE_CODE]),
    link("createLocale", "201", "updateLocale", &[LOCALE_CODE, VERSION]),
    link("getLocale", "200", "updateLocale", &[LOCALE_CODE, VERSION]),
];

const fn link(
    from: &'static str,
    status: &'static str,
    to: &'static str,
    parameters: &'static [(&'static str, &'static str)],
) -> Link {
    Link {
        from,
        status,
        to,
        parameters,
    }
}

/// Adds [`LINKS`] to the responses they start from. A link whose operation, response or
/// target is not in the document is a mistake here, and panics (the document's tests build
/// it).
pub fn add(document: &mut Value) {
    let operation_ids: Vec<String> = operations(document)
        .filter_map(|operation| operation["operationId"].as_str().map(str::to_owned))
        .collect();
    for link in LINKS {
        assert!(
            operation_ids.iter().any(|id| id == link.to),
            "no operation {}",
            link.to
        );
        let response = operations_mut(document)
            .find(|operation| operation["operationId"] == link.from)
            .and_then(|operation| operation.pointer_mut(&format!("/responses/{}", link.status)))
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no response {} of {}", link.status, link.from));
        let parameters: Map<String, Value> = link
            .parameters
            .iter()
            .map(|(name, expression)| ((*name).to_owned(), json!(expression)))
            .collect();
        let links = response
            .entry("links")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .expect("links is an object");
        links.insert(
            link_name(link.to),
            json!({"operationId": link.to, "parameters": parameters}),
        );
    }
}

/// `updateArticle` is linked as `UpdateArticle`.
fn link_name(operation_id: &str) -> String {
    let mut name = operation_id.to_owned();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    name
}
