//! The small, often replaced data that frames the articles on a page: the weather line
//! ("Ташкент +3°, ясно, ветер 2 м/с, СВ") and the currency and gold rates. An ingest job
//! replaces each with an authenticated `PUT`; reads put them in the words of the locale asked
//! for, from the interface strings of the messages catalog, and say when the data is older
//! than it should be (`stale`).

pub mod handlers;
pub mod input;
pub mod queries;
pub mod service;
pub mod views;
