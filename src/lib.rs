//! newsroom: a headless JSON content API for multilingual news publishers.
//!
//! A request flows route -> handler (HTTP only) -> service (the rules) -> queries (Diesel
//! only). [`app`] builds the actix app that both the binary and the tests run.

pub mod app;
pub mod articles;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench_data;
pub mod caching;
pub mod categories;
pub mod checks;
pub mod cli;
pub mod client_address;
pub mod compression;
pub mod conditional_get;
pub mod config;
pub mod cors;
pub mod db;
pub mod demo;
pub mod editing;
pub mod error;
pub mod feeds;
pub mod fields;
pub mod headlines;
pub mod health;
pub mod json_body;
pub mod locale;
pub mod locales;
pub mod log_writer;
pub mod messages;
pub mod metrics;
pub mod openapi;
pub mod pagination;
pub mod params;
pub mod patterns;
pub mod preconditions;
pub mod rate_limits;
pub mod related;
pub mod request_log;
pub mod responses;
pub mod routes;
pub mod search;
pub mod security_headers;
pub mod site;
pub mod sitemaps;
pub mod slugs;
pub mod spellings;
pub mod state;
pub mod sync;
pub mod time_budget;
pub mod transfer;
pub mod transliteration;
pub mod views_counter;
pub mod widgets;
pub mod xml;
