//! The vocabulary and the store of caching: how long caches may keep each kind of answer
//! ([`CachePolicy`]), what an answer [`Shows`] and what a write [`Changed`], and the answers
//! kept in memory ([`ResponseStore`]). The middleware that applies them is
//! `crate::conditional_get`.

mod policy;
mod shows;
mod store;

pub use policy::{Ages, CachePolicy};
pub use shows::{Changed, Part, Shows};
pub use store::{ResponseStore, StoreSettings, Stored};
