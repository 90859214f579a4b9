//! Categories, with a name, description and slug per locale: `GET /api/v1/categories` and
//! `GET /api/v1/categories/{slug}`.

pub mod handlers;
pub mod input;
pub mod queries;
pub mod service;
pub mod views;
pub mod writes;
