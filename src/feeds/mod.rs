//! Syndication: the latest published articles of a locale (of the whole site or one
//! category) as feeds that readers, aggregators and news apps take: JSON Feed 1.1.

pub mod handlers;
pub mod service;
pub mod views;
