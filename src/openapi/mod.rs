//! The OpenAPI document: its fixed parts here, its paths and schemas collected from the
//! handlers (see `app::openapi_document`), and what every localized operation shares added in
//! one pass so that no handler can forget it.

mod caching;
mod examples;
mod fieldsets;
pub mod handlers;
mod instance;

pub use instance::for_locales;
mod links;
mod shared;

use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::Ref;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, RefOr, Required, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::error::PROBLEM_JSON;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsroom",
        description = "A headless JSON content API for multilingual news publishers: articles, \
            categories and their translations, served in the reader's language with fallbacks.\n\n\
            Lists are `{\"data\": [...], \"page\": {\"limit\", \"next_cursor\", \"total\"}}` and \
            paginate by cursor. Errors are RFC 9457 `application/problem+json`. Timestamps are \
            RFC 3339 in UTC; ids are UUIDv7. Every answer carries `X-Request-Id`: the one the \
            request sent (up to 128 letters, digits and `-._:`), or a new one; the server's logs \
            name it.",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "newsroom maintainers", email = "api@newsroom.example")
    ),
    servers(
        (url = "/", description = "The server this document was fetched from"),
        (url = "http://127.0.0.1:8080", description = "`newsroom serve` with its default bind"),
    ),
    modifiers(&BearerKeys),
    tags(
        (name = "articles", description = "Articles and their translations: the public feed, one article, and the editorial writes"),
        (name = "categories", description = "Categories for menus and category pages"),
        (name = "feeds", description = "The latest articles of a locale (or a category) for feed readers, aggregators and news apps"),
        (name = "widgets", description = "The small, often replaced data around the articles: the weather line and the currency and gold rates, pushed by an ingest job and read in each locale's words"),
        (name = "sitemaps", description = "What search engines crawl: robots.txt, the sitemap index, the sitemaps of categories and of each month's articles with their alternates in every locale, and the Google News sitemap"),
        (name = "locales", description = "The languages content is served in"),
        (name = "messages", description = "The interface's own words (\"Today\", \"Similar news\", \"5 hours ago\") in every locale: catalogs by key, plural forms, relative times"),
        (name = "operations", description = "Probes for load balancers and orchestrators"),
        (name = "spellings", description = "Words that transliteration between Uzbek's Latin and Cyrillic scripts writes as the newsroom spells them"),
    )
)]
struct Base;

/// Declares the API keys that writes take.
struct BearerKeys;

