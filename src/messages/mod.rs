//! The interface's own words: the strings around the content ("Today", "Similar news",
//! "2 hours ago") in every locale, by key (`GET /api/v1/messages`), with CLDR plural forms and
//! relative times; written by editors, their keys added by admins.

pub mod handlers;
pub mod input;
pub mod plurals;
pub mod queries;
pub mod relative_time;
pub mod service;
pub mod value;
pub mod views;
pub mod writes;
