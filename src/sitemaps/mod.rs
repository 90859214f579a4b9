//! Discovery for search engines: `robots.txt`, the sitemap index, a sitemap of the
//! categories, one of each month's articles, and the Google News sitemap, every page with its
//! alternates in the other locales.

pub mod handlers;
pub mod queries;
pub mod service;
pub mod views;
