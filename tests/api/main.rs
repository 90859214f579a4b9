//! The API's integration tests, in one binary: the real app on a temporary SQLite file (and,
//! in `cli`, the real binary), a module for each feature, and the helpers they share.

mod helpers;
mod server;

mod article_writes;
mod articles;
mod auth;
mod backup;
mod browsers;
mod caching;
mod categories;
mod category_and_locale_writes;
mod cli;
mod concurrency;
mod contract;
mod demo;
mod durability;
mod errors;
mod faults;
mod feeds;
mod fields;
mod headlines;
mod health;
mod hostile;
mod locales;
mod messages;
mod metrics;
mod openapi;
mod pagination;
mod query_plans;
mod rate_limits;
mod readme;
mod related;
mod replicas;
mod response_cache;
mod scripts;
mod search;
mod secrets_in_logs;
mod security_headers;
mod sitemaps;
mod slow_clients;
mod time_budget;
mod transfer;
mod transliteration;
mod views;
mod widgets;
