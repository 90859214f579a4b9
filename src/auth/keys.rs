//! The shape of an API key: `nwsr_<prefix>_<secret>`. The prefix finds the stored key; the
//! whole key is hashed with SHA-256 and compared in constant time. Keys carry 256 random bits,
//! so a fast hash is as safe as a slow one would be, and keeps every request cheap.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const SCHEME: &str = "nwsr";
const PREFIX_BYTES: usize = 9;
const SECRET_BYTES: usize = 32;

/// A newly made key: shown once, then only its hash is kept.
pub struct NewKey {
    pub plaintext: String,
    pub prefix: String,
    pub hash: [u8; 32],
}

/// Makes a key from the operating system's randomness.
pub fn generate() -> Result<NewKey, getrandom::Error> {
    let mut prefix = [0u8; PREFIX_BYTES];
    let mut secret = [0u8; SECRET_BYTES];
    getrandom::fill(&mut prefix)?;
    getrandom::fill(&mut secret)?;
    let prefix = URL_SAFE_NO_PAD.encode(prefix).replace(['-', '_'], "x");
    let plaintext = format!("{SCHEME}_{prefix}_{}", URL_SAFE_NO_PAD.encode(secret));
    Ok(NewKey {
        hash: hash(&plaintext),
        prefix,
        plaintext,
    })
}

pub fn hash(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// The prefix of a presented key, or `None` when it is not shaped like one of ours.
pub fn prefix_of(key: &str) -> Option<&str> {
    let rest = key.strip_prefix(SCHEME)?.strip_prefix('_')?;
    let (prefix, secret) = rest.split_once('_')?;
    let well_formed = prefix.len() == 12
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric())
        && secret.len() == 43
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    well_formed.then_some(prefix)
}

/// Whether `key` hashes to `stored`, in time that does not depend on where they differ.
pub fn matches(key: &str, stored: &[u8]) -> bool {
    hash(key).ct_eq(stored).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_key_is_recognised_and_matches_its_hash() {
        let key = generate().unwrap();
        assert_eq!(prefix_of(&key.plaintext), Some(key.prefix.as_str()));
        assert!(matches(&key.plaintext, &key.hash));
        assert!(!matches(&format!("{}x", key.plaintext), &key.hash));
        assert!(key.plaintext.len() > 50);
    }

    #[test]
    fn malformed_keys_have_no_prefix() {
        for key in [
            "",
            "nwsr_",
            "nwsr_abc_def",
            "Bearer nwsr",
            "sk_live_123",
            "nwsr_abcdefghijkl_short",
        ] {
            assert_eq!(prefix_of(key), None, "{key}");
        }
    }
}
