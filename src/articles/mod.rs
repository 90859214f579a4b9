//! Articles and their translations: the public feed, one article, its translations.

pub mod body;
pub mod handlers;
pub mod queries;
pub mod service;
pub mod views;
