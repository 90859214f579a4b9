//! The publisher's spellings: words that transliteration between Uzbek's scripts writes
//! otherwise than its letter rules and its standard list (`GET /api/v1/spellings`), written by
//! editors.

pub mod handlers;
pub mod input;
pub mod queries;
pub mod service;
pub mod views;
pub mod writes;
