//! The vocabulary and the store of caching: how long caches may keep each kind of answer
//! ([`CachePolicy`]), the cache tags an answer depends on ([`Dependencies`]) and a write
//! invalidates ([`Invalidation`]), and the answers
//! kept in memory ([`ResponseStore`]), and what servers sharing a database tell each other
//! ([`broadcast`]). The middleware that applies them is `crate::conditional_get`.

pub mod broadcast;
mod policy;
mod store;
mod tags;

pub use policy::{Ages, CachePolicy};
pub use store::{ResponseStore, StoreSettings, Stored};
pub use tags::{CacheTag, Dependencies, Invalidation};
