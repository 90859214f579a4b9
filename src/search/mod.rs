//! Site search: `GET /api/v1/search`, on SQLite's FTS5 (the SQLite-specific part of the store
//! lives in `queries.rs`).

pub mod handlers;
pub mod queries;
pub mod service;
pub mod text;
pub mod views;
