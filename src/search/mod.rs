//! Site search: `GET /api/v1/search`, on an index of its own ([`engine`]) that each server
//! keeps in step with the database ([`index`]).

pub mod engine;
pub mod handlers;
pub mod index;
pub mod queries;
pub mod service;
pub mod text;
pub mod views;
