//! The "Today" ticker: `GET /api/v1/headlines`.

pub mod handlers;
pub mod service;
pub mod views;
