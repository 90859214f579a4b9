//! Related articles: the "Similar news" under an article. Editors pin items; the rest is
//! computed from the text (see `scoring.rs` for the algorithm and its knobs) and kept up to
//! date on every publish and edit, of the article and of its neighbours, so that a read is one
//! indexed query.

pub mod bulk;
pub mod handlers;
pub mod input;
pub mod queries;
pub mod scoring;
pub mod service;
pub mod views;
