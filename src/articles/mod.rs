//! Articles and their translations: the public feed, one article, its translations, and the
//! editorial writes.

pub mod body;
pub mod handlers;
pub mod input;
pub mod plan;
pub mod queries;
pub mod revisions;
pub mod service;
pub mod store;
pub mod views;
pub mod workflow;
pub mod writes;
