//! The locales content is served in: `GET /api/v1/locales`.

pub mod handlers;
pub mod queries;
pub mod views;
