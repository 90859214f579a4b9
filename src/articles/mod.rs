//! Articles and their translations: the public feed, one article, its translations, and the
//! editorial writes.

pub mod body;
pub mod handlers;
pub mod input;
pub mod queries;
pub mod service;
pub mod views;
pub mod writes;
