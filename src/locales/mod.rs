//! The locales content is served in: `GET /api/v1/locales`, and their management by admins.

pub mod catalog;
pub mod handlers;
pub mod input;
pub mod queries;
pub mod views;
pub mod writes;
