//! The actix application: the resources' routes, what wraps them, and the server. The binary
//! and the tests build the very same app from here; nothing else imports it.

use crate::compression;
use crate::fields::{self, FieldSets};
use crate::health;
use crate::metrics;
use crate::request_log;
use crate::routes::Routes;
use crate::state::AppState;
use actix_web::middleware::{Compress, from_fn};

use actix_web::dev::Service;
use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use actix_web::{App, HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{AppExt, scope};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::error::{ApiError, PROBLEM_JSON};
use crate::json_body::{self, BodyRules};
use crate::views_counter::most_read::Window;
use crate::{
    articles, categories, conditional_get, feeds, headlines, locales, messages, openapi, related, search,
    sitemaps, spellings, views_counter, widgets,
};

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The versioned API. Handlers are registered with `service` so that each one lands in the
/// OpenAPI document.
fn api(config: &mut ServiceConfig) {
    config
        .service(locales::handlers::list)
        .service(locales::handlers::create)
        .service(locales::handlers::get)
        .service(locales::handlers::update)
        .service(categories::handlers::list)
        .service(categories::handlers::create)
        .service(categories::handlers::get)
        .service(categories::handlers::update)
        .service(categories::handlers::remove)
        .service(articles::handlers::list)
        .service(articles::handlers::create)
        .service(articles::handlers::get)
        .service(articles::handlers::update)
        .service(articles::handlers::remove)
        .service(articles::handlers::translations)
        .service(related::handlers::list)
        .service(related::handlers::pin)
        .service(articles::handlers::put_translation)
        .service(views_counter::handlers::count)
        .service(headlines::handlers::list)
        .service(search::handlers::search)
        .service(spellings::handlers::list)
        .service(spellings::handlers::get)
        .service(spellings::handlers::put)
        .service(spellings::handlers::remove)
        .service(messages::handlers::list)
        .service(messages::handlers::format)
        .service(messages::handlers::relative)
        .service(messages::handlers::get)
        .service(messages::handlers::put)
        .service(messages::handlers::remove)
        .service(messages::handlers::patch)
        .service(messages::handlers::list_keys)
        .service(messages::handlers::get_key)
        .service(messages::handlers::put_key)
        .service(messages::handlers::delete_key)
        .service(articles::handlers::delete_translation)
        .service(feeds::handlers::json_feed)
        .service(feeds::handlers::rss_feed)
        .service(feeds::handlers::atom_feed)
        .service(widgets::handlers::weather)
        .service(widgets::handlers::put_weather)
        .service(widgets::handlers::rates)
        .service(widgets::handlers::put_rates);
}

/// What crawlers read at the root: robots.txt and the sitemaps.
fn discovery(config: &mut ServiceConfig) {
    config
        .service(sitemaps::handlers::robots)
        .service(sitemaps::handlers::index)
        .service(sitemaps::handlers::categories)
        .service(sitemaps::handlers::month)
        .service(sitemaps::handlers::news);
}

/// The OpenAPI document, assembled from the routes themselves.
pub fn openapi_document() -> OpenApi {
    let (_, document) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .service(health::handlers::healthz)
        .service(health::handlers::readyz)
        .service(metrics::handlers::metrics)
        .configure(discovery)
        .service(scope::scope("/api/v1").configure(api))
        .split_for_parts();
    openapi::finish(document)
}

/// Builds the app around `state`; `document` is served at [`OPENAPI_PATH`] and in Swagger UI.
pub fn build(
    state: web::Data<AppState>,
    document: OpenApi,
    bodies: web::Data<BodyRules>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let mut operations = openapi::operations(&document);
    operations.push((OPENAPI_PATH.to_owned(), vec!["GET".to_owned()]));
    let routes = web::Data::new(Routes::new(operations));
    let assembled = serde_json::to_value(&document).unwrap_or_default();
    let field_sets = web::Data::new(FieldSets::from_document(&assembled));
    let cors = state.cors.middleware();
    let cors_policy = web::Data::new(state.cors.clone());
    let limit = bodies.limit;
    let (app, _) = App::new()
        .into_utoipa_app()
        .app_data(state)
        .app_data(cors_policy)
        .app_data(bodies)
        .app_data(web::PayloadConfig::new(limit))
        .app_data(routes)
        .app_data(field_sets)
        .app_data(query_config())
        .app_data(path_config())
        .app_data(web::Data::new(openapi::handlers::Assembled(assembled)))
        // Before the API's scope, which would otherwise claim the document's path.
        .map(|app| {
            app.route(OPENAPI_PATH, web::get().to(openapi::handlers::served))
                .service(SwaggerUi::new("/docs/{_:.*}").config(Config::from(OPENAPI_PATH)))
                .service(web::redirect("/docs", "/docs/"))
        })
        .service(health::handlers::healthz)
        .service(health::handlers::readyz)
        .service(metrics::handlers::metrics)
        .configure(discovery)
        .service(scope::scope("/api/v1").configure(api))
        .split_for_parts();
    app.default_service(web::to(no_route))
        .wrap(from_fn(fields::sparse_fieldsets))
        // Inside the response cache: what it answers from memory never counts.
        .wrap(from_fn(crate::rate_limits::limit))
        .wrap(from_fn(conditional_get::conditional_get))
        .wrap(from_fn(crate::time_budget::limit))
        .wrap(from_fn(refuse_nul_in_paths))
        // Inside the error handlers, so that a refused preflight is a problem too.
        .wrap(cors)
        .wrap(from_fn(crate::cors::open_answers))
        .wrap(ErrorHandlers::new().default_handler(problem_for_bare_errors))
        .wrap(from_fn(crate::security_headers::add))
        .wrap(from_fn(compression::keep_small_plain))
        .wrap(Compress::default())
        .wrap(from_fn(compression::after_compression))
        .wrap(from_fn(request_log::log_request))
        .wrap_fn(|mut request, service| {
            // HEAD is GET without the body, which the HTTP layer leaves out by itself.
            if request.method() == Method::HEAD {
                request.head_mut().method = Method::GET;
            }
            // An editor's request and every write read on the primary database, never on a
            // read replica that may not have the last write yet.
            let on_primary =
                request.method() != Method::GET || request.headers().contains_key(header::AUTHORIZATION);
            let answer = service.call(request);
            async move {
                match on_primary {
                    true => crate::db::on_primary(answer).await,
                    false => answer.await,
                }
            }
        })
}

/// No path has a NUL in it, and PostgreSQL can't even look one up: refused alike on both
/// databases, before anything reads one.
async fn refuse_nul_in_paths(
    request: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let path = request.uri().path().as_bytes();
    if path.windows(3).any(|window| window.eq_ignore_ascii_case(b"%00")) {
        return Err(ApiError::invalid_parameter(
            "The path contains the NUL character (`%00`); no resource has one in its name.",
        )
        .into());
    }
    Ok(next.call(request).await?.map_into_boxed_body())
}

/// A path no route takes (404), or a method its route does not (405): the document's routes
/// tell which.
async fn no_route(request: HttpRequest, routes: web::Data<Routes>) -> Result<HttpResponse, ApiError> {
    Err(match routes.methods_at(request.path()) {
        Some(allowed) => ApiError::MethodNotAllowed {
            allowed: allowed.to_vec(),
        },
        None => {
            ApiError::not_found("No endpoint answers at this path. The API lives under /api/v1; see /docs/.")
        }
    })
}

/// Malformed query strings are answered like every other bad parameter.
fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _| crate::params::query_error(&error).into())
}

fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _| ApiError::not_found(format!("Path: {error}.")).into())
}

/// Errors raised by actix itself (a method a path does not take, say) come with an empty or
/// plain-text body; this gives them the problem+json body every other error has.
fn problem_for_bare_errors<B: actix_web::body::MessageBody>(
    response: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(response.map_into_left_body()));
    }
    let status = response.status();
    let mut problem = crate::error::problem_for_status(status);
    let (request, original) = response.into_parts();
    let headers = original.headers().clone();
    // A library's own one-line reason for a client error (a refused CORS preflight, say) says
    // more than the status alone; a server error's never leaves.
    let reason = original
        .into_body()
        .try_into_bytes()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .filter(|text| !text.is_empty() && text.len() <= 200 && !text.contains(['\n', '\r']));
    if let Some(reason) = reason.filter(|_| status.is_client_error()) {
        problem.detail = format!("{}.", reason.trim_end_matches('.'));
    }
    let mut replacement = HttpResponse::build(status);
    for (name, value) in &headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            replacement.append_header((name.clone(), value.clone()));
        }
    }
    let replacement = replacement
        .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
        .json(problem);
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(request, replacement).map_into_right_body(),
    ))
}

/// How long a client may take to send a request's head, and then its body, unless configured.
pub const DEFAULT_CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How the server runs, beside what it serves.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// HTTP worker threads; the number of cores when `None`.
    pub workers: Option<usize>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's head, and then its body.
    pub client_timeout: std::time::Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            workers: None,
            max_body_bytes: json_body::DEFAULT_LIMIT,
            client_timeout: DEFAULT_CLIENT_TIMEOUT,
        }
    }
}

/// Runs the app on `listener` until the process is told to stop.
pub fn serve(
    listener: std::net::TcpListener,
    state: web::Data<AppState>,
    options: &ServerOptions,
) -> std::io::Result<actix_web::dev::Server> {
    state.views.start_flushing(state.db.clone());
    state.rate_limits.start_forgetting();
    // The ticker's ranking takes a while on a big database: computed now, in the background,
    // it is there for the first reader.
    let (views, db) = (state.views.clone(), state.db.clone());
    actix_web::rt::spawn(async move {
        if let Err(error) = views.most_read().ranking(&db, Window::Day).await {
            tracing::warn!(%error, "the most read articles could not be ranked ahead");
        }
    });
    let document = openapi_document();
    let bodies = BodyRules::new(&document, options.max_body_bytes, options.client_timeout)
        .map_err(std::io::Error::other)?;
    let bodies = web::Data::new(bodies);
    let mut server =
        actix_web::HttpServer::new(move || build(state.clone(), document.clone(), bodies.clone()))
            // Blocking threads do the database work; past the reading connections, more of
            // them would only wait for one, each with its stack and allocator arena.
            .worker_max_blocking_threads(crate::db::READERS as usize + 2)
            // A client that sends its request's head slowly (slowloris) is answered 408 and
            // let go; one that does not close is closed a second after its answer.
            .client_request_timeout(options.client_timeout)
            .client_disconnect_timeout(std::time::Duration::from_secs(1));
    if let Some(workers) = options.workers {
        server = server.workers(workers);
    }
    Ok(server.listen(listener)?.run())
}