impl Modify for BearerKeys {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("newsroom API key")
                    .description(Some(
                        "An API key made with `newsroom keys create --name NAME --role editor|admin`, sent as \
                         `Authorization: Bearer <key>`. `editor` keys write content; `admin` keys also manage \
                         locales and delete categories.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document's fixed parts: info, servers, tags, security schemes.
pub fn base() -> utoipa::openapi::OpenApi {
    Base::openapi()
}

/// Completes the document assembled from the routes with what operations share, so that no
/// handler can forget it: an operation that takes `?locale=` answers in a language it names
/// (`Content-Language`), and a read also negotiates it from `Accept-Language` (and varies on
/// it); an operation with a JSON body can refuse it (400, 408, 413, 415, 422); one that needs a key
/// can refuse that (401), and one that needs none says so (`security: []`); every one can
/// answer 500 and 503. Then the parameters that recur get their bounds, problem responses
/// their examples, schemas examples composed from their parts', and responses their links.
pub fn finish(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for (path, item) in document.paths.paths.iter_mut() {
        let limited = path.starts_with("/api/v1/");
        if let Some(read) = item.get.as_mut()
            && takes_locale(read)
        {
            add_locale_negotiation(read);
        }
        for operation in operations_mut(item) {
            if takes_locale(operation) {
                add_content_language(operation);
            }
            if operation.request_body.is_some() {
                add_body_errors(operation);
            }
            if needs_key(operation) {
                add_response(
                    operation,
                    "401",
                    "No API key, or one that is malformed, unknown or revoked",
                );
            }
            if !needs_key(operation) {
                // `[]`, not `[{}]`: generators take any requirement, even the empty one, to
                // mean a key is needed. A key that unlocks more (`preview=true`) is said by
                // the parameter that asks for it, and its 401.
                operation.security = Some(Vec::new());
            }
            add_response(
                operation,
                "400",
                "A query parameter is not one this operation takes",
            );
            if limited {
                add_response(
                    operation,
                    "429",
                    "This client is over the server's rate limit for this kind of request (when one \
                     is configured); retry after `Retry-After` seconds",
                );
            }
            add_response(
                operation,
                "500",
                "The server failed; the fault is logged, and the body tells nothing of it",
            );
            add_response(
                operation,
                "503",
                "The database is busy (`/problems/unavailable`), a read ran out of the time the \
                 server gives one (`/problems/over-budget`), or the storage refuses writes: full, \
                 read-only or unreachable (`/problems/storage-unavailable`). Nothing was changed; \
                 retry after `Retry-After` seconds",
            );
        }
    }
    let mut document = serde_json::to_value(document).expect("the document is JSON");
    caching::describe(&mut document);
    fieldsets::describe(&mut document);
    shared::bound_parameters(&mut document);
    shared::key_translations_by_locale(&mut document);
    shared::refuse_control_characters(&mut document);
    shared::complete_problems(&mut document);
    examples::compose(&mut document);
    fieldsets::describe_partial_answers(&mut document);
    links::add(&mut document);
    serde_json::from_value(document).expect("the document reads back")
}

/// The names of the schemas that operations take as JSON bodies.
pub fn request_body_schemas(document: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for operation in json_operations(document) {
        let reference = &operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
        if let Some(name) = reference
            .as_str()
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
            && !names.iter().any(|known| known == name)
        {
            names.push(name.to_owned());
        }
    }
    names
}

/// The operations of a document as JSON (with the few other members of its path items,
/// which have no `operationId` and no `responses`).
fn json_operations(document: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    document["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(serde_json::Value::as_object)
        .flat_map(|item| item.values())
}

fn json_operations_mut(document: &mut serde_json::Value) -> impl Iterator<Item = &mut serde_json::Value> {
    document
        .get_mut("paths")
        .and_then(serde_json::Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(serde_json::Value::as_object_mut)
        .flat_map(|item| item.values_mut())
}

/// Whether the operation can't be called without a key (its security has no empty option).
fn needs_key(operation: &Operation) -> bool {
    operation.security.as_ref().is_some_and(|requirements| {
        !requirements.is_empty()
            && requirements.iter().all(|requirement| {
                serde_json::to_value(requirement).is_ok_and(|value| value != serde_json::json!({}))
            })
    })
}

fn add_body_errors(operation: &mut Operation) {
    add_response(
        operation,
        "400",
        "The body is not valid JSON, or a query parameter is not one this operation takes",
    );
    add_response(
        operation,
        "408",
        "The body did not arrive whole within the time the server waits (5 s unless configured); \
         nothing was changed",
    );
    add_response(
        operation,
        "413",
        "The body is larger than the server accepts (1 MiB unless configured)",
    );
    add_response(operation, "415", "The body is not sent as `application/json`");
    add_response(
        operation,
        "422",
        "Fields of the body are not acceptable; `errors` lists every one, and nothing was changed",
    );
}

fn add_response(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem_response(description));
}

fn problem_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// Every path of the document with the HTTP methods it takes (`GET`, `POST`...).
pub fn operations(document: &utoipa::openapi::OpenApi) -> Vec<(String, Vec<String>)> {
    document
        .paths
        .paths
        .iter()
        .map(|(path, item)| {
            let methods = [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ]
            .into_iter()
            .filter(|(_, present)| *present)
            .map(|(method, _)| method.to_owned())
            .collect();
            (path.clone(), methods)
        })
        .collect()
}

fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.patch.as_mut(),
        item.delete.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn takes_locale(operation: &Operation) -> bool {
    operation.parameters.iter().flatten().any(|parameter| {
        matches!(parameter, RefOr::T(p) if p.name == "locale" && p.parameter_in == ParameterIn::Query)
    })
}

fn string_schema() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn add_locale_negotiation(operation: &mut Operation) {
    let accept_language = ParameterBuilder::new()
        .name("Accept-Language")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Preferred languages with q-values (`uz-Cyrl, ru;q=0.8`), used when `locale` is \
             not given. Ranges are matched by dropping subtags (`ru-RU` matches `ru`); when none \
             matches, the default locale is served.",
        ))
        .schema(Some(string_schema().examples(["ru-RU, ru;q=0.9, en;q=0.5"])))
        .build();
    operation
        .parameters
        .get_or_insert_with(Vec::new)
        .push(RefOr::T(accept_language));
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        if status.starts_with('2') {
            response.headers.insert(
                "Vary".to_owned(),
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(string_schema()))
                        .description(Some("`Accept-Language`: the body depends on it."))
                        .build(),
                ),
            );
        }
    }
}

/// The successful responses of an operation that takes `?locale=` name their language.
fn add_content_language(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else { continue };
        if !status.starts_with('2') || status == "204" {
            continue;
        }
        response.headers.insert(
            "Content-Language".to_owned(),
            RefOr::T(
                HeaderBuilder::new()
                    .schema(Some(string_schema()))
                    .description(Some(
                        "The locale the content is in (for a list, the locale asked for).",
                    ))
                    .build(),
            ),
        );
    }
}
